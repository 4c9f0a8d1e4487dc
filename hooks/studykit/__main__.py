"""The command line of the study site's content core (from the project root)::

    PYTHONPATH=hooks .venv/bin/python -m studykit check [DATA_DIR] [--docs DOCS]
    PYTHONPATH=hooks .venv/bin/python -m studykit schema
    PYTHONPATH=hooks .venv/bin/python -m studykit export --format moodle --out exports/ quizzes/

``check`` validates every data file (quizzes, glossary, timelines, reading
aids) as the build does; ``schema`` rewrites quizzes/schema/*.json from the
models; ``export`` writes the LMS files without building the site.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .annotate.readings import check_all as check_readings, uncovered
from .errors import StudyDataError
from .export.build import FORMATS, load_export_quizzes, write_exports
from .load.glossary import glossary_ids, load_glossaries
from .load.quiz import load_quizzes
from .load.timeline import check_timelines
from .schemas import write_schemas
from .site import StudySite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studykit", description=__doc__.strip().splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every data file as the build does")
    check.add_argument("dir", nargs="?", default="quizzes", help="data folder (default: quizzes)")
    check.add_argument("--docs", default="docs", help="docs folder for source references (default: docs)")
    sub.add_parser("schema", help="rewrite quizzes/schema/*.json from the models")
    export = sub.add_parser("export", help="export quizzes for an LMS without building the site")
    export.add_argument("data_dir", type=Path, help="folder with <episode>/*.quiz.yml, e.g. quizzes/")
    export.add_argument("--format", choices=[*FORMATS, "all"], default="all", help="export format (default: all)")
    export.add_argument("--out", type=Path, required=True, help="output folder")
    export.add_argument("--docs", type=Path, default=Path("docs"),
                        help="docs folder for checking source references (default: docs)")
    export.add_argument("--native-ordering", action="store_true",
                        help="also write Moodle XML with Moodle's own Ordering question type (Moodle 4.4 or later) "
                             "under moodle-ordering/ (default: ordering questions as matching only)")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.command == "schema":
        for path in write_schemas(root):
            print(f"wrote {path.relative_to(root)}")
        return 0
    if args.command == "export":
        return _export(args, root)
    return _check(Path(args.dir), Path(args.docs), root)


def _check(data_dir: Path, docs_dir: Path, root: Path) -> int:
    problems = []
    lines = []
    try:
        quizzes = load_quizzes(data_dir, docs_dir, root, glossary_ids(data_dir, root))
        lines.append(f"ok: {len(quizzes.quizzes)} quizzes, {quizzes.question_count} questions")
    except StudyDataError as error:
        problems += error.problems
    try:
        glossary = load_glossaries(data_dir, root=root)
        lines.append(f"ok: {len(glossary.entries)} glossary entries")
    except StudyDataError as error:
        problems += error.problems
    site = StudySite(root, docs_dir=docs_dir, data_dir=data_dir.absolute())
    try:
        check_timelines(site)
    except StudyDataError as error:
        problems += error.problems
    try:
        for readings in check_readings(docs_dir, data_dir, root=root):
            gaps = [(ref, g) for ref, text in readings.texts.items() for _, g in uncovered(text, readings.words.get(ref, []))]
            lines.append(f"ok: {readings.episode}: {sum(map(len, readings.words.values()))} readings, "
                         f"{len(readings.data.vocabulary)} vocabulary words, {len(gaps)} kanji runs without a reading")
            lines += [f"  {ref}: {gap}" for ref, gap in gaps]
    except StudyDataError as error:
        problems += error.problems
    if problems:
        print(StudyDataError(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _export(args, root: Path) -> int:
    try:
        quizzes = load_export_quizzes(args.data_dir, args.docs, root)
    except StudyDataError as error:
        print(error, file=sys.stderr)
        return 1
    if not quizzes:
        print(f"{args.data_dir}: no *.quiz.yml files found", file=sys.stderr)
        return 1
    formats = FORMATS if args.format == "all" else (args.format,)
    problem = unusable_output(args.out)
    if problem:
        print(f"{args.out}: {problem}", file=sys.stderr)
        return 2
    try:
        written = write_exports(quizzes, args.out, formats, native_ordering=args.native_ordering)
    except OSError as error:  # e.g. a file where a sub-folder must go, a full disk
        where = error.filename or args.out
        print(f"{where}: cannot write the exports: {error.strerror or error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def unusable_output(out: Path) -> str | None:
    """Why ``out`` cannot take the exports, or None: checked before anything is written."""
    if out.exists() and not out.is_dir():
        return "is not a folder (--out must name a folder)"
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is None or not existing.is_dir():
        return "cannot be created"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write in {existing} (permission denied)"
    return None


if __name__ == "__main__":
    sys.exit(main())
