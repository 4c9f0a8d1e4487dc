"""Command line: export quizzes for an LMS without building the site.

    PYTHONPATH=hooks python -m studykit.export --format moodle --out exports/ quizzes/
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import StudyDataError
from .build import FORMATS, load_export_quizzes, write_exports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studykit.export", description=__doc__.strip().splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="folder with <episode>/*.quiz.yml, e.g. quizzes/")
    parser.add_argument("--format", choices=[*FORMATS, "all"], default="all", help="export format (default: all)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder for checking source references (default: docs)")
    parser.add_argument("--native-ordering", action="store_true",
                        help="also write Moodle XML with Moodle's own Ordering question type (Moodle 4.4 or later) "
                             "under moodle-ordering/ (default: ordering questions as matching only)")
    args = parser.parse_args(argv)
    root = Path.cwd()
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
