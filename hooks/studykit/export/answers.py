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

from ..text.normalize import normalize, normalize_each, to_hiragana

TRAILING = ("", "。", ".", "．")  # a full stop typed after the answer, or none
SPACES = (" ", "", "  ", "\u3000")  # between words: as written, none, doubled, ideographic (IME)
VOICING_MARKS = ("\u3099", "\u309a", "\uff9e", "\uff9f")  # combining and half-width (han)dakuten


HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
FULL_WIDTH = {code: code + 0xFEE0 for code in range(ord("!"), ord("~") + 1)}


def _to_katakana(text: str) -> str:
    return text.translate(HIRAGANA_TO_KATAKANA)


def _full_width(text: str) -> str:
    """ASCII letters, digits and signs as their full-width forms (what a Japanese IME types)."""
    return text.translate(FULL_WIDTH)


def spellings(answer: str) -> list[str]:
    """``answer`` and the spellings of it a student is likely to type, all accepted by the
    site: as written / NFKC / full-width, as written / hiragana / katakana, spaces as
    written / none / ideographic, with or without a trailing full stop."""
    target = normalize(answer)
    widths = dict.fromkeys((answer, unicodedata.normalize("NFKC", answer)))
    widths.update(dict.fromkeys(_full_width(w) for w in list(widths)))
    kana = dict.fromkeys(f(w) for w in widths for f in (str, to_hiragana, _to_katakana))
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


def _candidate(code: int) -> bool:
    """A BMP character an answer could contain: not a surrogate, control or unassigned one."""
    return (0x20 <= code < 0x10000 and not 0xD800 <= code <= 0xDFFF
            and unicodedata.category(chr(code)) not in ("Cc", "Cs", "Cn"))


def _is_kana(char: str) -> bool:
    return "\u3041" <= char <= "\u30ff" or "\uff66" <= char <= "\uff9d"


@lru_cache(maxsize=1)
def _folding() -> tuple[dict[str, list[str]], str, dict[str, list[str]]]:
    """What the normaliser does to the BMP: (normalized char -> the other characters
    that normalize to it, in code order; the characters it drops altogether;
    normalized char -> kana + voicing mark pairs that compose into it).

    Most characters normalize to themselves, so only the others are listed (a full
    table of 60,000 entries cost a quarter of a second per build). Unassigned
    characters normalize to themselves, and C1 controls (the only controls from
    U+0020 up) are left out, so no per-character category lookup is needed here."""
    chars = [chr(code) for code in _bmp() if not (0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF)]
    folded = normalize_each(chars)
    moved: dict[str, list[str]] = {}
    ignored: list[str] = []
    for char, result in zip(chars, folded):
        if result == char:
            continue
        if result == "":
            ignored.append(char)
        elif len(result) == 1:
            moved.setdefault(result, []).append(char)
    # Kana with a separate voicing mark (か+゙, ｶ+ﾞ) compose into one character. Bases in
    # the order of the full table: grouped by what they normalize to, groups in the order
    # of their first character.
    bases = [(char, result) for char, result in zip(chars, folded)
             if len(result) == 1 and _is_kana(char) and (result != char or _candidate(ord(char)))]
    first = {result: min(_singles(result, moved)) for _, result in bases}
    pairs: dict[str, list[str]] = {}
    for base, result in sorted(bases, key=lambda b: (first[b[1]], b[0])):
        for mark in VOICING_MARKS:
            composed = normalize(base + mark)
            if len(composed) == 1 and composed != result:
                pairs.setdefault(composed, []).append(base + mark)
    return moved, "".join(ignored), pairs


def _singles(target: str, moved: dict[str, list[str]]) -> list[str]:
    """The single characters that normalize to ``target``, in code order."""
    others = moved.get(target, [])
    if len(target) == 1 and _candidate(ord(target)) and normalize(target) == target:
        return sorted([*others, target])
    return others


def _preimages(target: str) -> list[str]:
    """Every BMP character (or base + voicing mark) that normalizes to ``target``
    (itself if none does)."""
    moved, _, pairs = _folding()
    return (_singles(target, moved) + pairs.get(target, [])) or [target]


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(_class_escape(c) for c in chars) + "]"


def _alternatives(target: str) -> str:
    """What may stand for one normalized character."""
    found = _preimages(target)
    singles = [c for c in found if len(c) == 1]
    sequences = ["".join(_escape(c) for c in seq) for seq in found if len(seq) > 1]
    parts = ([_char_class(singles)] if singles else []) + sequences
    return parts[0] if len(parts) == 1 else "(" + "|".join(parts) + ")"


def pattern(answers: tuple[str, ...]) -> str:
    """An XML Schema regex (implicitly anchored) matching every string whose
    ``normalize()`` equals that of one of ``answers``; up to characters outside the BMP and
    compatibility characters that expand to several (e.g. ㌔), which the site's
    normaliser would also fold."""
    _, ignored, _ = _folding()
    skip = _char_class(list(ignored)) + "*"
    branches = []
    for target in dict.fromkeys(normalize(a) for a in answers):
        branches.append(skip + "".join(_alternatives(c) + skip for c in target))
    return "|".join(f"({b})" for b in branches)


if __name__ == "__main__":  # a quick look: python -m studykit.export.answers 楔
    for word in sys.argv[1:]:
        print(word, spellings(word))
