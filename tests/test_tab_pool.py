"""The tab pool (tabpool.py) hands the next test a tab that shows nothing of the last one:
what a test leaves in a pooled tab is gone after the reset, and would be seen without it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1000, "height": 700}
ERROR = "pool test: an uncaught error"


def dirty(page):
    """Leave in ``page`` everything a test could leave that a later test could read."""
    page.goto("ep90/")
    page.goto("glossary/")
    page.evaluate("""() => { localStorage.setItem('pool-dirt', 'local'); sessionStorage.setItem('pool-dirt', 'session');
        document.cookie = 'pool-dirt=cookie; path=/'; }""")
    page.route("**/about/", lambda route: route.fulfill(body="routed by the page", content_type="text/plain"))
    page.context.route("**/flashcards/", lambda route: route.fulfill(body="routed by the context", content_type="text/plain"))
    page.context.grant_permissions(["clipboard-read"])
    page.emulate_media(color_scheme="dark", media="print", reduced_motion="reduce")
    page.set_viewport_size({"width": 400, "height": 300})
    page.evaluate(f"() => setTimeout(() => {{ throw new Error({ERROR!r}); }})")
    page.wait_for_function("() => true")  # the timer has run
    assert page.errors and ERROR in page.errors[0]


def observe(page) -> dict:
    """What the next test could read in ``page``."""
    errors = list(page.errors)
    page.goto("ep90/")
    seen = page.evaluate("""async () => ({
        local: localStorage.getItem('pool-dirt'), session: sessionStorage.getItem('pool-dirt'), cookie: document.cookie,
        about: (await (await fetch('../about/')).text()).includes('routed'),
        flashcards: (await (await fetch('../flashcards/')).text()).includes('routed'),
        clipboard: (await navigator.permissions.query({name: 'clipboard-read'})).state,
        dark: matchMedia('(prefers-color-scheme: dark)').matches, print: matchMedia('print').matches,
        reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
        size: [innerWidth, innerHeight],
    })""")
    cdp = page.context.new_cdp_session(page)
    history = cdp.send("Page.getNavigationHistory")["entries"]
    cdp.detach()
    return {**seen, "errors": errors, "cookies": page.context.cookies(),
            "history": [e["url"] for e in history if e["url"] != "about:blank"]}


@pytest.fixture
def fresh_view(fresh_tab, server):
    """What a tab of a new context shows: the reference a pooled tab must match."""
    page = fresh_tab(server, viewport=VIEWPORT)
    return observe(page)


def _reused_tab(tab_pool, server, reset: bool) -> dict:
    page = tab_pool.take(server, viewport=VIEWPORT)
    dirty(page)
    tab_pool.give_back(page, reset=reset)
    again = tab_pool.take(server, viewport=VIEWPORT)
    try:
        assert again is page, "the pool opened a new tab: this test would prove nothing"
        return observe(again)
    finally:
        tab_pool.give_back(again)


def test_a_reset_tab_shows_the_next_test_what_a_fresh_context_shows(tab_pool, server, fresh_view):
    assert _reused_tab(tab_pool, server, reset=True) == fresh_view


def test_without_the_reset_every_kind_of_dirt_would_be_seen(tab_pool, server, fresh_view):
    seen = _reused_tab(tab_pool, server, reset=False)
    same = {name: value for name, value in seen.items() if fresh_view[name] == value}
    assert not same, f"dirty() leaves nothing here, so the reset test cannot see it go: {same}"


@pytest.mark.parametrize("method", ["on", "add_init_script", "expose_function"])
def test_a_pooled_tab_refuses_what_cannot_be_undone(tab_pool, server, method):
    page = tab_pool.take(server)
    try:
        for target in (page, page.context):
            with pytest.raises(RuntimeError, match="fresh context"):
                getattr(target, method)("x", lambda *args: None)
    finally:
        tab_pool.give_back(page)
