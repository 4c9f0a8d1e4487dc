"""Build cost: work that depends only on the input files is done once per build, not once per page.

Timings live in scripts/bench_quizzes.py and scripts/bench_serve.py (they depend on
the machine); these tests count calls, so a per-page regression fails on any machine.
"""

from __future__ import annotations

import pytest

from support import ROOT
from studykit.export import build as export_build
from studykit.render import quiz as quiz_render
from studykit.site import StudySite

QUIZ_PAGES = [("ep90-us-stance", "ep90/quiz/us-stance.md"), ("ep90-china-key", "ep90/quiz/china-key.md"),
              ("ep90-review", "ep90/quiz/review.md")]


def test_once_per_build_memoises_only_inside_a_build():
    site = StudySite(ROOT)
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert [site.once_per_build("k", compute) for _ in range(3)] == [1, 2, 3]  # no build open: afresh
    site.build_memo = {}
    assert [site.once_per_build("k", compute) for _ in range(3)] == [4, 4, 4]
    site.build_memo = {}  # the next build (the hook's on_pre_build) reads the files again
    assert site.once_per_build("k", compute) == 5


@pytest.mark.parametrize("in_build", [True, False])
def test_quiz_inputs_are_fingerprinted_once_per_build(monkeypatch, in_build):
    """Every quiz page asks for the checked quiz set; fingerprinting every data file and section
    page for each of them made the build quadratic in the number of quizzes."""
    site = StudySite(ROOT)
    if in_build:
        site.build_memo = {}
    calls = []
    real = quiz_render._input_files
    monkeypatch.setattr(quiz_render, "_input_files", lambda *a: calls.append(a) or real(*a))
    for quiz_id, page in QUIZ_PAGES:
        for language in ("ja", "en"):
            assert "data-ss-question" in site.render_marker("quiz", quiz_id, language=language, page_path=page).html
    assert len(calls) == (1 if in_build else 2 * len(QUIZ_PAGES))


def test_exports_page_lists_the_files_without_generating_them(monkeypatch):
    """The teachers' page links every export file the build writes, by name only: the exporters run once, in on_post_build."""
    site = StudySite(ROOT)

    def refuse(*args, **kwargs):
        raise AssertionError("an exporter ran while rendering the teachers' page")

    for name in ("export_moodle", "export_gift", "export_qti"):
        monkeypatch.setattr(export_build, name, refuse)
    html = site.render_marker("exports", None, language="en", page_path="teachers/exports.en.md").html
    quizzes = export_build.load_export_quizzes(site.data_dir, site.docs_dir, site.root)
    names = [export.path for export in export_build.export_list(quizzes)]
    assert names and all(f'exports/{name}"' in html for name in names)
    with pytest.raises(AssertionError, match="an exporter ran"):
        export_build.export_files(quizzes)  # the guard itself bites


def test_export_list_names_exactly_the_files_export_files_makes():
    quizzes = export_build.load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)
    for formats, native in ((export_build.FORMATS, True), (("gift",), False), (("moodle",), False)):
        made = [export for export, _data in export_build.export_files(quizzes, formats, native)]
        assert export_build.export_list(quizzes, formats, native) == made


def test_marker_html_goes_around_markdown_and_comes_back_unchanged():
    """Python-Markdown's md_in_html parsed every tag of the marker HTML only to pass it through:
    the Markdown gets a one-line placeholder, the page's HTML gets the marker HTML back."""
    from studykit.render.slots import HtmlSlots

    slots = HtmlSlots()
    quiz = StudySite(ROOT).render_marker("quiz", "ep90-china-key", language="ja", page_path="ep90/quiz/china-key.md").html
    first = slots.hold("a.md", quiz)
    second = slots.hold("a.md", "<p>two</p>")
    other = slots.hold("b.md", "<p>b</p>")
    assert len(first) < 60 and "\n" not in first and first != second
    forged = first.replace(first.split('"')[1].split("-")[0], "0" * 12)  # another token: the author's text
    page = f"<h1>A</h1>\n{first}\n<p>text</p>\n{second}\n{forged}"
    assert slots.fill("a.md", page) == (f"<h1>A</h1>\n{quiz}\n<p>text</p>\n<p>two</p>\n{forged}", 0)
    assert slots.fill("a.md", page) == (page, 0)  # filled once: the page's next build holds afresh
    assert slots.fill("b.md", f"x{other}y") == ("x<p>b</p>y", 0)
    lost = slots.hold("c.md", "<p>c</p>")
    assert slots.fill("c.md", f"<pre>{lost.replace('<', '&lt;')}</pre>")[1] == 1  # escaped: not found


