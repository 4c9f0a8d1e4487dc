"""MkDocs hooks for the study site: event functions and marker dispatch only.

The content logic (models, loading, rendering) lives in the ``studykit``
package beside this file, which never imports MkDocs. A page asks for generated
content with a marker line such as ``<!-- study:quiz ep90-us-stance -->``; an
unknown marker fails the build.
"""

from __future__ import annotations

import html
import logging
import re
from copy import deepcopy
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.annotate.readings import annotate_section_page, check_all as check_readings
from studykit.datafile import data_file_problems
from studykit.docs import MarkdownConfig, is_section_page, missing_twins
from studykit.errors import Problem, StudyDataError
from studykit.export import data_fingerprint, exports_of, write_export_files
from studykit.load.glossary import cached_glossaries, link_section
from studykit.load.timeline import check_timelines
from studykit.publish.csp import add_policy, rewrite_policy
from studykit.publish.deferred import JOBS
from studykit.publish.sidework import SIDE, SideWorkError
from studykit.render.kernel import CACHE_DIR, Rendered
from studykit.render.quiz import quizzes_or_last_good
from studykit.render.slots import HtmlSlots
from studykit.site import StudySite

MARKER = re.compile(r"^<!--[ \t]*study:(?P<kind>[\w-]+)(?:[ \t]+(?P<arg>[^\s>]+))?[ \t]*-->[ \t]*$", re.M)
# Anything that looks like a marker; each must also match MARKER, or the build
# fails: a typo must not silently ship an empty page.
MARKER_LIKE = re.compile(r"<!--\s*study\s*:", re.I)

_site: StudySite | None = None
_serving = False
_exports: tuple | None = None  # (data fingerprint, call of exports_of): the exports last asked for
_exports_written: tuple | None = None  # (exports dir, data fingerprint) last written
# While serving: the errors of this build (shown on every page), whether the
# data files themselves are unusable (then no loader may touch them), and the
# last good output of every marker and of the glossary.
_errors: list[str] = []
_files_broken = False
_last_good: dict[tuple, Rendered] = {}
_last_good_glossary = None
_slots = HtmlSlots()  # marker HTML, kept out of Markdown (see studykit/render/slots.py)


def _study(config) -> StudySite:
    global _site
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    # Templates of the study markers sit in the theme's custom_dir, under study/.
    templates_dir = Path(config.theme.custom_dir) / "study"
    if _site is None or (_site.root, _site.docs_dir, _site.templates_dir) != (root, docs_dir, templates_dir):
        _site = StudySite(root, docs_dir=docs_dir, templates_dir=templates_dir, template_cache_dir=root / CACHE_DIR)
    _site.markdown_config = MarkdownConfig(tuple(config.markdown_extensions), dict(config.mdx_configs))
    _site.serving = _serving
    return _site


def _request_assets(page, assets) -> None:
    """Ask overrides/main.html to load assets/study/<name>.css and .js on this page."""
    requested = page.meta.setdefault("study_assets", [])
    requested.extend(a for a in assets if a not in requested)


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    SIDE.parallel = not _serving  # build, gh-deploy: exports beside the pages (studykit/publish/sidework.py)


# While serving, a request for output still being written after a rebuild
# (exports, search index) waits for it: studykit.publish.deferred wraps the
# server's WSGI app (get_app/set_app: the standard library server's API).
# And MkDocs' file watcher ignores directory events, so removing a directory named
# like a data file (quizzes/ep90/x.quiz.yml/) would not rebuild, and the error
# would stay up until some other file changed. Rebuild on those too. Uses the
# server's rebuild flag; if a later MkDocs renames it, only this convenience goes.
def on_serve(server, config, builder):
    import watchdog.events

    server.set_app(JOBS.gate(server.get_app(), urlsplit(config.site_url or "/").path))
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return server

    def rebuild(event):
        if event.is_directory and event.event_type in ("created", "deleted", "moved"):
            with condition:
                server._want_rebuild = True
                condition.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = rebuild
    server.observer.schedule(handler, str(_study(config).data_dir), recursive=True)
    return server


