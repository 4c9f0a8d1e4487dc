"""studykit/filecache.py: a value is computed again exactly when one of its files changed,
each key keeps one version, and every cache of studykit is one of these."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

from support import ROOT
from studykit import datafile, docs, filecache
from studykit.filecache import FileCache
from studykit.load import glossary, quiz, quotations
from studykit.models.glossary import GlossaryFile


def counting(value=lambda n: n):
    """A compute function that counts its calls; returns (compute, calls)."""
    calls: list[int] = []

    def compute():
        calls.append(1)
        return value(len(calls))

    return compute, calls


def touch(path: Path, text: str, mtime_s: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_s * 10**9, mtime_s * 10**9))  # explicit: no reliance on the clock's resolution


_numbers = itertools.count()


def new_cache() -> FileCache:
    return FileCache(f"test cache {next(_numbers)}")  # names are unique


@pytest.fixture
def cache() -> FileCache:
    return new_cache()


def test_an_unchanged_file_is_not_read_again(tmp_path, cache):
    file = tmp_path / "a.yml"
    touch(file, "one", 1_000)
    compute, calls = counting()
    assert [cache.get("k", [file], compute) for _ in range(3)] == [1, 1, 1]
    assert len(calls) == 1


@pytest.mark.parametrize("edit", ["mtime", "size"])
def test_an_edited_file_is_read_again(tmp_path, cache, edit):
    file, other = tmp_path / "a.yml", tmp_path / "b.yml"
    touch(file, "one", 1_000)
    touch(other, "two", 1_000)
    compute, calls = counting()
    assert cache.get("k", [other, file], compute) == 1
    if edit == "mtime":
        touch(file, "eno", 2_000)  # same size
    else:
        touch(file, "one, longer", 1_000)  # same mtime
    assert cache.get("k", [other, file], compute) == 2
    assert cache.get("k", [other, file], compute) == 2 and len(calls) == 2


def test_a_new_version_replaces_the_old(tmp_path, cache):
    """One version per key: five edits leave one entry (the old datafile cache kept all six)."""
    file = tmp_path / "a.yml"
    compute, calls = counting()
    for edit in range(6):
        touch(file, "x" * edit, 1_000 + edit)
        assert cache.get("k", [file], compute) == edit + 1
    assert len(cache) == 1 and len(calls) == 6
    cache.get("other", [file], compute)
    assert len(cache) == 2  # bounded by the keys, each with its latest version


def test_a_deleted_file_is_noticed_and_so_is_its_return(tmp_path, cache):
    file, kept = tmp_path / "a.yml", tmp_path / "b.yml"
    touch(file, "one", 1_000)
    touch(kept, "two", 1_000)
    compute, calls = counting()
    assert cache.get("k", [kept, file], compute) == 1
    file.unlink()
    assert cache.get("k", [kept, file], compute) == 2  # a missing file is a stamp too
    assert cache.get("k", [kept, file], compute) == 2
    touch(file, "one", 1_000)  # back as it was
    assert cache.get("k", [kept, file], compute) == 3 and len(calls) == 3
    assert cache.get("k", [kept], compute) == 4  # a shorter list of files is another version


def test_a_computation_that_raises_keeps_nothing(tmp_path, cache):
    file = tmp_path / "a.yml"
    touch(file, "one", 1_000)

    def broken():
        raise ValueError("bad file")

    with pytest.raises(ValueError):
        cache.get("k", [file], broken)
    assert "k" not in cache and len(cache) == 0
    assert cache.get("k", [file], lambda: "fixed") == "fixed"


def test_clear_all_empties_every_cache(tmp_path, cache):
    file = tmp_path / "a.yml"
    touch(file, "one", 1_000)
    second = new_cache()
    compute, calls = counting()
    cache.get("k", [file], compute)
    second.get("k", [file], compute)
    assert cache.get("k", [file], compute) == 1 and len(calls) == 2
    filecache.clear_all()
    assert len(cache) == 0 and len(second) == 0
    assert cache.get("k", [file], compute) == 3


def test_every_cache_of_studykit_is_a_filecache():
    """The caches the code review found, each now a named FileCache (clear_all reaches them)."""
    from studykit.annotate import readings
    from studykit.render import quiz as quiz_render

    ours = {datafile._PARSED, docs._SECTIONS, quiz._PARSED, quotations._TEXTS, quotations._TITLES,
            glossary._GLOSSARIES, readings._READINGS, quiz_render._CHECKED}
    assert all(isinstance(c, FileCache) for c in ours)
    assert ours <= set(filecache.caches().values()) and len({c.name for c in ours}) == len(ours)
    with pytest.raises(ValueError, match="named 'glossaries' already"):
        FileCache("glossaries")  # a second one of a name: clear_all() would miss one of them


def test_a_data_file_edited_five_times_is_kept_once(tmp_path):
    """datafile.load_validated: each edit is parsed again, and only the latest version is kept."""
    file = tmp_path / "ep90" / "glossary.yml"
    file.parent.mkdir()
    shutil.copy(ROOT / "quizzes" / "ep90" / "glossary.yml", file)
    text = file.read_text(encoding="utf-8")
    key = (os.path.realpath(file), GlossaryFile)
    first, _ = datafile.load_validated(file, "ep90/glossary.yml", GlossaryFile)
    assert datafile.load_validated(file, "ep90/glossary.yml", GlossaryFile)[0] is first
    for edit in range(1, 6):
        touch(file, text + "\n" * edit, 1_000 + edit)
        again, _ = datafile.load_validated(file, "ep90/glossary.yml", GlossaryFile)
        assert again is not first and again == first
        assert key in datafile._PARSED
    assert sum(1 for k in datafile._PARSED.keys() if k[0] == key[0]) == 1


def test_a_section_page_is_read_again_after_an_edit_and_none_once_deleted(tmp_path):
    """docs.load_section: one version per page; a deleted page is gone, a restored one back."""
    page = tmp_path / "ep90" / "us-stance.md"
    page.parent.mkdir()
    shutil.copy(ROOT / "docs" / "ep90" / "us-stance.md", page)
    text = page.read_text(encoding="utf-8")
    first = docs.section_page(tmp_path, "ep90", "us-stance", "ja")
    assert first is not None and docs.section_page(tmp_path, "ep90", "us-stance", "ja") is first
    touch(page, text.replace("# ", "# EDITED ", 1), 5_000)
    assert docs.section_page(tmp_path, "ep90", "us-stance", "ja").title.startswith("EDITED")
    page.unlink()
    assert docs.section_page(tmp_path, "ep90", "us-stance", "ja") is None
    touch(page, text, 6_000)
    assert docs.section_page(tmp_path, "ep90", "us-stance", "ja").title == first.title
    assert sum(1 for k in docs._SECTIONS.keys() if k[0] == str(page)) == 1
