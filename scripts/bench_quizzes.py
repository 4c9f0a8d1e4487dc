#!/usr/bin/env python3
"""Time the site build with N synthetic quiz questions against the same site without them.

    .venv/bin/python scripts/bench_quizzes.py                 # 200 and 2000 questions
    .venv/bin/python scripts/bench_quizzes.py -n 500 -r 3

Each run copies the project to a temporary folder, adds synthetic quiz files
(every question type, QUESTIONS_PER_FILE per file) plus one Japanese and one
English page per quiz, and runs ``mkdocs build --strict``. The baseline is the
same copy without them. Reported: best wall time of ``--repeat`` builds, the
extra time, and the extra time per question (flat per-question cost = linear);
then the quiz engine alone (load and check every quiz file once, render every
synthetic quiz in both languages), the rest of the extra time being the other
per-question work of the build (exports, search index, page writing).
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def make_project(target: Path, questions: int) -> None:
    for name in ("docs", "hooks", "overrides", "quizzes"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    bench = target / "quizzes" / "ep90"
    pages = target / "docs" / "ep90" / "bench"
    pages.mkdir()
    for f, start in enumerate(range(0, questions, QUESTIONS_PER_FILE)):
        body = "".join(question(n) for n in range(start, min(start + QUESTIONS_PER_FILE, questions)))
        (bench / f"bench-{f}.quiz.yml").write_text(
            f'id: bench-{f}\ntitle: {{ja: "ベンチ{f}", en: "Bench {f}"}}\nquestions:\n{body}', encoding="utf-8")
        for suffix in (".md", ".en.md"):
            (pages / f"bench-{f}{suffix}").write_text(f"# Bench {f}\n\n<!-- study:quiz bench-{f} -->\n", encoding="utf-8")


def build(project: Path, repeat: int) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
                                cwd=project, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"build failed in {project}:\n{result.stdout}{result.stderr}")
        best = min(best, elapsed)
    return best


ENGINE = """
import sys, time
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root / "hooks"))
from studykit.site import StudySite
from studykit.render.quiz import render_quiz, site_quizzes
site = StudySite(root)
start = time.perf_counter()
quizzes = site_quizzes(site)
loaded = time.perf_counter()
for lq in quizzes.quizzes:
    if lq.quiz.id.startswith("bench-"):
        for language in ("ja", "en"):
            render_quiz(site, lq.quiz.id, language=language, page_path=f"ep90/bench/{lq.quiz.id}.md")
print(loaded - start, time.perf_counter() - loaded)
"""


def engine(project: Path) -> tuple[float, float]:
    """The quiz engine alone in a fresh process: load + check all files, render both languages."""
    result = subprocess.run([sys.executable, "-c", ENGINE, str(project)], capture_output=True, text=True, check=True)
    load, render = map(float, result.stdout.split())
    return load, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--questions", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("-r", "--repeat", type=int, default=2, help="builds per size; the best time counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-quizzes-") as tmp:
        baseline_dir = Path(tmp) / "baseline"
        make_project(baseline_dir, 0)
        baseline = build(baseline_dir, args.repeat)
        print(f"baseline (no synthetic quizzes): {baseline:.2f} s")
        print(f"{'questions':>9} {'files':>5} {'build s':>8} {'extra s':>8} {'ms/question':>11}"
              f" | {'engine: load+check s':>20} {'render ja+en s':>14}")
        for n in args.questions:
            project = Path(tmp) / f"q{n}"
            make_project(project, n)
            seconds = build(project, args.repeat)
            files = -(-n // QUESTIONS_PER_FILE)
            extra = seconds - baseline
            load, render = engine(project)
            print(f"{n:>9} {files:>5} {seconds:>8.2f} {extra:>8.2f} {1000 * extra / n:>11.2f}"
                  f" | {load:>20.2f} {render:>14.2f}")


if __name__ == "__main__":
    main()
