"""Load YAML while remembering where each value came from.

pydantic reports errors by location tuples such as ``("questions", 3,
"options", 1, "en")``; :class:`Located` maps them back to the line and column
in the file so a maintainer sees ``quizzes/x.yml:12:7``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
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


# The only tags study data may carry (all implicit): anything else, e.g.
# !!python/object or !custom, is refused rather than silently ignored.
STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge"))
MAX_BYTES = 2_000_000  # far above any real data file; a bigger one is a mistake or an attack
MAX_DEPTH = 40
# What YAML itself refuses, found here first to say where: C0 controls but tab,
# newline and carriage return; DEL; C1 controls but NEL; surrogates; U+FFFE/U+FFFF.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _fail(path: str, line: int, column: int, field: str, reason: str):
    raise StudyDataError([Problem(path, line, column, field, reason)])


def _construct(node: yaml.Node, loc: Loc, marks: dict, path: str, loader, seen: set) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    marks[loc] = (line, column)
    if id(node) in seen:  # the composer hands an alias back as the anchored node itself
        _fail(path, line, column, format_loc(loc), "YAML anchors and aliases (&name, *name) are not allowed")
    seen.add(id(node))
    if node.tag not in STANDARD_TAGS:
        _fail(path, line, column, format_loc(loc), f"YAML tag '{node.tag}' is not allowed; write plain values")
    if len(loc) > MAX_DEPTH:
        _fail(path, line, column, format_loc(loc), f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                _fail(path, key_line, key_col, format_loc(loc), "a key must be plain text")
            key = _scalar(key_node, loc, path, loader)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                _fail(path, key_line, key_col, format_loc(loc + (key,)), "duplicate key")
            result[key] = _construct(value_node, loc + (key,), marks, path, loader, seen)
            # Point key errors (unknown/missing) at the key itself.
            marks[loc + (key,)] = (key_line, key_col)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, loc + (i,), marks, path, loader, seen) for i, child in enumerate(node.value)]
    return _scalar(node, loc, path, loader)


def _scalar(node: yaml.Node, loc: Loc, path: str, loader) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in STANDARD_TAGS:
        _fail(path, line, column, format_loc(loc), f"YAML tag '{node.tag}' is not allowed; write plain values")
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        # e.g. an impossible date such as 2025-02-30, which PyYAML turns into a bare ValueError
        reason = getattr(error, "problem", None) or str(error)
        _fail(path, line, column, format_loc(loc), f"invalid value: {reason}")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_data_text(file: Path, shown_as: str) -> str:
    """The text of a data file, or a one-line :class:`StudyDataError`, fast.

    The file type is checked on the open descriptor before reading, so a FIFO
    or a device named like a data file neither hangs nor fills memory.
    """
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        reason = "symlink loop" if error.errno == errno.ELOOP else f"cannot be read ({error.strerror.lower()})"
        _fail(shown_as, 0, 0, "", reason)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            _fail(shown_as, 0, 0, "", "is a directory, not a data file")
        if not stat.S_ISREG(info.st_mode):
            _fail(shown_as, 0, 0, "", "is not a regular file (a FIFO, socket or device)")
        chunks, size = [], 0
        while size <= MAX_BYTES and (chunk := os.read(fd, 1 << 20)):
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        _fail(shown_as, 0, 0, "", f"is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[:error.start].decode("utf-8")
        line, column = _position(good, len(good))
        _fail(shown_as, line, column, "", f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
    bad = RAW_CONTROL.search(text)
    if bad:
        line, column = _position(text, bad.start())
        _fail(shown_as, line, column, "", f"control character U+{ord(bad[0]):04X} is not allowed")
    return text.removeprefix("\ufeff")


def _refuse_aliases(text: str, shown_as: str) -> None:
    """Aliases expand to copies of what they name ("billion laughs"): refuse the first, where it is written."""
    if "*" not in text:
        return
    loader = _UniqueKeyLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                _fail(shown_as, mark.line + 1, mark.column + 1, "", f"YAML aliases (*{event.anchor}) are not allowed")
    finally:
        loader.dispose()


def load_yaml(file: Path, shown_as: str) -> Located:
    """Parse ``file``; raise :class:`StudyDataError` for unreadable files, syntax errors and empty files."""
    text = read_data_text(file, shown_as)
    loader = _UniqueKeyLoader(text)
    try:
        _refuse_aliases(text, shown_as)
        node = loader.get_single_node()
        if node is None:
            raise StudyDataError([Problem(shown_as, 1, 1, "", "file is empty")])
        marks: dict = {}
        data = _construct(node, (), marks, shown_as, loader, set())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = f"YAML syntax error: {error.problem or error.context}"
        raise StudyDataError([Problem(shown_as, line, col, "", reason)]) from None
    except yaml.YAMLError as error:  # e.g. a reader error, which has no mark
        raise StudyDataError([Problem(shown_as, 1, 1, "", f"YAML error: {str(error).splitlines()[0]}")]) from None
    finally:
        loader.dispose()
    return Located(shown_as, data, marks)


# pydantic error types whose message a maintainer should read in our words.
GENERIC_REASONS = {
    "missing": "field required",
    "extra_forbidden": "unknown field",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping (key: value)",
    "model_type": "must be a mapping (key: value)",
    "model_attributes_type": "must be a mapping (key: value)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "string_too_short": "must not be empty",
}
# What a pattern means, by the name of the field it applies to.
PATTERN_HINTS = {
    "id": "must be lower-case words joined by hyphens, e.g. ceasefire-line",
    "related": "must be a glossary id: lower-case words joined by hyphens",
    "glossary": "must be a glossary id: lower-case words joined by hyphens",
    "url": "must be an https:// address",
    "date": "must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "end": "must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "stated": "must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "as_of": "must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "refs": "must be <section-slug>#p<N>, e.g. us-stance#p2",
    "source": "must be <section-slug>#p<N>, e.g. us-stance#p2",
    "section": "must be a section slug, e.g. us-stance",
    "lang": "must be ja or en",
}
# Fields that take one value or a list of them: what to say when the value is neither.
EITHER_HINTS = {"source": "must be a paragraph reference (us-stance#p2) or a list of them"}


def generic_reason(item: dict) -> str:
    """The reason for one pydantic error item, in the same words for every data file."""
    kind, message = item["type"], item["msg"]
    if kind in GENERIC_REASONS:
        return GENERIC_REASONS[kind]
    if kind == "string_pattern_mismatch":
        field = next((part for part in reversed(item.get("loc", ())) if isinstance(part, str)), "")
        return PATTERN_HINTS.get(field, f"does not have the expected form ({item.get('ctx', {}).get('pattern', '')})")
    if kind in ("too_short", "too_long"):
        ctx = item.get("ctx", {})
        n = ctx.get("min_length" if kind == "too_short" else "max_length")
        if n is not None and "actual_length" in ctx:
            least = "at least" if kind == "too_short" else "at most"
            return f"needs {least} {n} item{'s' if n != 1 else ''}, found {ctx['actual_length']}"
    if kind == "enum":
        return f"must be one of {item.get('ctx', {}).get('expected', '').replace(chr(39), '')}"
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _union_branch(loc: list) -> int | None:
    """Where pydantic names the branch (one value | a list) of an EITHER_HINTS field it tried."""
    for i, part in enumerate(loc[1:], 1):
        if loc[i - 1] in EITHER_HINTS and isinstance(part, str) and (part.endswith("-str") or part.startswith("list[")):
            return i
    return None


def _without_union_tags(loc: list, data: Any) -> list:
    """``loc`` without the tag pydantic puts after a member of a tagged union
    (questions[0].single.options -> questions[0].options): the tag is the mapping's ``type``."""
    out, node = [], data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part not in node and node.get("type") == part:
            continue
        out.append(part)
        try:
            node = node[part] if isinstance(node, (dict, list)) else None
        except (KeyError, IndexError, TypeError):
            node = None
    return out


