#!/usr/bin/env python3
"""How many fill-in answers the site accepts are also accepted by each LMS export.

    .venv/bin/python scripts/fill_parity.py EXPORTS_DIR [DATA_DIR]

EXPORTS_DIR holds moodle/, gift/ and qti/ as written by ``python -m studykit export``
(or the site build's exports/). For every fill-in question, the answers the site
accepts are measured as in issue 11: every accepted answer of both languages and
its likely spellings (tests/lms_graders.py ``site_variants``: kana, width, a
trailing 。 or ., extra spaces, upper case), deduplicated per question and kept only
if the site's normaliser accepts them. Each variant is then graded by each
exported file's own rules (Moodle XML and GIFT: Moodle's short-answer matching;
QTI: the item's response processing), in the file's language.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from lms_graders import QtiItem, read_gift, read_moodle, site_accepts, site_variants  # noqa: E402
from lxml import etree  # noqa: E402
from studykit.export import load_export_quizzes  # noqa: E402


def variants(question) -> list[str]:
    found = {v for lang in ("ja", "en") for a in question.answers[lang] for v in site_variants(a)}
    return sorted(v for v in found if site_accepts(question, v))


def main(argv: list[str]) -> int:
    exports = Path(argv[0])
    data = Path(argv[1]) if len(argv) > 1 else ROOT / "quizzes"
    docs = data.parent / "docs" if (data.parent / "docs").is_dir() else ROOT / "docs"
    quizzes = load_export_quizzes(data, docs, data.parent)
    fills = [q for quiz in quizzes for q in quiz.questions if q.type == "fill"]
    wanted = {q.id: variants(q) for q in fills}
    total = sum(len(v) for v in wanted.values())
    print(f"fill-in questions: {len(fills)}; spellings the site accepts: {total}")
    rows = []
    moodle = (exports / "moodle" / "all-quizzes.xml").read_text(encoding="utf-8")
    for lang in ("ja", "en"):
        _, graded = read_moodle(moodle, lang)
        by_id = {g.idnumber: g for g in graded}
        rows.append((f"Moodle XML (multilang), {lang}", sum(by_id[q].grade(v) == 1 for q, vs in wanted.items() for v in vs)))
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("ja", "en"):
            path = Path(tmp) / f"{lang}.gift"
            path.write_bytes((exports / "gift" / f"all-quizzes.{lang}.gift").read_bytes())
            _, graded = read_gift(path, strict=False)
            by_id = {g.idnumber or g.name: g for g in graded}
            rows.append((f"GIFT, {lang}", sum(by_id[q].grade(v) == 1 for q, vs in wanted.items() for v in vs)))
    for lang in ("ja", "en"):
        archive = zipfile.ZipFile(io.BytesIO((exports / "qti" / f"all-quizzes.{lang}.zip").read_bytes()))
        items = {}
        for name in archive.namelist():
            if name.startswith("items/"):
                item = QtiItem(etree.fromstring(archive.read(name)))
                items[item.identifier] = item
        rows.append((f"QTI 2.1, {lang}", sum(items[q].score(v) == 1 for q, vs in wanted.items() for v in vs)))
    for label, accepted in rows:
        print(f"{label:32} {accepted:4} of {total} ({100 * accepted / total:.0f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
