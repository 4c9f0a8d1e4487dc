"""Open browser tabs, kept per worker and reset between tests (issue 12: suite CPU).

Opening a tab costs Chromium a renderer process and a browsing instance: about three
times the CPU of loading a page in a tab that is already open. So a test that only
loads pages and reads them takes a pooled tab (``TabPool.take``); when the test is done
``TabPool.give_back`` resets it to what a fresh context shows the next test:

- storage: localStorage and sessionStorage of the site's origin are cleared (on the
  origin: sessionStorage belongs to the tab and survives about:blank); the site uses
  no IndexedDB, Cache Storage, service worker or cookie, and its tests none either
  (cookies are cleared all the same);
- permissions, routes (page and context), emulated media and the viewport go back to
  the context's options, the tab's history is dropped and it is left on about:blank;
- ``page.errors`` (the pool's own ``pageerror`` listener) is emptied.

What Playwright cannot take back (listeners, init scripts, exposed functions, extra
headers) is refused on a pooled tab: a test that needs one, or a cold HTTP cache,
uses a fresh context instead (conftest's ``fresh_tab``/``fresh_page``).
"""

from __future__ import annotations

import json

# Playwright's defaults for a context opened without these options.
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
DEFAULT_MEDIA = {"media": "null", "color_scheme": "light", "reduced_motion": "no-preference",
                 "forced_colors": "none", "contrast": "no-preference"}
# A blank document served on the site's origin by a route (blank_on_origin): not a site page.
BLANK_PATH = "__tab_pool_blank__"
BLANK = "<!doctype html><title>reset</title>"
# Undone by nothing Playwright offers: a test that needs them takes a fresh context.
NOT_UNDOABLE = {
    "page": ("on", "once", "add_init_script", "expose_function", "expose_binding", "set_extra_http_headers"),
    "context": ("on", "once", "add_init_script", "expose_function", "expose_binding", "set_extra_http_headers",
                "set_geolocation", "set_offline"),
}


def collect_page_errors(page):
    """``page.errors``: every uncaught exception of the page's scripts, in order."""
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def blank_on_origin(page, base_url: str) -> None:
    """Open a blank document of ``base_url``'s origin in ``page`` (none of the site's scripts run):
    storage can be read or written there before the site's first page, without an init script."""
    url = base_url + BLANK_PATH
    page.route(url, lambda route: route.fulfill(body=BLANK, content_type="text/html"))
    try:
        page.goto(url)
    finally:
        page.unroute(url)


def _refuse(obj, names):
    def refuse(name):
        def refused(*args, **kwargs):
            raise RuntimeError(f"{name}() on a pooled tab cannot be undone for the next test:"
                               " take a fresh context (fresh_tab/fresh_page) for this test")
        return refused

    for name in names:
        setattr(obj, name, refuse(name))


class _Tab:
    """What the pool knows of one of its tabs."""

    def __init__(self, base_url: str, key: tuple):
        self.base_url, self.key = base_url, key
        self.viewport = self.color_scheme = None  # the per-tab options it was last given


class TabPool:
    """Idle tabs of one browser, one context each, keyed by base URL and context options."""

    def __init__(self, browser):
        self.browser = browser
        self._idle: dict[tuple, list] = {}
        self._tabs: dict = {}  # page -> _Tab, taken or idle

    def take(self, base_url: str, **options):
        """A tab as a fresh ``browser.new_context(base_url=..., **options).new_page()`` shows it."""
        # Playwright applies viewport and colour scheme per tab (the same DevTools calls as
        # the context options), so one tab serves every value: set here, not in the key.
        viewport = options.pop("viewport", DEFAULT_VIEWPORT)
        color_scheme = options.pop("color_scheme", DEFAULT_MEDIA["color_scheme"])
        key = (base_url, json.dumps(options, sort_keys=True))
        idle = self._idle.get(key)
        page = idle.pop() if idle else self._open(base_url, key, options)
        tab = self._tabs[page]
        if tab.viewport != viewport:
            page.set_viewport_size(viewport)
            tab.viewport = viewport
        if tab.color_scheme != color_scheme:
            page.emulate_media(**{**DEFAULT_MEDIA, "color_scheme": color_scheme})
            tab.color_scheme = color_scheme
        return page

    def give_back(self, page, reset: bool = True) -> None:
        """Reset the tab for the next test; a tab that cannot be reset is closed instead.

        ``reset=False`` is for the test that proves the reset matters, nothing else.
        """
        tab = self._tabs[page]
        try:
            if reset:
                self.reset(page)
        except Exception:  # noqa: BLE001 - a crashed or closed tab is replaced, not reused
            del self._tabs[page]
            page.context.close()
            return
        self._idle.setdefault(tab.key, []).append(page)

    def reset(self, page) -> None:
        tab, context = self._tabs[page], page.context
        page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        # Leave the site's page first (its pagehide handlers may still write storage),
        # then clear storage from a blank document of the same origin.
        blank_on_origin(page, tab.base_url)
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.goto("about:blank")
        # A DevTools session left attached changes the tab (emulated print media is lost on
        # the next navigation): one per reset, detached at once.
        cdp = context.new_cdp_session(page)
        cdp.send("Page.resetNavigationHistory")
        cdp.detach()
        context.clear_cookies()
        context.clear_permissions()
        page.set_viewport_size(tab.viewport)
        page.emulate_media(**{**DEFAULT_MEDIA, "color_scheme": tab.color_scheme})
        page.errors.clear()

    def close(self) -> None:
        for page in self._tabs:
            page.context.close()
        self._tabs.clear()
        self._idle.clear()

    def _open(self, base_url: str, key: tuple, options: dict):
        context = self.browser.new_context(base_url=base_url, **options)
        page = collect_page_errors(context.new_page())
        self._tabs[page] = _Tab(base_url, key)
        _refuse(page, NOT_UNDOABLE["page"])
        _refuse(context, NOT_UNDOABLE["context"])
        return page
