"""Output that ``mkdocs serve`` writes after a rebuild, and a gate that holds requests for it.

While serving, the LMS exports and the search index are written in a thread once
the pages are built (hooks/study.py, hooks/search_index.py), so the page reload
does not wait for them. A request for a file under a folder whose job is still
running waits for that job, so it never gets a missing, stale or half-written
file; the next rebuild waits for every job before MkDocs cleans the site
directory. MkDocs holds a request that comes during a rebuild until the rebuild
ends, and that rebuild may start a new job: such a request is answered again
once the new job is done. ``mkdocs build`` does not use this: it writes
everything in the build.
"""

from __future__ import annotations

import logging
import posixpath
import threading
from collections.abc import Callable, Iterable

# The serve hooks' logger (hooks/study.py gives it its handler).
log = logging.getLogger("studykit.serve")

WAIT = 300  # seconds: bound on how long a request or a rebuild waits for a job


class Deferred:
    """Jobs that each write one folder of the site directory ("exports/", "pagefind/")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, threading.Thread] = {}
        self._starts: dict[str, int] = {}  # folder -> jobs started for it so far

    def start(self, folder: str, work: Callable[[], None]) -> None:
        """Run ``work`` in a thread; until it returns, requests under ``folder`` wait."""
        self.wait(folder)  # one job per folder
        job = threading.Thread(target=self._run, args=(folder, work), name=f"deferred {folder}", daemon=True)
        with self._lock:
            self._jobs[folder] = job
            self._starts[folder] = self._starts.get(folder, 0) + 1
        job.start()

    @staticmethod
    def _run(folder: str, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception:  # a bug: say so, and keep serving
            log.exception("writing %s after the rebuild failed", folder)

    def _running(self, wanted: Callable[[str], bool]) -> list[threading.Thread]:
        with self._lock:
            return [job for folder, job in self._jobs.items() if wanted(folder)]

    def wait(self, folder: str | None = None) -> None:
        """Wait for the job of ``folder`` (all jobs if None)."""
        for job in self._running(lambda f: folder is None or f == folder):
            job.join(WAIT)

    def _started(self, rel: str) -> int | None:
        """Jobs started so far for the folders holding ``rel``; None if no job ever wrote there."""
        with self._lock:
            counts = [n for folder, n in self._starts.items() if rel.startswith(folder)]
        return sum(counts) if counts else None

    def pending(self) -> list[str]:
        """Folders whose job is still running."""
        with self._lock:
            return [folder for folder, job in self._jobs.items() if job.is_alive()]

    def gate(self, app: Callable, mount_path: str = "/") -> Callable:
        """The WSGI ``app`` with requests under a running job's folder held until it ends."""
        mount_path = mount_path.rstrip("/") + "/"

        def gated(environ: dict, start_response: Callable) -> Iterable[bytes] | None:
            # Decoded and normalised as MkDocs' server does, so "a/../exports/x" waits too.
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            rel = posixpath.normpath("/" + path[len(mount_path):]).lstrip("/") + "/" \
                if path.startswith(mount_path) else ""
            if not rel or self._started(rel) is None:
                return app(environ, start_response)
            for _attempt in range(10):
                for job in self._running(rel.startswith):
                    job.join(WAIT)
                started, answer, written = self._started(rel), [], []
                body = app(environ, lambda *args: answer.append(args) or written.append)
                if self._started(rel) == started:
                    break
                # MkDocs held the request for a rebuild, which started a new job for this
                # folder: the answer may predate its output. Ask again once it is written.
                if hasattr(body, "close"):
                    body.close()
            if answer:
                start_response(*answer[-1])
            return [*written, *body] if written else body

        return gated


JOBS = Deferred()  # one per process: mkdocs serve runs one server
