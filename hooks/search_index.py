"""MkDocs hook: builds the Pagefind search index after both languages are built.

Events only; the work is in ``studykit.searchindex``. Pages are recorded as they
are written (with their ``search:`` front matter: ``exclude`` leaves a page out,
``boost`` weights it), and indexed once static-i18n has built every language.
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
from studykit.publish.searchindex import BUNDLE, SearchIndexError, build_index

log = logging.getLogger("mkdocs.hooks.search_index")

_pages: dict[str, float] = {}  # site-relative HTML path -> weight, for every language built
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


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
        _pages.clear()


def on_post_page(output, page, config):
    search = page.meta.get("search") or {}
    if not search.get("exclude"):
        _pages[page.file.dest_uri] = float(search.get("boost", 1) or 1)
    return output


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
    pages = dict(_pages)
    if not _serving:
        try:
            build_index(site_dir, pages)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        return
    # While serving, after the pages, in a thread: the reload does not wait for the
    # index, and a search waits for it (studykit.publish.deferred; tests/test_serve.py).
    JOBS.start(f"{BUNDLE}/", lambda: _index_while_serving(site_dir, pages))


def _index_while_serving(site_dir: Path, pages: dict[str, float]) -> None:
    try:
        build_index(site_dir, pages)
    except SearchIndexError as error:
        logging.getLogger("studykit.serve").error("%s", error)
