"""Glossary loading (cached) with its cross-checks, index order and link glue.

One file per episode, ``quizzes/<episode>/glossary.yml`` (models/glossary.py).
Ids are referred to from quiz questions, from ``related`` and from the
timeline; all of these are checked. The term linker (``annotate/linker.py``) matches the term, its aliases and its
spelling variants in running text, so a form may belong to one entry only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..annotate.linker import TermMatcher, link_terms, terms_in
from ..datafile import LANGUAGES, load_validated, shown_path
from ..docs import load_section, section_refs
from ..errors import Problem, StudyDataError
from ..filecache import FileCache
from ..models.glossary import Entry, GlossaryFile, Group
from ..urls import relative_url
from ..yamlloc import Located

# --- loading ---------------------------------------------------------------


@dataclass
class LoadedEntry:
    entry: Entry
    episode: str
    path: str  # as shown to the maintainer


@dataclass
class Glossary:
    """All glossary entries of all episodes."""

    entries: dict[str, LoadedEntry] = field(default_factory=dict)
    # language -> TermMatcher, built on first use (one glossary serves a whole build).
    matchers: dict[str, TermMatcher] = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.entries)

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id].entry

    def __iter__(self):
        return (loaded.entry for loaded in self.entries.values())

    @cached_property
    def forms(self) -> dict[str, dict[str, str]]:
        """language -> surface form -> entry id."""
        out: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        for entry in self:
            for lang in LANGUAGES:
                for form in entry.forms(lang):
                    out[lang][form] = entry.id
        return out

    def sorted_entries(self, language: str, *, language_notes: bool) -> list[Entry]:
        chosen = [e for e in self if (e.group is Group.language) == language_notes]
        return sorted(chosen, key=lambda e: sort_key(e, language))


def _parse(file: Path, shown_as: str, root: Path) -> tuple[GlossaryFile, Located]:
    return load_validated(file, shown_as, GlossaryFile, root=root)


def load_glossaries(data_dir: Path, *, root: Path | None = None) -> Glossary:
    """Load ``<data_dir>/*/glossary.yml`` and check ids, references and forms.

    Raises :class:`StudyDataError` listing every problem as ``path:line:col: field: reason``.
    """
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    glossary = Glossary()
    problems: list[Problem] = []
    parsed: list[tuple[GlossaryFile, Located, str]] = []
    for file in sorted(data_dir.glob("*/glossary.yml")):
        shown = shown_path(file, root)
        try:
            model, located = _parse(file, shown, root)
        except StudyDataError as error:
            problems += error.problems
            continue
        parsed.append((model, located, file.parent.name))

    where: dict[str, tuple[Located, int]] = {}
    for model, located, episode in parsed:
        for i, entry in enumerate(model.entries):
            if entry.id in glossary.entries:
                first = where[entry.id][0]
                line = first.position(("entries", where[entry.id][1], "id"))[0]
                problems.append(located.problem(("entries", i, "id"), f"duplicate id '{entry.id}' (first at {first.path}:{line})"))
                continue
            glossary.entries[entry.id] = LoadedEntry(entry, episode, located.path)
            where[entry.id] = (located, i)

    seen_forms: dict[tuple[str, str], str] = {}
    for entry_id, (located, i) in where.items():
        entry = glossary[entry_id]
        for j, ref in enumerate(entry.related):
            if ref == entry_id:
                problems.append(located.problem(("entries", i, "related", j), "an entry cannot be related to itself"))
            elif ref not in glossary.entries:
                problems.append(located.problem(("entries", i, "related", j), f"unknown glossary id '{ref}'"))
        for lang in LANGUAGES:
            for form in entry.forms(lang):
                other = seen_forms.setdefault((lang, form), entry_id)
                if other != entry_id:
                    problems.append(located.problem(
                        ("entries", i, "term"), f"{lang} form '{form}' also belongs to '{other}'; a form must name one entry"))
    if problems:
        raise StudyDataError(problems)
    return glossary


# --- ordering ----------------------------------------------------------------

_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
GOJUON_ROWS = [
    ("あ", "あいうえお"), ("か", "かきくけこ"), ("さ", "さしすせそ"), ("た", "たちつてと"),
    ("な", "なにぬねの"), ("は", "はひふへほ"), ("ま", "まみむめも"), ("や", "やゆよ"),
    ("ら", "らりるれろ"), ("わ", "わをん"),
]


