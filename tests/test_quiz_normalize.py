"""Answer normalisation for fill-in-the-blank questions (Python side).

tests/test_quiz_browser.py runs the same CASES through quiz.js's ``norm``.
"""

import pytest

from studykit.text.normalize import normalize

# (typed by a student, accepted answer, should match)
CASES = [
    ("４月２０日", "4月20日", True),           # full-width digits (NFKC)
    ("ﾎﾞﾄﾑﾗｲﾝ", "ボトムライン", True),          # half-width katakana
    ("ぼとむらいん", "ボトムライン", True),      # hiragana / katakana folded
    ("ボトム ライン", "ボトムライン", True),     # spaces ignored
    ("ボトム　ライン", "ボトムライン", True),    # ideographic space
    ("ボトムライン", "ボトムライン", True),
    ("ボトムライン。", "ボトムライン", True),    # trailing full stop
    ("ボトムラインー", "ボトムライン", True),    # long-vowel mark ignored
    ("ボトムラｲﾝ", "ぼとむらいん", True),
    ("ｷｰｳ", "キウ", True),                      # half-width long-vowel mark
    ("1〜2", "1～2", True),                     # wave dash vs full-width tilde
    ("1~2", "12", True),
    ("Bottom Line", "bottom line", True),       # case, spaces
    ("ＢＯＴＴＯＭ　ＬＩＮＥ", "bottom line", True),
    ("U.S.", "US", True),
    ("ナラティブ", "ボトムライン", False),
    ("bottom", "bottom line", False),
    ("ロシア", "ロシアン", False),
    ("<b>x</b>", "bx/b", False),
]


@pytest.mark.parametrize("typed, accepted, same", CASES)
def test_normalize_cases(typed, accepted, same):
    assert (normalize(typed) == normalize(accepted)) is same


def test_normalize_output():
    assert normalize("ボトム・ライン！") == "ぼとむらいん"
    assert normalize(" Ｈｅｌｌｏ　World ") == "helloworld"
    assert normalize("ヴ") == "ゔ"  # U+30F4 folds to U+3094
    assert normalize("ヷ") == "ヷ"  # no hiragana counterpart: left as is


def test_normalize_each_is_normalize_of_each_text():
    """The LMS export normalises the whole BMP in one call: each text must come out as if alone
    (no composition, case context or ignored run across the separator)."""
    from studykit.text.normalize import normalize_each

    texts = [typed for typed, _, _ in CASES] + ["Σ", "AΣ", "か", "\u3099", "ｶ", "ﾞ", "ー", " ", "", "ᄀ", "ᅡ"]
    texts += [chr(code) for code in range(0x20, 0x10000) if not 0xD800 <= code <= 0xDFFF and code != 0]
    assert normalize_each(texts) == [normalize(text) for text in texts]
