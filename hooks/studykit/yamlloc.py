"""Load YAML while remembering where each value came from.

pydantic reports errors by location tuples such as ``("questions", 3,
"options", 1, "en")``; :class:`Located` maps them back to the line and column
in the file so a maintainer sees ``quizzes/x.yml:12:7``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, StudyDataError

Loc = tuple[str | int, ...]


@dataclass
class Located:
    path: str  # as shown to the maintainer, relative to the project root
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # 1-based line, column

    def position(self, loc: Loc) -> tuple[int, int]:
        """Position of ``loc``, or of its nearest ancestor that exists in the file."""
        loc = tuple(loc)
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def problem(self, loc: Loc, reason: str) -> Problem:
        line, column = self.position(loc)
        return Problem(self.path, line, column, format_loc(loc), reason)


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# libyaml's parser when PyYAML has it: ~10x faster on large quiz sets, same marks.
class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct(node: yaml.Node, loc: Loc, marks: dict, path: str, loader: yaml.SafeLoader) -> Any:
    marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                raise StudyDataError([Problem(path, line, col, format_loc(loc + (key,)), "duplicate key")])
            result[key] = _construct(value_node, loc + (key,), marks, path, loader)
            # Point key errors (unknown/missing) at the key itself.
            marks[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, loc + (i,), marks, path, loader) for i, child in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError) as error:
        # e.g. an impossible date such as 2025-02-30, which PyYAML turns into a bare ValueError
        line, col = marks[loc]
        reason = getattr(error, "problem", None) or str(error)
        raise StudyDataError([Problem(path, line, col, format_loc(loc), f"invalid value: {reason}")]) from None


def load_yaml(file: Path, shown_as: str) -> Located:
    """Parse ``file``; raise :class:`StudyDataError` for syntax errors and empty files."""
    text = file.read_text(encoding="utf-8")
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise StudyDataError([Problem(shown_as, 1, 1, "", "file is empty")])
        marks: dict = {}
        data = _construct(node, (), marks, shown_as, loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = f"YAML syntax error: {error.problem or error.context}"
        raise StudyDataError([Problem(shown_as, line, col, "", reason)]) from None
    finally:
        loader.dispose()
    return Located(shown_as, data, marks)


# pydantic error types whose message a maintainer should read in our words.
GENERIC_REASONS = {"missing": "field required", "extra_forbidden": "unknown field"}


def generic_reason(item: dict) -> str:
    """The reason for one pydantic error item, as every data file reports it."""
    return GENERIC_REASONS.get(item["type"], item["msg"])


def pydantic_problems(located: Located, error) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into located problems."""
    return [located.problem(tuple(item["loc"]), generic_reason(item)) for item in error.errors(include_url=False)]
