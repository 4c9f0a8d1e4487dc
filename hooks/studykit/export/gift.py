"""GIFT export, one file per language (GIFT has no way to hold two languages).

Type mapping: single/multiple -> multiple choice, truefalse -> T/F, fill -> short
answer, match -> matching, order -> matching of items to positions 1..n (GIFT has
no ordering type). Options and rows are listed in the order the site shows them
(quiz/order.py); Moodle shuffles them again if the quiz says so.

Nothing in the data can change a question's type, an answer's weight or a text's
format (Moodle's qformat_gift is the reference):

- every text that takes a format marker gets ``[plain]``, so a leading ``[html]``
  in the data is text, and every answer that can carry a weight gets an explicit
  one (``%100%``, ``%0%``) before the marker, so ``%50%`` in the data is text too;
- ``~ = # { } :`` and ``\\`` are backslash-escaped; newlines fold into spaces;
- ``->`` makes Moodle read a question with ``=`` answers as matching: in display
  texts a WORD JOINER (U+2060, invisible) goes between ``-`` and ``>``; in a short
  answer, which is compared, ``-*>`` (``*`` is Moodle's wildcard);
- ``*`` in a short answer is Moodle's wildcard: written ``\\*`` (a literal star).
"""

from __future__ import annotations

import re

from .answers import accepted_spellings
from ..models.quiz import Question, Quiz
from .common import STRINGS, label_text, prompt_for_export, question_name, result_feedback

# Moodle's grade menu (question_bank::fraction_options_full), in percent.
MOODLE_PERCENTAGES = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5,
)
WORD_JOINER = "\u2060"
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}


SPECIAL = {ord(char): "\\" + char for char in "\\~=#{}:"}


def escape(text: str) -> str:
    r"""Backslash-escape GIFT's special characters ``~ = # { } :`` and ``\``; fold newlines;
    break ``->`` with an invisible WORD JOINER so it cannot mark a matching pair."""
    return " ".join(str(text).split()).translate(SPECIAL).replace("->", f"-{WORD_JOINER}>")


def plain(text: str) -> str:
    """A display text with its format fixed to plain text."""
    return "[plain]" + escape(text)


def short_answer_pattern(answer: str) -> str:
    r"""A short answer as Moodle compares it: ``*`` is its wildcard, ``\*`` a literal star.
    Line breaks become spaces (an answer is one line); runs of spaces are kept."""
    return re.sub(r"[\t\n\r\f\v]", " ", answer).replace("*", "\\*")


def short_answer(answer: str) -> str:
    """A compared answer in GIFT: literal stars, and ``->`` (which would turn the question
    into matching) as ``-*>``, the one spelling Moodle still matches it with. Runs of
    spaces are kept: Moodle's importer keeps them (gift-pegjs folds them)."""
    text = "".join("\\" + c if c in "\\~=#{}:" else c for c in short_answer_pattern(answer).strip())
    return "[plain]" + text.replace("->", "-*>")


def percentage(share: float) -> str:
    """The allowed Moodle percentage nearest to ``share`` (0..100), formatted for GIFT."""
    best = min(MOODLE_PERCENTAGES, key=lambda p: abs(p - share))
    return f"{best:g}" if float(best).is_integer() else f"{best:.5f}"


def multiple_weights(question: Question) -> list[str]:
    """Per-option percentages, all-or-nothing as far as Moodle allows: the right options
    share 100 %, and each wrong one takes 100 % away, so any wrong pick scores 0."""
    right = sum(1 for o in question.options if o.correct)
    return [percentage(100 / right) if o.correct else "-100" for o in question.options]


