"""Helpers shared by the site tests: the built pages, their URLs and languages."""

from __future__ import annotations

from pathlib import Path

from conftest import LANGUAGES, html_pages

DEFAULT_LANGUAGE = LANGUAGES[0]


def page_url(site_dir: Path, path: Path) -> str:
    """The site-relative URL a page is served at ('' for the home page)."""
    rel = path.relative_to(site_dir).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def language_of(url: str) -> str:
    for lang in LANGUAGES[1:]:
        if url == f"{lang}/" or url.startswith(f"{lang}/"):
            return lang
    return DEFAULT_LANGUAGE


def counterpart(url: str, lang: str) -> str:
    """The URL of the same page in ``lang``."""
    source = language_of(url)
    bare = url[len(source) + 1:] if source != DEFAULT_LANGUAGE else url
    return bare if lang == DEFAULT_LANGUAGE else f"{lang}/{bare}"


def site_pages(site_dir: Path) -> list[str]:
    """URLs of every built HTML page in every language (404 pages included)."""
    return [page_url(site_dir, p) for p in html_pages(site_dir)]


def content_pages(site_dir: Path) -> list[str]:
    return [u for u in site_pages(site_dir) if not u.endswith("404.html")]
