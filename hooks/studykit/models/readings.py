"""pydantic model of ``quizzes/<episode>/readings.yml``: furigana, vocabulary, sic marks, hedges."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from ..datafile import ID_PATTERN, SCHEMA_DIALECT, Bilingual, NonBlank, Strict

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007"
HIRAGANA = "\u3041-\u3096\u309d\u309eー"
BLOCK_REF = r"^[a-z0-9]+(?:-[a-z0-9]+)*#(?:h1|p\d+|closing)$"
ITEM = re.compile(rf"^(?P<word>\S+) (?P<reading>[{HIRAGANA}]+)$")

BlockRef = Annotated[str, StringConstraints(pattern=BLOCK_REF)]
ReadingItem = Annotated[str, StringConstraints(pattern=ITEM.pattern)]
HedgeId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class VocabularyEntry(Strict):
    word: NonBlank = Field(description="as written in the text; every occurrence counts as difficult")
    lemma: NonBlank | None = Field(None, description="dictionary form shown in the list, if it differs")
    gloss: Bilingual = Field(description="a short meaning: Japanese paraphrase and English gloss")


class Sic(Strict):
    at: BlockRef = Field(description="section#block where the author's slip stands")
    text: NonBlank = Field(description="the words as the author wrote them")
    mark: NonBlank = "〔ママ〕"
    label: Bilingual = Field(description="what the mark says, read out and shown on hover")


class Hedge(Strict):
    id: HedgeId = Field(description="anchor on the hedges page")
    ja: NonBlank = Field(description="the expression as a headword, e.g. 〜はずだ")
    match: list[NonBlank] = Field(min_length=1, description="strings that find it in the text")
    en: NonBlank = Field(description="English equivalents used in the translation")
    kind: Bilingual
    explanation: Bilingual


class ReadingsFile(Strict):
    model_config = ConfigDict(title="Reading aids (quizzes/<episode>/readings.yml)", json_schema_extra=SCHEMA_DIALECT)

    vocabulary: list[VocabularyEntry] = []
    sic: list[Sic] = []
    hedges: list[Hedge] = []
    readings: dict[BlockRef, list[ReadingItem]] = Field(
        description="section#block -> 'word reading' for every word with kanji, in the order of the text")
