"""The built site's pages: their files, URLs, languages and parsed trees.

Every test that opens a built page goes through these helpers.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from support import LANG_PREFIX, LANGUAGES

DEFAULT_LANGUAGE = LANGUAGES[0]


def html_pages(site_dir: Path) -> list[Path]:
    """Every built HTML page (both languages), excluding redirects."""
    return sorted(p for p in site_dir.rglob("*.html"))


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


def target_file(site_dir: Path, path: str) -> Path | None:
    """The built file a site-relative URL path is served from, or None."""
    candidate = site_dir / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def page_file(site_dir: Path, url: str) -> Path:
    """The built file of a site-relative page URL ('' for the home page); it must exist."""
    file = target_file(site_dir, url)
    assert file is not None, f"missing built page {url!r}"
    return file


def resolve(site_dir: Path, page_url_: str, href: str) -> Path:
    """The file ``href`` on the page at absolute URL ``page_url_`` points to (existing or not)."""
    path = urlsplit(urljoin(page_url_, href)).path.lstrip("/")
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or not path else target


def tree(site_dir: Path, url: str):
    """The parsed built page at a site-relative URL."""
    return lxml.html.fromstring(page_file(site_dir, url).read_bytes())


def built(site_dir: Path, language: str, path: str):
    """The parsed built page ``path`` ('' home, 'ep90', 'ep90/<slug>', ...) in ``language``."""
    return tree(site_dir, LANG_PREFIX[language] + (path.strip("/") + "/" if path.strip("/") else ""))


def article(doc):
    """The one article element of a parsed page (Material's .md-content)."""
    found = doc.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " md-content ")]//article')
    assert len(found) == 1, f"expected one article in .md-content, found {len(found)}"
    return found[0]


def search_fragments(site_dir: Path) -> list[dict]:
    """Pagefind's per-page records (url, content, filters) of the built site's search index."""
    fragments = []
    for path in (Path(site_dir) / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragments.append(json.loads(data[len(b"pagefind_dcd"):]))
    return fragments
