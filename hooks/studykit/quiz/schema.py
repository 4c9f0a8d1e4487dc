"""The JSON Schema for quiz files, exported from the pydantic models for editors."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Quiz

SCHEMA_PATH = Path("quizzes") / "schema" / "quiz.schema.json"


def schema_text() -> str:
    return json.dumps(Quiz.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path) -> Path:
    target = Path(root) / SCHEMA_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return target
