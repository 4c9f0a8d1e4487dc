"""``python -m studykit.quiz check [DIR]`` / ``python -m studykit.quiz schema``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import StudyDataError
from .load.quiz import load_quizzes
from .render.quiz import glossary_ids
from .schemas import write_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studykit.quiz")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate quiz files")
    check.add_argument("dir", nargs="?", default="quizzes", help="quiz data folder (default: quizzes)")
    check.add_argument("--docs", default="docs", help="docs folder for source references (default: docs)")
    sub.add_parser("schema", help="rewrite quizzes/schema/quiz.schema.json from the models")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.command == "schema":
        print(f"wrote {write_schema(root)}")
        return 0
    try:
        quizzes = load_quizzes(Path(args.dir), Path(args.docs), root, glossary_ids(Path(args.dir), root))
    except StudyDataError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(quizzes.quizzes)} quizzes, {quizzes.question_count} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
