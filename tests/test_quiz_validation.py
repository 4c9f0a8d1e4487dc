"""Quiz files: every kind of bad file gives one compiler-style message, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support import ROOT
from studykit.errors import StudyDataError
from studykit.load.quiz import _PARSED, check_file, check_glossary_refs, load_file, load_quizzes

FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"
BAD = FIXTURES / "bad" / "ep90"
DOCS = ROOT / "docs"
F = "tests/fixtures/quizzes/bad/ep90/"

EXPECTED = {
    "missing-translation": ["18:9: questions[0].options[1].feedback.en: field required"],
    "unknown-field": ["12:5: questions[0].hint: unknown field"],
    "unknown-tag": ["12:28: questions[0].tags[1]: unknown tag 'opinion': use verified-event, authors-claim, authors-judgement"],
    "bad-type": ["9:5: questions[0].type: must be one of single, multiple, truefalse, fill, order, match"],
    "missing-type": ["8:5: questions[0].type: field required"],
    "source-paragraph": [
        "11:5: questions[0].source: no paragraph '#p99' in docs/ep90/us-stance.md",
        "11:5: questions[0].source: no paragraph '#p99' in docs/ep90/us-stance.en.md",
    ],
    "source-section": ["11:5: questions[0].source: no section page docs/ep90/no-such-section.md"],
    "source-format": ["11:5: questions[0].source: must be <section-slug>#p<N>, e.g. us-stance#p2"],
    "section-missing": ["4:1: section: no section page docs/ep90/no-such-section.md"],
    "yaml-syntax": ["15:13: YAML syntax error: did not find expected ',' or ']'"],
    "empty": ["1:1: file is empty"],
    "comments-only": ["1:1: file is empty"],
    "not-a-mapping": ["1:1: expected a mapping with id, title and questions"],
    "duplicate-question-id": [
        "19:5: questions[1].id: duplicate question id 'bad-single' (first used at "
        f"{F}duplicate-question-id.quiz.yml:8:5)"
    ],
    "duplicate-key": ["12:5: questions[0].source: duplicate key"],
    "single-two-correct": ["13:5: questions[0].options: a single-choice question needs exactly one correct option, found 2"],
    "multiple-no-correct": ["13:5: questions[0].options: a multiple-choice question needs at least one correct option"],
    "distractor-option": ["17:16: questions[0].options[1].text.ja: a distractor equal to correct answer options[0] after normalisation"],
    "distractor-fill": ["15:24: questions[0].distractors[0].answers.ja[0]: distractor 'ボトム・ライン' equals an accepted answer after normalisation"],
    "fill-no-blank": ["10:36: questions[0].prompt.en: a fill-in question needs exactly one blank (＿＿＿ or ___), found 0"],
    "empty-text": ["16:33: questions[0].options[0].feedback.en: must not be empty"],
    "bad-id": ["8:5: questions[0].id: must be lower-case words joined by hyphens, e.g. ceasefire-line"],
    "too-few-options": ["13:5: questions[0].options: needs at least 2 items, found 1"],
    "no-questions": ["7:1: questions: needs at least 1 item, found 0"],
}


def test_every_bad_fixture_has_an_expectation():
    assert sorted(p.name.removesuffix(".quiz.yml") for p in BAD.glob("*.quiz.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_message(name):
    problems = check_file(BAD / f"{name}.quiz.yml", ROOT, DOCS)
    assert [str(p) for p in problems] == [f"{F}{name}.quiz.yml:{m}" for m in EXPECTED[name]]


def test_good_fixture_and_real_quizzes_are_valid():
    assert check_file(FIXTURES / "ep90" / "good.quiz.yml", ROOT, DOCS) == []
    quizzes = load_quizzes(ROOT / "quizzes", DOCS, ROOT)
    assert quizzes.question_count > 0


def test_duplicate_ids_across_files():
    with pytest.raises(StudyDataError) as error:
        load_quizzes(FIXTURES / "dup", DOCS, ROOT)
    d = "tests/fixtures/quizzes/dup/ep90/"
    assert str(error.value).splitlines() == [
        f"{d}b.quiz.yml:3:1: id: duplicate quiz id 'dup-quiz' (first used at {d}a.quiz.yml:3:1)",
        f"{d}b.quiz.yml:8:5: questions[0].id: duplicate question id 'bad-single' (first used at {d}a.quiz.yml:8:5)",
    ]


def test_glossary_refs_checked_against_known_ids():
    lq, problems = load_file(FIXTURES / "ep90" / "good.quiz.yml", ROOT)
    assert problems == []
    assert check_glossary_refs([lq], {"nato"}) == []
    [problem] = check_glossary_refs([lq], {"crimea"})
    assert str(problem) == "tests/fixtures/quizzes/ep90/good.quiz.yml:12:16: questions[0].glossary[0]: unknown glossary entry 'nato'"


def test_cache_is_keyed_by_mtime_and_size(tmp_path):
    target = tmp_path / "ep90" / "x.quiz.yml"
    target.parent.mkdir()
    shutil.copy(FIXTURES / "ep90" / "good.quiz.yml", target)
    first, _ = load_file(target, tmp_path)
    assert load_file(target, tmp_path)[0] is first  # unchanged: parsed once
    target.write_text(target.read_text(encoding="utf-8").replace("Test quiz", "Changed"), encoding="utf-8")
    changed, _ = load_file(target, tmp_path)
    assert changed is not first and changed.quiz.title.en == "Changed"
    assert target.resolve() in _PARSED


def test_cli_check_reports_problems_and_exit_code():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    bad = subprocess.run([sys.executable, "-m", "studykit", "check", str(FIXTURES / "dup")],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "duplicate quiz id 'dup-quiz'" in bad.stderr
    assert "Traceback" not in bad.stderr
    good = subprocess.run([sys.executable, "-m", "studykit", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("ok: ")


def test_mkdocs_build_stops_with_the_message_and_no_traceback(tmp_path):
    """A bad quiz file that no page uses still stops the build, with file:line:col."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "hooks", "overrides", "quizzes"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(BAD / "missing-translation.quiz.yml", project / "quizzes" / "ep90" / "zz-bad.quiz.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "quizzes/ep90/zz-bad.quiz.yml:18:9: questions[0].options[1].feedback.en: field required" in output
    assert "Traceback" not in output


