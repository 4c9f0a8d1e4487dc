"""The machine's processes as /proc shows them, for the benchmark scripts that time
Chromium: a browser's work is spread over many processes below the one a script starts."""

from __future__ import annotations

import collections
import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")  # /proc counts CPU time in these


def processes() -> dict[int, tuple[int, int]]:
    """Every live process: pid -> (parent pid, CPU ticks in user and system mode)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # gone since the listing
            continue
        fields = text[text.rfind(")") + 2:].split()  # after the command name, which may hold spaces
        table[int(entry)] = int(fields[1]), int(fields[11]) + int(fields[12])
    return table


def descendants(root: int, table: dict[int, tuple[int, int]]) -> list[int]:
    """The pids below ``root`` in ``table`` (children, their children, ...)."""
    children = collections.defaultdict(list)
    for pid, (parent, _) in table.items():
        children[parent].append(pid)
    found, todo = [], list(children[root])
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children[pid]
    return found
