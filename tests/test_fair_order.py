"""Options in a fair order everywhere: the built quiz pages (both languages), the answer
keys and worksheets, and every LMS export list choices, ordering rows and matching
columns in the one order quiz/order.py gives, and that order does not give the
answer away.

The bound. If the correct option of each single-choice question sat in a uniformly
random position, the number of correct answers at position p across the site would
have mean E_p = sum over questions with more than p options of 1/n_q, and a spread
of about sqrt(E_p) (a sum of rare independent events is roughly Poisson). A
position holds "about its fair share" when its count is at most E_p + 2 sqrt(E_p),
two standard deviations above a fair coin; order.py, which balances each quiz,
stays well inside it, and "always A" (every key first) is far outside it. The same
bound applies to the correct options of multiple-choice questions per position
(E_p = sum of k_q/n_q), and to the number of multiple-choice questions whose correct
options fill the first places (E = sum of 1/C(n_q, k_q)).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from html import unescape
from math import comb
from pathlib import Path

import pytest
from lxml import etree

from support import LANG_PREFIX, ROOT
from lms_graders import QTI, gift_pegjs, read_moodle
from studykit.export import load_export_quizzes
from studykit.export.build import ALL, export_files
from studykit.order import presentation


@pytest.fixture(scope="module")
def quizzes():
    return load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)


@pytest.fixture(scope="module")
def questions(quizzes):
    return {q.id: q for quiz in quizzes for q in quiz.questions}


@pytest.fixture(scope="module")
def expected_orders(quizzes):
    return {qid: order for quiz in quizzes for qid, order in presentation(quiz.questions).items()}


@pytest.fixture(scope="module")
def exports(quizzes):
    return {export.path: data for export, data in export_files(quizzes)}


# ---------------------------------------------------------------- the fairness checks


def bound(expected: float) -> float:
    return expected + 2 * math.sqrt(expected)


def assert_fair(orders: dict[str, list[int]], questions: dict, where: str) -> None:
    """``orders``: question id -> shown order (indices into options / items / pairs)."""
    single = [(questions[q], o) for q, o in orders.items() if questions[q].type == "single"]
    multiple = [(questions[q], o) for q, o in orders.items() if questions[q].type == "multiple"]
    for group, label in ((single, "single"), (multiple, "multiple")):
        if not group:
            continue
        width = max(len(o) for _, o in group)
        for position in range(width):
            count = sum(1 for q, o in group if position < len(o) and q.options[o[position]].correct)
            share = sum(sum(opt.correct for opt in q.options) / len(o) for q, o in group if position < len(o))
            assert count <= bound(share), f"{where}: {label} position {position + 1} holds {count} correct options, fair share {share:.1f}"
    if multiple:
        leading = [q.id for q, o in multiple if all(q.options[i].correct for i in o[:sum(x.correct for x in q.options)])]
        share = sum(1 / comb(len(o), sum(x.correct for x in q.options)) for q, o in multiple)
        assert len(leading) <= bound(share), f"{where}: keys first in {leading}, fair share {share:.1f}"
    for qid, order in orders.items():
        if questions[qid].type in ("order", "match"):
            assert order != sorted(order), f"{where}: {qid} is shown in the correct order"


def test_the_bound_catches_always_a(questions):
    """The check can fail: every key first is flagged; the site's order is not."""
    firsts = {}
    for qid, q in questions.items():
        if q.type in ("single", "multiple"):
            firsts[qid] = sorted(range(len(q.options)), key=lambda i: not q.options[i].correct)
        elif q.type in ("order", "match"):
            firsts[qid] = list(range(len(q.items if q.type == "order" else q.pairs)))
    with pytest.raises(AssertionError):
        assert_fair(firsts, questions, "always A")


# ---------------------------------------------------------------- built pages


