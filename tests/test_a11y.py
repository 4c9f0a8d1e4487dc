"""axe-core finds no violations on any page, in either language, light or dark."""

from __future__ import annotations

import pytest

from conftest import describe_violations, run_axe
from sitepages import site_pages


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations_on_any_page(browser, server, site_dir, scheme):
    urls = site_pages(site_dir)
    assert len(urls) >= 20, urls
    context = browser.new_context(base_url=server, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failures = {}
    try:
        for url in urls:
            page.goto("/" + url)
            page.wait_for_function("() => document.querySelector('.md-search[aria-label]') !== null")
            violations = run_axe(page)
            if violations:
                failures[url] = describe_violations(violations)
    finally:
        context.close()
    assert not failures, "\n".join(f"{url}: {v}" for url, v in failures.items())


@pytest.mark.browser
def test_axe_reports_no_violations_with_search_results_open(page):
    for home, query in (("/", "停戦"), ("/en/", "ceasefire")):
        page.goto(home)
        page.locator(".md-search__input").click()  # inline in the header at desktop width
        page.locator(".md-search__input").fill(query)
        page.locator(".md-search__input").press("End")  # Material searches on keyup
        page.wait_for_selector(".md-search-result__item")
        violations = run_axe(page)
        assert not violations, describe_violations(violations)
