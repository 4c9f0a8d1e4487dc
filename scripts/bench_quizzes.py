#!/usr/bin/env python3
"""Build cost, paired: the hooks' share at 1x, and the cost per added quiz question at 10x and 100x.

    .venv/bin/python scripts/bench_quizzes.py                  # hooks ratio (5 pairs), 10x and 100x (3 pairs each)
    .venv/bin/python scripts/bench_quizzes.py --scales 10 -p 5 # only 10x, 5 pairs
    .venv/bin/python scripts/bench_quizzes.py --no-hooks-ratio --scales 100 -p 2

The machine is shared and noisy, so no figure rests on a single baseline: every
figure compares two builds run back to back (A B A B ..., after one warm-up build
of each; ``-w``), computes the figure for each pair and reports the median (with the
min-max over pairs). Each build is a fresh ``mkdocs build --strict`` process;
timed are its wall time and its CPU time (user + sys of the build and its
children, e.g. Pagefind), the latter less sensitive to other load.

1. Hooks ratio: this project (1x) against the same copy with the ``hooks:`` list
   removed from mkdocs.yml (no study markers rendered, no exports, no Pagefind
   index; Material's own search index instead). Ratio = with / without, per pair.
2. Per added question at scale k: the 1x project against a copy with (k - 1) x
   as many synthetic questions as the real quizzes have (every question type,
   QUESTIONS_PER_FILE per file, one Japanese and one English quiz page per
   file). Per pair: (T_k - T_1) / added questions. Flat cost per question, i.e.
   the same figure at 10x and 100x, means the build is linear in the data.

Copies live in a temporary folder; nothing in the project is changed.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_PER_FILE = 20


def question(n: int) -> str:
    kind = ("single", "multiple", "truefalse", "fill", "order", "match")[n % 6]
    head = f"""  - id: bench-q{n}
    type: {kind}
    prompt: {{ja: "問題{n}の文 ＿＿＿ です。", en: "Question {n} text ___ here."}}
    source: us-stance#p{1 + n % 3}
    explanation: {{ja: "解説{n}。", en: "Explanation {n}."}}
"""
    if kind in ("single", "multiple"):
        opts = "".join(
            f"""      - text: {{ja: "選択肢{n}-{k}", en: "Option {n}-{k}"}}
{'        correct: true' + chr(10) if k == 0 or (kind == 'multiple' and k == 1) else ''}        feedback: {{ja: "フィードバック{k}", en: "Feedback {k}"}}
""" for k in range(4))
        return head + "    options:\n" + opts
    if kind == "truefalse":
        return head + "    answer: true\n"
    if kind == "fill":
        return head + f'    answers: {{ja: ["答え{n}"], en: ["answer {n}"]}}\n'
    if kind == "order":
        return head + "    items:\n" + "".join(f'      - {{ja: "項目{n}-{k}", en: "Item {n}-{k}"}}\n' for k in range(4))
    return head + "    pairs:\n" + "".join(
        f'      - left: {{ja: "左{n}-{k}", en: "Left {n}-{k}"}}\n        right: {{ja: "右{n}-{k}", en: "Right {n}-{k}"}}\n'
        for k in range(3))


def real_question_count(root: Path = ROOT) -> int:
    """Questions in the project's own quiz files (the 1x data)."""
    return sum(len(re.findall(r"^  - id:", path.read_text(encoding="utf-8"), re.M))
               for path in (root / "quizzes").glob("*/*.quiz.yml"))


