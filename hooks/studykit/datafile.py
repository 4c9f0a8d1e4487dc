"""What every study data file shares: strict models, bilingual text, cached loading.

Quiz, glossary and timeline models build on these, so "no unknown keys",
"both languages, neither blank" and the parse cache (``filecache.py``) mean the
same everywhere.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .errors import Problem, StudyDataError
from .filecache import FileCache
from .yamlloc import Located, load_yaml, pydantic_problems

LANGUAGES = ("ja", "en")
# Every exported schema names its dialect; a model adds it with json_schema_extra.
SCHEMA_DIALECT = {"$schema": "https://json-schema.org/draft/2020-12/schema"}

# The patterns every data file shares, defined once.
# Ids of quizzes, questions, glossary entries and timeline events.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
EntryId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# A paragraph of a section page: "<section slug>#p<N>", e.g. us-stance#p2.
SOURCE_REF_PATTERN = r"^[a-z0-9-]+#p[0-9]+$"
# A fill-in blank as written in prompts.
BLANK = re.compile(r"＿{2,}|_{3,}")


# Control characters a reader cannot see and exports cannot carry (XML 1.0
# forbids most of them): C0 except tab and newline, DEL, C1, lone surrogates, U+FFFE/U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _visible(char: str) -> bool:
    # Not a separator (Z*: spaces) and not "other" (C*: controls, format
    # characters such as zero-width spaces, unassigned, private use).
    return unicodedata.category(char)[0] not in "ZC"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    bad = CONTROL.search(value)
    if bad:
        raise ValueError(f"control character U+{ord(bad[0]):04X} is not allowed")
    if not any(_visible(c) for c in value):
        raise ValueError("must contain visible text, not only spaces or invisible characters")
    return value


# minLength tells editors (via the JSON Schema); the validator also rejects
# blanks, invisible-only text and control characters.
NonBlank = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]


class Strict(BaseModel):
    """Unknown keys are errors; loaded data is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    """One text in both languages, kept in one item so they cannot drift apart."""

    ja: NonBlank
    en: NonBlank

    def __getitem__(self, language: str) -> str:
        return getattr(self, language)


Model = TypeVar("Model", bound=BaseModel)

# static-i18n runs one whole build per language: parse each file once per version.
_PARSED: FileCache[tuple[BaseModel, Located]] = FileCache("data files")


def load_validated(file: Path, shown_as: str, model: type[Model], *, root: Path | None = None) -> tuple[Model, Located]:
    """Parse and validate ``file``; cached per real path and model while the file is unchanged.

    With ``root``, a file that resolves outside the project is refused first.
    """
    if root is not None:
        check_data_file(file, root, shown_as)

    def parse() -> tuple[BaseModel, Located]:
        located = load_yaml(file, shown_as)  # a missing or unreadable file: says which, keeps nothing
        try:
            return model.model_validate(located.data), located
        except ValidationError as error:
            raise StudyDataError(pydantic_problems(located, error)) from None

    return _PARSED.get((os.path.realpath(file), model), [file], parse)  # type: ignore[return-value]


# --- the files themselves ------------------------------------------------------


def shown_path(file: Path, root: Path) -> str:
    """``file`` as a maintainer sees it: relative to the project, never a symlink's target."""
    try:
        return Path(file).absolute().relative_to(Path(root).absolute()).as_posix()
    except ValueError:
        return Path(file).name


def file_problem(path: Path, root: Path) -> str | None:
    """Why ``path`` cannot be a data file, or None. Never opens anything but a regular file.

    Symlinks are followed only inside the project: a link to another place
    would put that file's path and content into the build's messages.
    """
    path, root = Path(path), Path(root).resolve()
    try:
        os.lstat(path)
        real = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        return "symlink loop"
    except FileNotFoundError:
        return "broken symlink: its target does not exist"
    except OSError as error:
        return "symlink loop" if error.errno == errno.ELOOP else f"cannot be read ({(error.strerror or '').lower()})"
    if not real.is_relative_to(root):
        return "resolves to a file outside the project (a symlink?); data files must be inside it"
    info = real.stat()
    if stat.S_ISDIR(info.st_mode):
        return "is a directory, not a data file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a FIFO, socket or device)"
    try:
        os.close(os.open(real, os.O_RDONLY | os.O_NONBLOCK))
    except OSError as error:
        return f"cannot be read ({(error.strerror or '').lower()})"
    return None


def check_data_file(path: Path, root: Path, shown_as: str) -> None:
    reason = file_problem(path, root)
    if reason:
        raise StudyDataError([Problem(shown_as, 0, 0, "", reason)])


DATA_SUFFIXES = (".yml", ".yaml")


def data_file_problems(data_dir: Path, root: Path) -> list[Problem]:
    """File-system problems of every data file: ``<data_dir>/<episode>/*.yml``.

    Checked before any loader runs, so a FIFO, a loop or a link out of the
    project stops the build with ``path: reason`` instead of a hang or a traceback.
    """
    data_dir, root = Path(data_dir), Path(root)
    problems: list[Problem] = []

    def check(path: Path) -> bool:
        reason = file_problem(path, root)
        if reason and not (reason.startswith("is a directory") and not path.name.endswith(DATA_SUFFIXES)):
            problems.append(Problem(shown_path(path, root), 0, 0, "", reason))
            return False
        return True

    if not data_dir.is_dir():
        return problems
    for episode in sorted(data_dir.iterdir()):
        if episode.name.startswith(".") or episode.name == "schema":
            continue
        if not (episode.is_symlink() or episode.is_dir()) or not check(episode) or not episode.is_dir():
            continue
        for path in sorted(episode.iterdir()):
            if path.name.endswith(DATA_SUFFIXES):
                check(path)
    return problems


