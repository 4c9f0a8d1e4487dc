"""Reading aids for the Japanese text: furigana, vocabulary, the sic mark and hedges.

One reviewed file per episode, ``quizzes/<episode>/readings.yml`` (proposed by
``scripts/propose_readings.py`` with SudachiPy, then corrected by hand). It maps
the words of each block of a section page, in order, to their readings; the
build only reads this file, so it needs no analyser.

Only markup is added: the reading sits in an attribute of an empty ``<rt>``
(shown by CSS), so the text of the page, its copy, its search index and the
glossary linker see exactly the author's characters. Words are "difficult"
when listed in ``vocabulary`` (with a gloss); every word with a kanji outside
the jōyō list must be listed.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kanji_lists import JOYO

from ..datafile import load_validated
from ..docs import load_section, section_refs
from ..errors import Problem, StudyDataError
from ..filecache import FileCache
from ..load.glossary import cached_glossaries
from ..models.readings import ITEM, KANJI, ReadingsFile, Sic
from ..text.sentences import sentences
from ..urls import relative_url
from ..yamlloc import Located
from .htmltext import Token, block_key, block_texts, emit, tokenize

KANJI_RUN = re.compile(f"[{KANJI}]+")

# --- words and their ruby ---------------------------------------------------------


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def ruby_parts(word: str, reading: str) -> list[tuple[str, str | None]]:
    """Split a word into (text, reading-or-None) so okurigana carry no ruby: 纏まって -> 纏(まと)まって."""
    parts = re.findall(f"[{KANJI}]+|[^{KANJI}]+", word)
    pattern = "".join("(.+?)" if KANJI_RUN.fullmatch(p) else re.escape(hiragana(p)) for p in parts)
    match = re.fullmatch(pattern, reading)
    if not match:  # irregular (e.g. 今日): one ruby over the whole word
        return [(word, reading)]
    groups = iter(match.groups())
    return [(p, next(groups)) if KANJI_RUN.fullmatch(p) else (p, None) for p in parts]


@dataclass(frozen=True)
class Word:
    text: str
    reading: str
    start: int  # offset in the block's text
    difficult: bool
    loc: tuple  # where the item is in the file

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@lru_cache(maxsize=1)
def joyo() -> frozenset[str]:
    """The 2,136 jōyō kanji (2010 list), from the kanji-lists package."""
    return frozenset(JOYO.HEISEI22)


def non_joyo(word: str) -> list[str]:
    return [c for c in word if KANJI_RUN.fullmatch(c) and c not in joyo() and c not in "々〆〇"]


# --- loading and checking against the section pages ---------------------------------


@dataclass
class Readings:
    episode: str
    data: ReadingsFile
    located: Located
    words: dict[str, list[Word]]  # "slug#block" -> words in text order
    texts: dict[str, str]  # "slug#block" -> text of the block (from the Markdown)

    @property
    def difficult(self) -> set[str]:
        return {v.word for v in self.data.vocabulary}

    def for_section(self, slug: str) -> dict[str, list[Word]]:
        prefix = f"{slug}#"
        return {ref[len(prefix):]: words for ref, words in self.words.items() if ref.startswith(prefix)}

    def sics(self, slug: str) -> dict[str, list[Sic]]:
        out: dict[str, list[Sic]] = {}
        for sic in self.data.sic:
            section, _, block = sic.at.partition("#")
            if section == slug:
                out.setdefault(block, []).append(sic)
        return out


def section_texts(docs_dir: Path, episode: str) -> dict[str, str]:
    """"slug#block" -> text of every block of every Japanese section page of ``episode``."""
    texts = {}
    for ref in section_refs(docs_dir):
        ep, _, slug = ref.partition("/")
        if ep != episode:
            continue
        for key, text in block_texts(tokenize(load_section(docs_dir, ref, "ja").html)).items():
            texts[f"{slug}#{key}"] = text
    return texts


def match_words(items: list[str], text: str, difficult: set[str], ref: str, located: Located,
                problems: list[Problem]) -> list[Word]:
    """Find each 'word reading' item in ``text`` after the previous one."""
    words, cursor = [], 0
    for i, item in enumerate(items):
        loc = ("readings", ref, i)
        word, reading = ITEM.match(item).group("word", "reading")
        if not KANJI_RUN.search(word):
            problems.append(located.problem(loc, f"'{word}' has no kanji: leave it out"))
            continue
        start = text.find(word, cursor)
        if start < 0:
            where = "not in the text" if word not in text else "out of order (it comes earlier in the text)"
            problems.append(located.problem(loc, f"'{word}' is {where}: the text has changed; review this block"))
            continue
        words.append(Word(word, reading, start, word in difficult, loc))
        cursor = start + len(word)
    return words


def uncovered(text: str, words: list[Word]) -> list[tuple[int, str]]:
    """Kanji runs of ``text`` (offset, run) that no word covers."""
    covered = set()
    for w in words:
        covered.update(range(w.start, w.end))
    gaps = []
    for match in KANJI_RUN.finditer(text):
        missing = "".join(c if i not in covered else " " for i, c in zip(range(match.start(), match.end()), match[0]))
        for part in re.finditer(r"\S+", missing):
            gaps.append((match.start() + part.start(), part[0]))
    return gaps


def _check(model: ReadingsFile, located: Located, texts: dict[str, str], episode: str) -> Readings:
    problems: list[Problem] = []
    difficult = {v.word for v in model.vocabulary}
    words: dict[str, list[Word]] = {}
    for ref, items in model.readings.items():
        if ref not in texts:
            problems.append(located.problem(("readings", ref), f"no block '{ref}' on a Japanese section page of {episode}"))
            continue
        words[ref] = match_words(items, texts[ref], difficult, ref, located, problems)
        for word in words[ref]:
            if non_joyo(word.text) and word.text not in difficult:
                problems.append(located.problem(word.loc, f"'{word.text}' has kanji outside the jōyō list "
                                                          f"({''.join(non_joyo(word.text))}): add it to vocabulary with a gloss"))
    used = {w.text for ws in words.values() for w in ws}
    seen = set()
    for i, entry in enumerate(model.vocabulary):
        if entry.word in seen:
            problems.append(located.problem(("vocabulary", i, "word"), f"'{entry.word}' is listed twice"))
        seen.add(entry.word)
        if entry.word not in used:
            problems.append(located.problem(("vocabulary", i, "word"), f"'{entry.word}' is not a word in readings"))
    for i, sic in enumerate(model.sic):
        if sic.at not in texts or sic.text not in texts[sic.at]:
            problems.append(located.problem(("sic", i, "text"), f"'{sic.text}' is not in {sic.at}"))
    all_text = "".join(texts.values())
    hedge_ids = set()
    for i, hedge in enumerate(model.hedges):
        if hedge.id in hedge_ids:
            problems.append(located.problem(("hedges", i, "id"), f"duplicate id '{hedge.id}'"))
        hedge_ids.add(hedge.id)
        for j, form in enumerate(hedge.match):
            if form not in all_text:
                problems.append(located.problem(("hedges", i, "match", j), f"'{form}' is not in the text of {episode}"))
    if problems:
        raise StudyDataError(problems)
    return Readings(episode, model, located, words, texts)


# One per episode, kept while its readings.yml and its pages are unchanged (both languages' builds ask).
_READINGS: FileCache[Readings] = FileCache("readings")


def load_readings(docs_dir: Path, data_dir: Path, episode: str, *, root: Path) -> Readings | None:
    """The checked reading aids of ``episode`` (None if it has no readings.yml); cached per input files."""
    file = Path(data_dir) / episode / "readings.yml"
    if not file.is_file():
        return None

    def check() -> Readings:
        shown = file.resolve().relative_to(Path(root).resolve()).as_posix()
        model, located = load_validated(file, shown, ReadingsFile)
        return _check(model, located, section_texts(docs_dir, episode), episode)

    inputs = [file] + sorted(Path(docs_dir, episode).glob("*.md"))
    return _READINGS.get(str(file.resolve()), inputs, check)


def check_all(docs_dir: Path, data_dir: Path, *, root: Path) -> list[Readings]:
    return [r for d in sorted(Path(data_dir).iterdir()) if d.is_dir()
            if (r := load_readings(docs_dir, data_dir, d.name, root=root)) is not None]


# --- annotating rendered HTML -------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    html: str  # the markup replacing text[start:end] (or inserted at start when start == end)
    after_link: bool = False  # an insertion that must follow an enclosing <a>
    loc: tuple = ()  # the item in readings.yml this span comes from


def _ruby(text: str, reading: str, difficult: bool, anchor: str | None) -> str:
    classes = "ss-ruby ss-ruby--difficult" if difficult else "ss-ruby"
    ident = f' id="{anchor}"' if anchor else ""
    return (f'<ruby class="{classes}"{ident}>{html.escape(text, quote=False)}'
            f'<rt data-ss-rt="{html.escape(reading)}" data-pagefind-ignore data-search-exclude></rt></ruby>')


def word_spans(words: list[Word], anchors: dict[str, str]) -> list[Span]:
    """Ruby spans for the kanji parts of ``words``; ``anchors`` maps a word to the id of its first occurrence."""
    spans = []
    for word in words:
        offset = word.start
        anchor = anchors.pop(word.text, None)
        for text, reading in ruby_parts(word.text, word.reading):
            if reading is not None:
                spans.append(Span(offset, offset + len(text), _ruby(text, reading, word.difficult, anchor),
                                  loc=word.loc))
                anchor = None
            offset += len(text)
    return spans


def sic_spans(sics: list[Sic], text: str, note_href: str | None, language: str = "ja") -> list[Span]:
    spans = []
    for sic in sics:
        end = text.index(sic.text) + len(sic.text)
        label = html.escape(sic.label[language])
        mark = html.escape(sic.mark)
        tag = f'a href="{html.escape(note_href)}"' if note_href else 'span role="img"'
        spans.append(Span(end, end, (
            f'<{tag} class="ss-sic" data-ss-sic="{mark}" aria-label="{mark} {label}"'
            f' data-pagefind-ignore data-search-exclude></{tag.split()[0]}>'), after_link=True))
    return spans


def apply_spans(tokens: list[Token], spans_by_block: dict[str, list[Span]], located: Located) -> str:
    """Re-emit ``tokens`` with each block's spans applied to its text nodes."""
    out: list[str] = []
    pending: list[tuple[int, str]] = []  # (depth of the <a> to close, markup) inserted after that link
    for token in tokens:
        if token.kind != "data" or token.block is None or token.block not in spans_by_block:
            out.append(emit(token))
            if token.kind == "end" and token.tag == "a" and pending:
                depth = len(token.open)
                out.extend(markup for d, markup in pending if d >= depth)
                pending = [(d, m) for d, m in pending if d < depth]
            continue
        text, base = token.text, token.offset
        end_of_node = base + len(text)
        pos = base
        for span in spans_by_block[token.block]:
            if span.start == span.end:  # an insertion
                if not base < span.start <= end_of_node:
                    continue
                if span.after_link and "a" in token.open:
                    depth = len(token.open) - 1 - token.open[::-1].index("a")
                    pending.append((depth, span.html))
                    continue
                out.append(html.escape(text[pos - base:span.start - base], quote=False) + span.html)
                pos = span.start
                continue
            if span.end <= base or span.start >= end_of_node:
                continue
            if span.start < base or span.end > end_of_node:
                raise StudyDataError([located.problem(span.loc, "the word crosses markup on the page (a glossary "
                                                                "link?): split it into two words")])
            out.append(html.escape(text[pos - base:span.start - base], quote=False) + span.html)
            pos = span.end
        out.append(html.escape(text[pos - base:], quote=False))
    return "".join(out)


