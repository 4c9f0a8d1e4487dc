"""Quotations are quotations: whatever a quiz puts in quote marks is the site's own text.

A phrase in 「…」, 『…』, “…”, ‘…’, "…" or '…' in any text a student sees (title,
intro, prompt, options, items, pairs, feedback, explanation) must occur word for
word in the section text of that language: every quote in a Japanese text,
and a quote in Japanese script inside an English text, in the Japanese pages;
every other quote in the English pages. "Section text" is the title (h1)
and the numbered paragraphs (``{: #pN }``) of the sections the question cites
(and of the quiz's own section); editorial notes, discussion questions and the
glossary are not the text. The rules (quizzes/README.md, "Quotations"):

- Only outermost quotes are checked; quote marks inside them (nested quotes,
  「」 written as 『』) are ignored on both sides when comparing.
- An ellipsis (… or ...), a blank (＿＿＿, ___) or a wave dash (〜, as in the
  pattern 「〜かねない」) marks an omission: each part must occur, in this order.
- Section titles of the episode count as text everywhere, so a question may
  name another section (「再発防止策」の節).
- Compared after folding runs of white space (none at all for Japanese) and,
  in English, letter case; punctuation at the ends of a quote is ignored.
  English phrases must match whole words ('ought' is not found in "thought").
- An apostrophe inside or at the end of a word (Russia's, leaders') is not a
  quote mark.
- Labels that are not the text's words (category names, glosses, literal
  translations) are written without quote marks (Japanese may use 〈…〉).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..datafile import Bilingual
from ..errors import Problem, StudyDataError
from ..docs import SUFFIX, load_section, section_refs
from ..filecache import FileCache
from ..yamlloc import Loc
from ..models.quiz import TextList

PAIRS = {"「": "」", "『": "』", "“": "”", "‘": "’"}
CLOSERS = set(PAIRS.values())
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f々〆ヶ]")
OMISSION = re.compile(r"…+|\.{3,}|⋯+|＿{2,}|_{3,}|[〜～]")
QUOTE_MARKS = re.compile(r"[「」『』“”‘’\"']")
EDGE_PUNCTUATION = " \t\n.,;:!?。、，．・—–-"
LANGUAGE_NAMES = {"ja": "Japanese", "en": "English"}

@dataclass(frozen=True)
class Quote:
    text: str  # the quoted phrase without its outer marks


def _is_word(char: str) -> bool:
    return char.isalnum()


def quotes_in(text: str) -> tuple[list[Quote], str | None]:
    """The outermost quoted phrases of ``text``, and a reason if the marks do not balance."""
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (closing mark, start of the phrase)
    for mark in QUOTE_MARKS.finditer(text):
        i, char = mark.start(), mark[0]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        closer = None
        if char in PAIRS:
            stack.append((PAIRS[char], i + 1))
            continue
        if char == '"':
            if stack and stack[-1][0] == '"':
                closer = '"'
            else:
                stack.append(('"', i + 1))
                continue
        elif char in ("'", "’"):
            if stack and stack[-1][0] in ("'", "’") and not before.isspace() and not _is_word(after):
                closer = stack[-1][0]
            elif char == "'" and not _is_word(before) and before not in "'’" and not after.isspace():
                stack.append(("'", i + 1))
                continue
            else:
                continue  # an apostrophe: Russia's, leaders'
        elif char in CLOSERS:
            closer = char
        if closer is None:
            continue
        if not stack or stack[-1][0] != closer:
            return quotes, f"quote mark {char} closes nothing opened"
        _, start = stack.pop()
        if not stack:
            quotes.append(Quote(text[start:i]))
    if stack:
        return quotes, f"quote mark opened and not closed: {text[stack[0][1] - 1:stack[0][1] + 20]}…"
    return quotes, None


def _fold(text: str, language: str) -> str:
    text = QUOTE_MARKS.sub("", unicodedata.normalize("NFC", text))
    if language == "ja":
        return re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def quote_language(quote: str, field_language: str) -> str:
    return "ja" if field_language == "ja" or JAPANESE.search(quote) else "en"


def _found(part: str, haystack: str, start: int, language: str) -> int:
    """End of the first match of ``part`` in ``haystack`` at or after ``start``, or -1."""
    if language == "ja":
        at = haystack.find(part, start)
        return at + len(part) if at >= 0 else -1
    left = r"(?<!\w)" if _is_word(part[0]) else ""
    right = r"(?!\w)" if _is_word(part[-1]) else ""
    match = re.compile(left + re.escape(part) + right).search(haystack, start)
    return match.end() if match else -1


def phrase_in(quote: str, haystack: str, language: str) -> bool:
    """Whether ``quote`` (omissions allowed) occurs in the folded ``haystack``."""
    position = 0
    for raw in OMISSION.split(quote):
        part = _fold(raw, language).strip(EDGE_PUNCTUATION)
        if not part:
            continue
        position = _found(part, haystack, position, language)
        if position < 0:
            return False
    return True


# Folded text per section page and language, and the episode's titles: kept while the
# pages they are read from are unchanged (every quiz check asks for them again).
_TEXTS: FileCache[str] = FileCache("section texts")
_TITLES: FileCache[str] = FileCache("episode titles")


def section_text(docs_dir: Path, episode: str, slug: str, language: str) -> str:
    """Title and numbered paragraphs of one section page, plain and folded."""
    file = Path(docs_dir, episode, f"{slug}{SUFFIX[language]}")

    def fold() -> str:
        page = load_section(docs_dir, f"{episode}/{slug}", language)
        parts = [page.title] + [re.sub(r"<[^>]+>", "", block.html) for block in page.blocks]
        return _fold("\n".join(html.unescape(p) for p in parts), language)

    return _TEXTS.get(str(file), [file], fold)


def episode_titles(docs_dir: Path, episode: str, language: str) -> str:
    """The titles of every section page of an episode, folded (section names may be quoted).
    Cached on the episode's pages: finding section pages reads every file."""

    def fold() -> str:
        refs = [ref for ref in section_refs(docs_dir) if ref.startswith(f"{episode}/")]
        return "\n".join(_fold(load_section(docs_dir, ref, language).title, language) for ref in refs)

    return _TITLES.get((str(docs_dir), episode, language), sorted(Path(docs_dir).glob(f"{episode}/*.md")), fold)


