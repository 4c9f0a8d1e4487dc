"""The study scripts type-check: every docs/assets/study/*.js starts with
// @ts-check and `tsc -p tsconfig.json` (TypeScript pinned in package.json,
no emit, JSDoc types, globals in types/study.d.ts) reports no error, in strict
mode: no implicit any, null and undefined checked."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT

TSC = ROOT / "node_modules" / ".bin" / "tsc"
SCRIPTS = sorted((ROOT / "docs" / "assets" / "study").glob("*.js"))


def run_tsc(project: Path) -> subprocess.CompletedProcess:
    assert TSC.exists(), "TypeScript is missing: run `npm ci` (scripts/setup.sh --dev)"
    return subprocess.run([str(TSC), "-p", str(project / "tsconfig.json"), "--pretty", "false"],
                          cwd=project, capture_output=True, text=True, timeout=300)


def test_typescript_is_pinned_and_locked():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["typescript"]
    assert version[0].isdigit(), f"pin typescript exactly, not {version!r}"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/typescript"]["version"] == version


def test_every_study_script_is_type_checked():
    assert SCRIPTS
    config = json.loads((ROOT / "tsconfig.json").read_text(encoding="utf-8"))
    assert config["compilerOptions"]["checkJs"] and config["compilerOptions"]["noEmit"]
    assert config["compilerOptions"]["strict"] is True
    assert "docs/assets/study/*.js" in config["include"]
    for script in SCRIPTS:
        assert script.read_text(encoding="utf-8").startswith("// @ts-check\n"), script.name


def test_study_scripts_have_no_type_errors():
    result = run_tsc(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# Lines planted at the start of quiz.js's loadProgress(), and what tsc must say:
# a property no element has, and two errors only strict mode reports.
PLANTED = {
    "unknown property": ("    document.body.checked = true;\n", "Property 'checked' does not exist"),
    "implicit any": ("    var same = function (x) { return x; };\n", "error TS7006: Parameter 'x' implicitly has an 'any' type"),
    "possibly null": ("    document.querySelector(\"p\").hidden = true;\n", "error TS2531: Object is possibly 'null'"),
}


@pytest.mark.parametrize("name", PLANTED)
def test_type_check_can_fail(tmp_path, name):
    """The same check over a copy of the scripts with one error planted in quiz.js."""
    line, message = PLANTED[name]
    for name in ("tsconfig.json", "types"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    study = tmp_path / "docs" / "assets" / "study"
    shutil.copytree(ROOT / "docs" / "assets" / "study", study)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    quiz = study / "quiz.js"
    text = quiz.read_text(encoding="utf-8")
    anchor = "  function loadProgress() {\n"
    assert anchor in text
    quiz.write_text(text.replace(anchor, anchor + line), encoding="utf-8")
    result = run_tsc(tmp_path)
    assert result.returncode != 0
    assert "quiz.js" in result.stdout and message in result.stdout, result.stdout
