"""Renderers for the teacher pages' markers.

``<!-- study:answer-key ID -->``, ``<!-- study:worksheet ID -->``,
``<!-- study:exports -->`` and ``<!-- study:link-builder -->``. They read the
same validated quizzes as the quiz pages and the exporters.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, StudyDataError
from .kernel import Rendered
from ..docs import page_title, paragraph_text, quiz_pages
from .quiz import site_quizzes
from ..urls import LANG_PREFIX, page_url, relative_url, root_prefix, source_href
from ..export.build import ALL, ALL_TITLE, FORMATS, export_list, in_reading_order
from ..datafile import LANGUAGES
from .. import labels
from ..models.quiz import Question, Quiz, TextList


STRINGS = labels.TEACHER  # the words, in each language: studykit/labels.py


def _rendered(html: str, assets: tuple[str, ...] = ("teacher",)):
    return Rendered(html, assets=assets)


def _lang(language: str) -> str:
    return language if language in LANGUAGES else "en"


def _quiz(site, arg: str | None, page_path: str, kind: str):
    quizzes = site_quizzes(site)
    loaded = quizzes.get(arg or "")
    if loaded is None:
        known = ", ".join(q.quiz.id for q in quizzes.quizzes) or "none"
        raise StudyDataError([Problem(f"docs/{page_path}", 1, 1, f"study:{kind}", f"unknown quiz '{arg}' (known: {known})")])
    return loaded, loaded.quiz


def letter(position: int, upper: bool = False) -> str:
    """a, b, c… (A, B, C… for matching), as the worksheet labels shown positions."""
    return chr((ord("A") if upper else ord("a")) + position)


def question_view(question: Question, lang: str, episode: str, docs_dir: Path, page_path: str,
                  shown: list[int] | None = None) -> dict:
    """What the answer key and the worksheet need of one question; ``shown`` is its order
    from order.presentation(), the same as on the quiz page and in the exports."""
    shown = shown or []
    view = {
        "q": question,
        "type": question.type,
        "type_label": STRINGS[lang]["types"][question.type],
        "prompt": question.prompt[lang],
        "explanation": question.explanation[lang],
        "sources": [
            {
                "id": ref,
                "text": paragraph_text(docs_dir, episode, ref.partition("#")[0], ref.partition("#")[2], lang),
                "title": page_title(docs_dir, episode, ref.partition("#")[0], lang),
                "href": source_href(page_path, episode, ref),
            }
            for ref in question.sources
        ],
    }
    if question.type in ("single", "multiple"):
        # (letter on the worksheet, option), in the order the quiz page shows them.
        view["options_shown"] = [(letter(n), question.options[i]) for n, i in enumerate(shown)]
        view["key_letters"] = [letter(n) for n, i in enumerate(shown) if question.options[i].correct]
    elif question.type == "order":
        view["order_shown"] = [(i, question.items[i][lang]) for i in shown]
        # The number to write in each worksheet box, top to bottom.
        view["order_numbers"] = [i + 1 for i in shown]
    elif question.type == "match":
        view["rights_shown"] = [(letter(n, upper=True), question.pairs[i].right[lang]) for n, i in enumerate(shown)]
        where = {i: letter(n, upper=True) for n, i in enumerate(shown)}
        view["pairs_key"] = [(p.left[lang], where[i], p.right[lang]) for i, p in enumerate(question.pairs)]
    if question.type == "fill":
        # (answer, its language): the key marks each run with lang for screen readers.
        view["accepted"] = _by_language(question.answers, lang)
        view["likely_wrong"] = [(_by_language(d.answers, lang), d.feedback[lang]) for d in question.distractors]
    return view


def _page(site, arg, *, language: str, page_path: str, template: str, kind: str):
    loaded, quiz = _quiz(site, arg, page_path, kind)
    lang = _lang(language)
    pages = site.once_per_build("quiz_pages", lambda: quiz_pages(site.docs_dir))  # reads every page
    html = site.render_template(
        template,
        quiz=quiz,
        lang=lang,
        t=STRINGS[lang],
        quiz_href=relative_url(page_path, pages[quiz.id]) if quiz.id in pages else None,
        questions=[question_view(q, lang, loaded.episode, site.docs_dir, page_path, quiz.shown.get(q.id))
                   for q in quiz.questions],
    )
    return _rendered(html)


def render_answer_key(site, arg, *, language: str, page_path: str):
    return _page(site, arg, language=language, page_path=page_path, template="answer-key.html", kind="answer-key")


def render_worksheet(site, arg, *, language: str, page_path: str):
    return _page(site, arg, language=language, page_path=page_path, template="worksheet.html", kind="worksheet")


def _all_quizzes(site) -> list[Quiz]:
    quizzes = [lq.quiz for lq in site_quizzes(site).quizzes]
    return in_reading_order(quizzes, site.root)


def render_exports(site, arg, *, language: str, page_path: str):
    """A table of download links to the files the build writes under <site>/exports/."""
    lang = _lang(language)
    quizzes = _all_quizzes(site)
    prefix = root_prefix(page_path, language) + "exports/"
    links: dict[str, dict[str, str]] = {}
    for export in export_list(quizzes):  # names only: the build writes the files once
        links.setdefault(export.quiz_id, {})[export.key] = prefix + export.path
    rows = [(quiz.title[lang], links[quiz.id]) for quiz in quizzes] + [(ALL_TITLE[lang], links[ALL])]
    html = site.render_template("teacher-exports.html", lang=lang, t=STRINGS[lang], rows=rows, formats=FORMATS)
    return _rendered(html)


def render_link_builder(site, arg, *, language: str, page_path: str):
    """The assignment link builder: every quiz with its questions; teacher.js makes the link."""
    lang = _lang(language)
    pages = site.once_per_build("quiz_pages", lambda: quiz_pages(site.docs_dir))  # reads every page
    quizzes = []
    for quiz in _all_quizzes(site):
        if quiz.id not in pages:
            continue
        # The English quiz page lives under /en/; both hrefs are relative to this page.
        base = root_prefix(page_path, language)
        urls = {code: base + LANG_PREFIX[code] + page_url(pages[quiz.id]) for code in LANGUAGES}
        quizzes.append({"quiz": quiz, "urls": urls})
    html = site.render_template("teacher-link-builder.html", lang=lang, t=LINK_STRINGS[lang], quizzes=quizzes)
    return _rendered(html)


LINK_STRINGS = labels.LINK_BUILDER  # the words, in each language: studykit/labels.py


def _by_language(answers: TextList, lang: str) -> list[tuple[str, str]]:
    """Fill-in answers as (text, language) pairs, ``lang`` first, each text once."""
    seen: dict[str, str] = {}
    for code in sorted(LANGUAGES, key=lambda c: c != lang):
        for text in answers[code]:
            seen.setdefault(text, code)
    return list(seen.items())
