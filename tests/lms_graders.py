"""Read LMS export files back and grade answers the way the LMS would.

Independent of the exporters: they only see the files. Each reader turns a file
into ``Graded`` questions whose ``grade(response)`` returns the fraction of the
mark the LMS would give:

- Moodle XML: a reader of our own that follows Moodle's question types
  (multichoice, truefalse, shortanswer with its ``*`` wildcard, matching per row,
  ordering), reading multilang spans for one language;
- GIFT: gift-pegjs (node) for the structure, cross-checked with a small
  re-implementation of the rules of Moodle's GIFT importer (qformat_gift) for the
  question type, each answer's weight and each text's format, where the two
  parsers differ;
- QTI 2.1: the item's own responseProcessing evaluated (match, mapResponse,
  patternMatch through libxml2's XML Schema regex engine, …).

``site_variants()`` is the measurement the issue used: spellings of an accepted
answer that the site accepts (kana, width, trailing full stop, extra spaces).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from support import ROOT
from studykit.text.normalize import normalize

WORD_JOINER = "\u2060"
GIFT_PEGJS = ROOT / "node_modules" / "gift-pegjs"


# ---------------------------------------------------------------- what the site accepts

def _hira(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def _kata(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def site_variants(answer: str) -> set[str]:
    """Spellings of ``answer`` a student may type and the site accepts: katakana for
    hiragana and back, full-width and half-width letters and digits, a trailing 。 or .,
    extra spaces (around, doubled, removed), upper case."""
    half = unicodedata.normalize("NFKC", answer)
    bases = {answer, half, _wide(half), _hira(answer), _kata(answer), _kata(half), _hira(half)}
    out = set(bases)
    for base in bases:
        out |= {base + "。", base + ".", f" {base} ", base.replace(" ", "  "), base.replace(" ", ""), base.upper()}
    target = normalize(answer)
    return {v for v in out if normalize(v) == target}


def site_accepts(question, text: str) -> bool:
    """The site's rule: equal after normalisation to an answer of either language."""
    return normalize(text) in {normalize(a) for lang in ("ja", "en") for a in question.answers[lang]}


# ---------------------------------------------------------------- graded questions

@dataclass
class Graded:
    """One question as an LMS would grade it."""

    kind: str  # single | multiple | truefalse | short | matching | ordering
    name: str = ""
    idnumber: str | None = None
    choices: list[tuple[str, float]] = field(default_factory=list)  # text, fraction
    answers: list[tuple[str, float]] = field(default_factory=list)  # short answer: pattern, fraction
    truth: bool | None = None
    pairs: list[tuple[str, str]] = field(default_factory=list)  # matching: stem, right text
    order: list[str] = field(default_factory=list)  # ordering: the correct order
    all_or_nothing: bool = True  # ordering
    tags: list[str] = field(default_factory=list)

    def choice_texts(self) -> list[str]:
        return [t for t, _ in self.choices]

    def grade(self, response) -> float:
        if self.kind == "single":
            return dict(self.choices)[response]
        if self.kind == "multiple":
            fractions = dict(self.choices)
            return min(1.0, max(0.0, sum(fractions[r] for r in response)))
        if self.kind == "truefalse":
            return 1.0 if response is self.truth else 0.0
        if self.kind == "short":
            for pattern, fraction in self.answers:
                if moodle_short_answer_matches(response, pattern):
                    return fraction
            return 0.0
        if self.kind == "matching":
            rights = dict(self.pairs)
            return sum(1 for stem, right in rights.items() if response.get(stem) == right) / len(rights)
        if self.kind == "ordering":
            if self.all_or_nothing:
                return 1.0 if list(response) == self.order else 0.0
            return sum(1 for a, b in zip(response, self.order) if a == b) / len(self.order)
        raise ValueError(self.kind)


