"""What every marker renderer shares: its result type and the Jinja environment.

A leaf of the render stage: renderers import it, the registry (markers.py)
imports the renderers, and nothing here imports either, so no cycle can form.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
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


def template_environment(templates_dir: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """Strict and autoescaping: a missing variable fails the build, data is never markup.
    With ``cache_dir``, compiled templates are kept there for the next build."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache(Path(cache_dir)) if cache_dir else None,
    )


def render_template(environment: jinja2.Environment, name: str, **context) -> str:
    # Collapse blank lines: Markdown would end a raw HTML block at one.
    html = environment.get_template(name).render(**context)
    return "\n".join(line for line in html.splitlines() if line.strip())


class TemplateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for environments that are made afresh per build,
    and, given a ``directory``, on disk for the next process (the next ``mkdocs build``).

    Jinja looks a template up by name, file and source checksum (an edited template
    is compiled again) and, here, by Jinja's version and the environment's compile
    settings, so an environment with other delimiters or extensions, or another Jinja,
    never gets code made for another. A file Jinja cannot read back (another Python,
    a torn or foreign file) is compiled again; a directory that cannot be written leaves
    the cache in memory only.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory else None
        self._code: dict[str, tuple[str, object]] = {}  # key -> (source checksum, code)

    @staticmethod
    def _settings(environment: jinja2.Environment) -> str:
        return repr((
            jinja2.__version__,
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

    def _file(self, key: str) -> Path:
        return self.directory / f"{hashlib.sha1(key.encode()).hexdigest()}.jinja"

    def load_bytecode(self, bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code
            return
        if self.directory is None:
            return
        try:
            with open(self._file(bucket.key), "rb") as stored:
                bucket.load_bytecode(stored)  # checks Jinja's magic (its bytecode format and Python) and the checksum
        except FileNotFoundError:
            return
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        if self.directory is None:
            return
        target, part = self._file(bucket.key), None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written aside, then renamed: a build running beside (pytest workers) reads a whole file or none.
            with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as stream:
                part = stream.name
                bucket.write_bytecode(stream)
            os.replace(part, target)
            part = None
        except OSError:
            pass  # a read-only checkout: this process keeps its code in memory
        finally:
            if part is not None:
                Path(part).unlink(missing_ok=True)  # no half-written file left behind


# Where compiled templates are kept between builds: beside the project's other build caches
# (Material's plugins use .cache/ too); not in the repository (.gitignore).
CACHE_DIR = Path(".cache") / "templates"


@functools.cache
def bytecode_cache(directory: Path) -> TemplateBytecodeCache:
    """One cache per directory and process: MkDocs imports the hook files afresh on every
    `mkdocs serve` rebuild, this package once."""
    return TemplateBytecodeCache(directory)