def test_serve_keeps_the_last_good_quizzes(tmp_path):
    """mkdocs serve would hold every request after a failed rebuild: while serving,
    a bad file yields the last good set plus the error; a build still fails."""
    from studykit.render.quiz import quizzes_or_last_good
    from studykit.site import StudySite

    data = tmp_path / "quizzes" / "ep90"
    data.mkdir(parents=True)
    target = data / "x.quiz.yml"
    shutil.copy(FIXTURES / "ep90" / "good.quiz.yml", target)
    site = StudySite(ROOT)
    site.data_dir = tmp_path / "quizzes"
    site.serving = True
    good, error = quizzes_or_last_good(site)
    assert error is None and good.get("fixture-good")
    shutil.copy(BAD / "missing-translation.quiz.yml", target)
    last, error = quizzes_or_last_good(site)
    assert last is good and "x.quiz.yml:18:9: questions[0].options[1].feedback.en: field required" in str(error)
    site.serving = False
    with pytest.raises(StudyDataError):
        quizzes_or_last_good(site)


def test_the_hook_keeps_one_study_site_across_serve_rebuilds():
    """mkdocs serve loads the config again for every rebuild, but MkDocs loads a hook module
    once per process: the hook's StudySite, and its last good quiz set, outlive a rebuild."""
    from mkdocs.config import load_config

    first, second = (load_config(str(ROOT / "mkdocs.yml")) for _ in range(2))
    hook = first["hooks"]["hooks/study.py"]
    assert second["hooks"]["hooks/study.py"] is hook
    assert hook._study(first) is hook._study(second)
