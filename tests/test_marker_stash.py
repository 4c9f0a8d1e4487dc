"""Markers' HTML goes into the page after Markdown (hooks/study.py): on_page_markdown
leaves a placeholder, on_page_content puts the HTML in its place; a placeholder that
Markdown did not pass through (a marker inside a code block) fails the build."""

from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError

import study
from support import ROOT


def render(page_markdown: str) -> str:
    """The page through the hook's on_page_markdown, Markdown and the hook's placeholder swap."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="ep90/x.en.md", content_string=page_markdown), meta={})
    theme = type("Theme", (dict,), {"custom_dir": str(ROOT / "overrides")})(language="en")  # item and attribute access
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), theme=theme,
                             markdown_extensions=[], mdx_configs={})
    out = study.on_page_markdown(page_markdown, page, config, None)
    assert "data-ss-quiz" not in out  # Markdown never sees the marker's HTML
    return study.on_page_content(markdown.markdown(out, extensions=["pymdownx.superfences"]), page, config, None)


def test_the_marker_output_is_in_the_page_once():
    html = render("# Title\n\n<!-- study:quiz ep90-china-key -->\n\nAfter.\n")
    assert html.count("data-ss-quiz") == 1 and "data-ss-slot" not in html
    assert html.index("<h1>Title</h1>") < html.index("data-ss-quiz") < html.index("<p>After.</p>")


def test_a_marker_inside_a_code_block_fails_the_build():
    with pytest.raises(PluginError, match=r"docs/ep90/x.en.md: 1 study marker\(s\) inside a code block"):
        render("# Title\n\n```\n<!-- study:quiz ep90-china-key -->\n```\n")
