#!/usr/bin/env python3
"""The test suite's time and where its CPU goes, alone or paired with another checkout's suite.

    .venv/bin/python scripts/bench_suite.py                      # one run of the README's test command
    .venv/bin/python scripts/bench_suite.py --vs /tmp/old -p 3   # 3 pairs with another checkout's suite
    .venv/bin/python scripts/bench_suite.py -- -m browser        # pytest arguments after --

Each run is the README's test command (``.venv/bin/python -m pytest``, with ``-q``),
started from the checkout's root with that checkout's own ``.venv``: another
checkout (``--vs``) must have been set up with its ``scripts/setup.sh --dev``, and
``../shared`` beside it. With ``--vs``, the two suites run back to back, in turns
(this one first in odd pairs, the other first in even ones), and each pair gives a
ratio: a shared machine's load changes within the hour, so single runs taken at
different times cannot be compared, only the runs of one pair.

Reported per run: wall time, pytest's summary line, how busy the machine's CPUs were
(``/proc/stat``: the run's share is the rest, other load on a shared machine shows
here) and the CPU time of the run's processes by kind (Chromium's by process type,
the Playwright driver, the pytest workers, the site builds...). The processes are
sampled every quarter second: one that lives less long, or the CPU a process spends
after its last sample, is not counted, so the kinds add up to a little less than the
run used. On the 2-core machine the suite is bound by CPU, so this split shows
what a change to the tests can save.

Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from proctree import TICK, descendants, processes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_EVERY = 0.25  # seconds
SUMMARY = re.compile(r"\d+ (passed|failed|error)")


def _program(pid: int) -> str | None:
    """The file a process runs: it changes when the process execs (Debian's chromium is a
    shell script that execs the browser under the same command name)."""
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:  # gone since its stat was read: its last sample stands
        return None


def process_kind(pid: int, program: str) -> str:
    """What a process is, from the file it runs (``program``) and its command line:
    Chromium's processes by ``--type``, Node's and Python's by what they were asked to run."""
    try:
        argv = [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return "?"
    if len(argv) == 1:  # Chromium rewrites its command line into one string
        argv = argv[0].split(" ")
    name = os.path.basename(program)
    line = " ".join(argv)
    if name.startswith("chrom"):  # its children start as /proc/self/exe, so the command name would not say
        options = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
        kind = options.get("type", "browser")
        if kind == "utility":
            kind += ":" + options.get("utility-sub-type", "?").rsplit(".", 1)[-1]
        return f"chromium {kind}"
    if name == "node":
        return "node: Playwright driver" if "playwright" in line else "node: " + " ".join(map(os.path.basename, argv[1:2]))
    if name.startswith("python"):
        if "mkdocs" in line:
            return "python: mkdocs (site builds)"
        if "pytest" in line or "-c" in argv:  # xdist's workers are ``python -u -c ...``
            return "python: pytest and its workers"
        return "python: " + " ".join(map(os.path.basename, argv[1:3]))
    return name


class Sampler:
    """CPU ticks of every descendant of one process, by kind, sampled in a thread until stopped."""

    def __init__(self, root: int):
        self.root = root
        self._seen: dict[int, list] = {}  # pid -> [kind, program, CPU ticks]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._sample()
            self._stopping.wait(SAMPLE_EVERY)

    def _sample(self) -> None:
        table = processes()
        for pid in descendants(self.root, table):
            program = _program(pid)
            if program is None:
                continue
            seen = self._seen.get(pid)
            if seen is None or seen[1] != program:
                self._seen[pid] = seen = [process_kind(pid, program), program, 0]
            seen[2] = table[pid][1]

    def stop(self) -> dict[str, float]:
        """CPU seconds by kind of process."""
        self._stopping.set()
        self._thread.join()
        by_kind: collections.Counter = collections.Counter()
        for kind, _, ticks in self._seen.values():
            by_kind[kind] += ticks / TICK
        return dict(by_kind)


def _machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class Run:
    where: Path
    wall: float
    summary: str
    failures: list[str]  # pytest's FAILED/ERROR lines
    busy: float  # share of the machine's CPU time that was busy
    by_kind: dict[str, float]
    returncode: int


def run_suite(checkout: Path, pytest_args: list[str]) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(checkout / ".venv" / "bin" / "python"), "-m", "pytest", "-q", *pytest_args]
    busy0, all0 = _machine_ticks()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    sampler = Sampler(process.pid)
    output = process.communicate()[0]
    wall = time.perf_counter() - start
    by_kind = sampler.stop()
    busy1, all1 = _machine_ticks()
    lines = output.splitlines()
    summaries = [line.strip("= ") for line in lines if SUMMARY.search(line)]
    failures = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return Run(checkout, wall, summaries[-1] if summaries else output[-300:], failures,
               (busy1 - busy0) / max(1, all1 - all0), by_kind, process.returncode)


def report(label: str, run: Run) -> None:
    total = sum(run.by_kind.values())
    print(f"{label} ({run.where}): wall {run.wall:.0f} s; {run.summary}; machine busy {run.busy:.0%}", flush=True)
    for line in run.failures:
        print(f"    {line[:300]}")
    print(f"    CPU of the run's processes, sampled: {total:.0f} CPU-s")
    for kind, seconds in sorted(run.by_kind.items(), key=lambda kv: -kv[1]):
        if seconds >= max(1.0, total * 0.005):
            print(f"    {seconds:7.1f} CPU-s {seconds / total:4.0%}  {kind}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vs", type=Path, help="another checkout whose suite runs in turn with this one")
    parser.add_argument("-p", "--pairs", type=int, default=1, help="how many runs of each suite (default 1)")
    parser.add_argument("pytest_args", nargs="*", help="after --: arguments for pytest")
    args = parser.parse_args()
    if args.vs and not (args.vs / ".venv" / "bin" / "python").exists():
        parser.error(f"{args.vs} has no .venv: run its scripts/setup.sh --dev first")
    other = args.vs.resolve() if args.vs else None
    ratios, failed = [], False
    for pair in range(1, args.pairs + 1):
        order = [ROOT] if not other else [ROOT, other] if pair % 2 else [other, ROOT]
        walls = {}
        for checkout in order:
            run = run_suite(checkout, args.pytest_args)
            report(f"pair {pair}, {'this' if checkout == ROOT else 'other'}" if other else f"run {pair}", run)
            walls[checkout] = run.wall
            failed |= run.returncode != 0
        if other:
            ratios.append(walls[ROOT] / walls[other])
            print(f"pair {pair}: this / other = {ratios[-1]:.2f}", flush=True)
    if ratios:
        print(f"this / other, median over {len(ratios)} pairs: {statistics.median(ratios):.2f}"
              f" ({min(ratios):.2f}-{max(ratios):.2f})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