# While serving, quiz data errors are printed here rather than failing the
# build: a failed rebuild makes `mkdocs serve` hold every request. Not through
# the "mkdocs" logger, which strict mode would count as a failure.
_serve_log = logging.getLogger("studykit.serve")
_serve_log.propagate = False
_serve_log.addHandler(logging.StreamHandler())
_serve_log.handlers[-1].setFormatter(logging.Formatter("ERROR    -  %(message)s"))


# static-i18n warns in on_config that its language links do not follow instant
# navigation, and --strict turns that warning into a failure. The site keeps
# those links right itself (overrides/partials/study-i18n.html, site.js, guarded
# by tests/test_devices.py), so exactly that warning is dropped; any other
# static-i18n warning still fails the build. Idempotent: serve re-imports hooks.
def _drop_instant_warning(record: logging.LogRecord) -> bool:
    return "navigation.instant" not in record.getMessage()


_i18n_log = logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure")
_i18n_log.filters = [f for f in _i18n_log.filters if getattr(f, "__name__", "") != _drop_instant_warning.__name__]
_i18n_log.addFilter(_drop_instant_warning)


# Priority 0, before static-i18n's on_post_build (-100) starts the next
# language's build: each language's pass runs at the end of its own build, and
# the last one sees both languages.
@event_priority(0)
def on_post_build(config):
    if not _last_language(config):
        return  # the last language's pass sees the whole site: the work below is done once, there
    # One policy for the whole site: instant navigation keeps the first page's
    # <meta>, so it must allow every page's inline scripts (both languages).
    if not _serving:
        rewrite_policy(Path(config.site_dir))
    if _files_broken:
        return  # reported by on_pre_build; no exports until it is fixed
    out_dir = Path(config.site_dir) / "exports"
    if not _serving:
        _publish_exports(out_dir)
    else:
        # After the pages, in a thread: the reload does not wait for the exports, and
        # a download waits for them (studykit.publish.deferred; tests/test_serve.py).
        JOBS.start("exports/", lambda: _publish_exports(out_dir))


def _last_language(config) -> bool:
    """True in the last language's pass: static-i18n builds the other languages inside
    the first one's on_post_build (i18n.building), after this hook's pass in the first."""
    i18n = config.plugins.get("i18n")
    return i18n is None or bool(getattr(i18n, "building", False))


def _ask_for_exports(site: StudySite) -> None:
    """Start making the LMS exports, once per change of the quiz files: in the build's
    side process while the pages render (mkdocs build), or when first written (serve)."""
    global _exports
    fingerprint = data_fingerprint(site.data_dir, site.root)
    if _exports is None or _exports[0] != fingerprint:
        _exports = (fingerprint, SIDE.submit(exports_of, site.data_dir, site.docs_dir, site.root))


def _publish_exports(out_dir: Path) -> None:
    """Write the LMS exports for the teacher pages. They are kept in memory: every
    language build shares site_dir, and mkdocs serve rebuilds into a cleaned
    directory, where rewriting the kept bytes costs next to nothing."""
    global _exports_written
    fingerprint, made = _exports
    try:
        files = made.result()
    except StudyDataError as error:
        if _serving:
            return  # reported by on_pre_build; no exports until it is fixed
        raise PluginError(str(error)) from None
    except SideWorkError as error:
        raise PluginError(str(error)) from None
    if _exports_written != (str(out_dir), fingerprint) or not out_dir.is_dir():
        write_export_files(files, out_dir)
        _exports_written = (str(out_dir), fingerprint)


def on_shutdown():
    JOBS.wait()  # before MkDocs removes the served directory
    SIDE.close()