def _answers(question: Question, lang: str, shown: list[int] | None) -> list[str]:
    kind = question.type
    order = shown or []  # every type with rows to order has its shown order (order.presentation)
    if kind == "single":
        # '=' marks the one right answer (and makes Moodle use radio buttons).
        return [
            f"{'=' if o.correct else '~%0%'}{plain(o.text[lang])}#{plain(o.feedback[lang])}"
            for o in (question.options[i] for i in order)
        ]
    if kind == "multiple":
        weights = multiple_weights(question)
        return [f"~%{weights[i]}%{plain(question.options[i].text[lang])}#{plain(question.options[i].feedback[lang])}"
                for i in order]
    if kind == "truefalse":
        right, wrong = result_feedback(question, lang)
        # Moodle shows the first feedback for a wrong answer, the second for a right one.
        return [f"{'T' if question.answer else 'F'}#{plain(wrong)}#{plain(right)}"]
    if kind == "fill":
        feedback = plain(result_feedback(question, lang)[0])
        right = [f"=%100%{a}#{feedback}" for a in dict.fromkeys(map(short_answer, accepted_spellings(question.accepted(lang))))]
        wrong = [f"=%0%{short_answer(a)}#{plain(d.feedback[lang])}"
                 for d in question.distractors for a in accepted_spellings(d.all_answers(lang))]
        # Likely wrong answers first: Moodle grades by the first answer that matches,
        # so a wildcard in a right answer (``-*>``) cannot swallow them.
        return wrong + right
    if kind == "match":
        # Moodle lists the right-hand sides as choices and shuffles them itself.
        return [f"={plain(p.left[lang])} -> {escape(p.right[lang])}" for p in question.pairs]
    if kind == "order":
        # Rows as the site shows them (never in the correct order), each with its position.
        return [f"={plain(question.items[i][lang])} -> {i + 1}" for i in order]
    raise ValueError(f"{question.id}: unknown question type {kind!r}")


def question_gift(quiz: Quiz, number: int, question: Question, lang: str) -> str:
    answers = "\n".join(f"\t{a}" for a in _answers(question, lang, quiz.shown.get(question.id)))
    tags = "".join(f" [tag:{tag}]" for tag in question.tags)
    return (f"// [id:{question.id}]{tags} {question.type}; source {', '.join(question.sources)}\n"
            f"::{escape(question_name(quiz, number, question, lang))}::{plain(prompt_for_export(question, lang))} {{\n"
            f"{answers}\n\t####{plain(question.explanation[lang])}\n}}")


def category_name(name: str) -> str:
    """A category path segment on one line, without GIFT's answer markers, ``/`` doubled
    (Moodle's path separator)."""
    return label_text(re.sub(r"[\\~=#{}\s]+", " ", name).strip().replace("/", "//"))


def category_path(quiz: Quiz, lang: str | None) -> str:
    """``top/<episode> <language>/<quiz title>``: relative, so Moodle creates it in the
    question bank the teacher imports into (no ``$course$``: Moodle 5 keeps questions in
    question-bank activities, not in the course), and apart per language."""
    episode = f"{quiz.episode} {LANGUAGE_NAMES[lang]}" if lang else quiz.episode
    title = quiz.title[lang] if lang else f"{quiz.title.ja} · {quiz.title.en}"
    return f"top/{category_name(episode)}/{category_name(title)}"


def export_gift(quizzes: list[Quiz], lang: str, cache: dict | None = None) -> str:
    """One GIFT document in ``lang``: a category per quiz, its questions below it.
    ``cache`` (one dict per export run) keeps each question's text for the other files."""
    cache = {} if cache is None else cache
    blocks = [f"// GIFT export, language: {lang}. Generated from the quiz files; do not edit."]
    for quiz in quizzes:
        blocks.append(f"// {quiz.id}\n$CATEGORY: {category_path(quiz, lang)}")
        for n, q in enumerate(quiz.questions, 1):
            key = ("gift", quiz.id, q.id, lang)
            if key not in cache:
                cache[key] = question_gift(quiz, n, q, lang)
            blocks.append(cache[key])
    # gift-pegjs and Moodle both need a blank line between questions.
    return "\n\n".join(blocks) + "\n"


__all__ = ["export_gift", "escape", "multiple_weights", "MOODLE_PERCENTAGES", "STRINGS"]
