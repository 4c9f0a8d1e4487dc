"""Content-Security-Policy: every page carries one, it lists the hash of every
inline script and allows no inline script otherwise, and no page breaks it."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from sitepages import site_pages
from studykit.publish.csp import inline_script_hashes
from support import CSP_RECORDER, open_ready, search_for, wait_for_instant_navigation

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def test_every_page_has_a_policy_before_any_script(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        text = path.read_text(encoding="utf-8")
        match = POLICY.search(text)
        assert match, f"{path}: no Content-Security-Policy meta"
        first_script = text.find("<script")
        assert first_script == -1 or match.start() < first_script, f"{path}: policy after a script"
        policy = directives(match[1])
        scripts = policy["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, path
        # Only this site: no host, scheme or wildcard source anywhere; data: only for images (Material's icons).
        assert all(v.startswith("'") for name, values in policy.items() for v in values
                   if not (name == "img-src" and v == "data:")), policy
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert policy["worker-src"] == ["'self'"] and "'wasm-unsafe-eval'" in scripts
        missing = inline_script_hashes(text) - set(scripts)
        assert not missing, f"{path}: inline scripts without a hash in the policy: {missing}"


def test_no_inline_event_handlers(site_dir):
    """A policy with hashes never runs onclick=… attributes: there must be none to break."""
    for path in sorted(site_dir.rglob("*.html")):
        doc = lxml_html.fromstring(path.read_bytes())
        handlers = [(el.tag, name) for el in doc.iter() if isinstance(el.tag, str)
                    for name in el.attrib if name.lower().startswith("on")]
        assert not handlers, f"{path}: {handlers}"


def test_one_policy_for_the_whole_site(site_dir):
    """Instant navigation keeps the first page's meta, so every page must allow every page's scripts."""
    policies = {POLICY.search(p.read_text(encoding="utf-8"))[1] for p in site_dir.rglob("*.html")}
    assert len(policies) == 1, f"{len(policies)} different policies"


@pytest.mark.browser
@pytest.mark.xdist_group("crawl-light")
def test_no_page_violates_the_policy(site_crawl, site_dir):
    """Read from the light crawl, which records violations on every page from its first script on."""
    crawl = site_crawl("light")
    assert set(crawl.visits) == set(site_pages(site_dir))
    assert not crawl.errors(), crawl.errors()
    found = {url: v.csp for url, v in crawl.visits.items() if v.csp}
    assert not found and not crawl.console_csp, (found, crawl.console_csp)


@pytest.mark.browser
def test_instant_navigation_and_search_do_not_violate_the_policy(browser, server):
    # Instant navigation from a section page to the teacher pages and back (their inline
    # scripts run under the first page's policy), then search, whose worker the policy must allow.
    context = browser.new_context(base_url=server)
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        open_ready(page, "/ep90/us-stance/")
        wait_for_instant_navigation(page)
        page.evaluate("() => { window.__ssNoReload = true; }")
        for selector in ('a[href$="teachers/"]', 'a[href$="assign/"]', 'a[href$="glossary/"]'):
            title = page.title()
            page.locator(f".md-nav {selector}").first.click()
            page.wait_for_function("(t) => document.title !== t", arg=title)  # the new page is in
        assert page.evaluate("() => window.__ssNoReload") is True, "expected instant navigation"
        search_for(page, "停戦")
        violations = page.evaluate("window.ssViolations")
    finally:
        context.close()
    assert not violations and not console, (violations, console)
