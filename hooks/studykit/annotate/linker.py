"""Link glossary terms in rendered HTML: the first occurrence of each entry per page.

Japanese has no spaces between words, so the usual ``\\b``-based recipe never
matches 停戦ライン inside a sentence: Japanese forms match as plain substrings
of text nodes. English forms match on word boundaries, case-insensitively
unless the form is an all-capitals acronym (NATO, UN), with an optional plural
"s" and spaces/hyphens interchangeable. All forms of all entries are tried
longest first, so 国際的停戦監視部隊 wins over 停戦.

Only markup is added: the text (and every character of it) stays as it was.
Text inside headings, links, code, the notice and admonition titles is never
touched. The HTML is re-emitted token by token from Python's HTMLParser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

SKIP_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "script", "style",
    "abbr", "button", "label", "select", "option", "textarea", "svg", "math", "sup", "title", "template",
})
# The site notice and admonition titles are chrome, not the author's text;
# data-ss-nolink lets other widgets opt out.
SKIP_CLASSES = frozenset({"admonition-title", "ss-notice", "headerlink"})
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})
_SEPARATOR = r"[\s\u00a0\-\u2010\u2011]+"
_DASH = r"[\-\u2010\u2011\u2013]"


def _english_pattern(form: str) -> str:
    parts = []
    for chunk in re.split(r"([\s\-\u2010\u2011]+|\u2013)", form):
        if not chunk:
            continue
        if chunk == "\u2013":
            parts.append(_DASH)
        elif re.fullmatch(r"[\s\-\u2010\u2011]+", chunk):
            parts.append(_SEPARATOR)
        else:
            parts.append(re.escape(chunk))
    body = "".join(parts)
    if any(c.islower() for c in form):
        return f"(?i:{body})s?"
    return body  # acronyms: exact case, so "un" in running text is not the UN


def _first_char_guard(forms: list[str], language: str) -> str:
    """A lookahead for the characters a form can start with (under the same case rule as
    the form), or "". Python's regex engine tries every alternative at every position of
    the text; this lets it skip the positions where no form can start (10x faster on
    the section pages), and accepts exactly the positions the alternatives could match."""
    exact, caseless = set(), set()
    for form in forms:
        first = form[:1]
        if not first or re.match(r"[\s\-\u2010\u2011\u2013]", first):
            return ""  # a form starting with a separator: no single first character
        (caseless if language != "ja" and any(c.islower() for c in form) else exact).add(first)

    def char_class(chars: set[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"

    options = ([f"(?i:{char_class(caseless)})"] if caseless else []) + ([char_class(exact)] if exact else [])
    return "(?=" + "|".join(options) + ")"


def _by_first_letter(forms: list[str], alternatives: list[str], language: str) -> str:
    """The alternation, grouped by first letter behind a lookahead each, so at a word start
    the engine tries only the forms that start with its letter. Only when every form starts
    with an ASCII letter or digit: then the groups' first characters exclude each other
    (ignoring case), so at any position at most one group can match and, keeping the
    forms' order inside it, it matches what the whole alternation would."""
    if not all(form[:1].isascii() and form[:1].isalnum() for form in forms):
        return "(?:" + "|".join(alternatives) + ")"
    groups: dict[str, list[tuple[str, str]]] = {}
    for form, alternative in zip(forms, alternatives):
        groups.setdefault(form[0].lower(), []).append((form, alternative))
    return "(?:" + "|".join(
        _first_char_guard([form for form, _ in group], language) + "(?:" + "|".join(alt for _, alt in group) + ")"
        for group in groups.values()) + ")"


class TermMatcher:
    """Find glossary forms in text of one language."""

    def __init__(self, forms: dict[str, str], language: str):
        self.language = language
        ordered = sorted(forms, key=lambda f: (-len(f), f))
        self._ids: dict[str, str] = {}
        alternatives = []
        for n, form in enumerate(ordered):
            name = f"f{n}"
            self._ids[name] = forms[form]
            pattern = re.escape(form) if language == "ja" else _english_pattern(form)
            alternatives.append(f"(?P<{name}>{pattern})")
        if not alternatives:
            self._regex = None
        elif language == "ja":
            self._regex = re.compile(_first_char_guard(ordered, language) + "(?:" + "|".join(alternatives) + ")")
        else:
            self._regex = re.compile(r"(?<![\w])" + _first_char_guard(ordered, language)
                                     + _by_first_letter(ordered, alternatives, language) + r"(?![\w])")

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            yield match.start(), match.end(), self._ids[match.lastgroup]


class _Rewriter(HTMLParser):
    def __init__(self, matcher: TermMatcher, make_link: Callable[[str, str], str] | None, already: set[str]):
        super().__init__(convert_charrefs=False)
        self.matcher = matcher
        self.make_link = make_link
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.linked: list[str] = []
        self.found: list[str] = []
        self.already = already

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in VOID_TAGS:
            return
        classes = set()
        nolink = False
        for name, value in attrs:
            if name == "class" and value:
                classes.update(value.split())
            elif name == "data-ss-nolink":
                nolink = True
        skip = self.skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or nolink
        self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.skipping or (self.cdata_elem is not None):
            self.out.append(data)
            return
        pos = 0
        for start, end, entry_id in self.matcher.finditer(data):
            self.found.append(entry_id)
            if self.make_link is None or entry_id in self.already:
                continue
            self.already.add(entry_id)
            self.linked.append(entry_id)
            self.out.append(data[pos:start])
            self.out.append(self.make_link(entry_id, data[start:end]))
            pos = end
        self.out.append(data[pos:])

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def link_terms(
    html_text: str,
    matcher: TermMatcher,
    *,
    href: Callable[[str], str],
    tip: Callable[[str], str],
) -> tuple[str, list[str]]:
    """Return ``html_text`` with the first occurrence of each entry linked, and the linked ids.

    The hover/tap text goes into ``data-ss-tip``, never ``title``: Material's
    ``content.tooltips`` renders a ``title`` as HTML, so glossary text there
    would run as markup. glossary.js shows ``data-ss-tip`` with textContent.
    """

    def make_link(entry_id: str, text: str) -> str:
        return (
            f'<a class="ss-term" href="{html.escape(href(entry_id))}" data-ss-term="{html.escape(entry_id)}"'
            f' data-ss-tip="{html.escape(tip(entry_id))}">{text}</a>'
        )

    protected, sentinel = _protect_bare_ampersands(html_text)
    parser = _Rewriter(matcher, make_link, set())
    parser.feed(protected)
    parser.close()
    out = "".join(parser.out)
    return (out.replace(sentinel, "&") if sentinel else out), parser.linked


# An ampersand that starts no entity or character reference ("AT&T"). HTMLParser
# reports "&T" as an entity without saying whether a ";" followed, so it could not
# be re-emitted as written: such ampersands stand in for a private-use character
# while parsing and come back unchanged.
BARE_AMPERSAND = re.compile(r"&(?![a-zA-Z][-.a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")


def _protect_bare_ampersands(html_text: str) -> tuple[str, str]:
    if not BARE_AMPERSAND.search(html_text):
        return html_text, ""
    sentinel = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in html_text)
    return BARE_AMPERSAND.sub(sentinel, html_text), sentinel


def terms_in(html_text: str, matcher: TermMatcher) -> list[str]:
    """Entry ids occurring in the linkable text of ``html_text``, in order of first occurrence."""
    parser = _Rewriter(matcher, None, set())
    parser.feed(html_text)
    parser.close()
    return list(dict.fromkeys(parser.found))
