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


def _kata_to_hira(text: str) -> str:
    # ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above their hiragana; ヷ-ヺ have none.
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return IGNORED.sub("", _kata_to_hira(text))
