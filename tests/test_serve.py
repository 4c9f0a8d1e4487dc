"""While serving, a bad data file keeps the last good site up with the error on
every page, and the server recovers by itself once the file is fixed.

Runs ``mkdocs serve`` on a copy of the project on a free port; every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import _free_port
from projectcopy import copy_project

# End to end with a real server and several rebuilds: with the browser suite, not the fast one.
pytestmark = pytest.mark.browser

ERROR_BOX = "data-ss-data-error"
WAIT = 300  # seconds; the 2-core machine is shared, so a rebuild can take a while


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


LOG: list = []  # the running server's log file, quoted when a wait fails


def wait_for(url: str, condition, what: str) -> str:
    deadline = time.monotonic() + WAIT
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if condition(last):
                return last
        except OSError:
            pass
        time.sleep(1)
    log = LOG[0].read_text(encoding="utf-8")[-3000:] if LOG else ""
    raise AssertionError(f"{what}: not seen within {WAIT} s at {url}\n--- mkdocs serve log ---\n{log}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(project.parent / "serve.log", "w")
    env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    LOG[:] = [project.parent / "serve.log"]
    try:
        wait_for(base + "glossary/", lambda html: "data-ss-entry" in html, "first build")
        yield project, base, project.parent / "serve.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_bad_data_files_keep_the_last_good_site_and_recover(served):
    project, base, log = served
    glossary = project / "quizzes" / "ep90" / "glossary.yml"
    timeline = project / "quizzes" / "ep90" / "timeline.yml"
    good_glossary, good_timeline = glossary.read_text(encoding="utf-8"), timeline.read_text(encoding="utf-8")

    # A broken glossary and a broken timeline: the pages stay up, show both errors, keep the last good content.
    glossary.write_text(good_glossary.replace("entries:", "entries:\n  - id: Bad Id\n", 1), encoding="utf-8")
    timeline.write_text(good_timeline.replace("as_of: 2025-02-27", "as_of: 2025-02-30", 1), encoding="utf-8")
    page = wait_for(base + "glossary/", lambda html: ERROR_BOX in html and "timeline.yml" in html, "glossary + timeline error")
    assert "quizzes/ep90/glossary.yml:" in page and "data-ss-entry" in page
    assert ERROR_BOX in fetch(base + "ep90/us-stance/") and 'class="ss-term"' in fetch(base + "ep90/us-stance/")
    assert "ss-timeline__item" in fetch(base + "ep90/timeline/")

    # Fixed, but a quiz path is a directory: the data files are not touched, the site stays up.
    glossary.write_text(good_glossary, encoding="utf-8")
    timeline.write_text(good_timeline, encoding="utf-8")
    (project / "quizzes" / "ep90" / "folder.quiz.yml").mkdir()
    page = wait_for(base + "ep90/quiz/us-stance/", lambda html: "folder.quiz.yml: is a directory" in html, "directory error")
    assert "data-ss-question" in page and "glossary.yml:" not in page

    # Removed: the server recovers by itself.
    (project / "quizzes" / "ep90" / "folder.quiz.yml").rmdir()
    wait_for(base + "ep90/quiz/us-stance/", lambda html: ERROR_BOX not in html and "data-ss-question" in html, "recovery")
    assert ERROR_BOX not in fetch(base + "glossary/")
    assert "Traceback" not in log.read_text(encoding="utf-8")
