"""Quiz runtime on the built site: payload budget, assets only on quiz pages, search index."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from conftest import ROOT
from studykit.quiz.loading import load_quizzes

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


@pytest.fixture(scope="module")
def search_docs(site_dir):
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_answers_and_feedback_not_in_search_index(search_docs):
    quizzes = load_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)
    text = {"ja": "", "en": ""}
    for doc in search_docs:
        if "/quiz/" in doc["location"] or doc["location"].startswith(("ep90/quiz", "en/ep90/quiz")):
            text["en" if doc["location"].startswith("en/") else "ja"] += doc["text"] + doc.get("title", "")
    assert text["ja"] and text["en"]
    hidden = 0
    for lq in quizzes.quizzes:
        for q in lq.quiz.questions:
            for lang in ("ja", "en"):
                # Questions may be indexed...
                assert q.prompt[lang].replace("&", "&amp;").replace("<", "&lt;")[:20] in text[lang], q.id
                # ...explanations and feedback may not.
                # (Fill answers are short words that may also occur in other questions.)
                secret = [q.explanation[lang]] + [o.feedback[lang] for o in getattr(q, "options", [])]
                secret += [d.feedback[lang] for d in getattr(q, "distractors", [])]
                if getattr(q, "feedback", None) is not None:
                    secret += [q.feedback.correct[lang], q.feedback.incorrect[lang]]
                for s in secret:
                    assert s not in text[lang], (q.id, s)
                    hidden += 1
    assert hidden > 50
