"""Render a quiz marker (``<!-- study:quiz ep90-us-stance -->``) as HTML.

The HTML is complete without JavaScript: questions read as a form and each
answer with its explanation sits in a closed <details>. quiz.js (loaded only on
pages that ask for the "quiz" asset) makes it interactive. Correct answers and
feedback are in ``data-search-exclude`` elements or attributes, never in the
search index.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, StudyDataError
from ..filecache import FileCache
from ..load.glossary import glossary_ids
from .kernel import Rendered
from ..urls import source_href
from ..docs import page_title
from .. import labels
from ..load.quiz import LoadedQuiz, QuizSet, load_quizzes
from ..order import presentation
from ..models.quiz import FillQuestion, MatchQuestion, MultipleQuestion, OrderQuestion, SingleQuestion, TrueFalseQuestion

STRINGS = labels.QUIZ  # the words, in each language: studykit/labels.py
JS_KEYS = ("ok", "ng", "empty", "emptyfill", "missed", "moved", "progress", "score", "first", "mine", "expl",
           "shown", "up", "down")


def cited_sections(q, lang: str, episode: str, docs_dir: Path, page_path: str) -> list[dict]:
    """The question's cited paragraphs, one entry per section in citation order:
    the link goes to the first paragraph, ``paragraphs`` lists all of them (``data-ss-cite``)."""
    groups: dict[str, list[str]] = {}
    for ref in q.sources:
        slug, paragraph = ref.split("#")
        groups.setdefault(slug, []).append(paragraph)
    return [
        {
            "href": source_href(page_path, episode, f"{slug}#{paragraphs[0]}"),
            "section": page_title(docs_dir, episode, slug, lang),
            "paragraphs": paragraphs,
            "label": paragraph_label(paragraphs, lang),
        }
        for slug, paragraphs in groups.items()
    ]


def paragraph_label(paragraphs: list[str], lang: str) -> str:
    """¶2, ¶3–5 style: consecutive paragraphs collapse into a range."""
    numbers = sorted(int(p[1:]) for p in paragraphs)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs]
    return ("第" + "・".join(parts) + "段落") if lang == "ja" else ("¶" + ", ¶".join(parts))


def question_view(q, lang: str, episode: str, docs_dir: Path, page_path: str, shown: list[int] | None) -> dict:
    """What quiz.html needs of one question; ``shown`` is its order from order.presentation()
    (None for the types that have nothing to order)."""
    cites = cited_sections(q, lang, episode, docs_dir, page_path)
    view = {
        "q": q,
        "type": q.type,
        "prompt": q.prompt[lang],
        "explanation": q.explanation[lang],
        "cites": cites,
        "href": cites[0]["href"],
        "section": cites[0]["section"],
        "feedback": getattr(q, "feedback", None),
    }
    if isinstance(q, (SingleQuestion, MultipleQuestion)):
        # (index in the file, option): the index is what quiz.js saves as the answer.
        view["options"] = [(i, q.options[i]) for i in shown]
        view["key"] = [o.text[lang] for _, o in view["options"] if o.correct]
    elif isinstance(q, TrueFalseQuestion):
        view["key"] = [STRINGS[lang]["true" if q.answer else "false"]]
    elif isinstance(q, FillQuestion):
        view["key"] = q.answers[lang]
        # Answers in either language count, so progress matches on both pages.
        view["accepted"] = q.answers.ja + q.answers.en
    elif isinstance(q, OrderQuestion):
        view["key"] = [item[lang] for item in q.items]
        view["shown"] = [(i, q.items[i][lang]) for i in shown]
    elif isinstance(q, MatchQuestion):
        view["key"] = [f"{p.left[lang]} — {p.right[lang]}" for p in q.pairs]
        view["rights"] = [(i, q.pairs[i].right[lang]) for i in shown]
    return view


# The checked set per (data, docs) folder pair, kept while no input file changes, appears or goes.
_CHECKED: FileCache[QuizSet] = FileCache("checked quiz sets")


def _input_files(*patterns: tuple[Path, str]) -> list[Path]:
    return [path for folder, pattern in patterns for path in sorted(Path(folder).glob(pattern))]


def checked_quizzes(site) -> QuizSet:
    """All quizzes of the site, checked once per change of any input file.

    Every quiz page asks for the set, so without this the cross-file checks would
    run once per page: quadratic in the number of quizzes. A set that checks is
    also the site's last good one (``StudySite.last_good_quizzes``).
    """
    # Globbed and stamped once per build, not once per quiz page.
    quizzes = site.once_per_build("checked_quizzes", lambda: _checked_quizzes(site))
    site.last_good_quizzes = quizzes
    return quizzes


def _checked_quizzes(site) -> QuizSet:
    files = _input_files((site.data_dir, "*/*.yml"), (site.docs_dir, "*/*.md"))
    return _CHECKED.get((str(site.data_dir), str(site.docs_dir)), files, lambda: load_quizzes(
        site.data_dir, site.docs_dir, site.root, glossary_ids(site.data_dir, site.root)))


def quizzes_or_last_good(site) -> tuple[QuizSet, StudyDataError | None]:
    """While serving (``site.serving``), a bad file must not stop the server: MkDocs
    would hold every request until the build succeeds. Return the last good set and
    the error instead; ``mkdocs build`` still fails."""
    try:
        return checked_quizzes(site), None
    except StudyDataError as error:
        if not site.serving or site.last_good_quizzes is None:
            raise
        return site.last_good_quizzes, error


def site_quizzes(site) -> QuizSet:
    """All quizzes, checked; while serving, the last good set after an error."""
    return quizzes_or_last_good(site)[0]


def render_quiz(site, arg: str | None, *, language: str, page_path: str):
    quizzes, error = quizzes_or_last_good(site)
    lq: LoadedQuiz | None = quizzes.get(arg or "")
    if lq is None:
        known = ", ".join(q.quiz.id for q in quizzes.quizzes) or "none"
        raise StudyDataError([Problem(f"docs/{page_path}", 1, 1, "study:quiz", f"unknown quiz '{arg}' (known: {known})")])
    lang = language if language in STRINGS else "en"
    t = STRINGS[lang]
    order = presentation(lq.quiz.questions)
    html = site.render_template(
        "quiz.html",
        quiz=lq.quiz,
        lang=lang,
        t=t,
        error=str(error) if error else "",
        js_strings={k: t[k] for k in JS_KEYS},
        questions=[
            question_view(q, lang, lq.episode, site.docs_dir, page_path, order.get(q.id))
            for q in lq.quiz.questions
        ],
    )
    return Rendered(html, assets=("quiz",))  # assignment.js: loaded by quiz.js when needed