def _seion(reading: str) -> str:
    """Reading without dakuten/handakuten, small kana made large, ー and spaces dropped."""
    decomposed = unicodedata.normalize("NFD", reading)
    plain = "".join(c for c in decomposed if c not in "\u3099\u309a")
    return unicodedata.normalize("NFC", plain).translate(_SMALL).replace("ー", "").replace("・", "").replace(" ", "")


def sort_key(entry: Entry, language: str) -> tuple:
    if language == "ja":
        # Dictionary (gojūon) order: first by the plain kana, then voiced after unvoiced.
        return (_seion(entry.term.reading), entry.term.reading, entry.id)
    text = entry.term.en
    if entry.group is Group.person:  # people by family name, as in an index
        *given, family = text.split()
        text = " ".join([family, *given])
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^(the|a|an)\s+", "", text)
    return (re.sub(r"[^a-z0-9 ]", "", text), entry.id)


def initial(entry: Entry, language: str) -> str:
    """Index heading for an entry: a gojūon row (あ, か, …) or a capital letter."""
    if language == "ja":
        first = _seion(entry.term.reading)[:1]
        for row, kana in GOJUON_ROWS:
            if first in kana:
                return row
        return "#"
    first = sort_key(entry, "en")[0][:1].upper()
    return first if first.isalpha() else "#"


# --- caching the whole glossary, matchers ------------------------------------------

# One glossary per data folder, kept while no glossary file changes, appears or goes.
_GLOSSARIES: FileCache[Glossary] = FileCache("glossaries")


def cached_glossaries(data_dir: Path, *, root: Path | None = None) -> Glossary:
    """:func:`load_glossaries`, reused while no glossary file changes (one build per language)."""
    files = sorted(Path(data_dir).glob("*/glossary.yml"))
    return _GLOSSARIES.get(str(Path(data_dir).resolve()), files, lambda: load_glossaries(data_dir, root=root))


def matcher(glossary: Glossary, language: str):
    if language not in glossary.matchers:
        glossary.matchers[language] = TermMatcher(glossary.forms[language], language)
    return glossary.matchers[language]


GROUP_LABELS = {
    "person": {"ja": "人物", "en": "Person"},
    "place": {"ja": "地名・地域", "en": "Place"},
    "event": {"ja": "出来事", "en": "Event"},
    "institution": {"ja": "機関・組織", "en": "Institution"},
    "concept": {"ja": "用語", "en": "Term"},
    "language": {"ja": "ことば", "en": "Language note"},
}


def tooltip(entry: Entry, language: str) -> str:
    """Hover/focus text of a linked term: the term in both languages and the short definition."""
    other = "en" if language == "ja" else "ja"
    own, theirs = entry.term[language], entry.term[other]
    if entry.group is Group.language and language == "en":
        own = f"{entry.term.ja} ({entry.term.reading})"
        theirs = entry.term.en
    if theirs in own or own in theirs:  # NATO / NATO（北大西洋条約機構）
        own, theirs = max(own, theirs, key=len), ""
    if not theirs:
        return f"{own}{'：' if language == 'ja' else ': '}{entry.short[language]}"
    if language == "ja":
        return f"{own}（{theirs}）：{entry.short.ja}"
    return f"{own} ({theirs}): {entry.short.en}"


def link_section(glossary: Glossary, html_text: str, *, page_src: str, language: str,
                 glossary_src: str = "glossary.md") -> tuple[str, list[str]]:
    """Link the first occurrence of every glossary entry in a section page's HTML."""
    return link_terms(
        html_text,
        matcher(glossary, language),
        href=lambda entry_id: relative_url(page_src, glossary_src, entry_id),
        tip=lambda entry_id: tooltip(glossary[entry_id], language),
    )


def appearances(glossary: Glossary, docs_dir: Path, language: str) -> dict[str, list]:
    """entry id -> section pages (in ``language``) whose text contains one of its forms."""
    found: dict[str, list] = {}
    for ref in section_refs(docs_dir):
        section = load_section(docs_dir, ref, language)
        for entry_id in terms_in(section.html, matcher(glossary, language)):
            found.setdefault(entry_id, []).append(section)
    return found


def glossary_ids(data_dir: Path, root: Path) -> frozenset[str] | None:
    """Ids of the glossary entries, or None (check skipped) without glossary files or
    when the glossary itself is broken: its own check reports that."""
    if not any(Path(data_dir).glob("*/glossary.yml")):
        return None
    try:
        return cached_glossaries(Path(data_dir), root=Path(root)).ids
    except StudyDataError:
        return None
