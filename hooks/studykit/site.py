"""The study site as the hooks see it: one object per project root.

It knows where things are (docs, data, templates: from the MkDocs config,
passed in by the hook), renders markers through the registry in
``render/markers.py`` and keeps the state of a build and of ``mkdocs serve``
(the hook keeps one StudySite across rebuilds). Values computed from files are
cached apart, in ``filecache.py``: they depend on the files, not on the site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .docs import MarkdownConfig
from .load.quiz import QuizSet
from .render.kernel import Rendered, render_template, template_environment
from .render.markers import render_marker

T = TypeVar("T")


class StudySite:
    def __init__(self, root: Path, *, docs_dir: Path | None = None, templates_dir: Path | None = None,
                 markdown_config: MarkdownConfig | None = None, data_dir: Path | None = None,
                 template_cache_dir: Path | None = None):
        self.root = Path(root)
        self.docs_dir = Path(docs_dir) if docs_dir else self.root / "docs"
        self.data_dir = Path(data_dir) if data_dir else self.root / "quizzes"
        self.templates_dir = Path(templates_dir) if templates_dir else self.root / "overrides" / "study"
        # template_cache_dir: compiled templates kept there for the next build (the hook's
        # .cache/templates); None keeps them in this process only.
        self.templates = template_environment(self.templates_dir, template_cache_dir)
        # How the site renders Markdown, for views that show section text re-rendered (side by side).
        self.markdown_config = markdown_config
        # Values that depend only on the input files, computed once per build instead of
        # once per page: the hook opens a fresh dict in on_pre_build. None outside a build
        # (tests, scripts): then every call computes afresh, so an edited file is seen.
        self.build_memo: dict | None = None
        # While serving (set by the hook), a bad data file keeps the last good output on the
        # pages: this is the last quiz set that checked (render/quiz.py: quizzes_or_last_good).
        self.serving = False
        self.last_good_quizzes: QuizSet | None = None

    def once_per_build(self, key: str, compute: Callable[[], T]) -> T:
        if self.build_memo is None:
            return compute()
        if key not in self.build_memo:
            self.build_memo[key] = compute()
        return self.build_memo[key]

    def render_template(self, name: str, **context) -> str:
        return render_template(self.templates, name, **context)

    def render_marker(self, kind: str, arg: str | None, *, language: str, page_path: str) -> Rendered | None:
        return render_marker(self, kind, arg, language=language, page_path=page_path)
