"""Hostile text in the data files reaches readers as text, never as markup.

A copy of the project gets script and style payloads appended to every text
field of the glossary, timeline and quiz files, and is built and served. Every
page is loaded in Chromium with a dialog handler, a request recorder and a
Content-Security-Policy violation recorder; linked terms are hovered, focused
(desktop) and tapped (phone). Nothing may fire, load or be created from the
payloads. The glossary's own "no < or > in terms and short definitions" check
is switched off in the copy: the pages must be safe even without it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest
import yaml

from support import free_port, SiteHandler
from projectcopy import build, copy_project
from sitepages import site_pages

# One worker builds the hostile copy once (xdist_group: module fixtures are per worker).
pytestmark = pytest.mark.xdist_group("hostile")

PAYLOAD = (" <svg onload=alert(1)><img src=x onerror=alert(2)><details open ontoggle=alert(3)>"
           "<iframe srcdoc=&lt;script&gt;alert(4)&lt;/script&gt;></iframe>"
           "<style>@import url(//evil.example/x.css)</style><link rel=stylesheet href=//evil.example/y.css>")
MADE_FROM_PAYLOAD = "svg[onload], img[onerror], details[ontoggle], iframe[srcdoc], link[href*='evil'], style:not([nonce])"
RECORD = """
window.ssViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.ssViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _bilingual_texts(node):
    """Append the payload to every {ja, en} text (and list of texts) below ``node``."""
    if isinstance(node, dict):
        if node and set(node) <= {"ja", "en"}:
            for lang, value in node.items():
                if isinstance(value, str):
                    node[lang] = value + PAYLOAD
                elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                    node[lang] = [v + PAYLOAD for v in value]
            return
        for value in node.values():
            _bilingual_texts(value)
    elif isinstance(node, list):
        for value in node:
            _bilingual_texts(value)


def _hostile_glossary(data: dict) -> None:
    for entry in data["entries"]:
        # Japanese forms stay as they are so the terms are still linked in the text.
        entry["term"]["en"] += PAYLOAD
        for field in ("short", "explanation", "as_of"):
            if entry.get(field):
                _bilingual_texts(entry[field])
        for variant in entry.get("variants", []):
            _bilingual_texts(variant["note"])
        if entry.get("link"):
            _bilingual_texts(entry["link"]["label"])


def _rewrite(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    glossary_code = project / "hooks" / "studykit" / "models" / "glossary.py"
    code = glossary_code.read_text(encoding="utf-8")
    check = 'if "<" in value or ">" in value:'
    assert code.count(check) == 1, "the glossary's markup check moved: update this test"
    glossary_code.write_text(code.replace(check, "if False:"), encoding="utf-8")
    for path in sorted((project / "quizzes").glob("*/*.yml")):
        _rewrite(path, _hostile_glossary if path.name == "glossary.yml" else _bilingual_texts)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    site = project.parent / "site"
    result = build(project, site, base)
    assert result.returncode == 0, result.stdout + result.stderr
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield base, site
    httpd.shutdown()


class Watch:
    """Dialogs, foreign requests and policy violations of one browser context."""

    def __init__(self, context, base: str):
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        origin = urlsplit(base)[:2]

        def seen(request):
            if urlsplit(request.url)[:2] != origin and not request.url.startswith("data:"):
                self.foreign.append(request.url)

        # Watched, not routed: a route would send every request through this process
        # and turn the browser's cache off, reloading every asset on every page. The
        # pages' policy refuses foreign hosts anyway; a request that got past it is
        # recorded here, and a refused one by the violation recorder below.
        context.on("request", seen)
        context.add_init_script(RECORD)
        context.on("page", lambda p: p.on("dialog", self._dialog))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self, page, where: str) -> None:
        made = page.evaluate(f"document.querySelectorAll({MADE_FROM_PAYLOAD!r}).length")
        violations = page.evaluate("window.ssViolations || []")
        assert not (self.dialogs or self.foreign or made or violations), (where, self.dialogs, self.foreign, made, violations)


# The term brought into view, and where a pointer would meet it (Playwright's hover
# checks the same before it moves the mouse; here one call does it instead of several).
# The term before it loses focus first, which hides its tooltip: it could cover this one.
AIM = """el => {
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  el.scrollIntoView({block: 'center'});
  const r = el.getClientRects()[0];
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  return {x, y, hit: el.contains(document.elementFromPoint(x, y))};
}"""
# After the pointer moved onto the term: the tooltip's text once it shows (null if it
# does not within 2 s), then the term takes focus and the tooltip must still describe it.
HOVERED_THEN_FOCUSED = """async el => {
  const tip = () => document.getElementById('ss-tip');
  const showing = () => !!tip() && tip().checkVisibility() && tip().getBoundingClientRect().width > 0;
  for (const start = performance.now(); !showing() && performance.now() - start < 2000;)
    await new Promise(requestAnimationFrame);
  const hovered = showing() ? tip().textContent : null;
  el.focus();
  return {hovered, tip: el.getAttribute('data-ss-tip'), focused: showing(), described: el.getAttribute('aria-describedby')};
}"""


def _section_pages(site) -> list[str]:
    return [u for u in site_pages(site) if u.count("/") == 2 and "/ep90/" in f"/{u}" and "/quiz/" not in u
            and "/parallel/" not in u and not u.endswith(("ep90/", "timeline/"))]


@pytest.mark.browser
def test_hostile_text_is_inert_on_every_page_on_hover_and_focus(browser, hostile_server):
    base, site = hostile_server
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    watch = Watch(context, base)
    page = context.new_page()
    shown_tips = 0
    try:
        for url in site_pages(site):
            page.goto("/" + url, wait_until="load")
            terms = page.locator("a.ss-term")
            for i in range(min(terms.count(), 6)):
                term = terms.nth(i)
                aim = term.evaluate(AIM)
                assert aim["hit"], (url, i, aim)  # the pointer below meets the term, not what covers it
                page.mouse.move(aim["x"], aim["y"])
                seen = term.evaluate(HOVERED_THEN_FOCUSED)
                assert seen["hovered"] is not None, (url, i, "no tooltip on hover")
                shown = "<svg onload=alert(1)>" in seen["hovered"]
                assert shown or "alert" not in seen["tip"]
                shown_tips += shown
                assert seen["focused"] and seen["described"] == "ss-tip", (url, i, seen)
            if "flashcards" in url:
                for _ in range(3):
                    page.locator("[data-ss-fc-flip]").click()
                    page.locator("[data-ss-fc-next]").click()
            watch.check(page, url)
    finally:
        context.close()
    assert shown_tips >= 20, "the payload never reached a tooltip: the test proves nothing"


@pytest.mark.browser
def test_hostile_text_is_inert_in_the_tap_popover(browser, hostile_server):
    base, site = hostile_server
    context = browser.new_context(base_url=base, viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    watch = Watch(context, base)
    page = context.new_page()
    popovers = 0
    try:
        for url in _section_pages(site):
            page.goto("/" + url, wait_until="load")
            terms = page.locator("a.ss-term")
            for i in range(min(terms.count(), 4)):
                terms.nth(i).tap()
                pop = page.locator("#ss-pop")
                pop.wait_for(state="visible", timeout=2000)
                popovers += "<svg onload=alert(1)>" in pop.text_content()
                page.keyboard.press("Escape")
                assert page.locator("#ss-pop").count() == 0
            watch.check(page, url)
    finally:
        context.close()
    assert popovers >= 20
