"""LMS exports: Moodle XML, GIFT (checked with gift-pegjs) and IMS QTI 2.1 (checked
against the IMS schemas in ../shared/schemas), for the fixture quiz that has every
question type and hostile characters, and for the site's real quizzes."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lms_graders import GIFT_JS, gift_blocks, gift_pegjs, moodle_gift_rules, read_gift, read_moodle
from support import ROOT, SHARED
from studykit.export import load_export_quizzes
from studykit.export.build import ALL, export_files
from studykit.errors import StudyDataError
from studykit.export.common import label_text, result_feedback
from studykit.models.quiz import Question
from studykit.export.gift import MOODLE_PERCENTAGES, category_path, escape, export_gift, short_answer_pattern
from studykit.export.moodle import PENALTY, export_moodle
from studykit.export.qti import export_qti, fill_answers
from studykit.text.normalize import normalize

FIXTURE_DIR = ROOT / "tests" / "fixtures" / "teacher"
SCHEMAS = SHARED / "schemas"
QTI_XSD = SCHEMAS / "qti21" / "qtiv2p1" / "imsqti_v2p1.xsd"
PACKAGE_XSD = SCHEMAS / "qti21_package.xsd"
Q = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module", params=["fixture", "real"])
def quizzes(request):
    data_dir = FIXTURE_DIR if request.param == "fixture" else ROOT / "quizzes"
    loaded = load_export_quizzes(data_dir, ROOT / "docs", ROOT)
    assert loaded, f"no quizzes under {data_dir}"
    return loaded


@pytest.fixture(scope="module")
def fixture_quiz():
    (quiz,) = load_export_quizzes(FIXTURE_DIR, ROOT / "docs", ROOT)
    return quiz


def test_fixture_covers_every_type_and_hostile_characters(fixture_quiz):
    assert {q.type for q in fixture_quiz.questions} == {"single", "multiple", "truefalse", "fill", "order", "match"}
    everything = json.dumps([str(q) for q in fixture_quiz.questions], ensure_ascii=False)
    for char in ("~", "=", "#", "{", "}", ":", "\\\\", "<script>"):
        assert char in everything, char


# ---------------------------------------------------------------- Moodle XML


def _spans(text: str) -> dict[str, str]:
    """lang -> text of the multilang spans in an HTML field."""
    found = dict(re.findall(r'<span lang="(ja|en)" class="multilang">(.*?)</span>', text, re.S))
    return {lang: html.unescape(value) for lang, value in found.items()}


def test_moodle_xml_every_question_answers_fractions_feedback(quizzes):
    root = etree.fromstring(export_moodle(quizzes).encode())
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert categories == [category_path(quiz, None) for quiz in quizzes]
    elements = root.findall("question")
    by_id = {e.findtext("idnumber"): e for e in elements if e.get("type") != "category"}
    source = [q for quiz in quizzes for q in quiz.questions]
    assert list(by_id) == [q.id for q in source]
    shown = {k: v for quiz in quizzes for k, v in quiz.shown.items()}
    for question in source:
        element = by_id[question.id]
        where = question.id
        prompt = _spans(element.findtext("questiontext/text"))
        assert prompt["ja"].startswith(question.prompt.ja) and prompt["en"].startswith(question.prompt.en), where
        assert _spans(element.findtext("generalfeedback/text")) == {"ja": question.explanation.ja, "en": question.explanation.en}, where
        assert element.findtext("penalty") == PENALTY, where
        answers = element.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        for fraction in fractions:
            assert fraction == 0 or min(abs(abs(fraction) - p) for p in MOODLE_PERCENTAGES) < 1e-9, (where, fraction)
        if question.type in ("single", "multiple"):
            options = [question.options[i] for i in shown[question.id]]
            assert element.get("type") == "multichoice"
            assert element.findtext("single") == ("true" if question.type == "single" else "false")
            assert [_spans(a.findtext("text")) for a in answers] == [{"ja": o.text.ja, "en": o.text.en} for o in options], where
            assert [_spans(a.findtext("feedback/text")) for a in answers] == [{"ja": o.feedback.ja, "en": o.feedback.en} for o in options], where
            if question.type == "single":
                assert sorted(fractions) == [0] * (len(fractions) - 1) + [100], where
            else:
                # All-or-nothing as far as Moodle goes: the right ones make 100 %, any wrong one -100 %.
                assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01, (where, fractions)
                assert all(f == -100 for f, o in zip(fractions, options) if not o.correct), (where, fractions)
                assert [f > 0 for f in fractions] == [o.correct for o in options], where
        elif question.type == "truefalse":
            assert [a.findtext("text") for a in answers] == ["true", "false"]
            assert fractions == ([100, 0] if question.answer else [0, 100]), where
            right, wrong = ({lang: result_feedback(question, lang)[k] for lang in ("ja", "en")} for k in (0, 1))
            expected = [right, wrong] if question.answer else [wrong, right]
            assert [_spans(a.findtext("feedback/text")) for a in answers] == expected, where
        elif question.type == "fill":
            assert element.get("type") == "shortanswer" and element.findtext("usecase") == "0"
            accepted = [a.findtext("text") for a, f in zip(answers, fractions) if f == 100]
            written = {short_answer_pattern(a) for a in question.answers["ja"] + question.answers["en"]}
            assert written <= set(accepted), where
            assert all(normalize(a.replace("\\*", "*")) in {normalize(w) for w in question.answers["ja"] + question.answers["en"]}
                       for a in accepted), (where, "only spellings the site accepts")
            wrong = [a.findtext("text") for a, f in zip(answers, fractions) if f == 0]
            assert {short_answer_pattern(w) for d in question.distractors for w in d.all_answers("ja")} <= set(wrong), where
            assert fractions == sorted(fractions), (where, "likely wrong answers first")
            assert all(_spans(a.findtext("feedback/text")) for a in answers), where
        else:
            assert element.get("type") == "matching"
            subs = element.findall("subquestion")
            lefts = [_spans(s.findtext("text")) for s in subs]
            rights = [s.findtext("answer/text") for s in subs]
            if question.type == "match":
                assert lefts == [{"ja": p.left.ja, "en": p.left.en} for p in question.pairs], where
                assert all(p.right.ja in r and p.right.en in r for p, r in zip(question.pairs, rights)), where
            else:
                order = shown[question.id]
                assert lefts == [{"ja": question.items[i].ja, "en": question.items[i].en} for i in order], where
                assert rights == [str(i + 1) for i in order], where
                assert rights != sorted(rights, key=int), (where, "rows in the correct order")
            for tag in ("correctfeedback", "incorrectfeedback"):
                assert _spans(element.findtext(f"{tag}/text")), (where, tag)


def test_moodle_native_ordering_is_all_or_nothing(quizzes):
    root = etree.fromstring(export_moodle(quizzes, "en", native_ordering=True).encode())
    orders = [q for quiz in quizzes for q in quiz.questions if q.type == "order"]
    elements = {e.findtext("idnumber"): e for e in root.findall("question[@type='ordering']")}
    assert sorted(elements) == sorted(q.id for q in orders)
    for question in orders:
        element = elements[question.id]
        assert element.findtext("gradingtype") == "ALL_OR_NOTHING" and element.findtext("selecttype") == "ALL"
        # Moodle reads the correct order from the order of the answers (and shuffles them).
        assert [html.unescape(a.findtext("text")) for a in element.findall("answer")] == [i.en for i in question.items]
        assert len(element.findtext("name/text").encode()) <= 42


def test_moodle_xml_escapes_markup(fixture_quiz):
    text = export_moodle([fixture_quiz])
    root = etree.fromstring(text.encode())
    field = root.xpath("question[idnumber='fx-single']/questiontext/text")[0].text
    # The HTML field shows the data's markup as text: escaped once inside the HTML.
    assert "&lt;b&gt;" in field and "<b>" not in field
    assert "<script>" not in "".join(root.itertext()).replace("&lt;script&gt;", "")


# ---------------------------------------------------------------- GIFT


def _unescape_right(text: str) -> str:
    # gift-pegjs does not decode escapes in the right side of a matching pair (a
    # known quirk): it leaves its internal placeholders such as "&&123;" for "\{".
    return re.sub(r"&&(\d{3});", lambda m: chr(int(m[1])), text)


def _visible(text: str) -> str:
    return text.replace("\u2060", "")  # the WORD JOINER that breaks "->" is invisible


def _choice(choice: dict) -> tuple:
    return _visible(choice["text"]["text"]), _visible((choice["feedback"] or {}).get("text") or "")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_gift_round_trips_through_gift_pegjs(quizzes, lang, tmp_path):
    path = tmp_path / f"quizzes.{lang}.gift"
    path.write_text(export_gift(quizzes, lang), encoding="utf-8")
    parsed = gift_pegjs([path])[str(path)]
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    assert categories == [category_path(quiz, lang) for quiz in quizzes]
    questions = [q for q in parsed if q["type"] != "Category"]
    source = [q for quiz in quizzes for q in quiz.questions]
    shown = {k: v for quiz in quizzes for k, v in quiz.shown.items()}
    assert [q["id"] for q in questions] == [q.id for q in source], "ids kept in // [id:…]"
    assert [sorted(q["tags"] or []) for q in questions] == [sorted(q.tags) for q in source], "tags kept"
    for got, question in zip(questions, source):
        where = question.id
        assert got["stem"]["format"] == "plain", where
        assert _visible(got["stem"]["text"]).startswith(" ".join(question.prompt[lang].split())), where
        assert got["globalFeedback"] == {"format": "plain", "text": " ".join(question.explanation[lang].split())} \
            or _visible(got["globalFeedback"]["text"]) == " ".join(question.explanation[lang].split()), where
        if question.type in ("single", "multiple"):
            options = [question.options[i] for i in shown[question.id]]
            assert got["type"] == "MC"
            assert [_choice(c) for c in got["choices"]] == [(o.text[lang], o.feedback[lang]) for o in options], where
            assert all(c["text"]["format"] == "plain" for c in got["choices"]), where
            if question.type == "single":
                assert [c["isCorrect"] for c in got["choices"]] == [o.correct for o in options], where
            else:
                weights = [c["weight"] for c in got["choices"]]
                assert [w > 0 for w in weights] == [o.correct for o in options], where
                assert abs(sum(w for w in weights if w > 0) - 100) < 0.01, (where, weights)
                assert all(w == -100 for w in weights if w < 0), (where, weights)
        elif question.type == "truefalse":
            assert got["type"] == "TF" and got["isTrue"] is question.answer, where
            right, wrong = result_feedback(question, lang)
            # gift-pegjs calls Moodle's first feedback (shown for a wrong answer) "trueFeedback".
            assert (_visible(got["trueFeedback"]["text"]), _visible(got["falseFeedback"]["text"])) == (wrong, right), where
        elif question.type == "fill":
            assert got["type"] == "Short"
            right = [c["text"]["text"] for c in got["choices"] if c["weight"] == 100]
            wrong = [(c["text"]["text"], c["feedback"]["text"]) for c in got["choices"] if c["weight"] == 0]
            assert len(right) + len(wrong) == len(got["choices"]), where
            assert {" ".join(short_answer_pattern(a).split()).replace("->", "-*>") for a in question.accepted(lang)} <= {" ".join(r.split()) for r in right}, where
            assert {a.replace("*", "\\*") for d in question.distractors for a in d.all_answers(lang)} <= {w for w, _ in wrong}, where
        else:
            assert got["type"] == "Matching"
            pairs = [(_visible(p["subquestion"]["text"]), _visible(_unescape_right(p["subanswer"]))) for p in got["matchPairs"]]
            if question.type == "match":
                assert pairs == [(p.left[lang], p.right[lang]) for p in question.pairs], where
            else:
                order = shown[question.id]
                assert pairs == [(question.items[i][lang], str(i + 1)) for i in order], where


def test_gift_escapes_every_special_character():
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert escape("line\nbreak  and\ttab") == "line break and tab"
    assert escape("a -> b") == "a -\u2060> b"


def test_gift_rejects_unescaped_text(tmp_path):
    """The harness can fail: an unescaped brace breaks the question."""
    bad = tmp_path / "bad.gift"
    bad.write_text("::x::[plain]What is {this? {\n\t=A\n}\n", encoding="utf-8")
    result = subprocess.run(["node", "-e", GIFT_JS, str(bad)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "error" in json.loads(result.stdout)[str(bad)]


# ---------------------------------------------------------------- QTI 2.1


class _NoNetwork(etree.Resolver):
    def resolve(self, url, pubid, context):
        if "://" in url and not url.startswith("file:"):
            raise OSError(f"offline: refusing to fetch {url}")


_SCHEMAS: dict[Path, etree.XMLSchema] = {}


def load_schema(path: Path) -> etree.XMLSchema:
    if not path.is_file():
        pytest.fail(f"IMS XML Schema missing: {path}. The QTI tests need the offline schemas in "
                    f"../shared/schemas (see its README); they are never fetched from the network.")
    if path not in _SCHEMAS:
        parser = etree.XMLParser(no_network=True)
        parser.resolvers.add(_NoNetwork())
        _SCHEMAS[path] = etree.XMLSchema(etree.parse(str(path), parser))
    return _SCHEMAS[path]


def _validate(schema: etree.XMLSchema, data: bytes, name: str) -> etree._Element:
    doc = etree.fromstring(data)
    assert schema.validate(etree.ElementTree(doc)), f"{name}: " + "; ".join(str(e) for e in schema.error_log)
    return doc


def check_item_semantics(item: etree._Element, question: Question, lang: str, shown: list[int] | None) -> None:
    where = question.id
    declared = {d.get("identifier") for d in item.iter(f"{Q}responseDeclaration")}
    interactions = [e for e in item.iter() if isinstance(e.tag, str) and e.get("responseIdentifier")]
    assert interactions, where
    for interaction in interactions:
        assert interaction.get("responseIdentifier") in declared, (where, "responseIdentifier points nowhere")
    choices = {c.get("identifier") for c in item.iter(f"{Q}simpleChoice", f"{Q}simpleAssociableChoice")}
    correct = [v.text for v in item.iter(f"{Q}value") if v.getparent().tag == f"{Q}correctResponse"]
    assert correct, where
    if question.type == "fill":
        keys = [m.get("mapKey") for m in item.iter(f"{Q}mapEntry")]
        assert correct[0] in keys and set(keys) == set(fill_answers(question, lang)), where
    elif question.type == "match":
        for value in correct:
            left, right = value.split()
            assert left in choices and right in choices, (where, value)
        assert len(correct) == len(question.pairs), where
    else:
        assert set(correct) <= choices, (where, correct, choices)
        expected = len(question.correct_options) if question.type == "multiple" else (
            len(question.items) if question.type == "order" else 1)
        assert len(correct) == expected, where
    # Every modalFeedback must be reachable: FEEDBACK gets a baseValue with its
    # identifier, or (choice questions) the chosen option's identifier.
    processing = item.find(f"{Q}responseProcessing")
    set_values = {b.text for s in processing.iter(f"{Q}setOutcomeValue") if s.get("identifier") == "FEEDBACK"
                  for b in s.iter(f"{Q}baseValue")}
    adds_response = any(v.get("identifier") == "RESPONSE" for s in processing.iter(f"{Q}setOutcomeValue")
                        if s.get("identifier") == "FEEDBACK" for v in s.iter(f"{Q}variable"))
    feedback = {m.get("identifier"): "".join(m.itertext()).strip() for m in item.iter(f"{Q}modalFeedback")}
    assert {"CORRECT", "INCORRECT", "EXPLANATION"} <= set(feedback), where
    for identifier, text in feedback.items():
        assert text, (where, identifier)
        assert identifier in set_values or (adds_response and identifier in choices), (where, identifier, "feedback can never show")
    assert question.explanation[lang] in feedback["EXPLANATION"], where
    if question.type in ("single", "multiple"):
        # Choices are numbered in the order they are shown.
        assert [feedback[f"C{n}"] for n in range(1, len(question.options) + 1)] == [question.options[i].feedback[lang] for i in shown], where


@pytest.mark.shared  # reads ../shared/schemas
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_qti_package_validates_and_is_consistent(quizzes, lang):
    item_schema, package_schema = load_schema(QTI_XSD), load_schema(PACKAGE_XSD)
    archive = zipfile.ZipFile(io.BytesIO(export_qti(quizzes, lang, f"{ALL}-{lang}", "All")))
    names = set(archive.namelist())
    manifest = _validate(package_schema, archive.read("imsmanifest.xml"), "imsmanifest.xml")
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    ids = {r.get("identifier") for r in resources}
    referenced = {f.get("href") for r in resources for f in r.findall(f"{CP}file")}
    assert referenced == names - {"imsmanifest.xml"}, "manifest and zip disagree"
    for resource in resources:
        assert resource.get("href") in names
        for dependency in resource.findall(f"{CP}dependency"):
            assert dependency.get("identifierref") in ids
    assert manifest.findall(".//{http://www.imsglobal.org/xsd/imsqti_metadata_v2p1}interactionType"), "QTI metadata missing"
    test = _validate(item_schema, archive.read("assessment.xml"), "assessment.xml")
    refs = [r.get("href") for r in test.iter(f"{Q}assessmentItemRef")]
    source = [(quiz, q) for quiz in quizzes for q in quiz.questions]
    assert len(refs) == len(source) and set(refs) <= names
    for href, (quiz, question) in zip(refs, source):
        item = _validate(item_schema, archive.read(href), href)
        assert item.get("identifier") == question.id and item.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert item.get("title") != question.id and label_text(quiz.short_title(lang)) in item.get("title"), "a readable title"
        check_item_semantics(item, question, lang, quiz.shown.get(question.id))


@pytest.mark.shared  # reads ../shared/schemas
def test_qti_schema_check_can_fail(fixture_quiz):
    """A broken item and a broken manifest are rejected, so the validation above means something."""
    item_schema, package_schema = load_schema(QTI_XSD), load_schema(PACKAGE_XSD)
    archive = zipfile.ZipFile(io.BytesIO(export_qti([fixture_quiz], "en", "x", "x")))
    bad_item = archive.read("items/fx-single.xml").replace(b'maxChoices="1"', b'maxChoices="one"')
    assert not item_schema.validate(etree.ElementTree(etree.fromstring(bad_item)))
    bad_manifest = archive.read("imsmanifest.xml").replace(b">choiceInteraction<", b">guessInteraction<", 1)
    assert not package_schema.validate(etree.ElementTree(etree.fromstring(bad_manifest)))


# ---------------------------------------------------------------- files and CLI


def test_export_files_cover_every_quiz_and_all_together(quizzes):
    files = export_files(quizzes)
    paths = {export.path for export, _ in files}
    for stem in [q.id for q in quizzes] + [ALL]:
        assert {f"moodle/{stem}.xml", f"moodle/{stem}.ja.xml", f"moodle/{stem}.en.xml", f"gift/{stem}.ja.gift",
                f"gift/{stem}.en.gift", f"qti/{stem}.ja.zip", f"qti/{stem}.en.zip"} <= paths
    ordering = [q.id for q in quizzes if any(x.type == "order" for x in q.questions)] + [ALL]
    assert {p for p in paths if p.startswith("moodle-ordering/")} == {
        f"moodle-ordering/{stem}{lang}.xml" for stem in ordering for lang in ("", ".ja", ".en")}
    assert export_files(quizzes) == files, "exports must be deterministic (idempotent builds)"


def test_cli_and_wrapper_write_the_exports(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "studykit", "export", "--format", "gift", "--out", str(out), str(FIXTURE_DIR)],
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "gift").iterdir()) == [
        "all-quizzes.en.gift", "all-quizzes.ja.gift", "fixture-hostile.en.gift", "fixture-hostile.ja.gift"]
    assert not (out / "moodle").exists()
    result = subprocess.run([sys.executable, "scripts/export.py", "--out", str(tmp_path / "all"), "quizzes/"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "all").iterdir()} == {"moodle", "gift", "qti"}
    result = subprocess.run([sys.executable, "scripts/export.py", "--format", "moodle", "--native-ordering",
                             "--out", str(tmp_path / "native"), str(FIXTURE_DIR)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "<gradingtype>ALL_OR_NOTHING</gradingtype>" in (tmp_path / "native" / "moodle-ordering" / f"{ALL}.xml").read_text()


def test_cli_reports_bad_files_with_position(tmp_path):
    bad = tmp_path / "data" / "ep90" / "bad.quiz.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("id: bad-quiz\ntitle: {ja: x, en: y}\nquestions:\n  - id: q1\n    type: single\n    prompt: {ja: a}\n",
                   encoding="utf-8")
    result = subprocess.run([sys.executable, "scripts/export.py", "--out", str(tmp_path / "out"), str(tmp_path / "data")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"bad\.quiz\.yml:\d+:\d+: questions\[0\]\.prompt\.en: field required", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- untrusted text (issue 14)


def test_cli_reports_a_bad_out_in_one_line(tmp_path):
    """An existing file, a place below a file, and a place nobody may write: one line, exit 2."""
    existing = tmp_path / "exports.txt"
    existing.write_text("keep me", encoding="utf-8")
    for out in (existing, existing / "sub", Path("/proc/self/exports")):
        result = subprocess.run([sys.executable, "scripts/export.py", "--format", "gift", "--out", str(out), str(FIXTURE_DIR)],
                                cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 2, (out, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{out}: "), (out, result.stderr)
        assert "Traceback" not in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"


CONTROL = "\x00\x01\x08\x0b\x0c\x1b\x1f\ud800\ufffe\uffff"


def test_control_characters_never_reach_an_export(tmp_path):
    """Characters no export format can carry (XML 1.0 forbids them) are refused by the
    loader the exporters read from, each with its place in the file."""
    good = (ROOT / "tests" / "fixtures" / "quizzes" / "ep90" / "good.quiz.yml").read_text(encoding="utf-8")
    prompt = "米国が最初に協議を始めた相手は？"
    assert good.count(prompt) == 1
    for char in CONTROL:
        escape = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        data = tmp_path / f"u{ord(char):04x}" / "quizzes"
        (data / "ep90").mkdir(parents=True)
        (data / "ep90" / "ctl.quiz.yml").write_text(good.replace(prompt, f"米国が{escape}最初に"), encoding="utf-8")
        with pytest.raises(StudyDataError) as error:
            load_export_quizzes(data, ROOT / "docs", data.parent)
        (problem,) = error.value.problems
        # A lone surrogate is already refused by YAML; the model refuses the others.
        where = "" if 0xD800 <= ord(char) <= 0xDFFF else "questions[0].prompt.ja"
        assert (problem.path, problem.line, problem.field) == ("quizzes/ep90/ctl.quiz.yml", 10, where), str(problem)


def test_gift_text_cannot_change_a_weight_a_type_or_a_format(fixture_quiz):
    """Read the way Moodle's GIFT importer reads: text that looks like %100%, %0%, [html],
    -> or # stays text; every answer keeps its weight, every question its type."""

    for lang in ("ja", "en"):
        blocks = {re.search(r"\[id:([^\]]+)\]", b)[1]: b for b in gift_blocks(export_gift([fixture_quiz], lang))}
        shown = fixture_quiz.shown
        for question in fixture_quiz.questions:
            kind, answers = moodle_gift_rules(blocks[question.id])
            assert kind == {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
                            "fill": "shortanswer", "match": "match", "order": "match"}[question.type], (question.id, kind)
            assert all(fmt == "plain" for _, fmt, _ in answers), question.id
            if question.type in ("single", "multiple"):
                options = [question.options[i] for i in shown[question.id]]
                assert [_visible(t) for _, _, t in answers] == [o.text[lang] for o in options], question.id
                weights = [w for w, _, _ in answers]
                if question.type == "single":
                    assert weights == [1.0 if o.correct else 0.0 for o in options], (question.id, weights)
                else:
                    assert all((w > 0) == o.correct for w, o in zip(weights, options)), (question.id, weights)
            if question.type == "fill":
                texts = {t: w for w, _, t in answers}
                for answer in question.accepted(lang):
                    assert texts[short_answer_pattern(answer).replace("->", "-*>")] == 1.0, (question.id, answer)


