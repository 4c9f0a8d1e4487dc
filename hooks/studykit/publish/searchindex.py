"""The site's search index: Pagefind, fed text that is segmented and normalised like the query.

Pagefind splits a Japanese query in the browser with ``Intl.Segmenter`` (ICU's
dictionary-based word breaker). Its extended binary segments pages with a different
analyser, so a word could be cut one way in the index and another in the query
(自衛隊 highlighted as 自衛, クルスク matching クイズ). Here every page is segmented
with ICU's word breaker (icu4py, the same algorithm and dictionary as the browser)
after NFKC, and handed to Pagefind's standard binary as words separated by spaces,
which it indexes as they are. The browser applies NFKC to the query before Pagefind
segments it (docs/assets/study/search.js), so both sides see the same words.

Only the article is indexed: never the header, navigation or footer, nor anything
marked ``data-search-exclude`` (quiz answers and feedback) or ``data-pagefind-ignore``
(ruby readings), nor ``<rt>``/``<rp>``. Pages with ``search: exclude: true`` front
matter (answer keys, worksheets) are not indexed at all. No MkDocs import here.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from icu4py.breakers import WordBreaker
from pagefind_bin import get_executable

BUNDLE = "pagefind"
# Files Pagefind writes for its own UIs and its web worker; the site has its own UI and runs
# Pagefind without the worker (one fetch less), so they are not deployed.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
# Languages whose words are not separated by spaces: segmented here, as the browser does.
SEGMENTED = ("ja", "zh", "th")
# Han, kana, CJK punctuation and full-width forms: where Japanese needs boundaries made spaces.
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

SKIPPED_TAGS = frozenset({"script", "style", "template", "svg", "rt", "rp", "noscript", "button", "input",
                          "select", "textarea"})
BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "section",
                        "summary", "details", "blockquote", "pre", "figcaption", "tr", "ol", "ul", "dl", "table",
                        "br", "hr", "article", "aside", "header", "footer", "nav", "form", "fieldset", "legend"})
# The author's paragraphs (<p id="pN">, as hooks/studykit/htmltext.py) outweigh the site's
# notes and questions on the same page: a student searches the text they read.
SOURCE_ID = re.compile(r"^p\d+$")
SOURCE_WEIGHT = ' data-pagefind-weight="2"'
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})


class SearchIndexError(Exception):
    """Pagefind could not build the index."""


@dataclass
class PageText:
    """What the index gets from one built page."""
    lang: str = ""
    title: str = ""
    blocks: list[str] = field(default_factory=list)
    source: set[int] = field(default_factory=set)  # indexes of blocks that are the author's paragraphs


def _hidden(tag: str, attrs: dict) -> bool:
    if tag in SKIPPED_TAGS or "data-search-exclude" in attrs or "data-pagefind-ignore" in attrs:
        return True
    return tag == "a" and "headerlink" in (attrs.get("class") or "").split()


# Tokens of well-formed HTML (what MkDocs writes): a start or end tag with its
# attributes, a comment, a declaration or processing instruction; text between.
TAG = re.compile(r"""<(?:(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|!--.*?-->|![^>]*>|\?[^>]*>)""", re.S)
ATTRIBUTE = re.compile(r"""([^\s/>"'=][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
RAW_TEXT = ("script", "style")  # their content is text up to their end tag, never markup


class _ArticleText:
    """Collects the text of Material's ``article.md-content__inner``, block by block.

    The callbacks are those of ``html.parser.HTMLParser`` (convert_charrefs=True),
    fed by a regex tokenizer: HTMLParser spent most of the indexing time in Python
    code per tag (tests/test_search.py checks both give the same text on every page)."""

    def __init__(self):
        self.page = PageText()
        self.article_depth = 0  # > 0 while inside the article
        self.skip_depth = 0  # > 0 while inside an element that is not indexed
        self.in_h1 = False
        self.in_source = 0  # depth inside an author's paragraph <p id="pN">
        self.buffer: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.buffer).split())
        if text:
            if self.in_source:
                self.page.source.add(len(self.page.blocks))
            self.page.blocks.append(text)
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = attributes.get("lang", "")
        if tag in VOID_TAGS:
            if self.article_depth and tag == "br":
                self._flush()
            return
        if not self.article_depth:
            if tag == "article" and "md-content__inner" in attributes.get("class", "").split():
                self.article_depth = 1
            return
        self.article_depth += 1
        if self.skip_depth:
            self.skip_depth += 1
            return
        if _hidden(tag, attributes):
            self.skip_depth = 1
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if self.in_source:
            self.in_source += 1
        elif tag == "p" and SOURCE_ID.match(attributes.get("id", "")):
            self.in_source = 1
        if tag == "h1" and not self.page.title:
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or not self.article_depth:
            return
        self.article_depth -= 1
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if self.in_source == 1 and tag == "p":
            self._flush()
        if self.in_source:
            self.in_source -= 1
        if tag in BLOCK_TAGS or not self.article_depth:
            if self.in_h1 and tag == "h1":
                self.page.title = " ".join("".join(self.buffer).split())
                self.in_h1 = False
            self._flush()

    def handle_data(self, data):
        if self.article_depth and not self.skip_depth:
            self.buffer.append(data)

    def feed(self, markup: str) -> None:
        position = 0
        while True:
            match = TAG.search(markup, position)
            text = markup[position:match.start() if match else len(markup)]
            if text:
                self.handle_data(html.unescape(text))
            if match is None:
                return
            position = match.end()
            name = match[2]
            if name is None:
                continue  # comment, declaration, processing instruction
            tag = name.lower()
            if match[1]:
                self.handle_endtag(tag)
                continue
            attributes = match[3]
            self.handle_starttag(tag, [(key.lower(), html.unescape(quoted or single or bare))
                                       for key, quoted, single, bare in ATTRIBUTE.findall(attributes)])
            if attributes.rstrip().endswith("/"):
                self.handle_endtag(tag)
            elif tag in RAW_TEXT:
                end = re.compile(rf"</{tag}\s*>", re.I).search(markup, position)
                stop = end.start() if end else len(markup)
                if stop > position:
                    self.handle_data(markup[position:stop])
                position = stop

    def close(self) -> None:
        pass


ARTICLE_START = '<article class="md-content__inner'
ARTICLE_END = "</article>"
HTML_LANG = re.compile(r"""<html\b[^>]*?\slang=["']?([^"'\s>]*)""", re.I)


def page_text(markup: str) -> PageText:
    """The indexable text of a built Material page: its language, title and text blocks."""
    parser = _ArticleText()
    start, end = markup.find(ARTICLE_START), markup.rfind(ARTICLE_END)
    if 0 <= start < end:
        # Only the article is indexed: parse it alone, not the header, navigation and
        # footer around it (most of a page's markup, and most of the indexing time).
        lang = HTML_LANG.search(markup, 0, start)
        parser.page.lang = html.unescape(lang[1]) if lang else ""
        markup = markup[start:end + len(ARTICLE_END)]
    parser.feed(markup)
    parser.close()
    return parser.page


def normalise(text: str) -> str:
    """NFKC, as the browser does with the query: ＮＡＴＯ -> NATO, ﾅﾗﾃｨﾌﾞ -> ナラティブ, １００ -> 100."""
    return unicodedata.normalize("NFKC", text)


def segment(text: str, lang: str) -> str:
    """``text`` after NFKC, with ICU's word boundaries made spaces for languages written without them."""
    text = normalise(text)
    if lang.split("-")[0].lower() not in SEGMENTED:
        return text
    out = ""
    for word in WordBreaker(text, lang):
        # A space at each boundary next to CJK text; Latin words and numbers keep their own
        # punctuation (cease-fire, 1.5), which Pagefind splits as it does in English.
        if out and not out[-1].isspace() and not word[0].isspace() and (_cjk(out[-1]) or _cjk(word[0])):
            out += " "
        out += word
    return out


def _cjk(char: str) -> bool:
    return bool(CJK.match(char))


def index_document(page: PageText, weight: float = 1.0) -> str:
    """A minimal page for Pagefind: the segmented title as its ``<h1>`` (Pagefind's result
    title, weighted as a heading), then the segmented text blocks; ``weight`` (front
    matter ``search: boost:``) becomes the filter ``boost``."""
    blocks = page.blocks[1:] if page.blocks and page.blocks[0] == page.title else page.blocks
    # Pagefind weights words, not pages (a whole page weighted x2 scores as before), so a
    # page's boost is a filter value that the browser multiplies into the score.
    boost = f' data-pagefind-filter="boost:{weight:g}"' if weight != 1 else ""
    words = html.escape(segment(page.title, page.lang), quote=False)
    # Results show the title as written (not NFKC, no index spaces): meta from an element
    # that is not indexed (Pagefind still reads meta inside data-pagefind-ignore).
    title = html.escape(page.title, quote=False)
    offset = len(page.blocks) - len(blocks)
    body = "\n".join(
        f"<p{SOURCE_WEIGHT if i + offset in page.source else ''}>{html.escape(segment(block, page.lang), quote=False)}</p>"
        for i, block in enumerate(blocks))
    return (f'<!doctype html><html lang="{html.escape(page.lang)}"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body{boost}><p data-pagefind-ignore data-pagefind-meta="title">{title}</p>'
            f"<h1>{words}</h1>\n{body}</main></body></html>")


def pagefind_binary() -> Path:
    """Pagefind's standard binary (from the pagefind-bin wheel): it splits words at spaces only,
    so it keeps the segmentation done here (the extended binary would re-segment Japanese)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    return Path(get_executable())


def index_source(markup: str, weight: float = 1.0) -> str | None:
    """What Pagefind indexes for one built page (:func:`index_document`); None if it has no text."""
    page = page_text(markup)
    return index_document(page, weight) if page.blocks else None


def write_index(site_dir: Path, documents: dict[str, str | None]) -> Path:
    """Index ``documents`` (site-relative HTML path -> :func:`index_source` of that page)
    into ``site_dir/pagefind``.

    Returns the bundle directory. Raises SearchIndexError with Pagefind's output if it fails.
    """
    site_dir = Path(site_dir)
    bundle = site_dir / BUNDLE
    with tempfile.TemporaryDirectory(prefix="ss-search-") as tmp:
        for rel, document in sorted(documents.items()):
            if document is None:
                continue
            target = Path(tmp) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
        if bundle.exists():
            shutil.rmtree(bundle)
        command = [str(pagefind_binary()), "--site", tmp, "--output-path", str(bundle), "--quiet"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0 or not (bundle / "pagefind.js").exists():
            raise SearchIndexError(f"pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    return bundle
