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

from studykit.publish.searchindex import SearchIndexError, build_index

log = logging.getLogger("mkdocs.hooks.search_index")

_pages: dict[str, float] = {}  # site-relative HTML path -> weight, for every language built


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
    try:
        build_index(site_dir, dict(_pages))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
