"""Teacher pages in the built site: answer keys, worksheets, export links, guide."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import ROOT
from studykit.export import load_export_quizzes
from studykit.export.build import export_files
from studykit.docs import paragraph_text, quiz_pages

LANG_PREFIX = {"ja": "", "en": "en/"}


@pytest.fixture(scope="module")
def quizzes():
    return load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)


def _page(site_dir: Path, lang: str, path: str) -> str:
    file = site_dir / LANG_PREFIX[lang] / path / "index.html"
    assert file.is_file(), f"missing page {file}"
    return file.read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])


def _resolve(site_dir: Path, page_url: str, href: str) -> Path:
    url = urlparse(urljoin(page_url, href))
    path = url.path.lstrip("/")
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or not path else target


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_export_link_resolves(site_dir, quizzes, lang):
    html = _page(site_dir, lang, "teachers/exports")
    parser = _Links()
    parser.feed(html)
    exports = [h for h in parser.links if "exports/" in h and not h.endswith("/")]
    expected = {e.path for e, _ in export_files(quizzes)}
    page_url = f"http://site/{LANG_PREFIX[lang]}teachers/exports/"
    resolved = {_resolve(site_dir, page_url, h) for h in exports}
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
        html = _page(site_dir, lang, f"teachers/answer-key/{quiz.slug}")
        ids = re.findall(r'data-ss-key-question="([^"]+)"', html)
        assert ids == [q.id for q in quiz.questions], quiz.id
        for question in quiz.questions:
            block = html.split(f'data-ss-key-question="{question.id}"', 1)[1].split("data-ss-key-question=", 1)[0]
            text = unescape(re.sub(r"<[^>]+>", "", block))
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
            assert " ".join(question.explanation[lang].split()) in " ".join(text.split()), question.id
            for ref in question.sources:  # every cited paragraph, not only the first
                slug, _, paragraph = ref.partition("#")
                source = paragraph_text(ROOT / "docs", quiz.episode, slug, paragraph, lang)
                assert source and " ".join(source.split()) in " ".join(text.split()), (question.id, ref)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_worksheets_have_questions_but_no_answers(site_dir, quizzes, lang):
    for quiz in quizzes:
        html = _page(site_dir, lang, f"teachers/worksheet/{quiz.slug}")
        ids = re.findall(r'data-ss-ws-question="([^"]+)"', html)
        assert ids == [q.id for q in quiz.questions], quiz.id
        sheet = html.split("ss-worksheet", 1)[1]
        assert "✔" not in sheet and "ss-correct" not in sheet
        for question in quiz.questions:
            block = html.split(f'data-ss-ws-question="{question.id}"', 1)[1].split("data-ss-ws-question=", 1)[0]
            block = unescape(re.sub(r"<[^>]+>", "", block)).replace(question.prompt[lang], "")
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
    html = _page(site_dir, lang, "teachers/assign")
    options = re.findall(r'<option value="([^"]+)" data-url-ja="([^"]+)" data-url-en="([^"]+)"', html)
    assert [o[0] for o in options] == [q.id for q in quizzes]
    page_url = f"http://site/{LANG_PREFIX[lang]}teachers/assign/"
    for (quiz_id, ja, en), quiz in zip(options, quizzes):
        ja_page, en_page = _resolve(site_dir, page_url, ja), _resolve(site_dir, page_url, en)
        assert ja_page == site_dir / "ep90" / "quiz" / quiz.slug / "index.html" and ja_page.is_file()
        assert en_page == site_dir / "en" / "ep90" / "quiz" / quiz.slug / "index.html" and en_page.is_file()
        for question in quiz.questions:
            assert f'value="{question.id}"' in html, question.id
