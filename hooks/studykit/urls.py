"""URLs between the site's pages, all from one rule: MkDocs' directory URLs.

A page ``docs/<path>.md`` is served at ``<path>/`` (``index.md`` at its folder),
its English twin ``<path>.en.md`` under ``en/``. Every link a renderer writes
is relative, so the site works under any base URL.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

LANG_PREFIX = {"ja": "", "en": "en/"}  # static-i18n: the default language at the root


@lru_cache(maxsize=4096)
def page_url(src_uri: str) -> str:
    """``ep90/us-stance.en.md`` -> ``ep90/us-stance/``; ``index.md`` -> ``""`` (language suffix dropped)."""
    path = re.sub(r"(\.[a-z]{2})?\.md$", "", src_uri)
    if path == "index" or path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"


# Pure functions of their strings, asked ~1,500 times a build with a few hundred distinct
# arguments (every citation and glossary link); posixpath.relpath is the cost.
@lru_cache(maxsize=4096)
def cross_url(from_src: str, from_lang: str, to_src: str, to_lang: str, anchor: str = "") -> str:
    """Relative URL from a page in one language build to a page in another (or the same)."""
    start = LANG_PREFIX[from_lang] + page_url(from_src)
    target = LANG_PREFIX[to_lang] + page_url(to_src)
    rel = posixpath.relpath(target or ".", start or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def relative_url(from_src: str, to_src: str, anchor: str = "") -> str:
    """Relative URL between two pages of the same language build."""
    return cross_url(from_src, "ja", to_src, "ja", anchor)


def source_href(page_path: str, episode: str, ref: str) -> str:
    """Link to a cited paragraph ``slug#pN`` of the episode's section page."""
    slug, paragraph = ref.split("#")
    return relative_url(page_path, f"{episode}/{slug}.md", paragraph)


def root_prefix(page_path: str, language: str) -> str:
    """Relative path from a page to the site root (for files outside the docs, e.g. exports/)."""
    depth = len([part for part in (LANG_PREFIX[language] + page_url(page_path)).split("/") if part])
    return "../" * depth
