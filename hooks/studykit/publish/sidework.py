"""Work done beside the page rendering, in one forked process on the machine's other core.

MkDocs renders pages in one thread, so on a machine with two cores one sits idle
through a build. The LMS exports need only the data files, and a page's search
text only its final HTML, so ``mkdocs build`` hands both to a second process as
soon as their inputs exist (hooks/study.py, hooks/search_index.py) and collects
the results at the end: the build waits for the longer path, not for their sum.
(Rendering the study markers there as well was tried and was slower: the pages
wait for them, so the main process only waited instead of working.)

Under ``mkdocs serve`` a fork would copy the server's threads' locks in whatever
state they are, so there, and on a one-core machine, each call runs in the thread
that first asks for its result, exactly as before. An exception raised by a call
is raised again by ``result()`` in either mode.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any


class SideWorkError(Exception):
    """The side process died (killed, out of memory): the build cannot finish its output."""


class Lazy:
    """A call that runs when its result is first asked for (the in-process mode)."""

    def __init__(self, call: Callable[..., Any], args: tuple, kwargs: dict):
        self._call, self._args, self._kwargs = call, args, kwargs
        self._done, self._value, self._error = False, None, None

    def result(self) -> Any:
        if not self._done:
            try:
                self._value = self._call(*self._args, **self._kwargs)
            except Exception as error:  # kept, and raised again on every result()
                self._error = error
            self._done, self._call, self._args, self._kwargs = True, None, (), {}
        if self._error is not None:
            raise self._error
        return self._value


class Handle:
    """A call running in the side process; ``result()`` waits for it."""

    def __init__(self, future: Future):
        self._future = future

    def result(self) -> Any:
        try:
            return self._future.result()
        except BrokenProcessPool as error:
            raise SideWorkError(f"the build's side process stopped: {error}") from None


class SideWork:
    """One side process per build command; calls in submission order."""

    def __init__(self) -> None:
        self.parallel = False  # set by the hooks' on_startup: `mkdocs build` and `gh-deploy`, not serve
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Handle | Lazy:
        """Start ``call(*args, **kwargs)``: a module-level function, whose arguments and
        result are pickled."""
        if self.parallel and self._pool is None and (os.cpu_count() or 1) > 1:
            try:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            except OSError:  # no process-shared semaphores here (e.g. no /dev/shm): work in process
                self.parallel = False
        if not self.parallel or self._pool is None:
            return Lazy(call, args, kwargs)
        try:
            return Handle(self._pool.submit(call, *args, **kwargs))
        except BrokenProcessPool as error:  # it died before this call: say so when the result is asked for
            failed: Future = Future()
            failed.set_exception(error)
            return Handle(failed)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


SIDE = SideWork()  # one per process, shared by the hook files