def make_project(target: Path, questions: int, hooks: bool = True, root: Path = ROOT) -> None:
    """A copy of the project at ``root`` with ``questions`` synthetic questions; ``hooks=False``: without the hooks."""
    for name in ("docs", "hooks", "overrides", "quizzes"):
        shutil.copytree(root / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if not hooks:
        config, removed = re.subn(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
        assert removed == 1, "mkdocs.yml: no hooks: list to remove"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    bench = target / "quizzes" / "ep90"
    pages = target / "docs" / "ep90" / "bench"
    pages.mkdir()
    for f, start in enumerate(range(0, questions, QUESTIONS_PER_FILE)):
        body = "".join(question(n) for n in range(start, min(start + QUESTIONS_PER_FILE, questions)))
        (bench / f"bench-{f}.quiz.yml").write_text(
            f'id: bench-{f}\ntitle: {{ja: "ベンチ{f}", en: "Bench {f}"}}\nquestions:\n{body}', encoding="utf-8")
        for suffix in (".md", ".en.md"):
            (pages / f"bench-{f}{suffix}").write_text(f"# Bench {f}\n\n<!-- study:quiz bench-{f} -->\n", encoding="utf-8")


def build(project: Path) -> tuple[float, float]:
    """One ``mkdocs build --strict`` in a fresh process: (wall s, CPU s of it and its children)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stdout}{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(a: Path, b: Path, pairs: int, label: str, warmup: int = 1) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """``pairs`` rounds of (build a, build b), after ``warmup`` builds of each."""
    for _ in range(warmup):
        build(a), build(b)
    rounds = []
    for n in range(pairs):
        times = build(a), build(b)
        rounds.append(times)
        print(f"  {label} pair {n + 1}: A {times[0][0]:.2f} s wall / {times[0][1]:.2f} s CPU, "
              f"B {times[1][0]:.2f} s / {times[1][1]:.2f} s", flush=True)
    return rounds


def summary(values: list[float], fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(statistics.median(values))} (min {fmt.format(min(values))}, max {fmt.format(max(values))})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="*", default=[10, 100], help="data sizes as multiples of the real quizzes")
    parser.add_argument("-p", "--pairs", type=int, default=3, help="pairs per scale (default 3)")
    parser.add_argument("--hooks-pairs", type=int, default=5, help="pairs for the hooks ratio (default 5)")
    parser.add_argument("-w", "--warmup", type=int, default=1, help="uncounted builds of each before the pairs (default 1)")
    parser.add_argument("--no-hooks-ratio", action="store_true", help="skip the hooks ratio")
    args = parser.parse_args()
    real = real_question_count()
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-quizzes-") as tmp:
        one = Path(tmp) / "x1"
        make_project(one, 0)
        if not args.no_hooks_ratio:
            bare = Path(tmp) / "x1-no-hooks"
            make_project(bare, 0, hooks=False)
            print(f"hooks ratio at 1x ({real} questions): A = with hooks, B = without", flush=True)
            rounds = paired(one, bare, args.hooks_pairs, "1x", args.warmup)
            lines.append(f"1x, with / without hooks ({len(rounds)} pairs): "
                         f"wall ratio {summary([a[0] / b[0] for a, b in rounds])}, "
                         f"CPU ratio {summary([a[1] / b[1] for a, b in rounds])}; "
                         f"with hooks {summary([a[0] for a, _ in rounds])} s wall, "
                         f"without {summary([b[0] for _, b in rounds])} s wall")
        per_question = {}
        for scale in args.scales:
            added = (scale - 1) * real
            project = Path(tmp) / f"x{scale}"
            make_project(project, added)
            print(f"{scale}x: {real + added} questions ({added} synthetic); A = 1x, B = {scale}x", flush=True)
            rounds = paired(one, project, args.pairs, f"{scale}x", args.warmup)
            wall = [1000 * (b[0] - a[0]) / added for a, b in rounds]
            cpu = [1000 * (b[1] - a[1]) / added for a, b in rounds]
            per_question[scale] = statistics.median(cpu)
            lines.append(f"{scale}x ({added} added questions, {len(rounds)} pairs): per added question "
                         f"{summary(wall)} ms wall, {summary(cpu)} ms CPU; "
                         f"build {summary([b[0] for _, b in rounds])} s wall vs 1x {summary([a[0] for a, _ in rounds])} s")
            shutil.rmtree(project)
        if len(per_question) > 1:
            scales = sorted(per_question)
            lines.append(f"CPU ms per added question, {scales[-1]}x / {scales[0]}x: "
                         f"{per_question[scales[-1]] / per_question[scales[0]]:.2f} (1.00 = linear)")
    print("\n".join(["", "Medians over pairs (min, max):", *lines]))


if __name__ == "__main__":
    main()
