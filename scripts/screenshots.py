#!/usr/bin/env python3
"""Screenshot every page of the site in both languages, light and dark, at phone
and desktop widths.

    .venv/bin/python scripts/screenshots.py --out /tmp/shots            # builds the site first
    .venv/bin/python scripts/screenshots.py --site-dir site --out shots # an existing build
    .venv/bin/python scripts/screenshots.py --only ep90/us-stance --only glossary

Files are named <page>__<scheme>__<width>.png, e.g. en-ep90-us-stance__dark__375.png.
When it builds, SITE_URL matches the local server so instant navigation works;
an existing build is served as it is. Uses Debian's Chromium (CHROMIUM to override).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(site_dir: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stdout + result.stderr)


def page_urls(site_dir: Path) -> list[str]:
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def shot_name(url: str, scheme: str, width: int) -> str:
    stem = url.strip("/").replace("/", "-").removesuffix(".html") or "home"
    if not (url.startswith("en/") or url == "en/"):
        stem = "ja-" + stem if stem != "home" else "ja-home"
    return f"{stem}__{scheme}__{width}.png"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="serve this build instead of building the project")
    parser.add_argument("--out", type=Path, default=Path("/tmp/site-shots"), help="output folder")
    parser.add_argument("--only", action="append", default=[],
                        help="only pages whose URL contains this (repeatable; matches both languages)")
    parser.add_argument("--widths", default="375,1280")
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--viewport-only", action="store_true", help="not the full page height")
    args = parser.parse_args(argv)

    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site_dir
        if site_dir is None:
            site_dir = Path(tmp) / "site"
            build(site_dir, base)
        urls = [u for u in page_urls(site_dir) if not args.only or any(o in u for o in args.only)]
        handler = functools.partial(_Quiet, directory=str(site_dir))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        args.out.mkdir(parents=True, exist_ok=True)
        from playwright.sync_api import sync_playwright

        count = 0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for scheme in args.schemes.split(","):
                for width in (int(w) for w in args.widths.split(",")):
                    context = browser.new_context(base_url=base, color_scheme=scheme,
                                                  viewport={"width": width, "height": 900 if width > 600 else 812})
                    page = context.new_page()
                    for url in urls:
                        page.goto("/" + url)
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(args.out / shot_name(url, scheme, width)),
                                        full_page=not args.viewport_only)
                        count += 1
                    context.close()
            browser.close()
        httpd.shutdown()
    print(f"{count} screenshots of {len(urls)} pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