NOTE_SKIP = frozenset({"ss-notice", "ss-discuss"})


def note_ids(tokens: list[Token], prefix: str = "note-") -> dict[str, str]:
    """Block key -> id of the editorial note (admonition) right after it; an id is added where it has none.

    The note's own id (the content's ``{: #note-pN }``) is kept; ``prefix`` renames ids that
    would clash (the side-by-side page carries the notes of both languages).
    """
    notes: dict[str, str] = {}
    last_block, note_start, depth, found = None, None, 0, None
    for index, token in enumerate(tokens):
        if token.kind == "start" and token.block is None and note_start is None:
            key = block_key(token.tag, token.attrs)
            if key:
                last_block = key
                continue
        if note_start is None:
            classes = set(token.attrs.get("class", "").split()) if token.kind == "start" else set()
            if token.tag == "div" and "admonition" in classes and not classes & NOTE_SKIP and last_block:
                note_start, depth, found = index, 1, None
                if token.attrs.get("id"):
                    found = _renamed(token, prefix)
            continue
        if token.kind == "start" and token.tag == "div":
            depth += 1
        elif token.kind == "start" and token.attrs.get("id") and found is None:
            found = _renamed(token, prefix)
        elif token.kind == "end" and token.tag == "div":
            depth -= 1
            if depth == 0:
                if found is None:
                    found = f"{prefix}{last_block}"
                    head = tokens[note_start]
                    head.text = head.text.replace("<div", f'<div id="{found}"', 1)
                notes.setdefault(last_block, found)
                note_start = None
    return notes


