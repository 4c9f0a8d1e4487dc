"""Throw-away copies of the project for tests that change data files.

Tests never modify the real tree: they copy it (without .git, the venv and
node_modules), change the copy, and build or serve that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT

IGNORE = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "__pycache__", ".pytest_cache", ".ci")


def copy_project(target: Path) -> Path:
    """A copy of the project at ``target`` (which must not exist yet)."""
    shutil.copytree(ROOT, target, ignore=IGNORE, symlinks=True)
    return target


def build(project: Path, site_dir: Path, site_url: str = "http://127.0.0.1:8000/", timeout: float = 600):
    """``mkdocs build --strict`` of ``project``; returns the CompletedProcess (never raises on failure)."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=timeout,
    )
