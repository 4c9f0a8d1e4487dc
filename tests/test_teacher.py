"""Teacher pages in the built site: answer keys, worksheets, export links, guide."""

from __future__ import annotations

import functools

import pytest

from sitepages import built, resolve
from studykit.export import load_export_quizzes
from studykit.export.build import export_files
from studykit.docs import quiz_pages
from support import LANG_PREFIX, ROOT


@pytest.fixture(scope="module")
def quizzes():
    return load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)


def flat(text: str) -> str:
    return " ".join(text.split())


def links(doc) -> list[str]:
    return [a.get("href") for a in doc.iter("a") if a.get("href")]


def question_blocks(doc, attribute: str) -> dict[str, object]:
    """The element of each question on an answer key or worksheet, by question id, in page order."""
    return {el.get(attribute): el for el in doc.xpath(f"//*[@{attribute}]")}


@functools.cache
def paragraphs_on_page(site_dir, lang: str, episode: str, slug: str) -> dict[str, str]:
    """The text of each ``#pN`` as the built section page shows it (furigana readings left out)."""
    doc = built(site_dir, lang, f"{episode}/{slug}")
    return {p.get("id"): flat("".join(p.xpath(".//text()[not(ancestor::rt or ancestor::rp)]")))
            for p in doc.xpath("//article//p[@id]")}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_export_link_resolves(site_dir, quizzes, lang):
    doc = built(site_dir, lang, "teachers/exports")
    exports = [h for h in links(doc) if "exports/" in h and not h.endswith("/")]
    expected = {e.path for e, _ in export_files(quizzes)}
    page_url = f"http://site/{LANG_PREFIX[lang]}teachers/exports/"
    resolved = {resolve(site_dir, page_url, h) for h in exports}
    assert len(exports) == len(expected)
    # Per quiz and for all together: Moodle XML ×3 (both, ja, en), GIFT ×2, QTI ×2, and
    # Moodle XML with the native ordering type ×3 where a quiz has an ordering question.
    with_order = sum(1 for q in quizzes if any(x.type == "order" for x in q.questions)) + 1
    assert len(expected) == 7 * (len(quizzes) + 1) + 3 * with_order
    assert resolved == {site_dir / "exports" / p for p in expected}
    for target in resolved:
        assert target.is_file() and target.stat().st_size > 0, target


def test_built_exports_match_the_exporters(site_dir, quizzes):
    """The build writes exactly what the CLI would; both language builds leave the same bytes."""
    for export, data in export_files(quizzes):
        assert (site_dir / "exports" / export.path).read_bytes() == data, export.path


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_answer_keys_show_every_answer_and_source(site_dir, quizzes, lang):
    for quiz in quizzes:
        blocks = question_blocks(built(site_dir, lang, f"teachers/answer-key/{quiz.slug}"), "data-ss-key-question")
        assert list(blocks) == [q.id for q in quiz.questions], quiz.id
        for question in quiz.questions:
            text = blocks[question.id].text_content()
            if question.type in ("single", "multiple"):
                for option in question.correct_options:
                    assert option.text[lang] in text, (question.id, option.text[lang])
                assert text.count("✔") == len(question.correct_options), question.id
            elif question.type == "fill":
                assert all(a in text for a in question.answers[lang]), question.id
            elif question.type == "order":
                items = [i[lang] for i in question.items]
                positions = [text.index(i) for i in items]
                assert positions == sorted(positions), question.id
            elif question.type == "match":
                assert all(p.left[lang] in text and p.right[lang] in text for p in question.pairs), question.id
            assert flat(question.explanation[lang]) in flat(text), question.id
            for ref in question.sources:  # every cited paragraph, not only the first
                slug, _, paragraph = ref.partition("#")
                # The paragraph as the section page shows it: not the exporter's own reader of docs/.
                source = paragraphs_on_page(site_dir, lang, quiz.episode, slug).get(paragraph)
                assert source and source in flat(text), (question.id, ref)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_worksheets_have_questions_but_no_answers(site_dir, quizzes, lang):
    for quiz in quizzes:
        doc = built(site_dir, lang, f"teachers/worksheet/{quiz.slug}")
        blocks = question_blocks(doc, "data-ss-ws-question")
        assert list(blocks) == [q.id for q in quiz.questions], quiz.id
        [sheet] = doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ss-worksheet ')]")
        assert "✔" not in sheet.text_content() and not sheet.xpath(".//*[contains(@class, 'ss-correct')]")
        for question in quiz.questions:
            block = blocks[question.id].text_content().replace(question.prompt[lang], "")
            if question.type == "fill":
                for answer in question.answers[lang]:
                    assert answer not in block, (question.id, answer)
            assert question.explanation[lang] not in block, question.id


def test_every_quiz_has_teacher_pages_in_both_languages(quizzes):
    pages = quiz_pages(ROOT / "docs")
    for quiz in quizzes:
        assert quiz.id in pages, f"{quiz.id} has no quiz page"
        for kind in ("answer-key", "worksheet"):
            for name in (f"{quiz.slug}.md", f"{quiz.slug}.en.md"):
                page = ROOT / "docs" / "teachers" / kind / name
                assert page.is_file(), page
                assert f"<!-- study:{kind} {quiz.id} -->" in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_link_builder_lists_every_quiz_with_its_pages(site_dir, quizzes, lang):
    doc = built(site_dir, lang, "teachers/assign")
    options = [(o.get("value"), o.get("data-url-ja"), o.get("data-url-en")) for o in doc.xpath("//option[@data-url-ja]")]
    assert [o[0] for o in options] == [q.id for q in quizzes]
    values = set(doc.xpath("//@value"))
    page_url = f"http://site/{LANG_PREFIX[lang]}teachers/assign/"
    for (quiz_id, ja, en), quiz in zip(options, quizzes):
        ja_page, en_page = resolve(site_dir, page_url, ja), resolve(site_dir, page_url, en)
        assert ja_page == site_dir / "ep90" / "quiz" / quiz.slug / "index.html" and ja_page.is_file()
        assert en_page == site_dir / "en" / "ep90" / "quiz" / quiz.slug / "index.html" and en_page.is_file()
        for question in quiz.questions:
            assert question.id in values, question.id