def _through_the_hook(source: str, src_uri: str, language: str, extensions: list[str]) -> tuple[str, str]:
    """``source`` through the hook's on_page_markdown, Python-Markdown and its on_page_content:
    (the Markdown the hook hands on, the page's HTML)."""
    import study
    import markdown as python_markdown
    from types import SimpleNamespace

    page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, content_string=source), meta={})
    theme = type("Theme", (dict,), {"custom_dir": str(ROOT / "overrides")})(language=language)  # item and attribute access
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), theme=theme,
                             markdown_extensions=extensions, mdx_configs={})
    converted = study.on_page_markdown(source, page, config, None)
    return converted, study.on_page_content(python_markdown.markdown(converted, extensions=extensions), page, config, None)


def test_the_hook_hands_markdown_a_placeholder_for_marker_html():
    import markdown as python_markdown

    source = "# Quiz\n\n<!-- study:quiz ep90-china-key -->\n\nAfter.\n"
    converted, html = _through_the_hook(source, "ep90/quiz/china-key.md", "ja", ["md_in_html"])
    assert "data-ss-question" not in converted and len(converted) < len(source) + 60
    quiz = StudySite(ROOT).render_marker("quiz", "ep90-china-key", language="ja", page_path="ep90/quiz/china-key.md").html
    assert html == python_markdown.markdown(source.replace("<!-- study:quiz ep90-china-key -->", quiz),
                                            extensions=["md_in_html"])


def test_the_marker_output_is_in_the_page_once():
    converted, html = _through_the_hook("# Title\n\n<!-- study:quiz ep90-china-key -->\n\nAfter.\n",
                                        "ep90/x.en.md", "en", ["pymdownx.superfences"])
    assert "data-ss-quiz" not in converted  # Markdown never sees the marker's HTML
    assert html.count("data-ss-quiz") == 1 and "data-ss-slot" not in html
    assert html.index("<h1>Title</h1>") < html.index("data-ss-quiz") < html.index("<p>After.</p>")


def test_a_marker_inside_a_code_block_fails_the_build():
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"docs/ep90/x.en.md: 1 study marker\(s\) inside a code block"):
        _through_the_hook("# Title\n\n```\n<!-- study:quiz ep90-china-key -->\n```\n", "ep90/x.en.md", "en",
                          ["pymdownx.superfences"])


def _count_compiles(monkeypatch) -> list[str]:
    import jinja2

    compiled: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_theme_templates_compile_once_per_process_until_edited(tmp_path, monkeypatch):
    """MkDocs makes a new theme environment per language build; the hook's bytecode cache hands
    it the compiled templates of the last one, unless a template or a compile setting changed."""
    import os
    import time as clock

    import jinja2
    import template_cache
    from types import SimpleNamespace

    from studykit.render.kernel import CACHE_DIR, TemplateBytecodeCache, bytecode_cache

    compiled = _count_compiles(monkeypatch)
    (tmp_path / "page.html").write_text("{% for x in xs %}{% if x > 1 %}{% break %}{% endif %}{{ x }}{% endfor %}")
    cache = TemplateBytecodeCache()

    def render(**settings) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), auto_reload=False,
                                 extensions=["jinja2.ext.loopcontrols"], **settings)
        env.bytecode_cache = cache
        return env.get_template("page.html").render(xs=[1, 2, 3])

    assert [render() for _ in range(3)] == ["1"] * 3 and compiled == ["page.html"]
    (tmp_path / "page.html").write_text("{{ xs | length }}")
    later = clock.time() + 5
    os.utime(tmp_path / "page.html", (later, later))
    assert render() == "3" and len(compiled) == 2  # edited: compiled again
    assert render(variable_start_string="[[", variable_end_string="]]") == "{{ xs | length }}" and len(compiled) == 3
    assert render() == "3" and len(compiled) == 3
    env = jinja2.Environment()
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    assert template_cache.on_env(env, config, None) is env and env.bytecode_cache is bytecode_cache(tmp_path / CACHE_DIR)


