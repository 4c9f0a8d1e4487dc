"""MkDocs hook: builds the Pagefind search index after both languages are built.

Events only; the work is in ``studykit.publish.searchindex``. Each page's text is
taken as it is written (with its ``search:`` front matter: ``exclude`` leaves a page
out, ``boost`` weights it), in the build's side process while the next pages render
(``studykit.publish.sidework``), and indexed once static-i18n has built every language.
Material's search plugin stays enabled only for its header markup
(overrides/partials/search.html replaces its form, so its index is never
fetched); its search_index.json is removed so no stale index is deployed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.publish.deferred import JOBS
from studykit.publish.searchindex import BUNDLE, SearchIndexError, index_source, write_index
from studykit.publish.sidework import SIDE, SideWorkError

log = logging.getLogger("mkdocs.hooks.search_index")

_documents: dict = {}  # site-relative HTML path -> the call that makes its index_source, every language
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    SIDE.parallel = not _serving  # build, gh-deploy: page text beside the rendering (studykit/publish/sidework.py)


# Material's search plugin stays enabled for its header button only (Material's
# header checks that it is enabled); Pagefind does the searching, and the plugin's
# index is deleted after the build. So its indexing, an HTML parse of every page
# in both languages, is skipped. Leans on Material internals: see the upgrade
# checklist in requirements.txt (tests/test_search_plugin.py guards it).
@event_priority(-50)  # after the search plugin's on_config (0), which makes its index
def on_config(config):
    index = getattr(config.plugins.get("material/search"), "search_index", None)
    if index is not None:
        index.add_entry_from_context = _not_indexed


def _not_indexed(page) -> None:
    return None


def on_pre_build(config):
    if not _i18n_building(config):
        _documents.clear()


# Last: the page as it is written, after every other hook's changes.
@event_priority(-200)
def on_post_page(output, page, config):
    search = page.meta.get("search") or {}
    if not search.get("exclude"):
        _documents[page.file.dest_uri] = SIDE.submit(index_source, output, float(search.get("boost", 1) or 1))
    return output


def on_shutdown():
    SIDE.close()


def _i18n_building(config) -> bool:
    """True while static-i18n builds a further language inside the first build."""
    i18n = config.plugins.get("i18n")
    return bool(i18n and getattr(i18n, "building", False))


# Last, after static-i18n has built the other languages and rewritten its search index.
@event_priority(-100)
def on_post_build(config):
    if _i18n_building(config):
        return
    site_dir = Path(config.site_dir)
    (site_dir / "search" / "search_index.json").unlink(missing_ok=True)
    documents = dict(_documents)
    if not _serving:
        try:
            _index(site_dir, documents)
        except (SearchIndexError, SideWorkError) as error:
            raise PluginError(str(error)) from None
        return
    # While serving, after the pages, in a thread: the reload does not wait for the
    # index, and a search waits for it (studykit.publish.deferred; tests/test_serve.py).
    JOBS.start(f"{BUNDLE}/", lambda: _index_while_serving(site_dir, documents))


def _index(site_dir: Path, documents: dict) -> None:
    write_index(site_dir, {rel: made.result() for rel, made in documents.items()})


def _index_while_serving(site_dir: Path, documents: dict) -> None:
    try:
        _index(site_dir, documents)
    except SearchIndexError as error:
        logging.getLogger("studykit.serve").error("%s", error)
