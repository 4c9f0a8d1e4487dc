"""``<!-- study:hedges ep90 -->``: the hedges table with the sentences that use each hedge."""

from __future__ import annotations

from ..annotate.readings import hedge_view, load_readings
from ..errors import Problem, StudyDataError
from ..urls import relative_url
from .kernel import Rendered


def render_hedges(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:hedges ep90 -->``: the hedges table with the sentences that use each hedge."""
    readings = load_readings(site.docs_dir, site.data_dir, arg or "", root=site.root)
    if readings is None:
        raise StudyDataError([Problem(page_path, 1, 1, "study:hedges", f"no quizzes/{arg}/readings.yml")])
    hedges = hedge_view(readings, site.docs_dir, language,
                        lambda ref, block: relative_url(page_path, f"{ref}.md", block))
    return Rendered(site.render_template("hedges.html", language=language, hedges=hedges), ("furigana",))
