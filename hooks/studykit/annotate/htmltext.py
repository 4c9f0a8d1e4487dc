"""Rendered HTML as tokens with the text of its author's blocks, for markup that must not change the text.

Furigana, the sic mark and the hedge highlights add elements around text; the
characters stay as they were. A *block* is the author's text on a section page:
the ``<h1>``, each ``<p id="pN">`` and the closing ``<p class="ss-closing">``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_ID = re.compile(r"^p\d+$")
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})


@dataclass
class Token:
    kind: str  # "start", "end", "startend", "data", "raw"
    text: str  # raw markup, or the decoded text of a data token
    tag: str = ""
    attrs: dict = field(default_factory=dict)
    block: str | None = None  # key of the author's block this token is in
    offset: int = 0  # data tokens: where the text starts in its block's text
    open: tuple[str, ...] = ()  # tags open inside the block around this token


def block_key(tag: str, attrs: dict) -> str | None:
    """``h1``, ``pN`` or ``closing`` for an element that holds the author's text."""
    if tag == "h1":
        return "h1"
    if tag == "p" and BLOCK_ID.match(attrs.get("id") or ""):
        return attrs["id"]
    if tag == "p" and "ss-closing" in (attrs.get("class") or "").split():
        return "closing"
    return None


class _Tokenizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.block: str | None = None
        self.block_tag = ""
        self.depth = 0  # nesting of block_tag inside the block
        self.stack: list[str] = []
        self.text_offset = 0

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        raw = self.get_starttag_text()
        if self.block is None:
            key = block_key(tag, attributes)
            self.tokens.append(Token("start", raw, tag, attributes))
            if key:
                self.block, self.block_tag, self.depth, self.stack, self.text_offset = key, tag, 1, [], 0
            return
        self.tokens.append(Token("start", raw, tag, attributes, self.block, self.text_offset, tuple(self.stack)))
        if tag in VOID_TAGS:
            return
        self.stack.append(tag)
        if tag == self.block_tag:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(Token("startend", self.get_starttag_text(), tag, block=self.block, offset=self.text_offset))

    def handle_endtag(self, tag):
        if self.block is not None and tag == self.block_tag:
            self.depth -= 1
            if self.depth == 0:
                self.tokens.append(Token("end", f"</{tag}>", tag))
                self.block = None
                return
        if self.block is not None and tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
        self.tokens.append(Token("end", f"</{tag}>", tag, block=self.block, offset=self.text_offset, open=tuple(self.stack)))

    def handle_data(self, data):
        if self.cdata_elem is not None:  # script/style: kept as written
            self.tokens.append(Token("raw", data))
            return
        self.tokens.append(Token("data", data, block=self.block, offset=self.text_offset, open=tuple(self.stack)))
        if self.block is not None:
            self.text_offset += len(data)

    def handle_comment(self, data):
        self.tokens.append(Token("raw", f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.tokens.append(Token("raw", f"<!{decl}>"))

    def handle_pi(self, data):
        self.tokens.append(Token("raw", f"<?{data}>"))

    def unknown_decl(self, data):
        self.tokens.append(Token("raw", f"<![{data}]>"))


def tokenize(html_text: str) -> list[Token]:
    parser = _Tokenizer()
    parser.feed(html_text)
    parser.close()
    return parser.tokens


def block_texts(tokens: list[Token]) -> dict[str, str]:
    """Block key -> the block's text (decoded), in document order."""
    texts: dict[str, list[str]] = {}
    for token in tokens:
        if token.kind == "data" and token.block is not None:
            texts.setdefault(token.block, []).append(token.text)
    return {key: "".join(parts) for key, parts in texts.items()}


def emit(token: Token) -> str:
    return html.escape(token.text, quote=False) if token.kind == "data" else token.text
