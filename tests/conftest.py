"""Shared fixtures: the built site (built once, strict), a local server, and a real browser.

Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright;
Playwright's own browser download is not used.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCE_TEXT = SHARED / "source" / "ep90-ceasefire-negotiations.ja.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("ja", "en")

sys.path.insert(0, str(ROOT / "hooks"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def base_url(port) -> str:
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, base_url) -> Path:
    """The whole site, built once with --strict and site_url matching the test server."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
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


@pytest.fixture(scope="session")
def server(site_dir, port, base_url):
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base_url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def html_pages(site_dir: Path) -> list[Path]:
    """Every built HTML page (both languages), excluding redirects."""
    return sorted(p for p in site_dir.rglob("*.html"))


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, context: str | None = None) -> list[dict]:
    """Inject axe-core into ``page`` and return its violations."""
    # Evaluated through the DevTools protocol rather than added as a <script>: the
    # pages' Content-Security-Policy (rightly) refuses inline scripts.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "async (ctx) => await axe.run(ctx || document, {resultTypes: ['violations']})", context
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    return json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations],
        ensure_ascii=False, indent=1,
    )
