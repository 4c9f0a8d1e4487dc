"""IMS QTI 2.1 content package (zip with imsmanifest.xml), one per language.

Each question becomes an ``assessmentItem``; one ``assessmentTest`` holds a
section per quiz. Type mapping: single/multiple/truefalse -> choiceInteraction,
fill -> textEntryInteraction (case-insensitive mapping of the accepted answers),
order -> orderInteraction, match -> matchInteraction. Response processing is
written out (no template) because it must also set FEEDBACK: the chosen
options' feedback, CORRECT or INCORRECT, and the EXPLANATION.

Choices, ordering rows and the right-hand side of matching are listed in the order
the site shows them (quiz/order.py), numbered in that order (so identifiers give
nothing away), with ``shuffle="true"``. Grading is all-or-nothing like the site. A
blank is right if its answer is one of the mapped spellings (answers.py) or matches
a ``patternMatch`` expression that accepts exactly what the site's normaliser
accepts; tools without patternMatch still have the mapping.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from .answers import accepted_spellings, pattern
from ..datafile import BLANK
from ..models.quiz import Question, Quiz
from .common import STRINGS, question_name, result_feedback

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
QTIMD = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

for prefix, uri in (("", QTI), ("xsi", XSI), ("imsmd", MD), ("imsqti", QTIMD)):
    ET.register_namespace(prefix, uri)

INTERACTION = {
    "single": "choiceInteraction", "multiple": "choiceInteraction", "truefalse": "choiceInteraction",
    "fill": "textEntryInteraction", "order": "orderInteraction", "match": "matchInteraction",
}


def identifier(value: str) -> str:
    """An xs:NCName for ``value`` (question ids are slugs; guard against a leading digit)."""
    value = re.sub(r"[^A-Za-z0-9_.-]", "_", value)
    return value if re.match(r"[A-Za-z_]", value) else f"Q_{value}"


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def _document(root: ET.Element) -> bytes:
    """The file: declaration, element, newline. Serialised to str and encoded once: ElementTree
    writing UTF-8 itself goes through a codec per string (three times slower, same bytes)."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode() + b"\n"


def _base(parent: ET.Element, base_type: str, value: str) -> ET.Element:
    return _sub(parent, "baseValue", value, baseType=base_type)


def _set(parent: ET.Element, outcome: str) -> ET.Element:
    return _sub(parent, "setOutcomeValue", identifier=outcome)


def _choices(question: Question, lang: str, shown: list[int]) -> list[tuple[str, str, str | None]]:
    """(identifier, text, feedback) per choice of a choice interaction, in shown order."""
    if question.type == "truefalse":
        return [("TRUE", STRINGS[lang]["true"], None), ("FALSE", STRINGS[lang]["false"], None)]
    return [(f"C{n}", question.options[i].text[lang], question.options[i].feedback[lang]) for n, i in enumerate(shown, 1)]


def _correct_values(question: Question, shown: list[int]) -> list[str]:
    """Identifiers are numbered in shown order: C<n>/I<n>/R<n> is the n-th one shown."""
    position = {index: n for n, index in enumerate(shown, 1)}
    if question.type == "truefalse":
        return ["TRUE" if question.answer else "FALSE"]
    if question.type in ("single", "multiple"):
        return [f"C{position[i]}" for i, o in enumerate(question.options) if o.correct]
    if question.type == "order":
        return [f"I{position[i]}" for i in range(len(question.items))]
    if question.type == "match":
        return [f"L{i + 1} R{position[i]}" for i in range(len(question.pairs))]
    raise ValueError(f"{question.id}: no fixed correct response for type {question.type!r}")


def fill_answers(question: Question, lang: str) -> list[str]:
    """Accepted answers (``lang`` first) and their likely spellings, without case-insensitive
    duplicates: mapKeys must be unique."""
    return accepted_spellings(question.accepted(lang))


