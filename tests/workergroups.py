"""``@pytest.mark.xdist_group(name)`` honoured on pytest 9.2 (tests/conftest.py wires it in).

pytest-xdist 3.8.0's ``--dist loadgroup`` passes a test's group to the scheduler by
appending ``@name`` to the node id on the worker; pytest 9.2 node ids are structured
and ignore that, so every group is silently split across workers
(pytest-dev/pytest-xdist#1386). Here the workers write {node id: group} to a file the
controller named, and the scheduler reads the groups from there: same markers, same
scheduling (xdist's load-by-scope, largest units first), public hooks only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

GROUPS_FILE_KEY = "ss_groups_file"


def group_of(item) -> str | None:
    names = sorted({mark.args[0] if mark.args else mark.kwargs.get("name", "default")
                    for mark in item.iter_markers("xdist_group")})
    return "_".join(names) or None


def write_groups(path: str, worker: str, items) -> None:
    """On a worker, after collection: the group of every grouped test, atomically."""
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    target = Path(f"{path}.{worker}")
    partial = Path(f"{target}.partial")
    partial.write_text(json.dumps(groups), encoding="utf-8")
    os.replace(partial, target)


class GroupScheduling(LoadScopeScheduling):
    """Load scheduling by work unit: a group's tests form one unit, every other test its own."""

    def __init__(self, config, log, groups_file: str):
        super().__init__(config, log)
        self._groups_file = groups_file
        self._groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:
            # Called only once every worker has reported its collection, i.e. written its file.
            files = sorted(Path(self._groups_file).parent.glob(Path(self._groups_file).name + ".gw*"))
            assert files, f"no worker wrote {self._groups_file}.gw*"
            self._groups = json.loads(files[0].read_text(encoding="utf-8"))
        group = self._groups.get(nodeid)
        return f"group:{group}" if group else nodeid
