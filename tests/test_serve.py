"""While serving, a bad data file keeps the last good site up with the error on
every page, and the server recovers by itself once the file is fixed; the LMS
exports follow quiz edits and stay published across rebuilds; the search index
is written after the reload, and a request for it waits until it is there.

Runs ``mkdocs serve`` on a copy of the project on a free port; every wait is bounded.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest

from support import free_port
from projectcopy import copy_project
from studykit.publish.searchindex import pagefind_binary

# End to end with a real server and several rebuilds: with the browser suite, not the fast one.
# One worker starts mkdocs serve once (xdist_group: module fixtures are per worker).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("serve")]

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
        time.sleep(0.25)  # a rebuild ends at any moment: look again soon
    log = LOG[0].read_text(encoding="utf-8")[-3000:] if LOG else ""
    raise AssertionError(f"{what}: not seen within {WAIT} s at {url}\n--- mkdocs serve log ---\n{log}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(project.parent / "serve.log", "w")
    # Pagefind behind a wrapper that waits while the file HOLD exists: a test can
    # keep the search index unwritten for as long as it needs.
    wrapper = project.parent / "pagefind-held"
    wrapper.write_text(f'#!/bin/sh\nwhile [ -e "{project.parent / "HOLD"}" ]; do sleep 0.05; done\n'
                       f'exec "{pagefind_binary()}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "PAGEFIND_BINARY_PATH": str(wrapper)}
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


def test_exports_follow_quiz_edits_and_survive_other_rebuilds(served):
    """The exports are made once per change of the quiz files and kept across rebuilds:
    serve rebuilds into a cleaned directory, so every rebuild must still publish them."""
    project, base, log = served
    quiz = project / "quizzes" / "ep90" / "us-stance.quiz.yml"
    page = project / "docs" / "about.en.md"
    export = base + "exports/gift/ep90-us-stance.en.gift"
    teachers = base + "en/teachers/exports/"
    good_quiz, good_page = quiz.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
    prompt = 'en: "According to the author, what would the proper order'
    assert prompt in good_quiz

    # A quiz edit reaches the quiz page and the export in the same rebuild.
    quiz.write_text(good_quiz.replace(prompt, prompt.replace('en: "', 'en: "Edited-prompt-1 '), 1), encoding="utf-8")
    wait_for(base + "en/ep90/quiz/us-stance/", lambda html: "Edited-prompt-1" in html, "quiz edit on the page")
    assert "Edited-prompt-1" in fetch(export)

    # A rebuild that does not touch the quizzes still serves the (edited) exports, and the
    # teachers' page links every file that is there.
    page.write_text(good_page + "\n\nEdited-page-1\n", encoding="utf-8")
    wait_for(base + "en/about/", lambda html: "Edited-page-1" in html, "Markdown edit")
    assert "Edited-prompt-1" in fetch(export)
    links = re.findall(r'href="((?:\.\./)+exports/[^"]+)"', fetch(teachers))
    assert len(links) > 20
    for href in links:
        with urllib.request.urlopen(urllib.parse.urljoin(teachers, href), timeout=WAIT) as response:
            assert response.status == 200 and response.read(), href

    # Back to the original quiz: the exports follow again.
    quiz.write_text(good_quiz, encoding="utf-8")
    page.write_text(good_page, encoding="utf-8")
    wait_for(export, lambda text: "Edited-prompt-1" not in text and "According to the author" in text, "quiz restored")
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_the_reload_does_not_wait_for_the_search_index_and_a_search_waits_for_it(served):
    """While serving, the Pagefind index is written after the rebuild (hooks/search_index.py):
    the edited page shows while it is still being written, and a request for the index
    is held until it is complete, never answered with a missing file."""
    project, base, log = served
    quiz = project / "quizzes" / "ep90" / "us-stance.quiz.yml"
    hold = project.parent / "HOLD"
    good_quiz = quiz.read_text(encoding="utf-8")
    prompt = 'en: "According to the author, what would the proper order'
    bundle = base + "pagefind/pagefind-entry.json"
    assert "languages" in fetch(bundle)

    hold.touch()  # Pagefind now waits: the index of the next rebuild cannot be complete
    answers: list = []
    try:
        quiz.write_text(good_quiz.replace(prompt, prompt.replace('en: "', 'en: "Edited-prompt-2 '), 1), encoding="utf-8")
        wait_for(base + "en/ep90/quiz/us-stance/", lambda html: "Edited-prompt-2" in html, "quiz edit on the page")
        # The export of the same edit downloads at once, with the edit.
        assert "Edited-prompt-2" in fetch(base + "exports/gift/ep90-us-stance.en.gift")

        def request() -> None:
            try:
                answers.append(fetch(bundle))
            except OSError as error:  # a 404 while the index is missing: what must not happen
                answers.append(error)

        waiting = threading.Thread(target=request, daemon=True)
        waiting.start()
        waiting.join(3)
        assert waiting.is_alive() and not answers, f"the search index was answered while being written: {answers}"
    finally:
        hold.unlink(missing_ok=True)
        quiz.write_text(good_quiz, encoding="utf-8")
    waiting.join(WAIT)
    assert len(answers) == 1 and isinstance(answers[0], str) and "languages" in answers[0], answers
    wait_for(base + "en/ep90/quiz/us-stance/", lambda html: "Edited-prompt-2" not in html, "quiz restored")
    assert "Traceback" not in log.read_text(encoding="utf-8")