def item_xml(quiz: Quiz, number: int, question: Question, lang: str) -> bytes:
    kind = question.type
    shown = quiz.shown.get(question.id) or []
    item = ET.Element(_q("assessmentItem"), {
        f"{{{XSI}}}schemaLocation": f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
        "identifier": identifier(question.id),
        "title": question_name(quiz, number, question, lang),
        "adaptive": "false",
        "timeDependent": "false",
        XML_LANG: lang,
    })
    cardinality = {"single": "single", "truefalse": "single", "fill": "single",
                   "multiple": "multiple", "match": "multiple", "order": "ordered"}[kind]
    base_type = {"fill": "string", "match": "directedPair"}.get(kind, "identifier")
    response = _sub(item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type)
    correct = _sub(response, "correctResponse")
    values = fill_answers(question, lang)[:1] if kind == "fill" else _correct_values(question, shown)
    for value in values:
        _sub(correct, "value", value)
    if kind == "fill":
        mapping = _sub(response, "mapping", defaultValue="0")
        for answer in fill_answers(question, lang):
            _sub(mapping, "mapEntry", mapKey=answer, mappedValue="1", caseSensitive="false")
    for name, default in (("SCORE", "0"), ("MAXSCORE", "1")):
        outcome = _sub(item, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        _sub(_sub(outcome, "defaultValue"), "value", default)
    _sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")

    body = _sub(item, "itemBody")
    prompt = question.prompt[lang]
    if kind in ("single", "multiple", "truefalse"):
        interaction = _sub(body, "choiceInteraction", responseIdentifier="RESPONSE",
                           shuffle="false" if kind == "truefalse" else "true",
                           maxChoices="0" if kind == "multiple" else "1")
        _sub(interaction, "prompt", prompt)
        for ident, text, _ in _choices(question, lang, shown):
            _sub(interaction, "simpleChoice", text, identifier=ident)
    elif kind == "fill":
        # The blank in the prompt becomes the text entry box.
        before, *after = BLANK.split(prompt, maxsplit=1)
        length = max(12, *(len(a) for a in question.accepted(lang)))
        entry = _sub(_sub(body, "p", before), "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(length))
        entry.tail = after[0] if after else None
    elif kind == "order":
        interaction = _sub(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        _sub(interaction, "prompt", prompt)
        for n, i in enumerate(shown, 1):
            _sub(interaction, "simpleChoice", question.items[i][lang], identifier=f"I{n}")
    elif kind == "match":
        count = str(len(question.pairs))
        interaction = _sub(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true", maxAssociations=count)
        _sub(interaction, "prompt", prompt)
        lefts = _sub(interaction, "simpleMatchSet")
        for n, pair in enumerate(question.pairs, 1):
            _sub(lefts, "simpleAssociableChoice", pair.left[lang], identifier=f"L{n}", matchMax="1")
        rights = _sub(interaction, "simpleMatchSet")
        for n, i in enumerate(shown, 1):
            _sub(rights, "simpleAssociableChoice", question.pairs[i].right[lang], identifier=f"R{n}", matchMax="1")

    processing = _sub(item, "responseProcessing")
    condition = _sub(processing, "responseCondition")
    branch = _sub(condition, "responseIf")
    if kind == "fill":
        either = _sub(branch, "or")
        test = _sub(either, "gt")
        _sub(test, "mapResponse", identifier="RESPONSE")
        _base(test, "float", "0")
        # Everything the site's normaliser accepts, for tools that evaluate patternMatch.
        _sub(_sub(either, "patternMatch", pattern=pattern(question.accepted(lang))), "variable", identifier="RESPONSE")
    else:
        test = _sub(branch, "match")
        _sub(test, "variable", identifier="RESPONSE")
        _sub(test, "correct", identifier="RESPONSE")
    for branch, score, verdict in ((branch, "1", "CORRECT"), (_sub(condition, "responseElse"), "0", "INCORRECT")):
        _base(_set(branch, "SCORE"), "float", score)
        feedback = _sub(_set(branch, "FEEDBACK"), "multiple")
        _base(feedback, "identifier", verdict)
        _base(feedback, "identifier", "EXPLANATION")
    if kind in ("single", "multiple"):
        # Add the chosen options, so each one's own feedback shows.
        chosen = _sub(_set(processing, "FEEDBACK"), "multiple")
        _sub(chosen, "variable", identifier="FEEDBACK")
        _sub(chosen, "variable", identifier="RESPONSE")
    distractors = question.distractors if kind == "fill" else []
    for n, distractor in enumerate(distractors, 1):
        # A likely wrong answer adds its own feedback D<n>.
        guard = _sub(_sub(processing, "responseCondition"), "responseIf")
        either = _sub(guard, "or")
        for wrong in distractor.all_answers(lang):
            matches = _sub(either, "stringMatch", caseSensitive="false")
            _sub(matches, "variable", identifier="RESPONSE")
            _base(matches, "string", wrong)
        add = _sub(_set(guard, "FEEDBACK"), "multiple")
        _sub(add, "variable", identifier="FEEDBACK")
        _base(add, "identifier", f"D{n}")

    def modal(ident: str, text: str) -> None:
        element = _sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=ident, showHide="show")
        _sub(element, "p", text)

    if kind in ("single", "multiple"):
        for ident, _, text in _choices(question, lang, shown):
            modal(ident, text)
    for n, distractor in enumerate(distractors, 1):
        modal(f"D{n}", distractor.feedback[lang])
    right, wrong = result_feedback(question, lang)
    modal("CORRECT", right)
    modal("INCORRECT", wrong)
    modal("EXPLANATION", f"{STRINGS[lang]['explanation']}: {question.explanation[lang]}")
    ET.indent(item)
    return _document(item)


def test_xml(quizzes: list[Quiz], lang: str, ident: str, title: str) -> bytes:
    test = ET.Element(_q("assessmentTest"), {
        f"{{{XSI}}}schemaLocation": f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
        "identifier": identifier(ident), "title": title,
    })
    _sub(test, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = _sub(test, "testPart", identifier="P1", navigationMode="nonlinear", submissionMode="individual")
    for quiz in quizzes:
        section = _sub(part, "assessmentSection", identifier=identifier(f"S-{quiz.id}"), title=quiz.title[lang], visible="true")
        for question in quiz.questions:
            _sub(section, "assessmentItemRef", identifier=identifier(question.id), href=f"items/{identifier(question.id)}.xml")
    total = _sub(_set(_sub(test, "outcomeProcessing"), "SCORE"), "sum")
    _sub(total, "testVariables", variableIdentifier="SCORE")
    ET.indent(test)
    return _document(test)


def manifest_xml(quizzes: list[Quiz], lang: str, ident: str) -> bytes:
    def cp(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{CP}}}{tag}", attrs)
        element.text = text
        return element

    ET.register_namespace("", CP)
    try:
        manifest = ET.Element(f"{{{CP}}}manifest", {
            "identifier": identifier(f"MANIFEST-{ident}"),
            f"{{{XSI}}}schemaLocation": " ".join((
                CP, "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
                MD, "http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd",
                QTIMD, "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd",
            )),
        })
        metadata = cp(manifest, "metadata")
        cp(metadata, "schema", "QTIv2.1 Package")
        cp(metadata, "schemaversion", "1.0.0")
        cp(manifest, "organizations")
        resources = cp(manifest, "resources")
        test = cp(resources, "resource", identifier=identifier(f"RES-TEST-{ident}"), type="imsqti_test_xmlv2p1", href="assessment.xml")
        cp(test, "file", href="assessment.xml")
        questions = [(quiz, n, q) for quiz in quizzes for n, q in enumerate(quiz.questions, 1)]
        for _quiz, _n, question in questions:
            cp(test, "dependency", identifierref=identifier(f"RES-{question.id}"))
        for quiz, number, question in questions:
            href = f"items/{identifier(question.id)}.xml"
            resource = cp(resources, "resource", identifier=identifier(f"RES-{question.id}"), type="imsqti_item_xmlv2p1", href=href)
            meta = cp(resource, "metadata")
            general = ET.SubElement(ET.SubElement(meta, f"{{{MD}}}lom"), f"{{{MD}}}general")
            ET.SubElement(general, f"{{{MD}}}identifier").text = question.id
            title = ET.SubElement(general, f"{{{MD}}}title")
            ET.SubElement(title, f"{{{MD}}}langstring", {XML_LANG: lang}).text = question_name(quiz, number, question, lang)
            ET.SubElement(general, f"{{{MD}}}language").text = lang
            qti_meta = ET.SubElement(meta, f"{{{QTIMD}}}qtiMetadata")
            ET.SubElement(qti_meta, f"{{{QTIMD}}}timeDependent").text = "false"
            ET.SubElement(qti_meta, f"{{{QTIMD}}}interactionType").text = INTERACTION[question.type]
            ET.SubElement(qti_meta, f"{{{QTIMD}}}feedbackType").text = "nonadaptive"
            ET.SubElement(qti_meta, f"{{{QTIMD}}}solutionAvailable").text = "true"
            cp(resource, "file", href=href)
        ET.indent(manifest)
        return _document(manifest)
    finally:
        ET.register_namespace("", QTI)


def package_files(quizzes: list[Quiz], lang: str, ident: str, title: str, cache: dict | None = None) -> dict[str, bytes]:
    """Every file of the package by its path inside the zip; ``cache`` keeps items for other packages."""
    cache = {} if cache is None else cache
    files = {"imsmanifest.xml": manifest_xml(quizzes, lang, ident),
             "assessment.xml": test_xml(quizzes, lang, ident, title)}
    for quiz in quizzes:
        for number, question in enumerate(quiz.questions, 1):
            key = ("qti", quiz.id, question.id, lang)
            if key not in cache:
                cache[key] = item_xml(quiz, number, question, lang)
            files[f"items/{identifier(question.id)}.xml"] = cache[key]
    return files


def export_qti(quizzes: list[Quiz], lang: str, ident: str, title: str, cache: dict | None = None) -> bytes:
    """The zip package as bytes. Fixed timestamps keep rebuilds byte-identical."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package_files(quizzes, lang, ident, title, cache).items():
            info = zipfile.ZipInfo(name, date_time=(2025, 2, 27, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