def _renamed(token: Token, prefix: str) -> str:
    ident = token.attrs["id"]
    if prefix == "note-" or not ident.startswith("note-"):
        return ident
    new = prefix + ident[len("note-"):]
    token.text = token.text.replace(f'id="{ident}"', f'id="{new}"', 1)
    token.attrs["id"] = new
    return new


def annotate(html_text: str, readings: Readings, slug: str, *, where: str, vocabulary_ids: bool,
             note_prefix: str = "note-", ruby: bool = True, language: str = "ja") -> str:
    """Furigana and the sic mark on the author's blocks of one section's rendered HTML."""
    tokens = tokenize(html_text)
    texts = block_texts(tokens)
    notes = note_ids(tokens, note_prefix)
    words = readings.for_section(slug) if ruby else {}
    anchors = vocabulary_anchors(readings) if vocabulary_ids else {}
    spans: dict[str, list[Span]] = {}
    for block, text in texts.items():
        block_words = words.get(block, [])
        if any(text[w.start:w.end] != w.text for w in block_words):
            raise StudyDataError([Problem(where, 1, 1, "", f"{slug}#{block}: the rendered text differs from the Markdown")])
        note = f"#{notes[block]}" if block in notes else None
        found = word_spans(block_words, anchors) + sic_spans(readings.sics(slug).get(block, []), text, note, language)
        if found:
            spans[block] = sorted(found, key=lambda s: (s.start, s.end))
    return apply_spans(tokens, spans, readings.located)


