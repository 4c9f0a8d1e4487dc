"""Content-Security-Policy for the built pages: a ``<meta>`` with the hashes of the inline scripts.

Defence in depth: if markup ever slipped into a page, the browser would still
refuse to run it. Only the site's own files may load (no third-party host),
inline scripts run only if their SHA-256 is listed, and inline event handlers
(``onclick=…``) never run. The hashes are computed from the final HTML, so a
script added to a template later is covered without a list to maintain.

``'wasm-unsafe-eval'`` and ``worker-src 'self'`` leave room for a search engine
that compiles WebAssembly in a worker (e.g. Pagefind); neither allows ``eval``
of JavaScript or a script from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
SRC = re.compile(r"\bsrc\s*=", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
CHARSET = re.compile(r"<meta charset=[^>]*>\n?", re.I)

# Every directive names only this site. style-src keeps 'unsafe-inline' for
# style attributes (Material sets some); styles cannot run code, and 'self'
# still stops CSS from being fetched from another host.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' {hashes}"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("frame-src", "'none'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def inline_script_hashes(html: str) -> set[str]:
    """``'sha256-…'`` of every inline script the browser would run (data blocks such as JSON are not scripts)."""
    hashes = set()
    for match in SCRIPT.finditer(html):
        attrs = match["attrs"]
        kind = TYPE.search(attrs)
        if SRC.search(attrs) or (kind and kind[1].lower() not in JS_TYPES):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def policy(hashes: set[str]) -> str:
    return "; ".join(f"{name} {value}".format(hashes=" ".join(sorted(hashes))).strip() for name, value in DIRECTIVES)


def _meta(hashes: set[str]) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">\n'


def add_policy(html: str, extra: set[str] | frozenset[str] = frozenset()) -> str:
    """``html`` with the policy meta first in its head (a meta policy covers only what follows it)."""
    html = META.sub("", html)
    meta = _meta(inline_script_hashes(html) | set(extra))
    charset = CHARSET.search(html)
    if charset:
        return html[:charset.end()] + meta + html[charset.end():]
    head = re.search(r"<head[^>]*>\n?", html, re.I)
    return html[:head.end()] + meta + html[head.end():] if head else html


def rewrite_policy(site_dir: Path) -> None:
    """Give every page one policy covering every page's inline scripts.

    Instant navigation keeps the first page's ``<meta>`` while it runs the next
    page's scripts, so each page's policy must allow all of them.
    """
    pages = {path: path.read_text(encoding="utf-8") for path in Path(site_dir).rglob("*.html")}
    everything: set[str] = set()
    for text in pages.values():
        everything |= inline_script_hashes(text)
    for path, text in pages.items():
        if not META.search(text):
            continue  # not a page of ours (e.g. a redirect stub)
        updated = add_policy(text, everything)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