@lru_cache(maxsize=None)
def _short_answer_regex(pattern: str) -> re.Pattern:
    bits = re.split(r"(?<!\\)\*+", unicodedata.normalize("NFC", pattern))
    return re.compile(".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits), re.I | re.S)


def moodle_short_answer_matches(response: str, pattern: str) -> bool:
    """qtype_shortanswer: NFC both, the response trimmed (PHP trim), case ignored,
    unescaped runs of ``*`` match anything, ``\\*`` is a literal star."""
    response = unicodedata.normalize("NFC", response).strip(" \t\n\r\0\x0b")
    return _short_answer_regex(pattern).fullmatch(response) is not None


# ---------------------------------------------------------------- Moodle XML

def _field(text: str | None, lang: str) -> str:
    """The text one user sees in an HTML field: their multilang span if there are spans."""
    text = text or ""
    spans = dict(re.findall(r'<span lang="([a-z]+)" class="multilang">(.*?)</span>', text, re.S))
    if spans:
        text = spans[lang]
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def read_moodle(xml_text: str, lang: str) -> tuple[list[str], list[Graded]]:
    """(category paths, questions) of a Moodle XML file, as a ``lang`` user sees them."""
    root = etree.fromstring(xml_text.encode())
    categories, questions = [], []
    for element in root.findall("question"):
        kind = element.get("type")
        if kind == "category":
            categories.append(element.findtext("category/text"))
            continue
        graded = Graded(kind="?", name=element.findtext("name/text") or "", idnumber=element.findtext("idnumber"),
                        tags=[t.findtext("text") for t in element.findall("tags/tag")])
        answers = element.findall("answer")
        fraction = [float(a.get("fraction")) / 100 for a in answers]
        if kind == "multichoice":
            graded.kind = "single" if element.findtext("single") == "true" else "multiple"
            graded.choices = [(_field(a.findtext("text"), lang), f) for a, f in zip(answers, fraction)]
        elif kind == "truefalse":
            graded.kind = "truefalse"
            graded.truth = next(a.findtext("text") for a, f in zip(answers, fraction) if f == 1) == "true"
        elif kind == "shortanswer":
            assert element.findtext("usecase") == "0", "answers must be compared ignoring case"
            graded.kind = "short"
            graded.answers = [(a.findtext("text"), f) for a, f in zip(answers, fraction)]
        elif kind == "matching":
            graded.kind = "matching"
            graded.pairs = [(_field(s.findtext("text"), lang), s.findtext("answer/text")) for s in element.findall("subquestion")]
        elif kind == "ordering":
            graded.kind = "ordering"
            gradingtype = element.findtext("gradingtype")
            assert gradingtype in ("ALL_OR_NOTHING", "ABSOLUTE_POSITION"), gradingtype
            graded.all_or_nothing = gradingtype == "ALL_OR_NOTHING"
            # Moodle takes the correct order from the order of the answers in the file.
            graded.order = [_field(a.findtext("text"), lang) for a in answers]
        else:
            raise ValueError(f"unexpected Moodle question type {kind!r}")
        graded.prompt = _field(element.findtext("questiontext/text"), lang)
        graded.penalty = element.findtext("penalty")
        questions.append(graded)
    return categories, questions


# ---------------------------------------------------------------- GIFT

GIFT_JS = """
const gift = require('gift-pegjs');
const fs = require('fs');
const out = {};
for (const file of process.argv.slice(1)) {
  try { out[file] = gift.parse(fs.readFileSync(file, 'utf8')); }
  catch (e) { out[file] = {error: String(e.message), location: e.location || null}; }
}
process.stdout.write(JSON.stringify(out));
"""


def gift_pegjs(files: list[Path]) -> dict[str, list[dict]]:
    """gift-pegjs's parse of each file; a parse error fails."""
    assert GIFT_PEGJS.is_dir(), f"gift-pegjs is not installed in {GIFT_PEGJS}; run `npm ci` in the project root"
    result = subprocess.run(["node", "-e", GIFT_JS, *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    for file, value in parsed.items():
        assert not (isinstance(value, dict) and "error" in value), f"{file}: gift-pegjs: {value}"
    return parsed


def _visible(text: str) -> str:
    return text.replace(WORD_JOINER, "")


def _pegjs_right(text: str) -> str:
    # gift-pegjs leaves escapes in the right side of a matching pair as placeholders.
    return re.sub(r"&&(\d{3});", lambda m: chr(int(m[1])), text)


def from_gift_pegjs(parsed: list[dict]) -> tuple[list[str], list[Graded]]:
    categories, questions = [], []
    for q in parsed:
        if q["type"] == "Category":
            categories.append(q["title"])
            continue
        graded = Graded(kind="?", name=_visible(q["title"] or ""), idnumber=q.get("id"), tags=q.get("tags") or [])
        graded.prompt = _visible(q["stem"]["text"])
        graded.prompt_format = q["stem"]["format"]
        if q["type"] == "MC":
            # Moodle: a file with '=' answers is single choice; '=' is 100 %, '~' its weight or 0.
            single = any(c["isCorrect"] for c in q["choices"])
            graded.kind = "single" if single else "multiple"
            graded.choices = [(_visible(c["text"]["text"]), 1.0 if c["isCorrect"] else (c["weight"] or 0) / 100)
                              for c in q["choices"]]
            graded.formats = [c["text"]["format"] for c in q["choices"]]
        elif q["type"] == "Short":
            graded.kind = "short"
            graded.answers = [(c["text"]["text"], 1.0 if c["weight"] is None else c["weight"] / 100) for c in q["choices"]]
            graded.formats = [c["text"]["format"] for c in q["choices"]]
        elif q["type"] == "TF":
            graded.kind, graded.truth = "truefalse", q["isTrue"]
        elif q["type"] == "Matching":
            graded.kind = "matching"
            graded.pairs = [(_visible(p["subquestion"]["text"]), _visible(_pegjs_right(p["subanswer"]))) for p in q["matchPairs"]]
        else:
            raise ValueError(f"unexpected GIFT question type {q['type']!r}")
        questions.append(graded)
    return categories, questions


# Moodle's qformat_gift, the parts that decide type, weight and format.
_ESCAPES = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;", "\\~": "&&126;", "\\n": "&&010"}
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, escaped[1] if escaped != "\\n" else "\n")
    return text


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1:]


def _format(text: str) -> tuple[str, str]:
    text = text.strip()
    if text.startswith("[") and "]" in text:
        name = text[1:text.index("]")]
        if name in ("html", "plain", "markdown", "moodle"):
            return name, _post(text[text.index("]") + 1:]).strip()
    return "moodle", _post(text).strip()


def moodle_gift_rules(block: str) -> tuple[str, list[tuple[float | None, str, str]]]:
    """(Moodle's question type, [(weight, format, text)] per answer) for one GIFT question,
    as qformat_gift::readquestion decides them."""
    lines = [line for line in block.splitlines() if not line.strip().startswith("//")]
    text = _pre(" ".join(line.strip() for line in lines))
    answertext = text[text.index("{") + 1:text.rindex("}")].strip()
    if "####" in answertext:
        answertext = answertext[:answertext.rindex("####")].strip()
    if "~" in answertext:
        kind = "multichoice"
    elif "=" in answertext and "->" in answertext:
        kind = "match"
    else:
        check = answertext[:answertext.index("#")].strip() if answertext.find("#") > 0 else answertext
        kind = "truefalse" if check in ("T", "TRUE", "F", "FALSE") else "shortanswer"
    out: list[tuple[float | None, str, str]] = []
    if kind == "multichoice":
        parts = answertext.replace("=", "~=").split("~")
        for part in (p.strip() for p in parts if p.strip()):
            if part.startswith("="):
                weight, part = 1.0, part[1:]
            elif _WEIGHT.match(part):
                weight, part = _weight(part)
            else:
                weight = 0.0
            out.append((weight, *_format(part.split("#", 1)[0])))
    elif kind == "shortanswer":
        for part in (p.strip() for p in answertext.split("=") if p.strip()):
            weight, part = _weight(part) if _WEIGHT.match(part) else (1.0, part)
            out.append((weight, *_format(part.split("#", 1)[0])))
    elif kind == "match":
        for part in (p.strip() for p in answertext.split("=") if p.strip()):
            left, right = part.split("->", 1)
            out.append((None, *_format(left)))
    return kind, out


def gift_blocks(text: str) -> list[str]:
    """The question blocks of a GIFT file (blank-line separated, with an answer part)."""
    return [b for b in re.split(r"\n\s*\n", text) if "{" in b and not b.lstrip().startswith("$CATEGORY")]


# ---------------------------------------------------------------- QTI 2.1

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
_XSD = "http://www.w3.org/2001/XMLSchema"
_PATTERNS: dict[str, etree.XMLSchema] = {}


def xsd_pattern_matches(pattern: str, value: str) -> bool:
    """XML Schema regex semantics (libxml2): the value matches the whole pattern."""
    if pattern not in _PATTERNS:
        schema = etree.fromstring(
            f'<xs:schema xmlns:xs="{_XSD}"><xs:element name="v"><xs:simpleType><xs:restriction base="xs:string">'
            f'<xs:pattern value="{html.escape(pattern, quote=True)}"/></xs:restriction></xs:simpleType></xs:element></xs:schema>')
        _PATTERNS[pattern] = etree.XMLSchema(schema)
    doc = etree.Element("v")
    doc.text = value
    return _PATTERNS[pattern].validate(etree.ElementTree(doc))


class QtiItem:
    """One assessmentItem with its response processing, evaluated for a response."""

    def __init__(self, item: etree._Element):
        self.item = item
        self.identifier = item.get("identifier")
        self.title = item.get("title")
        self.declaration = item.find(f"{QTI}responseDeclaration")
        interactions = [e for e in item.iter() if isinstance(e.tag, str) and e.get("responseIdentifier")]
        assert len(interactions) == 1, self.identifier
        self.interaction = interactions[0]
        self.kind = etree.QName(self.interaction).localname

    def choices(self) -> list[tuple[str, str]]:
        """(identifier, text) of the choices in document order."""
        return [(c.get("identifier"), "".join(c.itertext()).strip())
                for c in self.interaction.iter(f"{QTI}simpleChoice", f"{QTI}simpleAssociableChoice")]

    def match_sets(self) -> list[list[tuple[str, str]]]:
        return [[(c.get("identifier"), "".join(c.itertext()).strip()) for c in s.findall(f"{QTI}simpleAssociableChoice")]
                for s in self.interaction.findall(f"{QTI}simpleMatchSet")]

    def identifier_of(self, text: str) -> str:
        found = [i for i, t in self.choices() if t == text]
        assert len(found) == 1, (self.identifier, text, self.choices())
        return found[0]

    # -- values: single -> str | None; multiple -> frozenset; ordered -> tuple
    def _value(self, values: list[str], cardinality: str):
        if cardinality == "single":
            return values[0] if values else None
        if cardinality == "ordered":
            return tuple(values)
        return frozenset(values)

    def score(self, response) -> float:
        cardinality = self.declaration.get("cardinality")
        if cardinality == "single":
            value = response
        elif cardinality == "ordered":
            value = tuple(response)
        else:
            value = frozenset(response)
        self.variables = {"RESPONSE": value, "SCORE": 0.0, "FEEDBACK": frozenset()}
        for statement in self.item.find(f"{QTI}responseProcessing"):
            self._run(statement)
        return float(self.variables["SCORE"])

    def _run(self, statement: etree._Element) -> None:
        tag = etree.QName(statement).localname
        if tag == "setOutcomeValue":
            (expression,) = list(statement)
            self.variables[statement.get("identifier")] = self._eval(expression)
        elif tag == "responseCondition":
            for branch in statement:
                name = etree.QName(branch).localname
                children = list(branch)
                if name == "responseElse" or self._eval(children[0]) is True:
                    for inner in (children if name == "responseElse" else children[1:]):
                        self._run(inner)
                    return
        else:
            raise ValueError(f"{self.identifier}: unsupported statement {tag}")

    def _eval(self, e: etree._Element):
        tag = etree.QName(e).localname
        args = [self._eval(c) for c in e] if tag not in ("mapResponse", "correct", "variable", "baseValue") else []
        if tag == "variable":
            return self.variables.get(e.get("identifier"))
        if tag == "baseValue":
            return float(e.text) if e.get("baseType") == "float" else e.text
        if tag == "correct":
            values = [v.text for v in self.declaration.findall(f"{QTI}correctResponse/{QTI}value")]
            return self._value(values, self.declaration.get("cardinality"))
        if tag == "match":
            return None if None in args else args[0] == args[1]
        if tag == "mapResponse":
            mapping = self.declaration.find(f"{QTI}mapping")
            value = self.variables["RESPONSE"]
            if value is None:
                return float(mapping.get("defaultValue", "0"))
            for entry in mapping.findall(f"{QTI}mapEntry"):
                key = entry.get("mapKey")
                same = key == value if entry.get("caseSensitive") == "true" else key.lower() == value.lower()
                if same:
                    return float(entry.get("mappedValue"))
            return float(mapping.get("defaultValue", "0"))
        if tag == "gt":
            return args[0] > args[1]
        if tag == "or":
            return True if True in args else (None if None in args else False)
        if tag == "patternMatch":
            return None if args[0] is None else xsd_pattern_matches(e.get("pattern"), args[0])
        if tag == "stringMatch":
            if None in args:
                return None
            return args[0] == args[1] if e.get("caseSensitive") == "true" else args[0].lower() == args[1].lower()
        if tag == "multiple":
            out: set = set()
            for a in args:
                out |= set(a) if isinstance(a, (set, frozenset)) else ({a} if a is not None else set())
            return frozenset(out)
        raise ValueError(f"{self.identifier}: unsupported expression {tag}")


def read_gift(path: Path, strict: bool = True) -> tuple[list[str], list[Graded]]:
    """A GIFT file as Moodle would import it: gift-pegjs's structure, checked question by
    question against Moodle's own rules (type, weights, ``[plain]`` formats). Short
    answers keep runs of spaces as Moodle does (gift-pegjs folds them). ``strict``: every
    answer text must be marked ``[plain]``."""
    text = path.read_text(encoding="utf-8")
    categories, graded = from_gift_pegjs(gift_pegjs([path])[str(path)])
    blocks = gift_blocks(text)
    assert len(blocks) == len(graded), (len(blocks), len(graded))
    moodle_kind = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
                   "short": "shortanswer", "matching": "match"}
    for block, question in zip(blocks, graded):
        kind, answers = moodle_gift_rules(block)
        assert kind == moodle_kind[question.kind], (question.name, "Moodle reads", kind, "gift-pegjs", question.kind)
        if question.kind in ("single", "multiple", "short"):
            items = question.answers if question.kind == "short" else question.choices
            assert len(answers) == len(items), question.name
            for (weight, fmt, moodle_text), (pegjs_text, pegjs_weight) in zip(answers, items):
                assert abs(weight - pegjs_weight) < 1e-9, (question.name, moodle_text, weight, pegjs_weight)
                assert fmt == "plain" or not strict, (question.name, moodle_text, fmt)
                assert " ".join(_visible(moodle_text).split()) == " ".join(pegjs_text.split()), (question.name, moodle_text, pegjs_text)
            if question.kind == "short":
                question.answers = [(t, w) for w, _, t in answers]
    return categories, graded