# Material renders 404.html into site_dir in every language build, so the last
# language would overwrite the default one. Its header links would also be those
# of the last page rendered: point them at the language home pages instead.
def on_template_context(context, template_name, config):
    i18n = config.plugins.get("i18n")
    if template_name == "404.html" and i18n is not None and i18n.extra_alternate:
        # static-i18n sets the attribute (which Jinja reads first), not the key.
        config.extra.alternate = deepcopy(i18n.extra_alternate)
    return context


def on_post_template(output, template_name, config):
    i18n = config.plugins.get("i18n")
    language = config.theme["language"]
    if template_name == "404.html" and not _serving:
        output = add_policy(output)
    if template_name != "404.html" or i18n is None or language == i18n.default_language:
        return output
    path = Path(config.site_dir) / language / "404.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output, encoding="utf-8")
    return ""  # empty output: MkDocs skips writing the root 404.html


def _report(error: StudyDataError) -> None:
    """Fail the build; while serving, log the error and show it on every page instead."""
    if not _serving:
        raise PluginError(str(error)) from None
    if str(error) not in _errors:
        _errors.append(str(error))
        _serve_log.error("%s\n(serving the last good pages until this is fixed)", error)


# Check every data file once per build, so a bad file fails the build even if
# no page uses it (cheap for the second language: parsed files are cached).
# The files themselves first: a FIFO, a symlink loop or a link out of the
# project must never reach a loader.
def on_pre_build(config):
    global _files_broken
    JOBS.wait()  # the last rebuild's deferred output, before MkDocs cleans site_dir
    site = _study(config)
    site.build_memo = {}  # this build's inputs are read afresh (see StudySite.once_per_build)
    _errors.clear()
    twins = missing_twins(site.docs_dir, site.root)
    if twins:
        _report(StudyDataError(twins))
    problems = data_file_problems(site.data_dir, site.root)
    _files_broken = bool(problems)
    if problems:
        _report(StudyDataError(problems))
        return
    try:
        _, error = quizzes_or_last_good(site)
        if error:
            _report(error)
    except StudyDataError as error:
        _report(error)
    for check in (lambda: cached_glossaries(site.data_dir, root=site.root), lambda: check_timelines(site),
                  lambda: check_readings(site.docs_dir, site.data_dir, root=site.root)):
        try:
            check()
        except StudyDataError as error:
            _report(error)
    _ask_for_exports(site)  # mkdocs build: made in the side process while the pages render


def _source_line_offset(page, markdown: str) -> int:
    """Lines MkDocs cut off the top of the page (its YAML front matter)."""
    source = getattr(page.file, "content_string", "") or ""
    at = source.find(markdown[:200]) if markdown else -1
    return source.count("\n", 0, at) if at > 0 else 0


def _located(error: StudyDataError, where: Problem) -> StudyDataError:
    """Errors a renderer reports against the page itself, moved to the marker's line."""
    pages = {where.path, where.path.removeprefix("docs/")}
    for problem in error.problems:
        if problem.path in pages and (problem.line, problem.column) == (1, 1):
            problem.path, problem.line, problem.column = where.path, where.line, where.column
    return StudyDataError(error.problems)


def _error_box(messages: list[str]) -> str:
    text = html.escape("\n".join(messages))
    return ('<div class="admonition failure" role="alert" data-ss-data-error>'
            '<p class="admonition-title">Study data error / 学習データのエラー</p>'
            f"<pre><code>{text}</code></pre></div>\n")