NOTICE = re.compile(r'<div class="[^"]*\bss-notice\b[^"]*"[^>]*>.*?</div>', re.S)


def enabled() -> bool:
    """``STUDY_READINGS=off`` builds without furigana, sic mark and vocabulary (to measure what they cost)."""
    return os.environ.get("STUDY_READINGS", "on") != "off"


def annotate_section_page(site, html_text: str, page_src: str) -> tuple[str, tuple[str, ...]]:
    """A Japanese section page: furigana, the sic mark, the furigana switch and the vocabulary list."""
    if not enabled():
        return html_text, ()
    episode, _, name = page_src.partition("/")
    slug = name.removesuffix(".md")
    readings = load_readings(site.docs_dir, site.data_dir, episode, root=site.root)
    if readings is None:
        return html_text, ()
    html_text = annotate(html_text, readings, slug, where=f"docs/{page_src}", vocabulary_ids=True)
    glossary = cached_glossaries(site.data_dir, root=site.root)
    section_text = "".join(t for ref, t in readings.texts.items() if ref.startswith(f"{slug}#"))
    words = vocabulary_view(readings, slug, glossary.forms["ja"],
                            lambda entry_id: relative_url(page_src, "glossary.md", entry_id), section_text)
    tools = site.render_template("furigana.html")
    if words:
        tools += "\n" + site.render_template("vocabulary.html", words=words)
    notice = NOTICE.search(html_text)
    at = notice.end() if notice else (html_text.find("</h1>") + len("</h1>") if "</h1>" in html_text else 0)
    return html_text[:at] + "\n" + tools + "\n" + html_text[at:], ("furigana",)


def vocabulary_anchors(readings: Readings) -> dict[str, str]:
    return {v.word: f"ss-vocab-{i + 1}" for i, v in enumerate(readings.data.vocabulary)}


# --- views for the templates ----------------------------------------------------------------


def vocabulary_view(readings: Readings, slug: str, glossary_forms: dict[str, str], glossary_href,
                    section_text: str) -> list[dict]:
    """Difficult words of one section in order of first appearance, with reading, gloss and links."""
    entries = {v.word: (i, v) for i, v in enumerate(readings.data.vocabulary)}
    order = ["h1"] + sorted((b for b in readings.for_section(slug) if b.startswith("p")), key=lambda b: int(b[1:]))
    order += [b for b in readings.for_section(slug) if b not in order]
    seen, out = set(), []
    for block in order:
        for word in readings.for_section(slug).get(block, []):
            if word.text not in entries or word.text in seen:
                continue
            seen.add(word.text)
            index, entry = entries[word.text]
            term = next((entry_id for form, entry_id in sorted(glossary_forms.items(), key=lambda f: -len(f[0]))
                         if word.text in form and form in section_text), None)
            out.append({
                "word": word.text, "lemma": entry.lemma, "reading": word.reading,
                "parts": ruby_parts(word.text, word.reading),
                "gloss": entry.gloss, "anchor": f"ss-vocab-{index + 1}",
                "glossary": glossary_href(term) if term else None,
            })
    return out


def hedge_view(readings: Readings, docs_dir: Path, language: str, section_url) -> list[dict]:
    """Each hedge with the sentences of the text that use it, the matches marked."""
    view = []
    for hedge in readings.data.hedges:
        pattern = re.compile("|".join(re.escape(m) for m in sorted(hedge.match, key=len, reverse=True)))
        uses = []
        for ref in section_refs(docs_dir):
            episode, _, slug = ref.partition("/")
            if episode != readings.episode:
                continue
            title = load_section(docs_dir, ref, language).title
            for block, text in readings.texts.items():
                section, _, key = block.partition("#")
                if section != slug or not key.startswith("p"):
                    continue
                for sentence in sentences(text):
                    if pattern.search(sentence):
                        uses.append({"title": title, "href": section_url(ref, key), "block": key,
                                     "parts": _marked(sentence, pattern)})
        view.append({"hedge": hedge, "uses": uses})
    return view


def _marked(sentence: str, pattern: re.Pattern) -> list[tuple[str, bool]]:
    parts, pos = [], 0
    for match in pattern.finditer(sentence):
        parts += [(sentence[pos:match.start()], False), (match[0], True)]
        pos = match.end()
    return [p for p in parts + [(sentence[pos:], False)] if p[0]]


