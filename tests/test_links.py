"""No internal link or anchor is broken, in either language: every href/src on
every built page that stays on the site resolves to a built file, and every
#fragment to an element id on the target page."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html

from sitepages import site_pages
from sitepages import target_file as _target_file

ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("area", "href"))


def test_every_internal_link_and_anchor_resolves(site_dir, base_url):
    site_origin = urlsplit(base_url)
    root = site_origin.path  # the site's path prefix, e.g. "/" or "/repo/"

    @lru_cache(maxsize=None)
    def ids(file: Path) -> frozenset[str]:
        tree = lxml_html.fromstring(file.read_bytes())
        return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))

    broken, checked = [], 0
    for url in site_pages(site_dir):
        page_url = base_url + url
        source = _target_file(site_dir, urlsplit(page_url).path[len(root) - 1:])
        tree = lxml_html.fromstring(source.read_bytes())
        for tag, attr in ATTRS:
            for el in tree.iter(tag):
                value = el.get(attr)
                if not value or value.startswith(("mailto:", "tel:", "data:", "javascript:")):
                    continue
                target = urlsplit(urljoin(page_url, value))
                if (target.scheme, target.netloc) != (site_origin.scheme, site_origin.netloc):
                    continue  # another host: a plain outbound link (no fetches: test_privacy)
                checked += 1
                file = _target_file(site_dir, target.path[len(root) - 1:]) if target.path.startswith(root) else None
                if file is None:
                    broken.append((url, value, "no such file"))
                elif target.fragment and file.suffix == ".html" and unquote(target.fragment) not in ids(file):
                    broken.append((url, value, "no such anchor"))
    assert checked > 500, checked
    assert not broken, broken
