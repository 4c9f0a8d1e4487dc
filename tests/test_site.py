"""Site behaviour: both languages for every page, <html lang>, hreflang, the
language switcher (also after instant navigation), the 404 pages, heading
anchors, palettes, phone width and print."""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitepages import DEFAULT_LANGUAGE, content_pages, counterpart, language_of, site_pages
from sitepages import tree as _tree
from support import LANGUAGES


def _site_path(base_url, page_url, href):
    """Site-relative URL that ``href`` on ``page_url`` points to."""
    absolute = urljoin(base_url + page_url, href)
    assert absolute.startswith(base_url), (page_url, href)
    return urlsplit(absolute[len(base_url) - 1:]).path.lstrip("/")


def test_every_page_is_built_in_both_languages(site_dir):
    urls = set(content_pages(site_dir))
    assert len(urls) >= 2 * 10, sorted(urls)
    missing = [(url, lang) for url in urls for lang in LANGUAGES if counterpart(url, lang) not in urls]
    assert not missing, missing
    for lang in LANGUAGES:
        assert sum(language_of(u) == lang for u in urls) == len(urls) // len(LANGUAGES)


def test_html_lang_and_hreflang_alternates_on_every_page(site_dir, base_url):
    urls = site_pages(site_dir)
    for url in urls:
        tree = _tree(site_dir, url)
        lang = language_of(url)
        assert tree.get("lang") == lang, url
        is_404 = url.endswith("404.html")
        for where, links in (
            ("head", tree.xpath("//head/link[@rel='alternate'][@hreflang]")),
            ("switcher", tree.xpath("//a[contains(@class,'md-select__link')][@hreflang]")),
        ):
            found = {a.get("hreflang"): _site_path(base_url, url, a.get("href")) for a in links}
            assert set(found) == set(LANGUAGES), (url, where, found)
            for alt_lang, target in found.items():
                # A 404 page offers the home page of each language.
                expected = (("" if alt_lang == DEFAULT_LANGUAGE else f"{alt_lang}/") if is_404
                            else counterpart(url, alt_lang))
                assert unquote(target) == expected, (url, where, alt_lang, target)


def test_404_page_exists_and_is_localized_in_both_languages(site_dir):
    ja = _tree(site_dir, "404.html")
    en = _tree(site_dir, "en/404.html")
    assert ja.get("lang") == "ja" and en.get("lang") == "en"
    assert "ページが見つかりません" in ja.findtext(".//h1")
    assert "Page not found" in en.findtext(".//h1")
    assert "Page not found" not in ja.findtext(".//h1")
    # Absolute links: the page is served at any depth.
    for tree in (ja, en):
        for a in tree.xpath("//a[@href]"):
            href = a.get("href")
            assert href.startswith(("/", "#", "http")), href


