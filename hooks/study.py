"""MkDocs hooks for the study site: event functions and marker dispatch only.

The content logic (models, loading, rendering) lives in the ``studykit``
package beside this file, which never imports MkDocs. A page asks for generated
content with a marker line such as ``<!-- study:quiz ep90/us-stance -->``; an
unknown marker fails the build.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.errors import StudyDataError
from studykit.export import data_fingerprint, load_export_quizzes, write_exports
from studykit.glossary import cached_glossaries, link_section
from studykit.parallel import is_section_page
from studykit.quiz.render import quizzes_or_last_good
from studykit.site import StudySite

MARKER = re.compile(r"^<!--\s*study:(?P<kind>[\w-]+)(?:\s+(?P<arg>[^\s>]+))?\s*-->\s*$", re.M)

_site: StudySite | None = None
_serving = False
_exported: tuple | None = None  # (exports dir, data fingerprint) last written


def _study(config) -> StudySite:
    global _site
    root = Path(config.config_file_path).parent
    if _site is None or _site.root != root:
        _site = StudySite(root)
    _site.serving = _serving
    return _site


def _request_assets(page, assets) -> None:
    """Ask overrides/main.html to load assets/study/<name>.css and .js on this page."""
    requested = page.meta.setdefault("study_assets", [])
    requested.extend(a for a in assets if a not in requested)


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


# While serving, quiz data errors are printed here rather than failing the
# build: a failed rebuild makes `mkdocs serve` hold every request. Not through
# the "mkdocs" logger, which strict mode would count as a failure.
_serve_log = logging.getLogger("studykit.serve")
_serve_log.propagate = False
_serve_log.addHandler(logging.StreamHandler())
_serve_log.handlers[-1].setFormatter(logging.Formatter("ERROR    -  %(message)s"))


# static-i18n (-100) warns about navigation.instant in on_config, which fails
# --strict. Switch it on after static-i18n has run (-200) and off again before
# static-i18n starts the next language's build from its on_post_build (-100).
@event_priority(-200)
def on_config(config):
    features = config.theme.setdefault("features", [])
    if "navigation.instant" not in features:
        features.append("navigation.instant")
    return config


@event_priority(0)
def on_post_build(config):
    features = config.theme.get("features", [])
    if "navigation.instant" in features:
        features.remove("navigation.instant")
    # LMS exports for the teacher pages. Every language build shares site_dir:
    # generate them once, again only when the quiz files change or the
    # directory was cleaned (mkdocs serve rebuilds into a clean directory).
    global _exported
    site = _study(config)
    out_dir = Path(config.site_dir) / "exports"
    key = (str(out_dir), data_fingerprint(site.data_dir, site.root))
    if key == _exported and out_dir.is_dir():
        return
    try:
        quizzes = load_export_quizzes(site.data_dir, site.docs_dir, site.root)
    except StudyDataError as error:
        if _serving:
            return  # reported by on_pre_build; no exports until it is fixed
        raise PluginError(str(error)) from None
    write_exports(quizzes, out_dir)
    _exported = key


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
    if template_name != "404.html" or i18n is None or language == i18n.default_language:
        return output
    path = Path(config.site_dir) / language / "404.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output, encoding="utf-8")
    return ""  # empty output: MkDocs skips writing the root 404.html


# Check every quiz file once per build, so a bad file fails the build even if
# no page uses it (cheap for the second language: parsed files are cached).
def on_pre_build(config):
    try:
        _, error = quizzes_or_last_good(_study(config))
        if error:
            _serve_log.error("%s\n(serving the last good quizzes until this is fixed)", error)
        cached_glossaries(_study(config).data_dir, root=_study(config).root)
    except StudyDataError as error:
        raise PluginError(str(error)) from None


# Early, so marker output is in the Markdown before static-i18n and search see it.
@event_priority(50)
def on_page_markdown(markdown: str, page, config, files):
    site = _study(config)
    language = config.theme["language"]
    # Decided here, on the Markdown MkDocs has already read, for on_page_content.
    page.meta["study_section"] = is_section_page(page.file.src_uri, markdown)

    def replace(match: re.Match) -> str:
        kind, arg = match["kind"], match["arg"]
        try:
            rendered = site.render_marker(kind, arg, language=language, page_path=page.file.src_uri)
        except StudyDataError as error:
            raise PluginError(str(error)) from None
        if rendered is None:
            raise PluginError(f"{page.file.src_uri}: unknown study marker '{match[0].strip()}'")
        _request_assets(page, rendered.assets)
        return rendered.html

    return MARKER.sub(replace, markdown)


# Glossary links in the section pages' HTML (first occurrence of each term).
# On the HTML, not the Markdown, so headings, links and code are known and the
# Markdown source (the author's verbatim text) is never rewritten. Priority 50:
# before other on_page_content handlers, so anything reading the content
# (e.g. the search index) sees the final HTML.
@event_priority(50)
def on_page_content(html: str, page, config, files):
    if not page.meta.get("study_section"):
        return html
    site = _study(config)
    try:
        glossary = cached_glossaries(site.data_dir, root=site.root)
    except StudyDataError as error:
        raise PluginError(str(error)) from None
    html, linked = link_section(glossary, html, page_src=page.file.src_uri, language=config.theme["language"])
    if linked:
        _request_assets(page, ("glossary",))
    return html
