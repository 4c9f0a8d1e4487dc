"""Moodle XML export, in one language or in both through multilang spans.

``lang=None`` writes both languages into every HTML field as
``<span lang="ja" class="multilang">…</span><span lang="en" …>…</span>``; Moodle's
"Multi-language content" filter then shows each user their language (without the
filter both show, run together). ``lang="ja"`` / ``"en"`` write one language and
need no filter.

Type mapping: single/multiple -> multichoice, truefalse -> truefalse, fill ->
shortanswer (the accepted answers of both languages and their likely spellings,
answers.py), match -> matching, order -> matching of items to positions 1..n, or
with ``native_ordering`` Moodle's own Ordering type (core since Moodle 4.4), graded
all-or-nothing. Options and rows are listed in the order the site shows them
(quiz/order.py); ``shuffleanswers`` stays on. Texts are HTML-escaped before they go
into the HTML fields, so markup in the data is shown, never run.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from .answers import accepted_spellings
from ..datafile import LANGUAGES, Bilingual
from ..models.quiz import Question, Quiz
from .common import STRINGS, label_text, prompt_for_export, question_name, result_feedback
from .gift import category_path, multiple_weights, short_answer_pattern

# Moodle's default penalty for each wrong try (qformat_default::defaultquestion); GIFT
# cannot set one, so the XML uses the same. It applies only in the "interactive with
# multiple tries" and "adaptive" behaviours.
PENALTY = "0.3333333"
CORRECT = Bilingual(ja=STRINGS["ja"]["correct"], en=STRINGS["en"]["correct"])
INCORRECT = Bilingual(ja=STRINGS["ja"]["incorrect"], en=STRINGS["en"]["incorrect"])
PARTIAL = Bilingual(ja="一部正解です。", en="Partly correct.")
NAME_BYTES = 42  # Moodle's ordering import cuts longer names (bytes, not characters)


class _Writer:
    """Texts for one file: one language, or both as multilang spans (``lang=None``)."""

    def __init__(self, lang: str | None):
        self.lang = lang

    def html(self, text: Bilingual) -> str:
        if self.lang:
            return html.escape(text[self.lang])
        return "".join(f'<span lang="{code}" class="multilang">{html.escape(text[code])}</span>' for code in LANGUAGES)

    def plain(self, text: Bilingual) -> str:
        """For fields Moodle shows unfiltered as plain text (matching choices)."""
        if self.lang:
            return text[self.lang]
        return text.ja if text.ja == text.en else f"{text.ja} / {text.en}"

    def name(self, quiz: Quiz, number: int, question: Question, short: bool = False) -> str:
        """The question's name; ``short``: number first, cut to what Moodle's ordering
        import keeps (NAME_BYTES bytes, not characters)."""
        if short:
            label = f"問{number}" if self.lang == "ja" else (f"Q{number}" if self.lang else f"問{number}/Q{number}")
            name = label_text(f"{label} {quiz.short_title(self.lang or 'ja')}")
            while len(name.encode()) > NAME_BYTES:
                name = name[:-2] + "…"
            return name
        if self.lang:
            return question_name(quiz, number, question, self.lang)
        return " / ".join(question_name(quiz, number, question, code) for code in LANGUAGES)


def multilang(text: Bilingual) -> str:
    return _Writer(None).html(text)


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str | None, fmt: str = "html") -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(answer, "text").text = text
    if feedback is not None:
        _text(answer, "feedback", feedback)


def _prompts(question: Question, native_ordering: bool) -> Bilingual:
    if question.type == "order" and native_ordering:
        return question.prompt
    return Bilingual(**{lang: prompt_for_export(question, lang) for lang in LANGUAGES})


def _results(question: Question) -> tuple[Bilingual, Bilingual]:
    right = Bilingual(**{lang: result_feedback(question, lang)[0] for lang in LANGUAGES})
    wrong = Bilingual(**{lang: result_feedback(question, lang)[1] for lang in LANGUAGES})
    return right, wrong


def _question(quiz: Quiz, number: int, question: Question, out: _Writer, native_ordering: bool) -> ET.Element:
    native = native_ordering and question.type == "order"
    kind = "ordering" if native else {
        "single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
        "fill": "shortanswer", "match": "matching", "order": "matching"}[question.type]
    shown = quiz.shown.get(question.id)
    element = ET.Element("question", {"type": kind})
    ET.SubElement(ET.SubElement(element, "name"), "text").text = out.name(quiz, number, question, short=native)
    _text(element, "questiontext", f"<p>{out.html(_prompts(question, native_ordering))}</p>")
    _text(element, "generalfeedback", f"<p>{out.html(question.explanation)}</p>")
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = PENALTY
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    right, wrong = _results(question)

    if question.type in ("single", "multiple"):
        single = question.type == "single"
        ET.SubElement(element, "single").text = "true" if single else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        weights = ["100" if o.correct else "0" for o in question.options] if single else multiple_weights(question)
        for i in shown:
            option = question.options[i]
            _answer(element, weights[i], out.html(option.text), out.html(option.feedback))
    elif question.type == "truefalse":
        # Each answer's feedback is shown when the student picks that answer.
        for value in (True, False):
            chosen_right = value == question.answer
            _answer(element, "100" if chosen_right else "0", "true" if value else "false",
                    out.html(right if chosen_right else wrong), fmt="moodle_auto_format")
    elif question.type == "fill":
        ET.SubElement(element, "usecase").text = "0"
        # Likely wrong answers get 0% and their own feedback; they come first because
        # Moodle grades by the first answer that matches.
        for distractor in question.distractors:
            for answer in accepted_spellings(distractor.all_answers(out.lang or "ja")):
                _answer(element, "0", short_answer_pattern(answer), out.html(distractor.feedback), fmt="plain_text")
        # The site accepts either language's answers on both pages, in any likely spelling.
        for accepted in accepted_spellings(question.accepted(out.lang or "ja")):
            _answer(element, "100", short_answer_pattern(accepted), out.html(right), fmt="plain_text")
    elif native:
        # Moodle takes the correct order from the order of the answers and shuffles
        # them for every attempt; ALL_OR_NOTHING grades like the site.
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                           ("gradingtype", "ALL_OR_NOTHING"), ("showgrading", "SHOW"), ("numberingstyle", "none")):
            ET.SubElement(element, tag).text = value
        for n, item in enumerate(question.items, 1):
            _answer(element, f"{n}", out.html(item), None)
    else:  # match, order as matching
        ET.SubElement(element, "shuffleanswers").text = "true"
        if question.type == "match":
            rows = [(p.left, out.plain(p.right)) for p in question.pairs]
        else:  # the rows as the site shows them, never in the correct order
            rows = [(question.items[i], str(i + 1)) for i in shown]
        for left, answer_text in rows:
            sub = _text(element, "subquestion", f"<p>{out.html(left)}</p>")
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer_text
    if question.type in ("single", "multiple", "match", "order"):
        _text(element, "correctfeedback", f"<p>{out.html(right)}</p>")
        _text(element, "partiallycorrectfeedback", f"<p>{out.html(PARTIAL)}</p>")
        _text(element, "incorrectfeedback", f"<p>{out.html(wrong)}</p>")
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _category(quiz: Quiz, out: _Writer) -> ET.Element:
    element = ET.Element("question", {"type": "category"})
    ET.SubElement(ET.SubElement(element, "category"), "text").text = category_path(quiz, out.lang)
    _text(element, "info", f"<p>{out.html(quiz.title)}</p>")
    ET.SubElement(element, "idnumber").text = f"{quiz.id}-{out.lang}" if out.lang else quiz.id
    return element


def _comment(text: str) -> ET.Element:
    """An XML comment; ``--`` is not allowed inside one."""
    return ET.Comment(" " + text.replace("--", "- -").rstrip("-") + " ")


def _serialized(element: ET.Element) -> str:
    ET.indent(element, space="  ", level=1)
    return "  " + ET.tostring(element, encoding="unicode") + "\n"


def export_moodle(quizzes: list[Quiz], lang: str | None = None, native_ordering: bool = False,
                  cache: dict | None = None) -> str:
    """A Moodle XML document with one category per quiz, in ``lang`` or (None) both languages.
    ``cache`` (one dict per export run) keeps each question's XML, which the per-quiz file,
    the all-quizzes file and the ordering variant share."""
    out = _Writer(lang)
    cache = {} if cache is None else cache
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for quiz in quizzes:
        parts.append(_serialized(_comment(quiz.id)))
        parts.append(_serialized(_category(quiz, out)))
        for number, question in enumerate(quiz.questions, 1):
            native = native_ordering and question.type == "order"
            key = ("moodle", quiz.id, question.id, lang, native)
            if key not in cache:
                comment = _comment(f"{question.id}: {question.type}, source {', '.join(question.sources)}")
                cache[key] = _serialized(comment) + _serialized(_question(quiz, number, question, out, native_ordering))
            parts.append(cache[key])
    parts.append("</quiz>\n")
    return "".join(parts)
