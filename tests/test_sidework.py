"""The build's side process (studykit.publish.sidework): `mkdocs build` makes the LMS
exports and each page's search text there while the pages render; under `mkdocs serve`
the same calls run in the thread that asks for them. Either way a result, or the
error a call raised, comes back whole; a side process that dies is a clear error.
(End to end: every build in this suite, e.g. the site_dir fixture, runs through it.)"""

from __future__ import annotations

import os

import pytest

from studykit.errors import Problem, StudyDataError
from studykit.export import export_files, exports_of, load_export_quizzes
from studykit.publish.searchindex import index_document, index_source, page_text
from studykit.publish import sidework
from studykit.publish.sidework import Handle, Lazy, SideWork, SideWorkError
from support import ROOT

PROBLEMS = [Problem("quizzes/ep90/x.quiz.yml", 4, 7, "questions[0].prompt", "must not be empty"),
            Problem("quizzes/ep90/y.quiz.yml", 0, 0, "", "not a file")]


def fail_with_problems():
    raise StudyDataError(PROBLEMS)


@pytest.fixture
def side():
    work = SideWork()
    work.parallel = True
    yield work
    work.close()


def test_in_process_a_call_runs_when_its_result_is_first_asked_for(monkeypatch):
    work, calls = SideWork(), []  # parallel is off until a `mkdocs build` starts
    made = work.submit(calls.append, "ran")
    assert isinstance(made, Lazy) and calls == []
    assert made.result() is None and made.result() is None and calls == ["ran"]  # once
    failed = work.submit(fail_with_problems)
    for _ in range(2):  # the error is kept and raised again
        with pytest.raises(StudyDataError) as raised:
            failed.result()
        assert raised.value.problems == PROBLEMS
    # On one core there is no second core to use: in process too, even for a build.
    work.parallel = True
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert isinstance(work.submit(os.getpid), Lazy)


def test_a_build_runs_calls_in_one_other_process_and_gets_results_and_errors_back(side):
    pids = [side.submit(os.getpid) for _ in range(3)]
    assert all(isinstance(p, Handle) for p in pids)
    assert len({p.result() for p in pids}) == 1 and pids[0].result() != os.getpid()
    # A data error comes back with its problems, not rebuilt from its message.
    with pytest.raises(StudyDataError) as raised:
        side.submit(fail_with_problems).result()
    assert raised.value.problems == PROBLEMS
    assert str(raised.value) == str(StudyDataError(PROBLEMS))


def test_a_side_process_that_dies_is_a_clear_error_not_a_hang(side):
    side.submit(os.getpid).result()
    with pytest.raises(SideWorkError, match="side process stopped"):
        side.submit(os._exit, 3).result()
    with pytest.raises(SideWorkError, match="side process stopped"):  # and every later call
        side.submit(os.getpid).result()


def test_where_no_process_can_be_made_the_calls_run_in_process(side, monkeypatch):
    def no_semaphores(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # as on a machine without /dev/shm

    monkeypatch.setattr(sidework, "ProcessPoolExecutor", no_semaphores)
    made = side.submit(os.getpid)
    assert isinstance(made, Lazy) and made.result() == os.getpid()


def test_the_side_process_makes_the_same_exports_and_search_text(side, site_dir):
    """What the build takes from the side process equals what this process makes itself."""
    here = export_files(load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT))
    assert side.submit(exports_of, ROOT / "quizzes", ROOT / "docs", ROOT).result() == here
    for rel in ("ep90/us-stance/index.html", "en/glossary/index.html", "404.html"):
        markup = (site_dir / rel).read_text(encoding="utf-8")
        page = page_text(markup)
        expected = index_document(page, 2) if page.blocks else None
        assert side.submit(index_source, markup, 2).result() == expected
