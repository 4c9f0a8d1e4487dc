"""The serve-time gate of studykit.publish.deferred: a request under a folder whose
job is still writing waits for the job; other requests and later ones do not wait.
(End to end, with a real ``mkdocs serve``: tests/test_serve.py.)"""

from __future__ import annotations

import logging
import threading
import time

from studykit.publish.deferred import Deferred


def served_app(calls: list):
    def app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return [b"ok"]
    return app


def request(app, path: str) -> threading.Thread:
    thread = threading.Thread(target=app, args=({"PATH_INFO": path}, None), daemon=True)
    thread.start()
    return thread


def test_a_request_under_a_running_job_waits_for_it_and_others_do_not():
    jobs, release, calls = Deferred(), threading.Event(), []
    jobs.start("exports/", release.wait)
    app = jobs.gate(served_app(calls), "/site/")
    held = [request(app, "/site/exports/gift/a.gift"), request(app, "/site/en/../exports/"),
            request(app, "/site/exports")]
    free = [request(app, "/site/en/teachers/exports/"), request(app, "/site/pagefind/pagefind.js"),
            request(app, "/elsewhere/exports/x")]
    for thread in free:
        thread.join(5)
    for thread in held:
        thread.join(0.3)
    assert all(t.is_alive() for t in held) and sorted(calls) == ["/elsewhere/exports/x", "/site/en/teachers/exports/",
                                                                 "/site/pagefind/pagefind.js"]
    assert jobs.pending() == ["exports/"]
    release.set()
    for thread in held:
        thread.join(5)
    assert len(calls) == 6 and jobs.pending() == []
    request(app, "/site/exports/gift/a.gift").join(5)
    assert len(calls) == 7


def test_wait_returns_once_the_jobs_are_done_and_a_failing_job_is_logged(caplog):
    jobs, done = Deferred(), []
    logger = logging.getLogger("studykit.serve")  # hooks/study.py stops it propagating
    logger.addHandler(caplog.handler)
    try:
        jobs.start("pagefind/", lambda: done.append(1))
        jobs.start("exports/", lambda: 1 / 0)
        jobs.wait()
    finally:
        logger.removeHandler(caplog.handler)
    assert done == [1] and jobs.pending() == []
    assert any("exports/" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_request_held_by_a_rebuild_that_starts_a_new_job_is_answered_after_that_job():
    """MkDocs holds a request during a rebuild; if the rebuild starts a job for the
    request's folder, the answer MkDocs gives (made before the job wrote anything)
    is dropped and the request is answered again once the job is done."""
    jobs, written, statuses = Deferred(), threading.Event(), []
    jobs.start("exports/", lambda: None)
    jobs.wait()

    def app(environ, start_response):
        if not written.is_set() and not jobs.pending():  # the rebuild: starts a job, the file is not there yet
            jobs.start("exports/", lambda: (time.sleep(0.3), written.set()))
            start_response("404 Not Found", [])
            return [b"missing"]
        start_response("200 OK" if written.is_set() else "404 Not Found", [])
        return [b"the file" if written.is_set() else b"missing"]

    body = jobs.gate(app)({"PATH_INFO": "/exports/gift/a.gift"}, lambda *args: statuses.append(args[0]))
    assert body == [b"the file"] and statuses == ["200 OK"]
