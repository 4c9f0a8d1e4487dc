#!/usr/bin/env python3
"""Live-preview round trip: how long after an edit ``mkdocs serve`` shows the change.

    .venv/bin/python scripts/bench_serve.py                  # 7 quiz edits, 7 Markdown edits
    .venv/bin/python scripts/bench_serve.py -e 9 -n 621      # 9 edits each, 10x data (621 synthetic questions)
    .venv/bin/python scripts/bench_serve.py --vs /tmp/old    # paired with another checkout (git archive REV)

Serves a throw-away copy of the project (optionally with the synthetic quizzes of
scripts/bench_quizzes.py) on a free port. Each edit writes a new token into a
quiz prompt (quizzes/ep90/us-stance.quiz.yml, shown on /en/ep90/quiz/us-stance/) or
into an English section page (docs/ep90/us-stance.en.md, /en/ep90/us-stance/),
then polls the page every 50 ms until the token shows. The server holds every
request while it rebuilds, so a page shows the token once the whole rebuild is
done. After a quiz edit it then polls the edited quiz's GIFT export until it
carries the token too ("export"). Between edits it waits for the rebuild to finish
("Reloading browsers" in the log) and for the output written after it (the
exports and the search index, which a request waits for), so every edit starts
from an idle server. Reported per kind of edit: every round trip and the median,
and the server's CPU time (user + sys, with Pagefind) until the page shows the
edit and for the whole rebuild with the output written after it, which other load
on a shared machine disturbs less than wall time. With ``--vs`` both servers run, the edits alternate between them,
and the ratios are taken edit by edit. Not a test: timings depend on the machine.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_quizzes import make_project  # noqa: E402

QUIZ_FILE, QUIZ_PAGE, QUIZ_TEXT = "quizzes/ep90/us-stance.quiz.yml", "en/ep90/quiz/us-stance/", \
    'en: "According to the author, what would the proper order'
PAGE_FILE, PAGE_URL = "docs/ep90/us-stance.en.md", "en/ep90/us-stance/"
EXPORT_URL, INDEX_URL = "exports/gift/ep90-us-stance.en.gift", "pagefind/pagefind-entry.json"
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


def edit_quiz(path: Path, original: str, token: str) -> None:
    assert QUIZ_TEXT in original, f"{QUIZ_FILE}: the prompt to edit is gone"
    path.write_text(original.replace(QUIZ_TEXT, QUIZ_TEXT.replace('en: "', f'en: "{token} '), 1), encoding="utf-8")


def edit_page(path: Path, original: str, token: str) -> None:
    path.write_text(original.rstrip("\n") + f"\n\n{token}\n", encoding="utf-8")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + sys) of a process and its waited-for children (Pagefind), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


class Server:
    """``mkdocs serve`` of a throw-away copy of ``source`` (plus synthetic quizzes) on a free port."""

    def __init__(self, source: Path, tmp: Path, questions: int):
        self.project = tmp / "project"
        make_project(self.project, questions, root=source)
        self.originals = {path: (self.project / path).read_text(encoding="utf-8") for path in (QUIZ_FILE, PAGE_FILE)}
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/"
        self.log = tmp / "serve.log"
        env = {**os.environ, "SITE_URL": self.base, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        with open(self.log, "w") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                            cwd=self.project, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def rebuilds(self) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")

    def edit(self, kind: str, n: int) -> tuple[float, float, float, float]:
        """One edit: (seconds until the page shows it, CPU seconds of the whole rebuild and
        of the output written after it, seconds until the quiz's export carries it or 0,
        CPU seconds until the page shows it)."""
        edit, path, url = (edit_quiz, QUIZ_FILE, QUIZ_PAGE) if kind == "quiz" else (edit_page, PAGE_FILE, PAGE_URL)
        token = f"bench-edit-{kind}-{n}-{time.time_ns()}"
        done = self.rebuilds()
        time.sleep(0.6)  # past the watcher's 0.5 s poll, so no edit lands mid-scan of the last
        cpu = cpu_seconds(self.process.pid)
        start = time.perf_counter()
        edit(self.project / path, self.originals[path], token)
        wait_until(lambda: token in fetch(self.base + url), f"{kind} edit {n}")
        seen = time.perf_counter() - start
        cpu_seen = cpu_seconds(self.process.pid) - cpu
        exported = 0.0
        if kind == "quiz":
            wait_until(lambda: token in fetch(self.base + EXPORT_URL), f"export of quiz edit {n}")
            exported = time.perf_counter() - start
        wait_until(lambda: self.rebuilds() > done, f"end of rebuild after {kind} edit {n}", 0.1)
        wait_until(lambda: "languages" in fetch(self.base + INDEX_URL), f"search index after {kind} edit {n}")
        return seen, cpu_seconds(self.process.pid) - cpu, exported, cpu_seen

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)  # as Ctrl-C: mkdocs removes its temporary site dir
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        if "Traceback" in self.log.read_text(encoding="utf-8", errors="replace"):
            print(f"the server logged a traceback: {self.log}")


def median(values: list[float], fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(statistics.median(values))} (each: {' '.join(fmt.format(v) for v in values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-e", "--edits", type=int, default=7, help="edits of each kind (default 7)")
    parser.add_argument("-n", "--questions", type=int, default=0, help="synthetic quiz questions to add")
    parser.add_argument("--vs", type=Path, metavar="TREE",
                        help="also serve another checkout (e.g. an older commit, from git archive) and alternate "
                             "the edits between the two: ratios this / TREE per edit")
    parser.add_argument("--keep", action="store_true", help="keep the project copies and the server logs")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    trees = {"this": ROOT} | ({"vs": args.vs.resolve()} if args.vs else {})
    servers: dict[str, Server] = {}
    try:
        for name, tree in trees.items():
            (tmp / name).mkdir()
            servers[name] = Server(tree, tmp / name, args.questions)
        for name, server in servers.items():
            first = wait_until(lambda: "data-ss-question" in fetch(server.base + QUIZ_PAGE), "first build", 0.2)
            print(f"{name} ({trees[name]}): first build served after {first:.1f} s, {args.questions} synthetic questions")
        results = {(name, kind): [] for name in servers for kind in ("quiz", "page")}
        for n in range(args.edits):
            for kind in ("quiz", "page"):
                for name, server in servers.items():  # this, vs, this, vs, ...: each pair under like load
                    results[name, kind].append(server.edit(kind, n))
        for kind in ("quiz", "page"):
            what = f"quiz file ({QUIZ_FILE} -> /{QUIZ_PAGE})" if kind == "quiz" else f"Markdown page ({PAGE_FILE} -> /{PAGE_URL})"
            print(f"{what}, {args.edits} edits:")
            for name in servers:
                seen, cpu, exported, cpu_seen = zip(*results[name, kind])
                print(f"  {name}: shown after median {median(list(seen))} s; CPU until shown median "
                      f"{median(list(cpu_seen))} s; rebuild CPU (with the output written after it) median {median(list(cpu))} s")
                if kind == "quiz":
                    print(f"  {name}: export carries the edit after median {median(list(exported))} s")
            if "vs" in servers:
                pairs = list(zip(results["this", kind], results["vs", kind]))
                print(f"  this / vs per edit: shown-after ratio median {median([a[0] / b[0] for a, b in pairs])}, "
                      f"CPU-until-shown ratio median {median([a[3] / b[3] for a, b in pairs])}, "
                      f"rebuild CPU ratio median {median([a[1] / b[1] for a, b in pairs])}")
    finally:
        for server in servers.values():
            server.stop()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