def test_star_is_literal_in_short_answers(fixture_quiz, tmp_path):

    question = next(q for q in fixture_quiz.questions if q.type == "fill" and any("*" in a for a in q.answers.ja))
    _, moodle = read_moodle(export_moodle([fixture_quiz], "ja"), "ja")
    path = tmp_path / "fx.ja.gift"
    path.write_text(export_gift([fixture_quiz], "ja"), encoding="utf-8")
    _, gift = read_gift(path)
    for graded in (next(g for g in moodle if g.idnumber == question.id), next(g for g in gift if g.idnumber == question.id)):
        # "xABCy" is no listed distractor: only the escaped star keeps it out.
        assert graded.grade("x*y") == 1 and graded.grade("xABCy") == 0 and graded.grade("xy") == 0


def test_fill_pattern_table_is_the_whole_bmp_definition():
    """answers._folding lists only the characters the normaliser changes; _preimages must still
    give, for every character, exactly what a full table of the BMP gives (in the same order),
    since the QTI patternMatch is built from it."""
    import unicodedata

    from studykit.export import answers
    from studykit.text.normalize import normalize

    single, ignored = {}, []
    for code in range(0x20, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(char) in ("Cc", "Cs", "Cn"):
            continue
        folded = normalize(char)
        if folded == "":
            ignored.append(char)
        elif len(folded) == 1:
            single.setdefault(folded, []).append(char)
    pairs = {}
    for bases in list(single.values()):
        for base in bases:
            if "\u3041" <= base <= "\u30ff" or "\uff66" <= base <= "\uff9d":
                for mark in answers.VOICING_MARKS:
                    folded = normalize(base + mark)
                    if len(folded) == 1 and folded != normalize(base):
                        pairs.setdefault(folded, []).append(base + mark)
    table = {c: single.get(c, []) + pairs.get(c, []) for c in set(single) | set(pairs)}
    assert answers._folding()[1] == "".join(ignored)
    for char in [*map(chr, range(0x10000)), "\U0001F600"]:
        assert answers._preimages(char) == table.get(char, [char]), hex(ord(char[0]))
    assert len(answers._preimages("が")) > 3 and "ｶﾞ" in answers._preimages("が")
