"""Values computed from files, kept while those files are unchanged: studykit's one cache.

static-i18n builds each language in the same process and ``mkdocs serve`` rebuilds
in it, so without a cache every data file would be parsed, and every section page
rendered, once per language and once per rebuild. A :class:`FileCache` keeps a value
while each file it was computed from has the same stamp, ``(mtime_ns, size)``; a
file that is not there (or not a regular file) stamps as None, so its deletion or
return is noticed too. It keeps ONE version per key: a new version replaces the
old, so memory is bounded by the number of keys, not by the number of edits. A
computation that raises keeps nothing (the next call tries again).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")
Stamp = tuple[int, int] | None
StrPath = str | os.PathLike[str]

_CACHES: dict[str, FileCache] = {}  # by name: clear_all() empties every one (tests)


def stamp(file: StrPath) -> Stamp:
    """``(mtime_ns, size)`` of a regular file, else None. One ``stat`` (this runs for every citation)."""
    try:
        info = os.stat(file)
    except (OSError, ValueError):  # missing, dangling link, loop; ValueError: a NUL in the name
        return None
    return (info.st_mtime_ns, info.st_size) if stat.S_ISREG(info.st_mode) else None


class FileCache(Generic[V]):
    """Named values, each kept while the files it was computed from keep their stamps."""

    def __init__(self, name: str) -> None:
        if name in _CACHES:  # clear_all() would miss the first one
            raise ValueError(f"there is a file cache named {name!r} already")
        self.name = name
        # key -> (the files' (path, stamp) when computed, value)
        self._slots: dict[Hashable, tuple[tuple[tuple[str, Stamp], ...], V]] = {}
        _CACHES[name] = self

    def get(self, key: Hashable, files: Iterable[StrPath], compute: Callable[[], V]) -> V:
        """The value for ``key``; ``compute()`` runs again when a file of ``files`` changed,
        or the list itself did (a file added or gone).

        ``files`` are stamped before ``compute`` reads them: a file edited meanwhile
        looks changed next time, never the other way round."""
        version = tuple((os.fspath(f), stamp(f)) for f in files)
        slot = self._slots.get(key)
        if slot is not None and slot[0] == version:
            return slot[1]
        value = compute()
        self._slots[key] = (version, value)  # replaces the key's earlier version
        return value

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._slots

    def keys(self) -> list[Hashable]:
        return list(self._slots)

    def clear(self) -> None:
        self._slots.clear()

    def __repr__(self) -> str:
        return f"FileCache({self.name!r}, {len(self)} keys)"


def caches() -> dict[str, FileCache]:
    """Every cache by name."""
    return dict(_CACHES)


def clear_all() -> None:
    for cache in _CACHES.values():
        cache.clear()
