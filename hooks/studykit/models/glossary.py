"""pydantic models of ``quizzes/<episode>/glossary.yml``.

Every text a reader sees is a ``{ja, en}`` pair. Entries are referred to by a
stable ``id`` from quiz questions, from ``related`` and from the timeline.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, field_validator

from ..datafile import SCHEMA_DIALECT, Bilingual, EntryId, NonBlank, Strict

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
