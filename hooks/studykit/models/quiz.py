"""pydantic models for ``quizzes/<episode>/*.quiz.yml`` (the contract is quizzes/README.md).

The models check the shape of one file (types, required fields, no unknown
keys). Rules that need positions in the file or other files (duplicate ids,
source references, answers after normalisation) live in ``load/quiz.py``.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, PrivateAttr

from ..datafile import ID_PATTERN, LANGUAGES, SCHEMA_DIALECT, SOURCE_REF_PATTERN, Bilingual, NonBlank, Strict
from ..order import presentation



Id = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case words joined by hyphens")]
SourceRef = Annotated[
    str,
    Field(pattern=SOURCE_REF_PATTERN, description="section slug # paragraph id, e.g. us-stance#p2"),
]


Text = Bilingual  # one text in both languages

# The three kinds of statement students learn to tell apart (quizzes/README.md,
# "Three kinds of statement"). A question that asks for that distinction carries
# the tags of the kinds it contrasts.
CATEGORY_TAGS = ("verified-event", "authors-claim", "authors-judgement")
# Accepted in the shape so older files still load; the site's own quizzes may not
# use them (checked with the other site rules in load/quiz.py).
RETIRED_TAGS = {"opinion-vs-fact": "the two-way scheme is replaced by verified-event, authors-claim and authors-judgement"}
Tag = Annotated[
    Literal["verified-event", "authors-claim", "authors-judgement", "opinion-vs-fact"],
    Field(description="verified-event: checkable and checked, with its date; authors-claim: the author's factual "
                      "claim, checkable, may be wrong; authors-judgement: evaluation, forecast, recommendation. "
                      "opinion-vs-fact is retired."),
]


class TextList(Strict):
    """Several accepted strings per language (fill-in-the-blank answers)."""

    ja: Annotated[list[NonBlank], Field(min_length=1)]
    en: Annotated[list[NonBlank], Field(min_length=1)]

    def __getitem__(self, language: str) -> list[str]:
        return getattr(self, language)

    def language_first(self, language: str) -> tuple[str, ...]:
        """Every string, those of ``language`` first, each once: the site accepts either language."""
        others = [text for code in LANGUAGES if code != language for text in self[code]]
        return tuple(dict.fromkeys([*self[language], *others]))


class ResultFeedback(Strict):
    correct: Text
    incorrect: Text


class QuotedElsewhere(Strict):
    """A phrase a question quotes from somewhere other than the text (e.g. a speaker's own
    words), so the quotation check (quotations.py) lets it pass. Keep these to a handful."""

    phrase: NonBlank = Field(description="the quoted phrase without its quote marks, exactly as the question quotes it")
    reason: NonBlank = Field(description="whose words they are and where they were said (for maintainers, not shown)")


class QuestionBase(Strict):
    id: Id = Field(description="stable and unique across the site; progress is saved under it")
    prompt: Text
    source: SourceRef | Annotated[list[SourceRef], Field(min_length=1)] = Field(
        description="the paragraph(s) the question is drawn from: one reference or a list, in reading order"
    )
    explanation: Text
    glossary: list[Id] = Field(default_factory=list, description="glossary entry ids")
    tags: list[Tag] = Field(
        default_factory=list, description="the kinds of statement the question asks students to tell apart")
    quoted_elsewhere: list[QuotedElsewhere] = Field(
        default_factory=list, description="quotes that are not the text's words, each with its reason")

    @property
    def sources(self) -> list[str]:
        """The cited paragraphs as a list, whichever form the file uses."""
        return [self.source] if isinstance(self.source, str) else list(self.source)


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: Text


class _Choice:
    """What single- and multiple-choice questions share beyond their fields."""

    @property
    def correct_options(self) -> list[Option]:
        return [o for o in self.options if o.correct]


class SingleQuestion(_Choice, QuestionBase):
    type: Literal["single"]
    options: Annotated[list[Option], Field(min_length=2)]


class MultipleQuestion(_Choice, QuestionBase):
    type: Literal["multiple"]
    options: Annotated[list[Option], Field(min_length=2)]


class TrueFalseQuestion(QuestionBase):
    type: Literal["truefalse"]
    answer: bool
    feedback: ResultFeedback | None = None


class Distractor(Strict):
    """A likely wrong answer to a blank, with feedback aimed at it."""

    answers: TextList
    feedback: Text

    def all_answers(self, language: str) -> tuple[str, ...]:
        return self.answers.language_first(language)


class FillQuestion(QuestionBase):
    type: Literal["fill"]
    answers: TextList = Field(description="accepted answers; answers in either language are accepted")
    distractors: list[Distractor] = Field(default_factory=list)
    feedback: ResultFeedback | None = None

    def accepted(self, language: str) -> tuple[str, ...]:
        """Accepted answers, ``language`` first: the site accepts either language."""
        return self.answers.language_first(language)


class OrderQuestion(QuestionBase):
    type: Literal["order"]
    items: Annotated[list[Text], Field(min_length=2, description="in the correct order; shown shuffled")]
    feedback: ResultFeedback | None = None


class Pair(Strict):
    left: Text
    right: Text


class MatchQuestion(QuestionBase):
    type: Literal["match"]
    pairs: Annotated[list[Pair], Field(min_length=2, description="in the correct matching; right sides shown shuffled")]
    feedback: ResultFeedback | None = None


Question = Annotated[
    Union[SingleQuestion, MultipleQuestion, TrueFalseQuestion, FillQuestion, OrderQuestion, MatchQuestion],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "truefalse", "fill", "order", "match")


class Quiz(Strict):
    model_config = ConfigDict(title="Study site quiz", json_schema_extra=SCHEMA_DIALECT)

    id: Id = Field(description="stable and unique across the site, e.g. ep90-us-stance")
    section: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] | None = Field(
        default=None, description="slug of the section page this quiz covers; omit for a review quiz"
    )
    title: Text
    intro: Text | None = None
    questions: Annotated[list[Question], Field(min_length=1)]

    # The folder under quizzes/ the file is in: given by the loader, not written in the file.
    _episode: str | None = PrivateAttr(None)

    def model_post_init(self, context: Any) -> None:
        if isinstance(context, dict):
            self._episode = context.get("episode")

    @property
    def episode(self) -> str | None:
        return self._episode

    @property
    def slug(self) -> str:
        """The quiz page slug: the section, or the file stem for a review quiz."""
        return self.section or self.id.removeprefix(f"{self.episode}-")

    @cached_property
    def shown(self) -> dict[str, list[int]]:
        """question id -> the order its options / rows / right sides are shown in,
        the same on the quiz page, the teacher sheets and every export."""
        return presentation(self.questions)

    def short_title(self, language: str) -> str:
        """The title without a leading "Quiz:" / "クイズ：", for names in an LMS."""
        return SHORT_TITLE.sub("", " ".join(self.title[language].split())) or self.title[language]


SHORT_TITLE = re.compile(r"^(?:クイズ\s*[：:]\s*|Quiz\s*:\s*)", re.I)
