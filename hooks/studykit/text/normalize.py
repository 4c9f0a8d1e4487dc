"""Answer normalisation for fill-in-the-blank questions.

The same rules are implemented in docs/assets/study/quiz.js (``norm``); the
browser tests run the cases of tests/test_quiz_normalize.py through both.
"""

from __future__ import annotations

import re
import unicodedata

# After NFKC: long-vowel mark (ー; half-width ｰ folds into it), wave dash 〜, wavy
# dash 〰, swung dash ⁓ and tilde (full-width ～ folds into it) are ignored, so
# are whitespace and punctuation that students add or omit at will.
IGNORED = re.compile(r"[\sー〜〰⁓~。、・,.!?！？「」『』\"'“”‘’()（）\[\]]+")
# ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above their hiragana; ヷ-ヺ have none.
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# Between texts normalised in one call: unchanged by every step, composes with
# nothing and ends any case context, so each text comes out as if alone.
_SEPARATOR = "\x00"


def to_hiragana(text: str) -> str:
    """Katakana as hiragana (ァ…ヶ); every other character unchanged."""
    return text.translate(KATAKANA_TO_HIRAGANA)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return IGNORED.sub("", to_hiragana(text))


def normalize_each(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]`` in one pass (texts without NUL): the LMS export
    maps every BMP character, and 60,000 separate calls cost a quarter of a second."""
    return normalize(_SEPARATOR.join(texts)).split(_SEPARATOR)
