"""Fill-in answers for LMSs, which compare strings instead of running the site's normaliser.

The site accepts any answer whose ``normalize()`` (quiz/normalize.py) equals an
accepted one: width, case, hiragana/katakana, spaces, long-vowel marks and common
punctuation do not count. An LMS only ignores case (Moodle also trims), so each
export gets, from the same normaliser:

- ``spellings()``: a finite list of likely spellings (kana, width, spaces, a
  trailing full stop), as extra Moodle answers and QTI ``mapEntry`` keys;
- ``pattern()``: an XML Schema regular expression that accepts exactly the
  strings the site accepts, character by character, for QTI ``patternMatch``.

Every generated string is checked against ``normalize()``, so nothing the site
rejects is ever added.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from itertools import product

from ..text.normalize import normalize

TRAILING = ("", "。", ".", "．")  # a full stop typed after the answer, or none
SPACES = (" ", "", "  ", "\u3000")  # between words: as written, none, doubled, ideographic (IME)
VOICING_MARKS = ("\u3099", "\u309a", "\uff9e", "\uff9f")  # combining and half-width (han)dakuten


def _to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def _to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _full_width(text: str) -> str:
    """ASCII letters, digits and signs as their full-width forms (what a Japanese IME types)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spellings(answer: str) -> list[str]:
    """``answer`` and the spellings of it a student is likely to type, all accepted by the
    site: as written / NFKC / full-width, as written / hiragana / katakana, spaces as
    written / none / ideographic, with or without a trailing full stop."""
    target = normalize(answer)
    widths = dict.fromkeys((answer, unicodedata.normalize("NFKC", answer)))
    widths.update(dict.fromkeys(_full_width(w) for w in list(widths)))
    kana = dict.fromkeys(f(w) for w in widths for f in (str, _to_hiragana, _to_katakana))
    words = dict.fromkeys(space.join(k.split()) for k in kana for space in SPACES)
    out = [w + end for w, end in product(words, TRAILING)]
    return [s for s in dict.fromkeys(out) if normalize(s) == target]


def unique_ignoring_case(answers: list[str]) -> list[str]:
    """First of each group equal ignoring case: Moodle and QTI compare case-insensitively,
    and QTI mapKeys must be unique."""
    seen: dict[str, str] = {}
    for answer in answers:
        seen.setdefault(answer.casefold(), answer)
    return list(seen.values())


def accepted_spellings(answers: tuple[str, ...]) -> list[str]:
    """Every accepted answer with its likely spellings, the written answers first."""
    return unique_ignoring_case([*answers, *(s for a in answers for s in spellings(a))])


# ---------------------------------------------------------------- the exact pattern

def _class_escape(char: str) -> str:
    return "\\" + char if char in "\\[]-^" else char


def _escape(char: str) -> str:
    return "\\" + char if char in "\\|.-^?*+{}()[]$" else char


def _bmp() -> range:
    return range(0x20, 0x10000)


@lru_cache(maxsize=1)
def _preimages() -> tuple[dict[str, list[str]], str]:
    """normalized char -> every BMP character (or base + voicing mark) that normalizes
    to it; and the characters the normaliser drops altogether."""
    single: dict[str, list[str]] = {}
    ignored: list[str] = []
    for code in _bmp():
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(char) in ("Cc", "Cs", "Cn"):
            continue
        folded = normalize(char)
        if folded == "":
            ignored.append(char)
        elif len(folded) == 1:
            single.setdefault(folded, []).append(char)
    # Kana with a separate voicing mark (か+゙, ｶ+ﾞ) compose into one character.
    pairs: dict[str, list[str]] = {}
    for bases in list(single.values()):
        for base in bases:
            if not ("\u3041" <= base <= "\u30ff" or "\uff66" <= base <= "\uff9d"):
                continue
            for mark in VOICING_MARKS:
                folded = normalize(base + mark)
                if len(folded) == 1 and folded != normalize(base):
                    pairs.setdefault(folded, []).append(base + mark)
    return {c: single.get(c, []) + pairs.get(c, []) for c in set(single) | set(pairs)}, "".join(ignored)


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(_class_escape(c) for c in chars) + "]"


def _alternatives(target: str) -> str:
    """What may stand for one normalized character."""
    preimages, _ = _preimages()
    found = preimages.get(target, [target])
    singles = [c for c in found if len(c) == 1]
    sequences = ["".join(_escape(c) for c in seq) for seq in found if len(seq) > 1]
    parts = ([_char_class(singles)] if singles else []) + sequences
    return parts[0] if len(parts) == 1 else "(" + "|".join(parts) + ")"


def pattern(answers: tuple[str, ...]) -> str:
    """An XML Schema regex (implicitly anchored) matching every string whose
    ``normalize()`` equals that of one of ``answers``; up to characters outside the BMP and
    compatibility characters that expand to several (e.g. ㌔), which the site's
    normaliser would also fold."""
    _, ignored = _preimages()
    skip = _char_class(list(ignored)) + "*"
    branches = []
    for target in dict.fromkeys(normalize(a) for a in answers):
        branches.append(skip + "".join(_alternatives(c) + skip for c in target))
    return "|".join(f"({b})" for b in branches)


if __name__ == "__main__":  # a quick look: python -m studykit.export.answers 楔
    for word in sys.argv[1:]:
        print(word, spellings(word))
