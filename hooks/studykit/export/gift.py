"""GIFT export, one file per language (GIFT has no way to hold two languages).

Texts are marked ``[plain]`` so that Moodle shows ``<script>`` and other markup
as text. Type mapping: single/multiple -> multiple choice (multiple answers
weighted with Moodle's allowed percentages), truefalse -> T/F, fill -> short
answer, match -> matching, order -> matching of items to positions 1..n
(GIFT has no ordering type).
"""

from __future__ import annotations

from .common import Question, Quiz, STRINGS, prompt_for_export, result_feedback

# Moodle's grade menu (question_bank::fraction_options_full), in percent.
MOODLE_PERCENTAGES = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5,
)


def escape(text: str) -> str:
    r"""Backslash-escape GIFT's special characters ``~ = # { } :`` and ``\``; fold newlines."""
    out = []
    for char in " ".join(str(text).split()):
        if char in "\\~=#{}:":
            out.append("\\")
        out.append(char)
    return "".join(out)


def percentage(share: float) -> str:
    """The allowed Moodle percentage nearest to ``share`` (0..100), formatted for GIFT."""
    best = min(MOODLE_PERCENTAGES, key=lambda p: abs(p - share))
    return f"{best:g}" if float(best).is_integer() else f"{best:.5f}"


def multiple_weights(question: Question) -> list[str]:
    """Per-option percentages: right answers share +100, wrong ones share -100."""
    right = sum(1 for o in question.options if o.correct)
    wrong = len(question.options) - right
    return [
        percentage(100 / right) if o.correct else "-" + percentage(100 / wrong)
        for o in question.options
    ]


def _answers(question: Question, lang: str) -> list[str]:
    kind = question.type
    if kind == "single":
        return [
            f"{'=' if o.correct else '~'}{escape(o.text[lang])}#{escape(o.feedback[lang])}"
            for o in question.options
        ]
    if kind == "multiple":
        return [
            f"~%{weight}%{escape(o.text[lang])}#{escape(o.feedback[lang])}"
            for o, weight in zip(question.options, multiple_weights(question))
        ]
    if kind == "truefalse":
        right, wrong = result_feedback(question, lang)
        # Moodle shows the first feedback for a wrong answer, the second for a right one.
        return [f"{'T' if question.answer else 'F'}#{escape(wrong)}#{escape(right)}"]
    if kind == "fill":
        right = [f"={escape(a)}#{escape(result_feedback(question, lang)[0])}" for a in question.accepted(lang)]
        wrong = [f"=%0%{escape(a)}#{escape(d.feedback[lang])}" for d in question.distractors for a in d.all_answers(lang)]
        return right + wrong
    if kind == "match":
        return [f"={escape(p.left[lang])} -> {escape(p.right[lang])}" for p in question.pairs]
    if kind == "order":
        return [f"={escape(item[lang])} -> {n}" for n, item in enumerate(question.items, 1)]
    raise ValueError(f"{question.id}: unknown question type {kind!r}")


def question_gift(question: Question, lang: str) -> str:
    answers = "\n".join(f"\t{a}" for a in _answers(question, lang))
    general = escape(question.explanation[lang])
    prompt = escape(prompt_for_export(question, lang))
    return f"// {question.id} ({question.type}; source {question.source})\n" \
           f"::{escape(question.id)}::[plain]{prompt} {{\n{answers}\n\t####{general}\n}}"


def export_gift(quizzes: list[Quiz], lang: str) -> str:
    """One GIFT document in ``lang``: a category per quiz, its questions below it."""
    blocks = [f"// GIFT export, language: {lang}. Generated from the quiz files; do not edit."]
    for quiz in quizzes:
        blocks.append(f"// {quiz.id}: {' '.join(quiz.title[lang].split())}\n$CATEGORY: $course$/top/{quiz.id}")
        blocks.extend(question_gift(q, lang) for q in quiz.questions)
    # gift-pegjs and Moodle both need a blank line between questions.
    return "\n\n".join(blocks) + "\n"


__all__ = ["export_gift", "escape", "multiple_weights", "MOODLE_PERCENTAGES", "STRINGS"]