# Early; each marker becomes a placeholder, and its HTML goes in at the start of
# on_page_content (priority 50), before other plugins and search see the HTML.
@event_priority(50)
def on_page_markdown(markdown: str, page, config, files):
    site = _study(config)
    language = config.theme["language"]
    page_path = page.file.src_uri
    # Decided here, on the Markdown MkDocs has already read, for on_page_content.
    page.meta["study_section"] = is_section_page(page_path, markdown)
    offset = _source_line_offset(page, markdown)

    def where(index: int) -> Problem:
        line = markdown.count("\n", 0, index) + 1 + offset
        column = index - (markdown.rfind("\n", 0, index) + 1) + 1
        return Problem(f"docs/{page_path}", line, column, "study marker", "")

    well_formed = {m.start() for m in MARKER.finditer(markdown)}
    malformed = []
    for match in MARKER_LIKE.finditer(markdown):
        if match.start() not in well_formed:
            problem = where(match.start())
            end = markdown.find("\n", match.start())
            text = markdown[match.start():end if end >= 0 else None].strip()[:80]
            problem.reason = (f"malformed '{text}': write <!-- study:<kind> <argument> --> "
                              "alone on its line, from its first column")
            malformed.append(problem)
    if malformed:
        raise PluginError(str(StudyDataError(malformed)))

    def replace(match: re.Match) -> str:
        kind, arg = match["kind"], match["arg"]
        key = (kind, arg, language, page_path)
        try:
            if _serving and _files_broken:
                raise StudyDataError([])  # the data files are unusable: keep what was last shown
            rendered = site.render_marker(kind, arg, language=language, page_path=page_path)
        except StudyDataError as error:
            located = _located(error, where(match.start()))
            if not _serving:
                raise PluginError(str(located)) from None
            if located.problems:
                _report(located)
            if key not in _last_good:
                return _slots.hold(page_path, _error_box([str(located)]))
            rendered = _last_good[key]
        if rendered is None:
            problem = where(match.start())
            problem.reason = f"unknown study marker '{match[0].strip()}'"
            raise PluginError(str(problem))
        _last_good[key] = rendered
        _request_assets(page, rendered.assets)
        return _slots.hold(page_path, rendered.html)

    return MARKER.sub(replace, markdown)


def _fill_slots(page, html_text: str) -> str:
    """The page's HTML with each marker's output in place of its placeholder."""
    html_text, lost = _slots.fill(page.file.src_uri, html_text)
    if lost:  # e.g. a marker inside a code block: Markdown escaped its placeholder
        raise PluginError(f"docs/{page.file.src_uri}: {lost} study marker(s) inside a code "
                          "block or HTML: write each alone on its line, outside code and HTML")
    return html_text


def _glossary(site):
    """The glossary; while serving, the last good one after an error (None if there is none)."""
    global _last_good_glossary
    try:
        if _serving and _files_broken:
            return _last_good_glossary
        _last_good_glossary = cached_glossaries(site.data_dir, root=site.root)
    except StudyDataError as error:
        if not _serving:
            raise PluginError(str(error)) from None
    return _last_good_glossary


# Glossary links in the section pages' HTML (first occurrence of each term).
# On the HTML, not the Markdown, so headings, links and code are known and the
# Markdown source (the author's verbatim text) is never rewritten. Priority 50:
# before other plugins' on_page_content handlers, so they see the linked HTML.
# (Search indexes later anyway, in on_page_context, and Pagefind reads site/.)
@event_priority(50)
def on_page_content(html_text: str, page, config, files):
    html_text = _fill_slots(page, html_text)
    if _serving and _errors:
        html_text = _error_box(_errors) + html_text
    if not page.meta.get("study_section"):
        return html_text
    glossary = _glossary(_study(config))
    if glossary is None:
        return html_text
    html_text, linked = link_section(glossary, html_text, page_src=page.file.src_uri, language=config.theme["language"])
    if linked:
        _request_assets(page, ("glossary",))
    if config.theme["language"] == "ja":  # furigana, sic mark, vocabulary (after the links: ruby goes inside them)
        try:
            html_text, assets = annotate_section_page(_study(config), html_text, page.file.src_uri)
            _request_assets(page, assets)
        except StudyDataError as error:
            _report(error)
    return html_text


# Content-Security-Policy: a <meta> on every page, with the hashes of the inline
# scripts computed from the final HTML, so scripts added to templates later are
# covered without a list to keep up to date. Late, after other plugins' changes.
# Not while serving: MkDocs' live reload injects an inline script that changes
# on every request, which no hash can cover; the built site always has the policy.
@event_priority(-100)
def on_post_page(output: str, page, config):
    return output if _serving else add_policy(output)
