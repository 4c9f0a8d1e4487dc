"""The one reader of docs/ (studykit/docs.py): section pages, titles, paragraphs, quiz pages."""

from __future__ import annotations

from pathlib import Path

from studykit.docs import (MarkdownConfig, load_section, page_title, paragraph_ids, paragraph_text, quiz_pages,
                           section_refs)

PAGE = """---
title: ignored
---
# Talks &amp; *truce*

<!-- study:notice ep1 -->

First paragraph with a [link](other.md) and *emphasis*,
over two lines.
{: #p1 }

??? note "Editor"
    Not part of the text.

Second.
{: #p2 }
"""


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "ep1" / "quiz").mkdir(parents=True)
    (docs / "ep1" / "talks.md").write_text(PAGE, encoding="utf-8")
    (docs / "ep1" / "talks.en.md").write_text(PAGE.replace("First paragraph", "English paragraph"), encoding="utf-8")
    (docs / "ep1" / "quiz" / "talks.md").write_text("# Quiz\n\n<!-- study:quiz ep1-talks -->\n", encoding="utf-8")
    (docs / "ep1" / "quiz" / "talks.en.md").write_text("# Quiz\n\n<!-- study:quiz ep1-talks -->\n", encoding="utf-8")
    return docs


def test_titles_blocks_and_text_come_from_the_rendered_page(tmp_path):
    docs = _docs(tmp_path)
    assert section_refs(docs) == ["ep1/talks"]
    assert page_title(docs, "ep1", "talks", "en") == "Talks & truce"
    assert page_title(docs, "ep1", "missing", "en") == "missing"
    assert paragraph_ids(docs, "ep1", "talks", "ja") == {"p1", "p2"}
    assert paragraph_ids(docs, "ep1", "missing", "ja") is None
    assert paragraph_text(docs, "ep1", "talks", "p1", "en") == "English paragraph with a link and emphasis, over two lines."
    assert paragraph_text(docs, "ep1", "talks", "p1", "ja") == "First paragraph with a link and emphasis,over two lines."
    assert paragraph_text(docs, "ep1", "talks", "p9", "ja") == ""
    assert quiz_pages(docs) == {"ep1-talks": "ep1/quiz/talks.md"}


def test_the_site_markdown_configuration_is_used_when_given(tmp_path):
    """Without it, the block extensions only; with it, what the site renders (e.g. ??? details)."""
    docs = _docs(tmp_path)
    plain = load_section(docs, "ep1/talks", "en")
    assert "<details" not in plain.html
    site = MarkdownConfig(("attr_list", "pymdownx.details", "toc"), {"toc": {"permalink": True}})
    rendered = load_section(docs, "ep1/talks", "en", site)
    assert "<details" in rendered.html and 'class="headerlink"' in rendered.html
    assert rendered.title == plain.title == "Talks & truce"  # the permalink is not part of the title
    assert [b.id for b in rendered.blocks] == [b.id for b in plain.blocks] == ["p1", "p2"]


def test_a_section_page_is_read_once_until_it_changes(tmp_path, monkeypatch):
    """Every quiz citation asks for its section page: one stat per call, one Markdown run per version."""
    import markdown

    import studykit.docs as docs_module

    docs = _docs(tmp_path)
    runs = []
    real = markdown.markdown
    monkeypatch.setattr(docs_module.markdown, "markdown", lambda *a, **k: runs.append(1) or real(*a, **k))
    for _ in range(50):
        assert paragraph_ids(docs, "ep1", "talks", "ja") == {"p1", "p2"}
    assert len(runs) == 1
    page = docs / "ep1" / "talks.md"
    page.write_text(PAGE.replace("Second.\n{: #p2 }", "Second.\n{: #p2 }\n\nThird.\n{: #p3 }"), encoding="utf-8")
    assert paragraph_ids(docs, "ep1", "talks", "ja") == {"p1", "p2", "p3"}
    assert len(runs) == 2
    page.unlink()
    assert paragraph_ids(docs, "ep1", "talks", "ja") is None
