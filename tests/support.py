"""Helpers shared by the tests (conftest.py keeps only fixtures).

Paths of the project, the docs' section list, the local test server's handler,
axe-core in a page, and the one crawl of the built site that the accessibility,
privacy, CSP, language-mark and phone-width tests all read from.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCE_TEXT = SHARED / "source" / "ep90-ceasefire-negotiations.ja.txt"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("ja", "en")
# Site-relative prefix of each language's pages (static-i18n's suffix layout).
LANG_PREFIX = {"ja": "", "en": "en/"}

NOTICE_MARKER = re.compile(r"<!--\s*study:notice\b")
MARKDOWN_LINK = re.compile(r"\]\(([a-z0-9-]+)\.md\)")


# ---- the docs -----------------------------------------------------------------------------


@functools.cache
def section_slugs(episode: str = "ep90") -> tuple[str, ...]:
    """Slugs of an episode's section pages in reading order, as its contents page lists them.

    A section page is a page of the episode that carries the notice marker (the contents
    page itself carries one too and is left out).
    """
    folder = ROOT / "docs" / episode
    slugs = []
    for slug in MARKDOWN_LINK.findall((folder / "index.md").read_text(encoding="utf-8")):
        page = folder / f"{slug}.md"
        if slug != "index" and page.is_file() and NOTICE_MARKER.search(page.read_text(encoding="utf-8")):
            slugs.append(slug)
    assert slugs, f"no section pages linked from docs/{episode}/index.md"
    return tuple(dict.fromkeys(slugs))


# ---- the local server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page, as GitHub Pages does.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


# How the tests (and scripts/bench_browser.py) launch Debian's Chromium: no sandbox (the
# machine runs as root), no hardware GPU (its GPU process still draws, in software),
# nothing fetched from Google's services.
# Not --disable-frame-rate-limit: it makes each wait for a frame shorter, but Chromium
# then draws without pause, and the whole suite ran several times slower (2026-12-01).
# Other switches tried for CPU (--in-process-gpu, --disable-gpu-compositing,
# --disable-software-rasterizer, --process-per-site, --enable-low-end-device-mode): the
# CPU of 30 page visits with axe's colour rules came out at 36.8-41.3 CPU-s, one run
# each, against 34.8-38.4 for the default's three runs; --single-process did not finish.
# V8's --no-opt, --max-lazy, --single-threaded-gc (--js-flags) and --renderer-process-limit=1:
# 18.1-20.3 CPU-s for 20 visits with all of axe's rules, against 19.0 (medians of 3 rounds).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# ---- axe-core -----------------------------------------------------------------------------

# Colour rules only: the dark scheme changes colours, nothing else axe looks at.
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]


def axe_rules(scheme: str) -> list[str] | None:
    """The rules an axe pass runs in ``scheme``: every rule in light, the colour rules in dark."""
    return None if scheme == "light" else CONTRAST_RULES


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, context: str | None = None, rules: list[str] | None = None) -> list[dict]:
    """Inject axe-core into ``page`` and return its violations (only ``rules`` if given)."""
    # Evaluated through the DevTools protocol rather than added as a <script>: the
    # pages' Content-Security-Policy (rightly) refuses inline scripts.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("async ([ctx, options]) => await axe.run(ctx || document, options)", [context, options])
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    return json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations],
        ensure_ascii=False, indent=1,
    )


# ---- pages in a browser -------------------------------------------------------------------

# Material's bundle has run (it labels the search box): the page is ready to test.
BUNDLE_READY = "() => document.querySelector('.md-search[aria-label]') !== null"
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def settle(page):
    """Wait until no CSS transition or animation is running (a drawer slid in, an overlay faded)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)


def open_ready(page, url: str):
    """Go to ``url`` and wait until Material's bundle has run."""
    response = page.goto(url)
    page.wait_for_function(BUNDLE_READY)
    return response


# Material intercepts clicks for instant navigation only once it has the sitemap: a
# click before that is an ordinary full page load.
SITEMAP_FETCHED = ("() => performance.getEntriesByType('resource')"
                   ".some(e => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)")


