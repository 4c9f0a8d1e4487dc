"""Round trip of every LMS export: read each file back with an independent reader
(tests/lms_graders.py) and grade it by the file's own rules. For every question of
the site and of the hostile fixture, in both languages and every file variant:
every answer the site accepts gets full marks, and every answer the site rejects
(wrong options, a wrong option added or a right one left out, the fill-in
distractors, a wrong order or pairing) gets less than full marks. All-or-nothing
is the policy; where Moodle can only give partial credit (matching rows,
multiple-answer questions with an option left out) the answer still scores less
than full marks, which is what is asserted here.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from support import ROOT
from lms_graders import QtiItem, read_gift, read_moodle, site_accepts, site_variants
from studykit.export import load_export_quizzes
from studykit.export.build import ALL, export_files
from studykit.export.common import STRINGS, label_text
from studykit.models.quiz import Quiz
from studykit.export.gift import export_gift
from studykit.export.moodle import PENALTY, export_moodle
from studykit.export.qti import export_qti

FIXTURE_DIR = ROOT / "tests" / "fixtures" / "teacher"
FULL = 0.999999  # Moodle's own threshold for "right" (0.3333333 × 3 is right)

# (folder, file language, reading language): every file a teacher can download.
VARIANTS = [
    ("moodle", None, "ja"), ("moodle", None, "en"), ("moodle", "ja", "ja"), ("moodle", "en", "en"),
    ("moodle-ordering", None, "ja"), ("moodle-ordering", None, "en"),
    ("moodle-ordering", "ja", "ja"), ("moodle-ordering", "en", "en"),
    ("gift", "ja", "ja"), ("gift", "en", "en"), ("qti", "ja", "ja"), ("qti", "en", "en"),
]


@pytest.fixture(scope="module", params=["fixture", "real"])
def exported(request, tmp_path_factory) -> tuple[list[Quiz], Path]:
    data_dir = FIXTURE_DIR if request.param == "fixture" else ROOT / "quizzes"
    quizzes = load_export_quizzes(data_dir, ROOT / "docs", ROOT)
    out = tmp_path_factory.mktemp(f"exports-{request.param}")
    # The all-quizzes files, exactly as export_files() writes them (one shared cache).
    cache: dict = {}
    files = {f"qti/{ALL}.{lang}.zip": export_qti(quizzes, lang, f"{ALL}-{lang}", "All", cache) for lang in ("ja", "en")}
    files |= {f"gift/{ALL}.{lang}.gift": export_gift(quizzes, lang, cache).encode() for lang in ("ja", "en")}
    for folder, native in (("moodle", False), ("moodle-ordering", True)):
        for lang in (None, "ja", "en"):
            name = f"{folder}/{ALL}.xml" if lang is None else f"{folder}/{ALL}.{lang}.xml"
            files[name] = export_moodle(quizzes, lang, native, cache).encode()
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return quizzes, out


def test_the_files_read_here_are_the_published_ones(exported):
    quizzes, out = exported
    published = {export.path: data for export, data in export_files(quizzes) if export.quiz_id == ALL}
    for path in published:
        if not path.startswith("qti/"):  # the QTI test title differs; its items are compared below
            assert (out / path).read_bytes() == published[path], path
    for lang in ("ja", "en"):
        mine = zipfile.ZipFile(out / "qti" / f"{ALL}.{lang}.zip")
        theirs = zipfile.ZipFile(io.BytesIO(published[f"qti/{ALL}.{lang}.zip"]))
        items = [n for n in theirs.namelist() if n.startswith("items/")]
        assert items and all(mine.read(n) == theirs.read(n) for n in items)


# ---------------------------------------------------------------- what the site says


def site_cases(question, lang: str, shown: list[int]) -> tuple[list, list]:
    """(answers the site accepts, answers it rejects), in site terms: option indices,
    a set of them, a bool, a string, item indices in the given order, or for matching
    the right-hand index chosen for each left side."""
    kind = question.type
    if kind == "single":
        right = [i for i, o in enumerate(question.options) if o.correct]
        return right, [i for i, o in enumerate(question.options) if not o.correct]
    if kind == "multiple":
        right = frozenset(i for i, o in enumerate(question.options) if o.correct)
        wrong = [right | {i} for i in range(len(question.options)) if i not in right]
        return [right], wrong + [right - {i} for i in right]
    if kind == "truefalse":
        return [question.answer], [not question.answer]
    if kind == "fill":
        accepted = sorted({v for code in ("ja", "en") for a in question.answers[code] for v in site_variants(a)
                           if site_accepts(question, v)})
        tried = {v for d in question.distractors for code in ("ja", "en") for a in d.answers[code] for v in site_variants(a)}
        rejected = sorted(v for v in tried | {"zzz"} if not site_accepts(question, v))
        return accepted, rejected
    n = len(question.items if kind == "order" else question.pairs)
    correct = tuple(range(n))
    swaps = [tuple(correct[:i] + (i + 1, i) + correct[i + 2:]) for i in range(n - 1)]
    return [correct], [tuple(shown)] * (kind == "order") + swaps


def _pick(choices: list[str], text: str) -> str:
    """The choice a student picks for ``text``: itself, or in a multilang file "ja / en"."""
    found = [c for c in choices if c == text] or [c for c in choices if text in c.split(" / ")]
    assert len(found) == 1, (text, choices)
    return found[0]


def lms_response(graded, question, lang: str, answer):
    """A site answer as the LMS question takes it (by the texts the student sees)."""
    kind = question.type
    if kind == "single":
        return _pick(graded.choice_texts(), question.options[answer].text[lang])
    if kind == "multiple":
        return {_pick(graded.choice_texts(), question.options[i].text[lang]) for i in answer}
    if kind in ("truefalse", "fill"):
        return answer
    if kind == "order" and graded.kind == "ordering":
        return [question.items[i][lang] for i in answer]
    if kind == "order":  # matching of items to positions
        stems = [s for s, _ in graded.pairs]
        return {_pick(stems, question.items[i][lang]): str(position) for position, i in enumerate(answer, 1)}
    stems, rights = [s for s, _ in graded.pairs], [r for _, r in graded.pairs]
    return {_pick(stems, p.left[lang]): _pick(rights, question.pairs[j].right[lang]) for p, j in zip(question.pairs, answer)}


def qti_response(item: QtiItem, question, lang: str, answer):
    kind = question.type
    if kind == "single":
        return item.identifier_of(question.options[answer].text[lang])
    if kind == "multiple":
        return {item.identifier_of(question.options[i].text[lang]) for i in answer}
    if kind == "truefalse":
        return item.identifier_of(STRINGS[lang]["true" if answer else "false"])
    if kind == "fill":
        return answer
    if kind == "order":
        return [item.identifier_of(question.items[i][lang]) for i in answer]
    lefts, rights = item.match_sets()
    left_id = {t: i for i, t in lefts}
    right_id = {t: i for i, t in rights}
    return {f"{left_id[p.left[lang]]} {right_id[question.pairs[j].right[lang]]}" for p, j in zip(question.pairs, answer)}


# ---------------------------------------------------------------- readers per file


@functools.lru_cache(maxsize=None)
def read_variant(out: Path, folder: str, file_lang: str | None, lang: str) -> tuple[list[str], dict]:
    """(categories, question id -> graded question) of the all-quizzes file (read once)."""
    if folder.startswith("moodle"):
        name = f"{ALL}.xml" if file_lang is None else f"{ALL}.{file_lang}.xml"
        categories, graded = read_moodle((out / folder / name).read_text(encoding="utf-8"), lang)
        return categories, {g.idnumber: g for g in graded}
    if folder == "gift":
        categories, graded = read_gift(out / "gift" / f"{ALL}.{lang}.gift")
        return categories, {g.idnumber: g for g in graded}
    archive = zipfile.ZipFile(io.BytesIO((out / "qti" / f"{ALL}.{lang}.zip").read_bytes()))
    items = [QtiItem(etree.fromstring(archive.read(n))) for n in archive.namelist() if n.startswith("items/")]
    return [], {i.identifier: i for i in items}


@pytest.mark.parametrize("folder,file_lang,lang", VARIANTS, ids=[f"{f}-{fl or 'multilang'}-{lang}" for f, fl, lang in VARIANTS])
def test_every_site_answer_grades_the_same(exported, folder, file_lang, lang):
    quizzes, out = exported
    categories, by_id = read_variant(out, folder, file_lang, lang)
    questions = [(quiz, q) for quiz in quizzes for q in quiz.questions]
    assert sorted(by_id) == sorted(q.id for _, q in questions), "every question once, with its id"
    checked = 0
    for quiz, question in questions:
        graded = by_id[question.id]
        accepted, rejected = site_cases(question, lang, quiz.shown.get(question.id, []))
        for answer in accepted + rejected:
            if folder == "qti":
                score = graded.score(qti_response(graded, question, lang, answer))
            else:
                score = graded.grade(lms_response(graded, question, lang, answer))
            if answer in accepted:
                assert score >= FULL, (question.id, lang, "site accepts", answer, "export gives", score)
            else:
                assert score < FULL, (question.id, lang, "site rejects", answer, "export gives", score)
            checked += 1
    assert checked >= 3 * len(questions)


@pytest.mark.parametrize("folder,file_lang,lang", VARIANTS, ids=[f"{f}-{fl or 'multilang'}-{lang}" for f, fl, lang in VARIANTS])
def test_names_ids_categories_and_penalty(exported, folder, file_lang, lang):
    """Readable names, ids kept, categories relative (no $course$) and apart per language."""
    quizzes, out = exported
    categories, by_id = read_variant(out, folder, file_lang, lang)
    for quiz in quizzes:
        for n, question in enumerate(quiz.questions, 1):
            graded = by_id[question.id]
            name = graded.title if folder == "qti" else graded.name
            label = f"問{n}" if lang == "ja" else f"Q{n}"
            if graded.kind == "ordering":  # Moodle's ordering import cuts names to 42 bytes
                assert len(name.encode()) <= 42 and name.startswith(label if file_lang else "問"), (question.id, name)
            else:
                assert name != question.id and label_text(quiz.short_title(lang)) in name, (question.id, name)
                assert f"{label} " in name, (question.id, name)
            if folder != "qti":
                assert sorted(graded.tags) == sorted(question.tags), question.id
            if folder.startswith("moodle"):
                assert graded.penalty == PENALTY, "the same penalty as GIFT's default"
    if folder != "qti":
        assert len(categories) == len(quizzes)
        assert all(c.startswith("top/") for c in categories), categories


def test_language_files_stay_apart(exported):
    """A course that imports the Japanese and the English GIFT (or Moodle XML) files gets
    two sets of categories and names, not one mixed set."""
    quizzes, out = exported
    for folder in ("gift", "moodle"):
        seen = {}
        for lang in ("ja", "en"):
            categories, by_id = read_variant(out, folder, lang, lang)
            seen[lang] = (set(categories), {g.name for g in by_id.values()})
        assert not seen["ja"][0] & seen["en"][0], folder
        assert not seen["ja"][1] & seen["en"][1], folder


def test_single_language_files_hold_one_language(exported):
    quizzes, out = exported
    for lang in ("ja", "en"):
        text = (out / "moodle" / f"{ALL}.{lang}.xml").read_text(encoding="utf-8")
        assert 'class="multilang"' not in text
        by_id = {g.idnumber: g for g in read_moodle(text, lang)[1]}
        for quiz in quizzes:
            for question in quiz.questions:
                graded = by_id[question.id]
                assert graded.prompt.startswith(" ".join(question.prompt[lang].split())[:10]), question.id
                if question.type == "match":
                    rights = {r for _, r in graded.pairs}
                    assert rights == {p.right[lang] for p in question.pairs}, question.id


def test_harness_catches_a_wrong_export(exported):
    """The graders can fail: a Moodle file whose right option is marked wrong, a QTI item
    without its patternMatch, and a short answer with an unescaped star all grade differently."""
    quizzes, out = exported
    text = (out / "moodle" / f"{ALL}.en.xml").read_text(encoding="utf-8")
    single = next(q for quiz in quizzes for q in quiz.questions if q.type == "single")
    graded = next(g for g in read_moodle(text, "en")[1] if g.idnumber == single.id)
    right = next(o for o in single.options if o.correct).text.en
    graded.choices = [(t, 0.0) for t, _ in graded.choices]
    assert graded.grade(right) == 0
    from lms_graders import moodle_short_answer_matches
    assert moodle_short_answer_matches("xZZy", "x*y") and not moodle_short_answer_matches("xZZy", "x\\*y")
    fill = next(q for quiz in quizzes for q in quiz.questions if q.type == "fill")
    archive = zipfile.ZipFile(io.BytesIO((out / "qti" / f"{ALL}.ja.zip").read_bytes()))
    item_xml = etree.fromstring(archive.read(next(n for n in archive.namelist() if n.endswith(f"/{fill.id}.xml"))))
    odd = f"\u3000{fill.answers['ja'][0]}！"  # accepted by the site; not one of the mapped spellings
    assert site_accepts(fill, odd)
    assert QtiItem(item_xml).score(odd) == 1
    for pm in list(item_xml.iter("{http://www.imsglobal.org/xsd/imsqti_v2p1}patternMatch")):
        pm.getparent().getparent().remove(pm.getparent())  # the whole <or> goes …
    condition = item_xml.find(".//{http://www.imsglobal.org/xsd/imsqti_v2p1}responseIf")
    test = etree.SubElement(condition, "{http://www.imsglobal.org/xsd/imsqti_v2p1}gt")
    etree.SubElement(test, "{http://www.imsglobal.org/xsd/imsqti_v2p1}mapResponse", identifier="RESPONSE")
    etree.SubElement(test, "{http://www.imsglobal.org/xsd/imsqti_v2p1}baseValue", baseType="float").text = "0"
    condition.insert(0, test)  # … and the mapping alone decides
    assert QtiItem(item_xml).score(odd) == 0
