"""What the exporters share: question names, labels, result feedback, UI strings.

The exporters read the validated pydantic quizzes (models/quiz.py), the same
objects the quiz page renders; the loader has already refused every character
an export format cannot carry.
"""

from __future__ import annotations

from .. import labels
from ..datafile import BLANK
from ..models.quiz import Question, Quiz

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


STRINGS = labels.EXPORT  # the words, in each language: studykit/labels.py


def result_feedback(question: Question, lang: str) -> tuple[str, str]:
    """(feedback for a right answer, feedback for a wrong one); defaults when the file has none."""
    feedback = getattr(question, "feedback", None)  # choice questions have feedback per option instead
    right = feedback.correct[lang] if feedback else STRINGS[lang]["correct"]
    wrong = feedback.incorrect[lang] if feedback else STRINGS[lang]["incorrect"]
    return right, wrong


def prompt_for_export(question: Question, lang: str) -> str:
    """The prompt as an LMS shows it; ordering is exported as matching items to positions."""
    text = question.prompt[lang]
    if question.type == "order":
        text = f"{text} {STRINGS[lang]['order_hint']}"
    return text