@pytest.mark.browser
def test_missing_pages_get_the_404_page_of_their_language(page):
    response = page.goto("/ep90/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "ページが見つかりません" in page.locator("article h1").inner_text()

    page.goto("/en/ep90/no-such-page/")
    page.wait_for_url("**/en/404.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Page not found" in page.locator("article h1").inner_text()


def _switch_language(page, lang):
    page.locator(".md-header__option .md-select").hover()
    link = page.locator(f".md-select__link[hreflang={lang}]")
    link.wait_for(state="visible")
    # A navigation away from this address: Material records the scroll position with
    # history.replaceState shortly after a load, and Playwright counts that as one too.
    # (Not the link's href: site.js points it at the current paragraph on click.)
    here = page.url.split("#")[0]
    with page.expect_navigation(url=lambda url: url.split("#")[0] != here):
        link.click()


def _instant_click(page, selector):
    """Follow a link by instant navigation and prove the page was not reloaded."""
    page.evaluate("window.__ssNoReload = true")
    before = page.url
    page.locator(selector).first.click()
    page.wait_for_function("(u) => location.href !== u", arg=before)
    page.wait_for_load_state()
    assert page.evaluate("window.__ssNoReload === true"), "the click reloaded the page"


@pytest.mark.browser
def test_language_switcher_after_instant_navigation(page, base_url):
    page.goto("/")
    # Two hops through the sidebar navigation, without a reload.
    _instant_click(page, ".md-nav--primary a[href$='ep90/']")
    _instant_click(page, ".md-nav--primary a[href$='ep90/china-key/']")
    assert page.url == base_url + "ep90/china-key/"
    page.wait_for_function(
        "() => document.querySelector('.md-select__link[hreflang=en]').href.endsWith('/en/ep90/china-key/')")

    _switch_language(page, "en")
    # The switcher may keep the paragraph being read (#pN; tests/test_devices.py).
    assert re.fullmatch(re.escape(base_url + "en/ep90/china-key/") + r"(#p\d+)?", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "en"

    _instant_click(page, ".md-nav--primary a[href$='en/ep90/us-stance/']")
    assert page.locator("html").get_attribute("lang") == "en"
    _switch_language(page, "ja")
    assert re.fullmatch(re.escape(base_url + "ep90/us-stance/") + r"(#p\d+)?", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator(".md-search__input").get_attribute("placeholder") == "検索"


@pytest.mark.browser
def test_instant_navigation_back_to_visited_pages_does_not_reload(fresh_page, base_url):
    # Material takes every <link rel=alternate> for another site version and
    # full-reloads links under it; static-i18n's alternates are per page, so
    # without the fix the third hop (back to a visited page) reloads.
    page = fresh_page  # fresh: the test listens to the page's requests
    sitemap_requests = []
    page.on("request", lambda r: sitemap_requests.append(r.url) if r.url.endswith("sitemap.xml") else None)
    page.goto("/ep90/us-stance/")
    for path in ["ep90/europe-too-slow/", "ep90/us-stance/", "ep90/", "ep90/china-key/", "ep90/us-stance/"]:
        _instant_click(page, f".md-nav--primary a[href='{base_url}{path}']")
        assert page.url == base_url + path
    assert sitemap_requests == [base_url + "sitemap.xml"], "only the site's own sitemap is fetched"


@pytest.mark.browser
def test_links_into_the_other_language_reload_the_page(page, base_url):
    # Instant navigation would keep the Japanese header and <html lang>.
    page.goto("/ep90/")
    page.evaluate("window.__ssNoReload = true")
    page.evaluate("""() => { const a = document.createElement('a'); a.id = 'ss-test-link';
        a.href = 'en/ep90/'; a.href = new URL('../en/ep90/', location.href).href; a.textContent = 'x';
        document.querySelector('article').append(a); }""")
    with page.expect_navigation(url=base_url + "en/ep90/"):  # not Material's replaceState (_switch_language)
        page.locator("#ss-test-link").click()
    assert page.url == base_url + "en/ep90/"
    assert page.evaluate("window.__ssNoReload") is None
    assert page.locator("html").get_attribute("lang") == "en"


def test_heading_anchors_are_readable(site_dir):
    japanese = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    checked = 0
    for url in content_pages(site_dir):
        for h in _tree(site_dir, url).xpath("//article//*[self::h1 or self::h2 or self::h3 or self::h4][@id]"):
            hid = h.get("id")
            # The default slugify turns Japanese headings into _1, _2: ids must carry words.
            assert japanese.search(hid) or re.search(r"[a-z]{2}", hid), (url, hid, h.text_content())
            checked += 1
    assert checked >= 20


@pytest.mark.browser
@pytest.mark.parametrize("scheme, expected", [("light", "default"), ("dark", "slate")])
def test_palette_follows_the_system_preference(open_tab, server, scheme, expected):
    page = open_tab(server, color_scheme=scheme)
    page.goto("/ep90/us-stance/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light"), background


@pytest.mark.browser
@pytest.mark.xdist_group("crawl-light")
def test_no_page_is_wider_than_a_phone(site_crawl, site_dir):
    """Read from the light crawl, which measures every page at 375 px."""
    crawl = site_crawl("light")
    assert set(crawl.visits) == set(site_pages(site_dir))
    assert not crawl.errors(), crawl.errors()
    wide = [(url, v.phone_width) for url, v in crawl.visits.items() if v.phone_width > 375]
    assert not wide, wide


@pytest.mark.browser
def test_print_shows_only_the_article_in_light_colours(open_tab, server):
    page = open_tab(server, color_scheme="dark")
    page.goto("/ep90/recurrence-prevention/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-search', '.md-footer'].map(s => [s, getComputedStyle(document.querySelector(s)).display])""")
    assert all(display == "none" for _, display in hidden), hidden
    assert page.locator("article h1").is_visible()
    colours = page.evaluate("""() => { const p = document.querySelector('article p');
        return [getComputedStyle(document.body).backgroundColor, getComputedStyle(p).color]; }""")
    assert colours[0] == "rgb(255, 255, 255)", colours
    assert colours[1].startswith("rgba(0, 0, 0") or colours[1] == "rgb(0, 0, 0)", colours
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


# Answer keys and worksheets: reachable from the teachers' pages, not one tap away in the
# navigation students use (issue 10).
def test_answer_keys_are_not_in_the_navigation_but_reachable(site_dir):
    for url_ in site_pages(site_dir):
        tree = _tree(site_dir, url_)
        nav = " ".join(a.get("href", "") for a in tree.xpath("//nav[contains(@class,'md-nav--primary')]//a"))
        assert "answer-key" not in nav and "worksheet" not in nav, url_
    # The teachers' guide links every answer key and worksheet (tests/test_links.py checks they resolve).
    for prefix in ("", "en/"):
        built = {f"{kind}/{d.name}/" for kind in ("answer-key", "worksheet")
                 for d in (site_dir / prefix / "teachers" / kind).iterdir() if (d / "index.html").exists()}
        assert len(built) >= 14, built
        tree = _tree(site_dir, f"{prefix}teachers/")
        linked = {h for h in (a.get("href") for a in tree.xpath("//article//a[@href]")) if h in built}
        assert linked == built, (prefix, built - linked)