def texts_of(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """Every student-visible text of a model: (location, language, text)."""
    if isinstance(model, Bilingual):
        for language in LANGUAGE_NAMES:
            yield loc + (language,), language, getattr(model, language)
        return
    if isinstance(model, TextList):
        return  # accepted answers are not presented as quotations
    for name in type(model).model_fields:
        value = getattr(model, name)
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in values:
            if isinstance(item, BaseModel):
                yield from texts_of(item, loc + ((name,) if index is None else (name, index)))


def check_quotations(lq, docs_dir: Path) -> list[Problem]:
    """Quoted phrases of one loaded quiz that are not the site's text (see module doc)."""
    quiz = lq.quiz
    own = [quiz.section] if quiz.section else []
    every = list(dict.fromkeys(own + [ref.split("#")[0] for q in quiz.questions for ref in q.sources]))
    # (location, model, its quoted_elsewhere exceptions, sections it may quote)
    scopes: list[tuple[Loc, BaseModel, list, list[str]]] = [
        (("title",), quiz.title, [], every),
    ]
    if quiz.intro is not None:
        scopes.append((("intro",), quiz.intro, [], every))
    for i, q in enumerate(quiz.questions):
        slugs = list(dict.fromkeys(own + [ref.split("#")[0] for ref in q.sources]))
        scopes.append((("questions", i), q, q.quoted_elsewhere, slugs))
    problems = []
    haystacks: dict[tuple[tuple[str, ...], str], str] = {}
    titles: dict[str, str] = {}

    def text_of(slugs: list[str], language: str) -> str:
        key = (tuple(slugs), language)
        if key not in haystacks:
            if language not in titles:
                titles[language] = episode_titles(docs_dir, lq.episode, language)
            haystacks[key] = "\n".join([section_text(docs_dir, lq.episode, slug, language) for slug in slugs]
                                       + [titles[language]])
        return haystacks[key]

    for loc, model, exceptions, slugs in scopes:
        allowed = {e.phrase for e in exceptions}
        quoted: set[str] = set()
        for where, field_language, text in texts_of(model, loc):
            quotes, unbalanced = quotes_in(text)
            if unbalanced:
                problems.append(lq.problem(where, unbalanced))
            for quote in quotes:
                quoted.add(quote.text)
                if quote.text in allowed:
                    continue
                language = quote_language(quote.text, field_language)
                try:
                    haystack = text_of(slugs, language)
                except StudyDataError:
                    continue  # a missing page is reported by the source check
                if not phrase_in(quote.text, haystack, language):
                    sections = ", ".join(slugs) or "no section"
                    problems.append(lq.problem(
                        where, f"quoted phrase not in the {LANGUAGE_NAMES[language]} text of {sections}: '{quote.text}'"))
        # An exception must still be needed: quoted here, and not the text's own words.
        for j, exception in enumerate(exceptions):
            at = loc + ("quoted_elsewhere", j, "phrase")
            language = quote_language(exception.phrase, "en")
            if exception.phrase not in quoted:
                problems.append(lq.problem(at, f"'{exception.phrase}' is not quoted in this question: remove the exception"))
            elif phrase_in(exception.phrase, _haystack_or_empty(text_of, slugs, language), language):
                problems.append(lq.problem(at, f"'{exception.phrase}' is in the text: it needs no exception"))
    return problems


def _haystack_or_empty(text_of, slugs: list[str], language: str) -> str:
    try:
        return text_of(slugs, language)
    except StudyDataError:
        return ""  # a missing page is reported by the source check
