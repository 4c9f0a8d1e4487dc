"""The JSON Schema for quiz files, exported from the pydantic models for editors."""

from __future__ import annotations

from pathlib import Path

from . import datafile
from .models.quiz import Quiz

SCHEMA_PATH = datafile.SCHEMA_DIR / "quiz.schema.json"


def schema_text() -> str:
    return datafile.schema_text(Quiz)


def write_schema(root: Path) -> Path:
    return datafile.write_schema(root, SCHEMA_PATH.name, Quiz)
