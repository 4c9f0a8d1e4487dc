"""What every study data file shares: strict models, bilingual text, cached loading.

Quiz, glossary and timeline models build on these, so "no unknown keys",
"both languages, neither blank" and the per-build parse cache mean the same
everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import StudyDataError
from .yamlloc import Located, load_yaml, pydantic_problems

LANGUAGES = ("ja", "en")
SCHEMA_DIR = Path("quizzes") / "schema"
# Every exported schema names its dialect; a model adds it with json_schema_extra.
SCHEMA_DIALECT = {"$schema": "https://json-schema.org/draft/2020-12/schema"}


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


# minLength tells editors (via the JSON Schema); the validator also rejects blanks.
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

# static-i18n runs one whole build per language: parse each file once.
_cache: dict[tuple[str, int, int, type], tuple[BaseModel, Located]] = {}


def load_validated(file: Path, shown_as: str, model: type[Model]) -> tuple[Model, Located]:
    """Parse and validate ``file``; cached on path, mtime and size."""
    stat = file.stat()
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size, model)
    if key not in _cache:
        located = load_yaml(file, shown_as)
        try:
            _cache[key] = (model.model_validate(located.data), located)
        except ValidationError as error:
            raise StudyDataError(pydantic_problems(located, error)) from None
    return _cache[key]  # type: ignore[return-value]


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema editors use for ``model``'s files, exported from the model itself."""
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path, name: str, model: type[BaseModel]) -> Path:
    target = Path(root) / SCHEMA_DIR / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(model), encoding="utf-8")
    return target
