"""Glossary data: models, validation, loading (cached) and the views the pages need.

One file per episode, ``quizzes/<episode>/glossary.yml``. Every text a reader
sees is a ``{ja, en}`` pair. Entries are referred to by a stable ``id`` from
quiz questions, from ``related`` and from the timeline; all of these are
checked. The term linker (``linker.py``) matches the term, its aliases and its
spelling variants in running text, so a form may belong to one entry only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_validator

from .datafile import (LANGUAGES, SCHEMA_DIALECT, Bilingual, NonBlank, Strict, load_validated, schema_text,
                       file_stamp, shown_path, write_schema)
from .errors import Problem, StudyDataError
from .yamlloc import Located

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

NonEmpty = NonBlank


def _no_markup(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError("must not contain < or >: glossary text is plain text")
    return value


# Terms and short definitions travel furthest (tooltips, flashcards, exports):
# plain text only, so nothing in them can ever be read as markup.
PlainText = Annotated[NonBlank, AfterValidator(_no_markup)]


class PlainBilingual(Bilingual):
    ja: PlainText
    en: PlainText


EntryId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# Hiragana plus the long-vowel mark and the middle dot used between words.
READING = re.compile(r"^[\u3041-\u3096\u309d\u309eー・ ]+$")


class Term(Strict):
    ja: PlainText
    reading: NonEmpty = Field(description="よみ: the Japanese term in hiragana, used for gojūon order")
    en: PlainText

    def __getitem__(self, language: str) -> str:
        return getattr(self, language)

    @field_validator("reading")
    @classmethod
    def _hiragana(cls, value: str) -> str:
        if not READING.match(value):
            raise ValueError("must be written in hiragana (ー and ・ allowed)")
        return value


class Aliases(Strict):
    ja: list[PlainText] = []
    en: list[PlainText] = []


class Variant(Strict):
    """A spelling found in a source that differs from the usual one."""

    lang: str = Field(pattern="^(ja|en)$")
    text: PlainText
    note: Bilingual


class Group(str, Enum):
    person = "person"
    place = "place"
    event = "event"
    institution = "institution"
    concept = "concept"
    language = "language"  # Japanese expressions; shown apart as "language notes"


class Link(Strict):
    url: str = Field(pattern=r"^https://[^\s<>\"']+$")
    label: Bilingual


class Entry(Strict):
    id: EntryId
    group: Group
    term: Term
    aliases: Aliases = Aliases()
    variants: list[Variant] = []
    short: PlainBilingual = Field(description="one line, shown in tooltips and on flashcards; no < or >")
    explanation: Bilingual
    as_of: Bilingual | None = Field(None, description="context as of the episode's date (its timeline's as_of), where it matters")
    related: list[EntryId] = []
    link: Link | None = None

    def forms(self, language: str) -> list[str]:
        """Surface forms the linker looks for in text of ``language``.

        Language notes explain Japanese expressions; their English headword is
        a gloss, not something that occurs in English text.
        """
        forms = [] if (self.group is Group.language and language == "en") else [self.term[language]]
        forms += getattr(self.aliases, language)
        forms += [v.text for v in self.variants if v.lang == language]
        return list(dict.fromkeys(forms))


class GlossaryFile(Strict):
    model_config = ConfigDict(title="Study site glossary (quizzes/<episode>/glossary.yml)",
                              json_schema_extra=SCHEMA_DIALECT)

    entries: list[Entry] = Field(min_length=1)


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


def schema_texts() -> dict[str, str]:
    """File name -> JSON Schema text, for quizzes/schema/ (exported from the models)."""
    from .timeline import TimelineFile

    return {"glossary.schema.json": schema_text(GlossaryFile), "timeline.schema.json": schema_text(TimelineFile)}


def write_schemas(root: Path) -> list[Path]:
    from .timeline import TimelineFile

    return [write_schema(root, "glossary.schema.json", GlossaryFile),
            write_schema(root, "timeline.schema.json", TimelineFile)]


# --- caching the whole glossary, matchers ------------------------------------------

_glossary_cache: dict[tuple, Glossary] = {}


def cached_glossaries(data_dir: Path, *, root: Path | None = None) -> Glossary:
    """:func:`load_glossaries`, reused while no glossary file changes (one build per language)."""
    files = sorted(Path(data_dir).glob("*/glossary.yml"))
    key = (str(Path(data_dir).resolve()),) + tuple(file_stamp(f) for f in files)
    if key not in _glossary_cache:
        _glossary_cache.clear()
        _glossary_cache[key] = load_glossaries(data_dir, root=root)
    return _glossary_cache[key]


def matcher(glossary: Glossary, language: str):
    from .linker import TermMatcher

    cache = glossary.__dict__.setdefault("_matchers", {})
    if language not in cache:
        cache[language] = TermMatcher(glossary.forms[language], language)
    return cache[language]


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
    from .linker import link_terms
    from .parallel import relative_url

    return link_terms(
        html_text,
        matcher(glossary, language),
        href=lambda entry_id: relative_url(page_src, glossary_src, entry_id),
        tip=lambda entry_id: tooltip(glossary[entry_id], language),
    )


def appearances(glossary: Glossary, docs_dir: Path, language: str) -> dict[str, list]:
    """entry id -> section pages (in ``language``) whose text contains one of its forms."""
    from .linker import terms_in
    from .parallel import load_section, section_refs

    found: dict[str, list] = {}
    for ref in section_refs(docs_dir):
        section = load_section(docs_dir, ref, language)
        for entry_id in terms_in(section.html, matcher(glossary, language)):
            found.setdefault(entry_id, []).append(section)
    return found


# --- marker renderers ------------------------------------------------------------


def render_glossary(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:glossary -->``: every entry, sorted for the page's language."""
    from .parallel import relative_url
    from .site import Rendered

    glossary = cached_glossaries(site.data_dir, root=site.root)
    found = appearances(glossary, site.docs_dir, language)
    other = "en" if language == "ja" else "ja"

    def view(entry: Entry) -> dict:
        return {
            "id": entry.id,
            "term": entry.term[language],
            "other": entry.term[other],
            "reading": entry.term.reading,
            "ja": entry.term.ja,
            "group": GROUP_LABELS[entry.group.value][language],
            "is_language": entry.group is Group.language,
            "short": entry.short[language],
            "explanation": entry.explanation[language],
            "as_of": entry.as_of[language] if entry.as_of else None,
            # Each entry's context is as of its own episode's date, not one date for all.
            "as_of_date": site.as_of(glossary.entries[entry.id].episode, language, page_path) if entry.as_of else None,
            "aliases": [(lang, form) for lang in (language, other) for form in getattr(entry.aliases, lang)],
            "variants": [(v.lang, v.text, v.note[language]) for v in entry.variants],
            "related": [(ref, glossary[ref].term[language]) for ref in entry.related],
            "link": (entry.link.url, entry.link.label[language]) if entry.link else None,
            "appears": [
                (s.title, relative_url(page_path, s.src_uri)) for s in found.get(entry.id, [])
            ],
        }

    def grouped(entries: list[Entry]) -> list[dict]:
        groups: list[dict] = []
        for entry in entries:
            label = initial(entry, language)
            if not groups or groups[-1]["label"] != label:
                groups.append({"label": label, "anchor": f"ss-index-{len(groups) + 1}", "entries": []})
            groups[-1]["entries"].append(view(entry))
        return groups

    html = site.render_template(
        "glossary.html",
        language=language,
        groups=grouped(glossary.sorted_entries(language, language_notes=False)),
        notes=[view(e) for e in glossary.sorted_entries(language, language_notes=True)],
        count=len(glossary.entries),
    )
    return Rendered(html, ("glossary",))


def render_flashcards(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:flashcards -->``: the glossary as cards; the data goes to flashcards.js as JSON."""
    from .site import Rendered

    glossary = cached_glossaries(site.data_dir, root=site.root)
    cards = [
        {
            "id": e.id,
            "ja": e.term.ja,
            "reading": e.term.reading,
            "en": e.term.en,
            "shortJa": e.short.ja,
            "shortEn": e.short.en,
            "group": GROUP_LABELS[e.group.value][language],
        }
        for e in glossary.sorted_entries(language, language_notes=False)
        + glossary.sorted_entries(language, language_notes=True)
    ]
    html = site.render_template("flashcards.html", language=language, cards=cards)
    return Rendered(html, ("flashcards",))


if __name__ == "__main__":  # PYTHONPATH=hooks python -m studykit.glossary [schema|check]
    import sys

    _root = Path(__file__).resolve().parents[2]
    if sys.argv[1:] == ["schema"]:
        for _path in write_schemas(_root):
            print(f"wrote {_path.relative_to(_root)}")
    else:
        try:
            _g = load_glossaries(_root / "quizzes", root=_root)
        except StudyDataError as _error:
            print(_error, file=sys.stderr)
            sys.exit(1)
        print(f"{len(_g.entries)} glossary entries OK")