def wait_for_instant_navigation(page):
    """Wait until a click on an internal link will be an instant navigation."""
    page.wait_for_function(SITEMAP_FETCHED)
    page.evaluate(NEXT_FRAME)  # the sitemap is parsed in the tasks after its response


def search_for(page, query: str):
    """Type ``query`` into the header search box, as a reader does, and wait for results."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # a real key event: Material searches on keyup
    page.wait_for_selector(".md-search-result__item")
    # The overlay (phone) and the results are still fading in: colours measured
    # mid-transition are not the ones a reader sees.
    settle(page)


# ---- the shared crawl ---------------------------------------------------------------------

# Records every Content-Security-Policy violation from the first script on.
CSP_RECORDER = """
window.ssViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.ssViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""
# Text in the article that is in the other language than the page and not marked with
# its own lang (screen readers would read it in the wrong voice). Japanese: any kana or
# kanji on an English page; English: a phrase of three words or more on a Japanese page.
# None when the page has no article.
UNMARKED_TEXT = r"""() => {
  const article = document.querySelector('article'), lang = document.documentElement.lang;
  if (!article) return null;
  const foreign = lang === 'en' ? /[\u3040-\u30ff\u3400-\u9fff]/ : /[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,}){2,}/;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT), out = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!foreign.test(node.data) || parent.closest('script, style, noscript, [hidden], [aria-hidden=true]')) continue;
    const marked = parent.closest('[lang]');
    if (marked && marked.lang !== lang) continue;
    out.push(node.data.trim().slice(0, 60));
  }
  return out;
}"""
DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 375
# Searches made at the end of the light pass, so Pagefind's requests are in its log.
SEARCHES = (("/", "停戦"), ("/en/", "ceasefire"))


@dataclass
class Visit:
    """What one visit of one page found."""

    axe: list[dict] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)  # securitypolicyviolation events
    phone_width: int | None = None  # scrollWidth at phone width (light pass only)
    unmarked: list[str] | None = None  # other-language text without a lang mark (light pass only)
    error: str | None = None  # the visit itself failed (timeout, crash)


@dataclass
class Crawl:
    """Every built page visited once in one colour scheme."""

    scheme: str
    visits: dict[str, Visit] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)  # every URL the context fetched, workers included
    console_csp: list[str] = field(default_factory=list)  # CSP messages on the console
    search_error: str | None = None

    def errors(self) -> dict[str, str]:
        """Pages whose visit failed: every test reading the crawl reports them."""
        return {url: v.error for url, v in self.visits.items() if v.error}


def crawl_site(browser, base_url: str, urls: list[str], scheme: str) -> Crawl:
    """Visit every page once in ``scheme``.

    Light: full axe, CSP violations, unmarked other-language text, phone-width
    scrollWidth, then a search in each language, all with a context-level request log.
    Dark: axe's colour rules only.
    """
    light = scheme == "light"
    crawl = Crawl(scheme)
    context = browser.new_context(base_url=base_url, color_scheme=scheme, viewport=DESKTOP)
    if light:
        context.add_init_script(CSP_RECORDER)
        context.on("request", lambda r: crawl.requests.append(r.url))  # context-level: workers too
    page = context.new_page()
    page.on("console", lambda m: crawl.console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        for url in urls:
            visit = crawl.visits[url] = Visit()
            try:
                if light:
                    page.set_viewport_size(DESKTOP)
                open_ready(page, "/" + url)
                if light:
                    visit.csp = page.evaluate("window.ssViolations")
                    visit.unmarked = page.evaluate(UNMARKED_TEXT)
                visit.axe = run_axe(page, rules=axe_rules(scheme))
                if light:
                    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
                    page.evaluate(NEXT_FRAME)
                    visit.phone_width = page.evaluate("document.documentElement.scrollWidth")
            except Exception as error:  # noqa: BLE001 - reported by every test that reads the crawl
                visit.error = f"{type(error).__name__}: {error}".splitlines()[0]
        if light:
            try:
                page.set_viewport_size(DESKTOP)
                for home, query in SEARCHES:
                    open_ready(page, home)
                    search_for(page, query)
            except Exception as error:  # noqa: BLE001
                crawl.search_error = f"{type(error).__name__}: {error}".splitlines()[0]
    finally:
        context.close()
    return crawl
