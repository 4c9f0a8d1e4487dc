"""The site's words (studykit/labels.py): each word shared by the quiz pages, the
teachers' pages and the LMS exports is written once, so the three cannot drift apart."""

from __future__ import annotations

import re

from studykit.labels import WORDS
from support import ROOT


def test_each_shared_word_is_written_in_one_place_only():
    sources = [p for p in (ROOT / "hooks").rglob("*.py") if p.name != "labels.py"]
    sources += list((ROOT / "overrides").rglob("*.html"))
    sources += list((ROOT / "docs" / "assets").rglob("*.js"))
    words = {word for table in WORDS.values() for word in table.values()}
    quoted = re.compile("|".join(rf"""(["'>]){re.escape(w)}(["'<])""" for w in sorted(words)))
    found = [f"{p.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m[0]}"
             for p in sources for text in [p.read_text(encoding="utf-8")] for m in quoted.finditer(text)]
    assert not found, "written again outside studykit/labels.py (use WORDS):\n" + "\n".join(found)
