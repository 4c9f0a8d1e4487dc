"""No page loads anything from another host: every request made while visiting
every page in both languages (and searching) stays on the site's origin, and the
built HTML/CSS/JS reference no third-party resources.

The requests are logged by the shared light crawl (conftest.site_crawl) at the
context, so requests of workers count too."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from sitepages import site_pages

# Attributes that make the browser fetch something (plain <a href> links do not).
FETCHING = {("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
            ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"), ("object", "data"),
            ("embed", "src"), ("input", "src"), ("track", "src"), ("image", "href")}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


@pytest.mark.browser
@pytest.mark.xdist_group("crawl-light")
def test_every_request_stays_on_the_site_origin(site_crawl, server, site_dir):
    """Read from the light crawl: every page visited, then a search in each language."""
    urls = site_pages(site_dir)
    origin = urlsplit(server)[:2]
    crawl = site_crawl("light")
    assert set(crawl.visits) == set(urls)
    assert not crawl.errors() and not crawl.search_error, (crawl.errors(), crawl.search_error)
    requests = crawl.requests
    assert len(requests) > len(urls)
    # Search was really used: Pagefind's index chunks were fetched, from the site.
    assert any("/pagefind/" in r for r in requests)
    foreign = sorted({r for r in requests if not r.startswith(("data:", "blob:")) and urlsplit(r)[:2] != origin})
    assert not foreign, foreign


def test_built_files_reference_no_other_host(site_dir):
    problems = []
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) >= 20
    for path in pages:
        tree = lxml_html.fromstring(path.read_bytes())
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.split("}")[-1].lower()
            for attr, value in el.attrib.items():
                attr = attr.split("}")[-1].lower()
                if (tag, attr) in FETCHING and EXTERNAL.search(value.strip()):
                    # rel=alternate/canonical links are metadata, not fetched (same host anyway).
                    if tag == "link" and el.get("rel") in ("canonical", "alternate", "prev", "next"):
                        continue
                    problems.append((path.relative_to(site_dir).as_posix(), tag, attr, value))
            if tag == "style" or el.get("style"):
                css = (el.text or "") if tag == "style" else el.get("style")
                for ref in re.findall(r"(?:url\(|@import)\s*['\"]?((?:[a-z]+:)?//[^'\")\s]+)", css, re.I):
                    problems.append((path.relative_to(site_dir).as_posix(), tag, "style", ref))
    for path in site_dir.rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for ref in re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^'\")\s]+)", text, re.I):
            problems.append((path.relative_to(site_dir).as_posix(), "css", "url", ref))
    # Our own scripts fetch nothing from elsewhere.
    for path in (site_dir / "assets" / "study").glob("*.js"):
        for ref in re.findall(r"https?://[^\s'\"`)]+", path.read_text(encoding="utf-8")):
            problems.append((path.relative_to(site_dir).as_posix(), "js", "url", ref))
    assert not problems, problems


def test_no_repo_url_web_fonts_or_analytics(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "api.github.com" not in html and 'data-md-component="source"' not in html
    assert "googletagmanager" not in html and "__md_analytics" not in html