def _fieldsets(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<fieldset class="ss-q"[^>]*data-ss-question="([^"]+)" data-ss-type="([^"]+)"(.*?)</fieldset>', html, re.S)


def page_orders(site_dir: Path, lang: str, questions: dict) -> dict[str, list[int]]:
    orders: dict[str, list[int]] = {}
    pages = sorted((site_dir / LANG_PREFIX[lang] / "ep90" / "quiz").glob("*/index.html"))
    assert pages, "no quiz pages built"
    for page in pages:
        for qid, kind, block in _fieldsets(page.read_text(encoding="utf-8")):
            if kind in ("single", "multiple"):
                options = re.findall(r'<li class="ss-opt" data-ss-opt="(\d+)"( data-ss-ok)?', block)
                orders[qid] = [int(i) for i, _ in options]
                flags = [bool(ok) for _, ok in options]
                assert flags == [questions[qid].options[int(i)].correct for i, _ in options], f"{qid}: data-ss-ok"
            elif kind == "order":
                orders[qid] = [int(i) for i in re.findall(r'data-ss-item="(\d+)"', block)]
            elif kind == "match":
                first_select = block.split("<select", 2)[1]
                orders[qid] = [int(v) for v in re.findall(r'<option value="(\d+)"', first_select)]
    return orders


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_built_quiz_pages_are_fair(site_dir, questions, expected_orders, lang):
    orders = page_orders(site_dir, lang, questions)
    assert set(orders) == {q for q in expected_orders}, "every choice, ordering and matching question is on a page"
    assert orders == expected_orders, "the page shows order.presentation()"
    assert_fair(orders, questions, f"quiz pages ({lang})")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_answer_keys_and_worksheets_follow_the_page(site_dir, quizzes, expected_orders, lang):
    """The worksheet lists options, rows and right sides as the page does; the key's letters
    are the worksheet's letters of the correct options."""
    for quiz in quizzes:
        sheet = (site_dir / LANG_PREFIX[lang] / "teachers" / "worksheet" / quiz.slug / "index.html").read_text(encoding="utf-8")
        key = (site_dir / LANG_PREFIX[lang] / "teachers" / "answer-key" / quiz.slug / "index.html").read_text(encoding="utf-8")
        for q in quiz.questions:
            if q.id not in expected_orders:
                continue
            order = expected_orders[q.id]
            ws = sheet.split(f'data-ss-ws-question="{q.id}"', 1)[1].split("data-ss-ws-question=", 1)[0]
            text = unescape(re.sub(r"<[^>]+>", " ", ws))
            if q.type in ("single", "multiple"):
                shown = [q.options[i].text[lang] for i in order]
            elif q.type == "order":
                shown = [q.items[i][lang] for i in order]
            else:
                shown = [q.pairs[i].right[lang] for i in order]
            positions = [text.index(s) for s in shown]
            assert positions == sorted(positions), (quiz.id, q.id, "worksheet order")
            if q.type in ("single", "multiple"):
                block = key.split(f'data-ss-key-question="{q.id}"', 1)[1].split("data-ss-key-question=", 1)[0]
                letters = re.search(r"data-ss-key-letters>([^<]*)<", block)[1]
                expected = ", ".join(chr(ord("a") + n) for n, i in enumerate(order) if q.options[i].correct)
                assert letters == expected, (q.id, letters, expected)
                marks = re.findall(r'data-ss-key-option="([a-z])"', block)
                assert marks == [chr(ord("a") + n) for n in range(len(order))], q.id


# ---------------------------------------------------------------- exports


def _index(texts: list[str], wanted: list[str], qid: str) -> list[int]:
    assert sorted(texts) == sorted(wanted), (qid, texts, wanted)
    return [wanted.index(t) for t in texts]


@pytest.mark.parametrize("variant", ["", ".ja", ".en"])
def test_moodle_xml_is_fair_and_shuffled(exports, questions, expected_orders, variant):
    text = exports[f"moodle/{ALL}{variant}.xml"].decode()
    root = etree.fromstring(text.encode())
    for element in root.iter("question"):
        if element.get("type") in ("multichoice", "matching"):
            assert element.findtext("shuffleanswers") == "true", element.findtext("idnumber")
    for lang in (("ja", "en") if not variant else (variant[1:],)):
        _, graded = read_moodle(text, lang)
        orders = {}
        for g in graded:
            q = questions[g.idnumber]
            if q.type in ("single", "multiple"):
                orders[q.id] = _index([t for t, _ in g.choices], [o.text[lang] for o in q.options], q.id)
            elif q.type == "order":  # exported as matching: the rows are the items
                orders[q.id] = _index([s for s, _ in g.pairs], [i[lang] for i in q.items], q.id)
        assert orders == {k: v for k, v in expected_orders.items() if questions[k].type != "match"}
        assert_fair(orders, questions, f"Moodle XML{variant} ({lang})")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_gift_is_fair(exports, questions, expected_orders, lang, tmp_path):
    path = tmp_path / f"all.{lang}.gift"
    path.write_bytes(exports[f"gift/{ALL}.{lang}.gift"])
    orders = {}
    for got in gift_pegjs([path])[str(path)]:
        if got["type"] == "Category":
            continue
        q = questions[got["id"]]
        if q.type in ("single", "multiple"):
            orders[q.id] = _index([c["text"]["text"] for c in got["choices"]], [o.text[lang] for o in q.options], q.id)
        elif q.type == "order":
            rows = [p["subquestion"]["text"].replace("\u2060", "") for p in got["matchPairs"]]
            orders[q.id] = _index(rows, [i[lang] for i in q.items], q.id)
    assert orders == {k: v for k, v in expected_orders.items() if questions[k].type != "match"}
    assert_fair(orders, questions, f"GIFT ({lang})")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_qti_is_fair_and_shuffled(exports, questions, expected_orders, lang):
    archive = zipfile.ZipFile(io.BytesIO(exports[f"qti/{ALL}.{lang}.zip"]))
    orders = {}
    for name in archive.namelist():
        if not name.startswith("items/"):
            continue
        item = etree.fromstring(archive.read(name))
        q = questions[item.get("identifier")]
        texts = lambda tag, parent=item: ["".join(c.itertext()).strip() for c in parent.iter(f"{QTI}{tag}")]  # noqa: E731
        if q.type in ("single", "multiple", "order", "match"):
            interaction = next(e for e in item.iter() if isinstance(e.tag, str) and e.get("responseIdentifier"))
            assert interaction.get("shuffle") == "true", q.id
        if q.type in ("single", "multiple"):
            orders[q.id] = _index(texts("simpleChoice"), [o.text[lang] for o in q.options], q.id)
        elif q.type == "order":
            orders[q.id] = _index(texts("simpleChoice"), [i[lang] for i in q.items], q.id)
        elif q.type == "match":
            rights = item.findall(f".//{QTI}simpleMatchSet")[1]
            orders[q.id] = _index(texts("simpleAssociableChoice", rights), [p.right[lang] for p in q.pairs], q.id)
    assert orders == expected_orders
    assert_fair(orders, questions, f"QTI ({lang})")