def test_compiled_templates_are_kept_on_disk_for_the_next_build(tmp_path, monkeypatch):
    """A new process (a new cache on the same directory) takes the compiled code from disk;
    an edited template, other settings or a damaged file are compiled again."""
    import os
    import time as clock

    import jinja2
    from studykit.render.kernel import TemplateBytecodeCache

    compiled = _count_compiles(monkeypatch)
    templates, stored = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("{% for x in xs %}{{ x }}{% endfor %}")

    def render_in_new_process(**settings) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), **settings)
        env.bytecode_cache = TemplateBytecodeCache(stored)  # nothing in memory: only the disk
        return env.get_template("page.html").render(xs=[1, 2])

    assert render_in_new_process() == "12" and len(compiled) == 1
    assert len(list(stored.glob("*.jinja"))) == 1
    assert render_in_new_process() == "12" and len(compiled) == 1  # from disk
    assert render_in_new_process(trim_blocks=True) == "12" and len(compiled) == 2  # other settings, own file
    (templates / "page.html").write_text("{{ xs | length }}")
    later = clock.time() + 5
    os.utime(templates / "page.html", (later, later))
    assert render_in_new_process() == "2" and len(compiled) == 3  # edited
    for file in stored.glob("*.jinja"):
        file.write_bytes(file.read_bytes()[:40])  # torn
    assert render_in_new_process() == "2" and len(compiled) == 4
    assert render_in_new_process() == "2" and len(compiled) == 4  # the damaged file was replaced


def test_study_templates_compile_once_across_builds_and_reload_when_edited(tmp_path, monkeypatch):
    """The marker templates live in StudySite's environment, which the hook keeps across
    language builds and serve rebuilds; Jinja's auto_reload sees an edited template."""
    import os
    import shutil
    import time as clock

    templates = tmp_path / "study"
    shutil.copytree(ROOT / "overrides" / "study", templates)
    site = StudySite(ROOT, templates_dir=templates)
    compiled = _count_compiles(monkeypatch)
    for _build in range(2):
        site.build_memo = {}
        for quiz_id, page in QUIZ_PAGES:
            site.render_marker("quiz", quiz_id, language="ja", page_path=page)
    assert compiled.count("quiz.html") == 1
    quiz = templates / "quiz.html"
    quiz.write_text("EDITED " + quiz.read_text(encoding="utf-8"), encoding="utf-8")
    later = clock.time() + 5
    os.utime(quiz, (later, later))
    site.build_memo = {}
    assert site.render_marker("quiz", "ep90-review", language="ja", page_path="ep90/quiz/review.md").html.startswith("EDITED")
    assert compiled.count("quiz.html") == 2


def _small_project(tmp_path):
    """docs and quizzes only (what the quiz set reads), so an edit never touches the real tree."""
    import shutil

    for name in ("docs", "quizzes"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("edited", ["quizzes/ep90/china-key.quiz.yml", "docs/ep90/us-stance.md"])
def test_the_checked_quiz_set_is_loaded_once_per_process_until_an_input_changes(tmp_path, monkeypatch, edited):
    """static-i18n builds each language inside one process (and serve rebuilds in it): the quiz
    files are loaded and cross-checked once, until a quiz file or a section page changes."""
    project = _small_project(tmp_path)
    site = StudySite(project, templates_dir=ROOT / "overrides" / "study")
    loads = []
    real = quiz_render.load_quizzes
    monkeypatch.setattr(quiz_render, "load_quizzes", lambda *a, **k: loads.append(1) or real(*a, **k))

    def build() -> str:
        site.build_memo = {}  # what on_pre_build does for each language build
        return "".join(site.render_marker("quiz", quiz_id, language=language, page_path=page).html
                       for quiz_id, page in QUIZ_PAGES for language in ("ja", "en"))

    first = build()
    assert build() == first and len(loads) == 1
    path = project / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a new size and mtime
    assert build() == first and len(loads) == 2
    assert build() == first and len(loads) == 2
