"""Marker HTML that bypasses Python-Markdown.

A marker's HTML is complete, and Markdown passes a raw HTML block through
unchanged, but md_in_html still parses every tag of it to find where the block
ends: about half a second per build for the quiz, glossary, teacher and
side-by-side pages. So the hook puts a one-line placeholder into the Markdown
and the marker's HTML into the page's HTML after conversion (the same bytes).
"""

from __future__ import annotations

import re
import secrets


class HtmlSlots:
    def __init__(self) -> None:
        # Per process, so a placeholder cannot be written by hand in a page.
        self._token = secrets.token_hex(6)
        self._pattern = re.compile(rf'<div data-ss-slot="{self._token}-(\d+)"></div>')
        self._held: dict[str, dict[str, str]] = {}  # page -> number -> HTML

    def hold(self, page: str, html: str) -> str:
        """A placeholder for ``html`` in the Markdown of ``page``: a block of its own, as the HTML was."""
        held = self._held.setdefault(page, {})
        number = str(len(held))
        held[number] = html
        return f'<div data-ss-slot="{self._token}-{number}"></div>'

    def fill(self, page: str, html_text: str) -> tuple[str, int]:
        """``html_text`` (the page converted) with each placeholder replaced by its HTML, and how
        many placeholders were not found (Markdown escaped them: a marker inside a code block)."""
        held = self._held.pop(page, {})
        if not held:
            return html_text, 0
        html_text, placed = self._pattern.subn(lambda match: held[match[1]], html_text)
        return html_text, len(held) - placed
