"""StudySite takes its folders from the MkDocs config the hook passes in, not from fixed paths."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from studykit.docs import MarkdownConfig
from studykit.site import StudySite

ROOT = Path(__file__).resolve().parents[1]


def test_templates_and_docs_come_from_the_folders_given(tmp_path):
    templates = tmp_path / "theme" / "study"
    shutil.copytree(ROOT / "overrides" / "study", templates)
    notice = templates / "notice.html"
    notice.write_text(notice.read_text(encoding="utf-8").replace("About this commentary", "From elsewhere"),
                      encoding="utf-8")
    site = StudySite(ROOT, docs_dir=tmp_path / "pages", templates_dir=templates)
    assert site.docs_dir == tmp_path / "pages"
    html = site.render_marker("notice", "ep90", language="en", page_path="ep90/us-stance.en.md").html
    assert "From elsewhere" in html and "About this commentary" not in html
    default = StudySite(ROOT).render_marker("notice", "ep90", language="en", page_path="ep90/us-stance.en.md").html
    assert "About this commentary" in default


def test_the_hook_passes_docs_dir_custom_dir_and_the_markdown_configuration(tmp_path):
    import study

    theme = type("Theme", (dict,), {"custom_dir": str(tmp_path / "theme")})(language="en")
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path / "pages"), theme=theme,
                             markdown_extensions=["attr_list", "toc"], mdx_configs={"toc": {"permalink": True}})
    site = study._study(config)
    assert (site.docs_dir, site.templates_dir) == (tmp_path / "pages", tmp_path / "theme" / "study")
    assert site.markdown_config == MarkdownConfig(("attr_list", "toc"), {"toc": {"permalink": True}})
    assert site.markdown_config.configs == {"toc": {"permalink": True}}
