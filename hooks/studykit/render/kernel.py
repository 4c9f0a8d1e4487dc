"""What every marker renderer shares: its result type and the Jinja environment.

A leaf of the render stage: renderers import it, the registry (markers.py)
imports the renderers, and nothing here imports either, so no cycle can form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


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


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for environments that are made afresh per build.

    Jinja looks a template up by name, file and source checksum (an edited template
    is compiled again) and, here, by the environment's compile settings, so an
    environment with other delimiters or extensions never gets code made for another.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}  # key -> (source checksum, code)

    @staticmethod
    def _settings(environment: jinja2.Environment) -> str:
        return repr((
            sorted(environment.extensions), environment.autoescape, environment.finalize, environment.optimized,
            environment.is_async, environment.block_start_string, environment.block_end_string,
            environment.variable_start_string, environment.variable_end_string, environment.comment_start_string,
            environment.comment_end_string, environment.line_statement_prefix, environment.line_comment_prefix,
            environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
            environment.keep_trailing_newline,
        ))

    def get_bucket(self, environment, name, filename, source):
        bucket = Bucket(environment, f"{self.get_cache_key(name, filename)} {self._settings(environment)}",
                                       self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


# One per process: MkDocs imports the hook files afresh on every `mkdocs serve` rebuild, this package once.
THEME_BYTECODE = MemoryBytecodeCache()
