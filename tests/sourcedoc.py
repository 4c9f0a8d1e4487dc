"""Parse the plain-text source document into sections and paragraphs.

The source has hard line breaks from its original delivery that split sentences
mid-way; they are layout. A paragraph ends where a line ends with 。 (the
author's own break) or where a new ■ / ・ / − item starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

BULLET_MARKERS = {"■": "point", "・": "item", "-": "sub-item", "−": "sub-item"}
SENTENCE_END = "。"


@dataclass
class Paragraph:
    kind: str  # point | item | sub-item | text
    text: str


@dataclass
class SourceSection:
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class SourceDocument:
    title: str
    date_line: str
    groups: list[str]  # 【…】 group headings
    sections: list[SourceSection]
    closing: str


def _marker(line: str) -> tuple[str | None, str]:
    for mark, kind in BULLET_MARKERS.items():
        if line.startswith(mark):
            return kind, line[len(mark):]
    return None, line


def parse(text: str) -> SourceDocument:
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    title, date_line, *body = lines
    closing = body.pop() if body and body[-1] == "以上" else ""
    groups: list[str] = []
    sections: list[SourceSection] = []
    current: Paragraph | None = None
    in_flow = False

    def close() -> None:
        nonlocal current
        current = None

    for line in body:
        if line.startswith("【") and line.endswith("】"):
            groups.append(line[1:-1])
            in_flow = len(groups) == 1
            if in_flow:
                sections.append(SourceSection(heading=line[1:-1]))
            close()
            continue
        kind, rest = _marker(line)
        if kind == "point" and not in_flow:
            sections.append(SourceSection(heading=rest))
            close()
            continue
        if kind is not None or current is None or current.text.endswith(SENTENCE_END):
            current = Paragraph(kind=kind or (current.kind if current else "text"), text=rest)
            if kind is None and sections[-1].paragraphs:
                current.kind = "continued"
            sections[-1].paragraphs.append(current)
        else:
            current.text += rest
    return SourceDocument(title, date_line, groups, sections, closing)


def load(path: Path) -> SourceDocument:
    return parse(path.read_text(encoding="utf-8"))
