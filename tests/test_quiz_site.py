"""Quiz runtime on the built site: payload budget, assets only on quiz pages.

(Answers staying out of the search index: tests/test_search.py.)
"""

from __future__ import annotations

import gzip
import re

from conftest import ROOT

BUDGET = 6 * 1024  # bytes, quiz.js + quiz.css gzipped together


def test_payload_budget(site_dir):
    sizes = {name: len(gzip.compress((site_dir / "assets" / "study" / name).read_bytes(), 9))
             for name in ("quiz.js", "quiz.css")}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_quiz_assets_only_on_quiz_pages(site_dir):
    quiz_pages = []
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_quiz = "data-ss-quiz=" in html
        loads = bool(re.search(r'<script src="[^"]*assets/study/quiz\.js"', html))
        styles = bool(re.search(r'<link rel="stylesheet" href="[^"]*assets/study/quiz\.css"', html))
        assert loads == has_quiz == styles, page
        if has_quiz:
            quiz_pages.append(page.relative_to(site_dir).as_posix())
    slugs = [p.name.removesuffix(".quiz.yml") for p in (ROOT / "quizzes" / "ep90").glob("*.quiz.yml")]
    expected = {f"{prefix}ep90/quiz/{slug}/index.html" for slug in slugs for prefix in ("", "en/")}
    assert expected <= set(quiz_pages)


