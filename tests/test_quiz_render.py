"""The quiz renderer and the JSON Schema export."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from support import ROOT, section_slugs
from studykit.errors import StudyDataError
from studykit.order import scrambled
from studykit.render.quiz import render_quiz
from studykit.urls import page_url, source_href
from studykit.schemas import SCHEMA_DIR, schema_texts
from studykit.render.markers import RENDERERS
from studykit.site import StudySite

FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"


@pytest.fixture
def site():
    s = StudySite(ROOT)
    s.data_dir = FIXTURES  # holds ep90/good.quiz.yml (bad/ and dup/ are one level deeper)
    return s


def render(site, language, page_path="ep90/quiz/fixture.md"):
    rendered = render_quiz(site, "fixture-good", language=language, page_path=page_path)
    assert rendered.assets[-1] == "quiz"  # plugins (e.g. assignment) load before quiz.js
    return rendered.html, lxml_html.fragment_fromstring(rendered.html)


def test_schema_file_matches_models():
    committed = (ROOT / SCHEMA_DIR / "quiz.schema.json").read_text(encoding="utf-8")
    assert committed == schema_texts()["quiz.schema.json"], "run: PYTHONPATH=hooks .venv/bin/python -m studykit schema"
    schema = json.loads(committed)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "title", "questions"}


def test_vscode_maps_every_data_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    schemas = {f"./quizzes/schema/{p.name}" for p in (ROOT / "quizzes" / "schema").glob("*.schema.json")}
    assert set(mapping) == schemas
    for schema, pattern in mapping.items():
        assert (ROOT / schema).is_file()
        kind = schema.rsplit("/", 1)[1].removesuffix(".schema.json")
        assert pattern == ("quizzes/**/*.quiz.yml" if kind == "quiz" else f"quizzes/**/{kind}.yml")


def test_quiz_marker_renders_through_the_registry(site):
    """The dispatch table really reaches the quiz renderer (not a restatement of its literal)."""
    rendered = RENDERERS["quiz"](site, "fixture-good", language="en", page_path="ep90/quiz/fixture.md")
    root = lxml_html.fragment_fromstring(rendered.html)
    assert root.get("data-ss-quiz") == "fixture-good" and root.get("data-ss-lang") == "en"
    with pytest.raises(StudyDataError) as error:
        RENDERERS["quiz"](site, "no-such-quiz", language="en", page_path="ep90/quiz/x.md")
    assert str(error.value).startswith("docs/ep90/quiz/x.md:1:1: study:quiz: unknown quiz 'no-such-quiz'")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_structure_in_both_languages(site, language):
    _, root = render(site, language)
    assert root.get("data-ss-quiz") == "fixture-good" and root.get("data-ss-lang") == language
    questions = root.xpath(".//fieldset[@data-ss-question]")
    assert [q.get("data-ss-type") for q in questions] == ["single", "multiple", "truefalse", "fill", "order", "match"]
    for q in questions:
        assert q.find("legend") is not None and q.find("legend").text_content().strip()
        solution = q.find(".//details[@data-ss-sol]")
        assert solution.get("data-search-exclude") is not None
        link = solution.find(".//a")
        assert link.get("href").startswith("../../us-stance/#p")
    # Feedback and answers are never outside data-search-exclude elements.
    for fb in root.xpath(".//*[@data-ss-fb or @data-ss-dist or @data-ss-fbr or @data-ss-status]"):
        assert fb.get("data-search-exclude") is not None
    expected = {"ja": "ロシア", "en": "Russia"}[language]
    assert questions[0].find(".//*[@data-ss-key]").text_content().split()[-1] == expected
    assert questions[0].xpath(".//li[@data-ss-ok]/@data-ss-opt") == ["0"]


def test_language_specific_text(site):
    ja, _ = render(site, "ja")
    en, _ = render(site, "en")
    assert "答え合わせ" in ja and "Check" not in ja
    assert "Check" in en and "答え合わせ" not in en
    assert "米国が最初に協議を始めた相手は？" in ja and "Whom did the US talk to first?" in en


def test_fill_accepts_both_languages(site):
    _, root = render(site, "en")
    fill = root.xpath(".//fieldset[@data-ss-type='fill']")[0]
    assert json.loads(fill.get("data-ss-accept")) == ["ボトムライン", "bottom line"]
    assert fill.xpath(".//input[@data-ss-in]/@id") == [fill.xpath(".//label/@for")[0]]


def test_order_and_match_shuffled_the_same_in_both_languages(site):
    _, ja = render(site, "ja")
    _, en = render(site, "en")
    for root in (ja, en):
        items = [int(i) for i in root.xpath(".//*[@data-ss-list]/li/@data-ss-item")]
        assert sorted(items) == [0, 1, 2] and items != [0, 1, 2]
    assert ja.xpath(".//*[@data-ss-list]/li/@data-ss-item") == en.xpath(".//*[@data-ss-list]/li/@data-ss-item")
    sel = ja.xpath(".//select[@data-ss-sel]")[0]
    values = sel.xpath("./option/@value")
    assert values[0] == "" and sorted(values[1:]) == ["0", "1", "2"] and values[1:] != ["0", "1", "2"]


def test_shuffle_is_stable_and_never_identity():
    for n in range(2, 8):
        for seed in ("a", "b", "us-stance-order"):
            order = scrambled(seed, n)
            assert sorted(order) == list(range(n)) and order != list(range(n))
            assert scrambled(seed, n) == order
    assert scrambled("x", 1) == [0]


@pytest.mark.parametrize("page, expected", [
    ("ep90/quiz/us-stance.md", "../../us-stance/#p2"),
    ("ep90/quiz/us-stance.en.md", "../../us-stance/#p2"),
    ("ep90/index.md", "us-stance/#p2"),
    ("ep90/quiz/index.md", "../us-stance/#p2"),
])
def test_source_href(page, expected):
    assert source_href(page, "ep90", "us-stance#p2") == expected


def test_page_url():
    assert page_url("ep90/quiz/review.en.md") == "ep90/quiz/review/"
    assert page_url("ep90/index.en.md") == "ep90/" and page_url("index.md") == ""


def test_text_is_escaped(tmp_path):
    (tmp_path / "quizzes" / "ep90").mkdir(parents=True)
    text = (FIXTURES / "ep90" / "good.quiz.yml").read_text(encoding="utf-8")
    text = text.replace('"Russia"', '"<script>alert(1)</script> & Russia"', 1)
    (tmp_path / "quizzes" / "ep90" / "x.quiz.yml").write_text(text, encoding="utf-8")
    site = StudySite(ROOT)
    site.data_dir = tmp_path / "quizzes"
    html, root = render(site, "en")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Russia" in html
    assert not root.xpath(".//script")


def test_unknown_quiz_is_a_located_error(site):
    with pytest.raises(StudyDataError) as error:
        render_quiz(site, "no-such-quiz", language="ja", page_path="ep90/quiz/x.md")
    assert str(error.value) == "docs/ep90/quiz/x.md:1:1: study:quiz: unknown quiz 'no-such-quiz' (known: fixture-good)"


def test_no_blank_lines_in_output(site):
    # A blank line would end Markdown's raw HTML block and break the page.
    html, _ = render(site, "ja")
    assert all(line.strip() for line in html.splitlines())


def test_stub_page_per_quiz_in_both_languages():
    quiz_files = {p.name.removesuffix(".quiz.yml") for p in (ROOT / "quizzes" / "ep90").glob("*.quiz.yml")}
    stubs = {p.name.removesuffix(".md") for p in (ROOT / "docs" / "ep90" / "quiz").glob("*.md")
             if not p.name.endswith(".en.md") and p.name != "index.md"}
    # Every section has its quiz; every quiz file has its page and every page its quiz file.
    assert set(section_slugs("ep90")) <= quiz_files
    assert stubs == quiz_files
    for slug in sorted(quiz_files):
        for suffix in (".md", ".en.md"):
            text = (ROOT / "docs" / "ep90" / "quiz" / f"{slug}{suffix}").read_text(encoding="utf-8")
            assert f"<!-- study:quiz ep90-{slug} -->" in text
            assert text.count("\n# ") == 1
