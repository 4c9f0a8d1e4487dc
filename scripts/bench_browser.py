#!/usr/bin/env python3
"""What one page visit of the browser tests costs, step by step (load, axe-core, axe's rules).

    .venv/bin/python scripts/bench_browser.py                    # builds the site, 3 rounds over 10 pages
    .venv/bin/python scripts/bench_browser.py --site-dir /tmp/s  # an existing build
    .venv/bin/python scripts/bench_browser.py -r 5

The shared crawls of the test suite (tests/support.py ``crawl_site``) visit every built
page once per colour scheme, and the suite is bound by Chromium's CPU: on the 2-core
machine a third pytest worker does not make it faster. This script shows where a visit's
CPU goes, so that a change to the crawl can be judged before it is made.

Each round visits every page once per variant, the variants in a new random order per
page, in one tab of Debian's Chromium launched as the tests launch it. Timed are wall
time and CPU time (user + sys of this process and all its descendants: the Playwright
driver and every Chromium process), as medians over the visits:

  trivial page      a one-paragraph HTML page on the same server, for the floor
  load              goto + Material's bundle has run (the tests' ``open_ready``)
  + axe source      then axe-core's source evaluated in the page (as ``run_axe``)
  + colour rules    then axe.run with the dark crawl's rules (color-contrast, link-in-text-block)
  + all rules       then axe.run with every rule (the light crawl)
  and three ways to make the last one cheaper, tried 2026-12-01 and not taken (each
  within about 1-4 % of it): axe loaded as a cached same-origin script instead of
  evaluated; ``preload`` of media only (the CSSOM preload feeds an experimental rule
  that axe's default run leaves out); ``selectors: false``.

Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]
from proctree import TICK, descendants, processes  # noqa: E402
from support import (AXE_JS, CHROMIUM_ARGS, CONTRAST_RULES, SiteHandler, _axe_source,  # noqa: E402
                     free_port, open_ready)

PAGES = ["", "ep90/china-key/", "ep90/parallel/china-key/", "ep90/quiz/china-key/", "glossary/", "flashcards/",
         "en/ep90/timeline/", "en/teachers/", "en/ep90/us-stance/", "en/about/"]
TRIVIAL_URL, AXE_URL = "/__bench__/trivial/", "/__bench__/axe.min.js"
TRIVIAL = b"<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title></head><body><p>t</p></body></html>"
ADD_SCRIPT = ("src => new Promise((done, fail) => { const s = document.createElement('script'); s.src = src;"
              " s.onload = done; s.onerror = () => fail(new Error(src)); document.head.append(s); })")
AXE_RUN = "async options => (await axe.run(document, options)).violations.length"


class Handler(SiteHandler):
    """The tests' server, plus a trivial page and axe-core as a cacheable same-origin script."""

    def do_GET(self):
        if self.path == TRIVIAL_URL:
            body = TRIVIAL
        elif self.path == AXE_URL:
            body = AXE_JS.read_bytes()
        else:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if self.path == TRIVIAL_URL else "text/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


VARIANTS = ["trivial page", "load", "+ axe source", "+ colour rules", "+ all rules",
            "+ all rules, axe as a cached script", "+ all rules, preload media only", "+ all rules, selectors: false"]


def _visit(page, url: str, variant: str) -> None:
    if variant == "trivial page":
        page.goto(TRIVIAL_URL)
        return
    open_ready(page, "/" + url)
    if variant == "load":
        return
    if variant.endswith("cached script"):
        page.evaluate(ADD_SCRIPT, AXE_URL)
    else:
        page.evaluate(_axe_source())  # as run_axe does
    options: dict = {"resultTypes": ["violations"]}  # as run_axe does
    if variant == "+ colour rules":
        options["runOnly"] = {"type": "rule", "values": CONTRAST_RULES}
    elif variant.endswith("media only"):
        # The CSSOM preload serves css-orientation-lock only, an experimental rule axe leaves out.
        options["preload"] = {"assets": ["media"]}
    elif variant.endswith("false"):
        options["selectors"] = False
    if variant != "+ axe source":
        page.evaluate(AXE_RUN, options)


def _tree_cpu() -> float:
    """CPU seconds of this process and every live descendant (Chromium's processes included)."""
    table = processes()
    return sum(table[pid][1] for pid in [os.getpid(), *descendants(os.getpid(), table)]) / TICK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="an existing build (default: build one)")
    parser.add_argument("-r", "--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ss-bench-browser-") as tmp:
        site = args.site_dir
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "--site-dir", str(site)],
                           cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        port = free_port()
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        wall: dict[str, list[float]] = {v: [] for v in VARIANTS}
        cpu: dict[str, list[float]] = {v: [] for v in VARIANTS}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                        args=CHROMIUM_ARGS)
            page = browser.new_context(base_url=f"http://127.0.0.1:{port}/",
                                       viewport={"width": 1280, "height": 900}).new_page()
            for variant in VARIANTS:  # warm-up: the HTTP cache and V8's code cache
                _visit(page, PAGES[0], variant)
            for _ in range(args.rounds):
                for url in PAGES:
                    for variant in random.sample(VARIANTS, len(VARIANTS)):
                        cpu0, wall0 = _tree_cpu(), time.perf_counter()
                        _visit(page, url, variant)
                        wall[variant].append(time.perf_counter() - wall0)
                        cpu[variant].append(_tree_cpu() - cpu0)
            browser.close()
        httpd.shutdown()
    print(f"{len(PAGES)} pages x {args.rounds} rounds, medians per visit (min-max of CPU):")
    print(f"{'variant':32s} {'wall ms':>8s} {'CPU ms':>8s}")
    for variant in VARIANTS:
        print(f"{variant:32s} {statistics.median(wall[variant]) * 1000:8.0f} {statistics.median(cpu[variant]) * 1000:8.0f}"
              f"   ({min(cpu[variant]) * 1000:.0f}-{max(cpu[variant]) * 1000:.0f})")


if __name__ == "__main__":
    main()
