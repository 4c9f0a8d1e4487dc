"""A neutral, read-only view of quizzes for the exporters and teacher pages.

The exporters only rely on the quiz file contract (quizzes/README.md), not on
the attribute names of the pydantic models: quizzes are validated by the quiz
loader and then converted here from their alias-keyed dump (the YAML shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..datafile import BLANK, LANGUAGES
from ..order import presentation

# Characters XML 1.0 cannot carry (C0 controls but tab and newline, lone surrogates,
# U+FFFE/U+FFFF), plus CR: a quiz file that smuggles one in must not make an export
# ill-formed, so every text is cleaned once, here, before any exporter sees it.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: Any) -> str:
    """``text`` as a string without characters no export format can hold."""
    return UNSAFE.sub("", str(text))


@dataclass(frozen=True)
class Text:
    ja: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)

    @classmethod
    def of(cls, data: Any) -> Text | None:
        if data is None:
            return None
        if isinstance(data, Text):
            return data
        if not isinstance(data, dict):  # a model instance
            data = {"ja": data.ja, "en": data.en}
        return cls(clean(data["ja"]), clean(data["en"]))


@dataclass(frozen=True)
class Option:
    text: Text
    correct: bool
    feedback: Text | None


@dataclass(frozen=True)
class Pair:
    left: Text
    right: Text


@dataclass(frozen=True)
class Distractor:
    """A likely wrong answer to a blank (per language), with feedback aimed at it."""

    answers: dict[str, tuple[str, ...]]
    feedback: Text

    def all_answers(self, lang: str) -> tuple[str, ...]:
        return _lang_first(self.answers, lang)


def _lang_first(answers: dict[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
    other = [a for code in LANGUAGES if code != lang for a in answers.get(code, ())]
    return tuple(dict.fromkeys([*answers.get(lang, ()), *other]))


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # single | multiple | truefalse | fill | order | match
    prompt: Text
    explanation: Text
    sources: tuple[str, ...]  # cited paragraphs, "slug#pN", in reading order
    options: tuple[Option, ...] = ()
    answer: bool | None = None  # truefalse
    feedback_correct: Text | None = None  # optional for every type but single/multiple
    feedback_incorrect: Text | None = None
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # fill, per language
    distractors: tuple[Distractor, ...] = ()  # fill
    items: tuple[Text, ...] = ()  # order, in the correct order
    pairs: tuple[Pair, ...] = ()  # match, in the correct matching
    tags: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """The first cited paragraph (where the quiz page's link goes)."""
        return self.sources[0]

    @property
    def correct_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Accepted fill-in answers, ``lang`` first: the site accepts either language."""
        return _lang_first(self.answers, lang)


@dataclass(frozen=True)
class Quiz:
    id: str
    title: Text
    questions: tuple[Question, ...]
    section: str | None = None
    intro: Text | None = None
    episode: str = "ep90"

    @property
    def slug(self) -> str:
        """The quiz page slug: the section, or the file stem for a review quiz."""
        return self.section or self.id.removeprefix(f"{self.episode}-")

    @cached_property
    def shown(self) -> dict[str, list[int]]:
        """question id -> the order its options / rows / right sides are shown in,
        the same on the quiz page, the teacher sheets and every export."""
        return presentation(self.questions)

    def short_title(self, lang: str) -> str:
        """The title without a leading "Quiz:" / "クイズ：", for names in an LMS (plain text)."""
        return label_text(SHORT_TITLE.sub("", " ".join(self.title[lang].split())) or self.title[lang])


def _get(data: Any, key: str, default: Any = None) -> Any:
    if isinstance(data, dict):
        return data.get(key, default)
    return getattr(data, key.replace("-", "_"), default)


def _per_language(data: Any) -> dict[str, tuple[str, ...]]:
    if not data:
        return {}
    return {lang: tuple(clean(a) for a in _get(data, lang) or ()) for lang in LANGUAGES}


def _sources(value: Any) -> tuple[str, ...]:
    """One reference or a list of them, as the quiz file allows."""
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def question_from(data: Any) -> Question:
    kind = str(_get(data, "type"))
    feedback = _get(data, "feedback") if kind not in ("single", "multiple") else None
    return Question(
        id=str(_get(data, "id")),
        type=kind,
        prompt=Text.of(_get(data, "prompt")),
        explanation=Text.of(_get(data, "explanation")),
        sources=_sources(_get(data, "source")),
        options=tuple(
            Option(Text.of(_get(o, "text")), bool(_get(o, "correct", False)), Text.of(_get(o, "feedback")))
            for o in (_get(data, "options") or ())
        ),
        answer=_get(data, "answer") if kind == "truefalse" else None,
        feedback_correct=Text.of(_get(feedback, "correct")) if feedback else None,
        feedback_incorrect=Text.of(_get(feedback, "incorrect")) if feedback else None,
        answers=_per_language(_get(data, "answers")) if kind == "fill" else {},
        distractors=tuple(
            Distractor(_per_language(_get(d, "answers")), Text.of(_get(d, "feedback")))
            for d in (_get(data, "distractors") or ())
        ),
        items=tuple(Text.of(i) for i in (_get(data, "items") or ())),
        pairs=tuple(Pair(Text.of(_get(p, "left")), Text.of(_get(p, "right"))) for p in (_get(data, "pairs") or ())),
        tags=tuple(clean(t) for t in _get(data, "tags") or ()),
    )


def quiz_from(data: Any, episode: str = "ep90") -> Quiz:
    return Quiz(
        id=str(_get(data, "id")),
        title=Text.of(_get(data, "title")),
        section=_get(data, "section"),
        intro=Text.of(_get(data, "intro")),
        questions=tuple(question_from(q) for q in _get(data, "questions")),
        episode=episode,
    )


SHORT_TITLE = re.compile(r"^(?:クイズ\s*[：:]\s*|Quiz\s*:\s*)", re.I)
SNIPPET = 36  # characters of the prompt in a question's name


def snippet(text: str, limit: int = SNIPPET) -> str:
    text = " ".join(BLANK.sub("…", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def question_name(quiz: Quiz, number: int, question: Question, lang: str) -> str:
    """A name a teacher can read in the question bank, e.g.
    "Where the US stands · Q3 — According to the author, what…"; the id stays in idnumber."""
    label = f"問{number}" if lang == "ja" else f"Q{number}"
    return label_text(f"{quiz.short_title(lang)} · {label} — {snippet(question.prompt[lang])}")


def label_text(text: str) -> str:
    """A name or category label: plain text that no LMS can take for markup."""
    return text.replace("<", "‹").replace(">", "›")


# Short UI strings used by several exporters, per language.
STRINGS = {
    "ja": {
        "true": "正しい", "false": "誤り",
        "correct": "正解です。", "incorrect": "不正解です。",
        "order_hint": "（各項目に、正しい順番の番号を選んでください。）",
        "answer": "解答", "explanation": "解説",
    },
    "en": {
        "true": "True", "false": "False",
        "correct": "Correct.", "incorrect": "Not quite.",
        "order_hint": "(Give each item its position in the correct order.)",
        "answer": "Answer", "explanation": "Explanation",
    },
}


def result_feedback(question: Question, lang: str) -> tuple[str, str]:
    """(feedback for a right answer, feedback for a wrong one); defaults when the file has none."""
    right = question.feedback_correct[lang] if question.feedback_correct else STRINGS[lang]["correct"]
    wrong = question.feedback_incorrect[lang] if question.feedback_incorrect else STRINGS[lang]["incorrect"]
    return right, wrong


def prompt_for_export(question: Question, lang: str) -> str:
    """The prompt as an LMS shows it; ordering is exported as matching items to positions."""
    text = question.prompt[lang]
    if question.type == "order":
        text = f"{text} {STRINGS[lang]['order_hint']}"
    return text


def quiz_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.rglob("*.quiz.yml")) if path.is_dir() else [path])
    return files
