"""axe-core finds no violations on any page, in either language, light or dark, and in the
states of Material's own components: phone drawer open, search open, sidebar scrolled.

Every page is visited once per scheme by the shared crawl (conftest.site_crawl). In the
dark scheme only axe's colour rules run: the scheme changes colours and nothing else."""

from __future__ import annotations

import pytest

from support import axe_rules, describe_violations, run_axe, search_for, settle
from sitepages import site_pages


@pytest.mark.browser
@pytest.mark.parametrize("scheme", [pytest.param("light", marks=pytest.mark.xdist_group("crawl-light")),
                                    pytest.param("dark", marks=pytest.mark.xdist_group("crawl-dark"))])
def test_axe_reports_no_violations_on_any_page(site_crawl, site_dir, scheme):
    """Light: every axe rule; dark: the colour rules (nothing else changes with the scheme)."""
    urls = site_pages(site_dir)
    assert len(urls) >= 20, urls
    crawl = site_crawl(scheme)
    assert set(crawl.visits) == set(urls)
    failures = {url: describe_violations(v.axe) for url, v in crawl.visits.items() if v.axe}
    failures.update(crawl.errors())
    assert not failures, "\n".join(f"{url}: {v}" for url, v in failures.items())


@pytest.mark.browser
def test_axe_reports_no_violations_with_search_results_open(page):
    for home, query in (("/", "停戦"), ("/en/", "ceasefire")):
        page.goto(home)
        search_for(page, query)  # the box is inline in the header at desktop width
        violations = run_axe(page)
        assert not violations, describe_violations(violations)


STATE_PAGES = ["ep90/quiz/japan-not-behind/", "flashcards/", "ep90/china-key/"]
SIDEBAR = ".md-sidebar--primary"
# Links of the scrolled sidebar that something else covers: points down the link, 4 px in
# from its left and inside the scrolled area, must hit the link itself.
COVERED_SIDEBAR_LINKS = """sidebar => [...document.querySelectorAll(`${sidebar} a.md-nav__link`)]
  .filter(a => a.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .filter(a => {
    const r = a.getBoundingClientRect(), w = a.closest('.md-sidebar__scrollwrap').getBoundingClientRect();
    for (let y = r.top + 3; y <= r.bottom - 3; y += 6) {
      if (y < w.top || y > w.bottom) continue;
      const hit = document.elementFromPoint(r.left + 4, y);
      if (!hit || !a.contains(hit)) return true;
    }
    return false;
  })
  .map(a => a.textContent.trim())"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_clean_with_the_phone_drawer_and_search_open(open_tab, server, lang, scheme):
    page = open_tab(server, color_scheme=scheme, viewport={"width": 375, "height": 812}, has_touch=True, is_mobile=True)
    rules = axe_rules(scheme)
    failures = {}
    for path in STATE_PAGES:
        page.goto(("/en/" if lang == "en" else "/") + path)
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        settle(page)  # the drawer slides in, on the current page's panel
        violations = run_axe(page, rules=rules)
        if violations:
            failures[f"{path} drawer"] = describe_violations(violations)
        page.keyboard.press("Escape")
        page.goto(("/en/" if lang == "en" else "/") + path)
        page.locator("label.md-header__button[for=__search]").click()
        search_for(page, "NATO")
        violations = run_axe(page, rules=rules)
        if violations:
            failures[f"{path} search"] = describe_violations(violations)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean_with_the_desktop_sidebar_scrolled(open_tab, server, scheme):
    # The sidebar scrolls to the current page on long navigations; the sticky title
    # used to sit on the links passing under it (target-size). axe checks the sidebar
    # alone: scrolling it changes nothing else, and the crawl covers the rest of the page
    # at this width.
    page = open_tab(server, color_scheme=scheme, viewport={"width": 1280, "height": 500})
    rules = axe_rules(scheme)
    failures = {}
    for lang in ("ja", "en"):
        for path in STATE_PAGES:
            page.goto(("/en/" if lang == "en" else "/") + path)
            wrap = page.locator(f"{SIDEBAR} .md-sidebar__scrollwrap")
            height = wrap.evaluate("el => el.scrollHeight - el.clientHeight")
            assert height > 100, "the sidebar must scroll for this test to mean anything"
            for y in (height // 3, height // 2, height):
                wrap.evaluate("(el, y) => { el.scrollTop = y; }", y)
                covered = page.evaluate(COVERED_SIDEBAR_LINKS, SIDEBAR)
                if covered:
                    failures[f"{lang} {path} {y} covered"] = covered
                violations = run_axe(page, SIDEBAR, rules=rules)
                if violations:
                    failures[f"{lang} {path} {y}"] = describe_violations(violations)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
