"""What every marker renderer shares: its result type and the Jinja environment.

A leaf of the render stage: renderers import it, the registry (markers.py)
imports the renderers, and nothing here imports either, so no cycle can form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2


@dataclass(frozen=True)
class Rendered:
    html: str
    # Names of per-page assets under docs/assets/study/ (e.g. "quiz" loads quiz.js and quiz.css).
    assets: tuple[str, ...] = ()


# renderer(site, arg, *, language, page_path) -> Rendered, or None for a marker it does not know.
Renderer = Callable[..., Rendered | None]


def template_environment(templates_dir: Path) -> jinja2.Environment:
    """Strict and autoescaping: a missing variable fails the build, data is never markup."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(environment: jinja2.Environment, name: str, **context) -> str:
    # Collapse blank lines: Markdown would end a raw HTML block at one.
    html = environment.get_template(name).render(**context)
    return "\n".join(line for line in html.splitlines() if line.strip())
