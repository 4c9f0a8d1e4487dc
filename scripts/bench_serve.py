#!/usr/bin/env python3
"""Live-preview round trip: how long after an edit ``mkdocs serve`` shows the change.

    .venv/bin/python scripts/bench_serve.py                  # 7 quiz edits, 7 Markdown edits
    .venv/bin/python scripts/bench_serve.py -e 9 -n 2000     # 9 edits each, with 2000 synthetic questions

Serves a throw-away copy of the project (optionally with the synthetic quizzes of
scripts/bench_quizzes.py) on a free port. Each edit writes a new token into a
quiz prompt (quizzes/ep90/us-stance.quiz.yml, shown on /en/ep90/quiz/us-stance/) or
into an English section page (docs/ep90/us-stance.en.md, /en/ep90/us-stance/),
then polls the page every 50 ms until the token shows. The server holds every
request while it rebuilds, so a page shows the token once the whole rebuild is
done. Between edits it waits for the rebuild to finish ("Reloading browsers" in
the log), so every edit starts from an idle server. Reported: every round trip
and their median, per kind of edit. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quizzes import make_project  # noqa: E402

QUIZ_FILE, QUIZ_PAGE, QUIZ_TEXT = "quizzes/ep90/us-stance.quiz.yml", "en/ep90/quiz/us-stance/", \
    'en: "According to the author, what would the proper order'
PAGE_FILE, PAGE_URL = "docs/ep90/us-stance.en.md", "en/ep90/us-stance/"
WAIT = 300  # seconds: bound on every wait


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def wait_until(condition, what: str, interval: float = 0.05) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < WAIT:
        if condition():
            return time.perf_counter() - start
        time.sleep(interval)
    sys.exit(f"{what}: not seen within {WAIT} s")


def rebuilds(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")


def edit_quiz(path: Path, original: str, token: str) -> None:
    assert QUIZ_TEXT in original, f"{QUIZ_FILE}: the prompt to edit is gone"
    path.write_text(original.replace(QUIZ_TEXT, QUIZ_TEXT.replace('en: "', f'en: "{token} '), 1), encoding="utf-8")


def edit_page(path: Path, original: str, token: str) -> None:
    path.write_text(original.rstrip("\n") + f"\n\n{token}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-e", "--edits", type=int, default=7, help="edits of each kind (default 7)")
    parser.add_argument("-n", "--questions", type=int, default=0, help="synthetic quiz questions to add")
    parser.add_argument("--keep", action="store_true", help="keep the project copy and the server log")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    project = tmp / "project"
    make_project(project, args.questions)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp / "serve.log"
    env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        first = wait_until(lambda: "data-ss-question" in fetch(base + QUIZ_PAGE), "first build", 0.2)
        print(f"first build served after {first:.1f} s ({args.questions} synthetic questions)")
        results: dict[str, list[float]] = {"quiz": [], "page": []}
        originals = {path: (project / path).read_text(encoding="utf-8") for path in (QUIZ_FILE, PAGE_FILE)}
        for n in range(args.edits):
            for kind, edit, path, url in (("quiz", edit_quiz, QUIZ_FILE, QUIZ_PAGE), ("page", edit_page, PAGE_FILE, PAGE_URL)):
                token = f"bench-edit-{kind}-{n}-{time.time_ns()}"
                done = rebuilds(log)
                time.sleep(0.6)  # past the watcher's 0.5 s poll, so no edit lands mid-scan of the last
                start = time.perf_counter()
                edit(project / path, originals[path], token)
                wait_until(lambda: token in fetch(base + url), f"{kind} edit {n}")
                results[kind].append(time.perf_counter() - start)
                wait_until(lambda: rebuilds(log) > done, f"end of rebuild after {kind} edit {n}", 0.1)
        for kind, times in results.items():
            what = f"quiz file ({QUIZ_FILE} -> /{QUIZ_PAGE})" if kind == "quiz" else f"Markdown page ({PAGE_FILE} -> /{PAGE_URL})"
            print(f"{what}: median {statistics.median(times):.2f} s over {len(times)} edits; "
                  f"each: {' '.join(f'{t:.2f}' for t in times)}")
        if "Traceback" in log.read_text(encoding="utf-8", errors="replace"):
            sys.exit(f"the server logged a traceback: {log}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
