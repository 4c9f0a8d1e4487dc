"""The study site as the hooks see it: one object per project root.

``render_marker`` dispatches a page marker to a renderer. Renderers return a
:class:`Rendered` or ``None`` when they do not know the marker, which the hook
turns into a build error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jinja2

from .errors import Problem, StudyDataError

from .export.pages import render_answer_key, render_exports, render_link_builder, render_worksheet
from .glossary import render_flashcards, render_glossary
from .parallel import render_parallel
from .quiz.render import render_quiz
from .readings import render_hedges
from .timeline import date_label, document_date, render_timeline


T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    html: str
    # Names of per-page assets under docs/assets/study/ (e.g. "quiz" loads quiz.js and quiz.css).
    assets: tuple[str, ...] = ()


class StudySite:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.docs_dir = self.root / "docs"
        self.data_dir = self.root / "quizzes"
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.root / "overrides" / "study"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Values that depend only on the input files, computed once per build instead of
        # once per page: the hook opens a fresh dict in on_pre_build. None outside a build
        # (tests, scripts): then every call computes afresh, so an edited file is seen.
        self.build_memo: dict | None = None

    def once_per_build(self, key: str, compute: Callable[[], T]) -> T:
        if self.build_memo is None:
            return compute()
        if key not in self.build_memo:
            self.build_memo[key] = compute()
        return self.build_memo[key]

    def render_template(self, name: str, **context) -> str:
        # Collapse blank lines: Markdown would end a raw HTML block at one.
        html = self.templates.get_template(name).render(**context)
        return "\n".join(line for line in html.splitlines() if line.strip())

    def render_marker(self, kind: str, arg: str | None, *, language: str, page_path: str) -> Rendered | None:
        renderer = RENDERERS.get(kind)
        if renderer is None:
            return None
        if arg is None and kind in NEEDS_ARGUMENT:
            raise StudyDataError([Problem(page_path, 1, 1, f"study:{kind}",
                                          f"needs an argument, e.g. <!-- study:{kind} {NEEDS_ARGUMENT[kind]} -->")])
        return renderer(self, arg, language=language, page_path=page_path)


Renderer = Callable[..., Rendered | None]


def missing_twins(docs_dir: Path, root: Path) -> list[Problem]:
    """Every page exists as ``page.md`` (Japanese) and ``page.en.md`` (English): name each missing twin."""
    problems = []
    for page in sorted(Path(docs_dir).rglob("*.md")):
        english = page.name.endswith(".en.md")
        twin = page.with_name(page.name[:-len(".en.md")] + ".md" if english else page.name[:-len(".md")] + ".en.md")
        if not twin.exists():
            shown, twin_shown = (p.relative_to(root).as_posix() for p in (page, twin))
            language = "Japanese" if english else "English"
            problems.append(Problem(shown, 0, 0, "", f"has no {language} twin: add {twin_shown}"))
    return problems


def _notice(site: StudySite, arg: str | None, *, language: str, page_path: str) -> Rendered | None:
    """The "one author's commentary as of <date>" notice on every section page."""
    if not arg:
        return None
    as_of = date_label(document_date(site.data_dir, arg, page_path, root=site.root), language)
    return Rendered(site.render_template("notice.html", language=language, as_of=as_of))


# Marker kinds that need an argument -> an example of one.
NEEDS_ARGUMENT = {
    "notice": "ep90", "quiz": "ep90-us-stance", "answer-key": "ep90-us-stance",
    "worksheet": "ep90-us-stance", "parallel": "ep90/us-stance",
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
