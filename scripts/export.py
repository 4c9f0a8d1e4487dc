#!/usr/bin/env python3
"""Export quizzes for an LMS: ``python scripts/export.py --format gift --out exports/ quizzes/``.

A thin wrapper around ``python -m studykit export`` that sets up the import path.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from studykit.__main__ import main  # noqa: E402

sys.exit(main(["export", *sys.argv[1:]]))
