"""Compiler-style errors for study data files: ``path:line:col: field: reason``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    path: str
    line: int
    column: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class StudyDataError(Exception):
    """One or more problems in study data files; the message lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
