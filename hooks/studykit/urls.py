"""URLs between the site's pages (directory URLs, the MkDocs default; English under ``en/``)."""

from __future__ import annotations

import posixpath
import re

def page_url(src_uri: str) -> str:
    """``ep90/us-stance.en.md`` -> ``ep90/us-stance/``; ``index.md`` -> ``""``."""
    path = re.sub(r"(\.en)?\.md$", "", src_uri)
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return path


def relative_url(from_src: str, to_src: str, anchor: str = "") -> str:
    start, target = page_url(from_src), page_url(to_src)
    rel = posixpath.relpath(target or ".", start or ".")
    rel = "" if rel == "." else rel + "/"
    return (rel or "./") + (f"#{anchor}" if anchor else "")


LANG_PREFIX = {"ja": "", "en": "en/"}


def cross_url(from_src: str, from_lang: str, to_src: str, to_lang: str, anchor: str = "") -> str:
    """Relative URL between pages that may be in different language builds (``/`` and ``/en/``)."""
    start = LANG_PREFIX[from_lang] + page_url(from_src)
    target = LANG_PREFIX[to_lang] + page_url(to_src)
    rel = posixpath.relpath(target or ".", start or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def page_dir_url(page_path: str) -> str:
    """The URL directory of a page (use_directory_urls), language suffix removed."""
    stem = re.sub(r"(\.[a-z]{2})?\.md$", "", page_path)
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


def source_href(page_path: str, episode: str, ref: str) -> str:
    slug, paragraph = ref.split("#")
    rel = posixpath.relpath(f"{episode}/{slug}", page_dir_url(page_path) or ".")
    return f"{rel}/#{paragraph}"


def root_prefix(page_path: str, language: str, default_language: str = "ja") -> str:
    """Relative path from a page's URL directory to the site root."""
    directory = page_dir_url(page_path)
    if language != default_language:
        directory = f"{language}/{directory}" if directory else language
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


def page_href(docs_path: str, page_path: str) -> str:
    target = page_dir_url(docs_path)
    return posixpath.relpath(target or ".", page_dir_url(page_path) or ".") + "/"
