"""The JSON Schemas editors use for the data files, exported from the pydantic models.

One registry for every file kind; ``python -m studykit schema`` rewrites them
and a test keeps the committed files in sync with the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models.glossary import GlossaryFile
from .models.quiz import Quiz
from .models.readings import ReadingsFile
from .models.timeline import TimelineFile

SCHEMA_DIR = Path("quizzes") / "schema"

# file name under quizzes/schema/ -> the model of the files it describes
SCHEMAS: dict[str, type[BaseModel]] = {
    "quiz.schema.json": Quiz,
    "glossary.schema.json": GlossaryFile,
    "timeline.schema.json": TimelineFile,
    "readings.schema.json": ReadingsFile,
}


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_texts() -> dict[str, str]:
    """File name -> JSON Schema text, for every data file kind."""
    return {name: schema_text(model) for name, model in SCHEMAS.items()}


def write_schemas(root: Path) -> list[Path]:
    written = []
    for name, text in schema_texts().items():
        target = Path(root) / SCHEMA_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
