"""Command line: export quizzes for an LMS without building the site.

    PYTHONPATH=hooks python -m studykit.export --format moodle --out exports/ quizzes/
"""

from __future__ import annotations

import argparse
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
    for path in write_exports(quizzes, args.out, formats):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