def pydantic_problems(located: Located, error, literal_reasons: dict[str, Any] | None = None) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into located problems: the one mapper for every data file.

    ``literal_reasons``: field name -> ``reason(value)`` for a value outside a fixed list
    (the list a maintainer should be told may be shorter than the one still accepted).
    """
    problems = []
    items = error.errors(include_url=False)
    for item in items:
        loc = _without_union_tags(list(item["loc"]), located.data)
        branch = _union_branch(loc)
        if branch is not None:
            # One value or a list: report the branch that fits what was written, not both.
            if item["type"] in ("string_type", "list_type"):
                siblings = [e for e in items if e is not item and e["loc"][:len(item["loc"]) - 1] == item["loc"][:-1]
                            and e["type"] not in ("string_type", "list_type")]
                if not siblings:
                    problems.append(located.problem(tuple(loc[:branch]), EITHER_HINTS[loc[branch - 1]]))
                continue
            del loc[branch]
        kind, reason = item["type"], generic_reason({**item, "loc": tuple(loc)})
        field = next((part for part in reversed(loc) if isinstance(part, str)), "")
        if kind == "union_tag_not_found":
            loc, reason = loc + ["type"], "field required"
        elif kind == "union_tag_invalid":
            loc, reason = loc + ["type"], f"must be one of {item['ctx']['expected_tags'].replace(chr(39), '')}"
        elif kind == "literal_error" and literal_reasons and field in literal_reasons:
            reason = literal_reasons[field](item["input"])
        problems.append(located.problem(tuple(loc), reason))
    return problems
