"""The marker registry: ``<!-- study:<kind> <arg> -->`` -> the renderer of that kind.

Renderers return a :class:`Rendered`, or ``None`` when they do not know the
marker, which the hook turns into a build error.
"""

from __future__ import annotations

from ..errors import Problem, StudyDataError
from .episode import as_of_label
from .glossary import render_flashcards, render_glossary
from .hedges import render_hedges
from .kernel import Rendered, Renderer
from .parallel import render_parallel
from .quiz import render_quiz
from .teacher import render_answer_key, render_exports, render_link_builder, render_worksheet
from .timeline import render_timeline


def _notice(site, arg: str | None, *, language: str, page_path: str) -> Rendered | None:
    """The "one author's commentary as of <date>" notice on every section page."""
    if not arg:
        return None
    as_of = as_of_label(site, arg, language=language, page_path=page_path)
    return Rendered(site.render_template("notice.html", language=language, as_of=as_of))


# Marker kinds that need an argument -> an example of one.
NEEDS_ARGUMENT = {
    "notice": "ep90", "quiz": "ep90-us-stance", "answer-key": "ep90-us-stance",
    "worksheet": "ep90-us-stance", "parallel": "ep90/us-stance", "timeline": "ep90",
}

# marker kind -> renderer. Add one line per kind.
RENDERERS: dict[str, Renderer] = {
    "notice": _notice,
    "quiz": render_quiz,
    "answer-key": render_answer_key,
    "worksheet": render_worksheet,
    "exports": render_exports,
    "link-builder": render_link_builder,
    "glossary": render_glossary,
    "flashcards": render_flashcards,
    "timeline": render_timeline,
    "parallel": render_parallel,
    "hedges": render_hedges,
}


def render_marker(site, kind: str, arg: str | None, *, language: str, page_path: str) -> Rendered | None:
    renderer = RENDERERS.get(kind)
    if renderer is None:
        return None
    if arg is None and kind in NEEDS_ARGUMENT:
        raise StudyDataError([Problem(page_path, 1, 1, f"study:{kind}",
                                      f"needs an argument, e.g. <!-- study:{kind} {NEEDS_ARGUMENT[kind]} -->")])
    return renderer(site, arg, language=language, page_path=page_path)
