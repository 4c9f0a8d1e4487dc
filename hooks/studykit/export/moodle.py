"""Moodle XML export: both languages in one question through multilang spans.

Moodle's multilang filter shows the span whose ``lang`` matches the user's
language. Type mapping: single/multiple -> multichoice, truefalse -> truefalse,
fill -> shortanswer (answers of both languages accepted), match -> matching,
order -> matching of items to positions 1..n. Texts are HTML-escaped before
they go into the HTML fields, so markup in the data is shown, never run.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from .common import LANGUAGES, STRINGS, Question, Quiz, Text, prompt_for_export, result_feedback
from .gift import multiple_weights


def multilang(text: Text | dict[str, str]) -> str:
    """``<span lang="ja" class="multilang">…</span><span lang="en" …>…</span>``, text escaped."""
    return "".join(
        f'<span lang="{lang}" class="multilang">{html.escape(text[lang])}</span>' for lang in LANGUAGES
    )


def plain_pair(text: Text) -> str:
    """Both languages as plain text, for fields Moodle shows unfiltered (matching choices)."""
    return text.ja if text.ja == text.en else f"{text.ja} / {text.en}"


CORRECT = Text(STRINGS["ja"]["correct"], STRINGS["en"]["correct"])
INCORRECT = Text(STRINGS["ja"]["incorrect"], STRINGS["en"]["incorrect"])
PARTIAL = Text("一部正解です。", "Partly correct.")


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str, fmt: str = "html") -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", feedback)


def _prompts(question: Question) -> Text:
    return Text(*(prompt_for_export(question, lang) for lang in LANGUAGES))


def _question(question: Question) -> ET.Element:
    kind = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
            "fill": "shortanswer", "match": "matching", "order": "matching"}[question.type]
    element = ET.Element("question", {"type": kind})
    ET.SubElement(ET.SubElement(element, "name"), "text").text = question.id
    _text(element, "questiontext", f"<p>{multilang(_prompts(question))}</p>")
    _text(element, "generalfeedback", f"<p>{multilang(question.explanation)}</p>")
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id

    if question.type in ("single", "multiple"):
        single = question.type == "single"
        ET.SubElement(element, "single").text = "true" if single else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        weights = ["100" if o.correct else "0" for o in question.options] if single else multiple_weights(question)
        for option, weight in zip(question.options, weights):
            _answer(element, weight, multilang(option.text), multilang(option.feedback))
    elif question.type == "truefalse":
        right = Text(*(result_feedback(question, lang)[0] for lang in LANGUAGES))
        wrong = Text(*(result_feedback(question, lang)[1] for lang in LANGUAGES))
        # Each answer's feedback is shown when the student picks that answer.
        for value in (True, False):
            chosen_right = value == question.answer
            _answer(element, "100" if chosen_right else "0", "true" if value else "false",
                    multilang(right if chosen_right else wrong), fmt="moodle_auto_format")
    elif question.type == "fill":
        ET.SubElement(element, "usecase").text = "0"
        right = Text(*(result_feedback(question, lang)[0] for lang in LANGUAGES))
        for accepted in question.accepted("ja"):
            _answer(element, "100", accepted, multilang(right), fmt="plain_text")
        # Likely wrong answers get 0% and their own feedback.
        for distractor in question.distractors:
            for wrong in distractor.all_answers("ja"):
                _answer(element, "0", wrong, multilang(distractor.feedback), fmt="plain_text")
    else:  # match, order
        ET.SubElement(element, "shuffleanswers").text = "true"
        if question.type == "match":
            rows = [(p.left, plain_pair(p.right)) for p in question.pairs]
        else:
            rows = [(item, str(n)) for n, item in enumerate(question.items, 1)]
        for left, right in rows:
            sub = _text(element, "subquestion", f"<p>{multilang(left)}</p>")
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = right
    if question.type in ("single", "multiple", "match", "order"):
        right = Text(*(result_feedback(question, lang)[0] for lang in LANGUAGES))
        wrong = Text(*(result_feedback(question, lang)[1] for lang in LANGUAGES))
        _text(element, "correctfeedback", f"<p>{multilang(right)}</p>")
        _text(element, "partiallycorrectfeedback", f"<p>{multilang(PARTIAL)}</p>")
        _text(element, "incorrectfeedback", f"<p>{multilang(wrong)}</p>")
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _category(quiz: Quiz) -> ET.Element:
    element = ET.Element("question", {"type": "category"})
    ET.SubElement(ET.SubElement(element, "category"), "text").text = f"$course$/top/{quiz.id}"
    _text(element, "info", f"<p>{multilang(quiz.title)}</p>")
    ET.SubElement(element, "idnumber").text = quiz.id
    return element


def export_moodle(quizzes: list[Quiz]) -> str:
    """A Moodle XML document with one category per quiz."""
    root = ET.Element("quiz")
    for quiz in quizzes:
        root.append(ET.Comment(f" {quiz.id} "))
        root.append(_category(quiz))
        for question in quiz.questions:
            root.append(ET.Comment(f" {question.id}: {question.type}, source {question.source} "))
            root.append(_question(question))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
