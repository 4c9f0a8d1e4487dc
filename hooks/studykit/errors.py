"""Compiler-style errors for study data files: ``path:line:col: field: reason``
(or ``path: reason`` for a file that cannot be read at all)."""

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
        # line 0: a problem with the file as a whole (unreadable, not a file, …)
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class StudyDataError(Exception):
    """One or more problems in study data files; the message lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self):
        # Raised in the build's side process and pickled back (studykit.publish.sidework):
        # rebuilt from its problems, not from the message (the default would pass the message).
        return type(self), (self.problems,)
