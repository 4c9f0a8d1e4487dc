"""Bad data files never get past the build, never hang it, and always say where.

Each case gives one line, ``path:line:col: field: reason`` (or ``path: reason``
for a file that cannot be read at all), fast, and never a traceback.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from support import ROOT
from projectcopy import build, copy_project
from studykit.load import glossary as gl
from studykit.load import timeline as tl
from studykit.datafile import data_file_problems
from studykit.errors import StudyDataError
from studykit.load.quiz import check_file
from studykit.docs import missing_twins
from studykit.yamlloc import load_yaml

GOOD_ENTRY = """\
  - id: {id}
    group: concept
    term: {{ja: 停戦ライン{n}, reading: ていせんらいん, en: ceasefire line {n}}}
    short: {{ja: 短い説明, en: short}}
    explanation: {{ja: 説明, en: explanation}}
"""
QUIZ = """\
id: ep90-bad
title: {ja: クイズ, en: Quiz}
questions:
  - id: bad-q
    type: truefalse
    prompt: {ja: "PROMPT", en: statement}
    source: us-stance#p1
    explanation: {ja: 説明, en: explanation}
    answer: true
"""
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + "entries: *i\n"


@contextmanager
def within(seconds: float):
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""
    def timeout(*_):
        raise TimeoutError(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def glossary_errors(root: Path) -> list[str]:
    with within(5), pytest.raises(StudyDataError) as info:
        gl.load_glossaries(root / "quizzes", root=root)
    return str(info.value).splitlines()


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- the content of a file ------------------------------------------------------------


@pytest.mark.parametrize(("content", "expected"), [
    (BOMB, "quizzes/ep1/glossary.yml:2:"),  # the first alias
    ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).encode().decode() + "  - caf\xe9\n", None),
    (b"entries:\n  - id: a\n    group: caf\xe9\n", "quizzes/ep1/glossary.yml:3:15: not UTF-8 (byte 0xe9)"),
    ("entries:\n  - id: a\n    group: con\x01cept\n", "quizzes/ep1/glossary.yml:3:15: control character U+0001 is not allowed"),
    ("entries:\n  - id: a\n    2025-02-30: x\n", "quizzes/ep1/glossary.yml:3:5: entries[0]: invalid value: day is out of range"),
    ("entries: !!python/object:os.system {x: 1}\n", "quizzes/ep1/glossary.yml:1:10: entries: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
    ("entries:\n  - !custom {id: a}\n", "quizzes/ep1/glossary.yml:2:5: entries[0]: YAML tag '!custom' is not allowed"),
    ("entries:\n  - id: !!binary aGVsbG8=\n", "quizzes/ep1/glossary.yml:2:9: entries[0].id: YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
    ("entries: " + "[" * 60 + "]" * 60 + "\n", "quizzes/ep1/glossary.yml:1:"),
], ids=["alias-bomb", "latin1-as-text-is-fine", "not-utf8", "raw-control-character", "impossible-date-key",
        "python-object-tag", "custom-tag", "binary-tag", "deep-nesting"])
def test_bad_content_is_refused_fast_and_located(tmp_path, content, expected):
    write(tmp_path, "quizzes/ep1/glossary.yml", content)
    if expected is None:  # é written as UTF-8 is text like any other: it fails on the shape, with a location
        assert all(line.startswith("quizzes/ep1/glossary.yml:") for line in glossary_errors(tmp_path))
        return
    started = time.monotonic()
    lines = glossary_errors(tmp_path)
    assert time.monotonic() - started < 2
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_alias_bomb_in_a_quiz_file_is_refused_fast(tmp_path):
    path = write(tmp_path, "quizzes/ep90/bomb.quiz.yml", BOMB.replace("entries", "questions"))
    with within(5):
        problems = check_file(path, tmp_path, ROOT / "docs")
    assert [str(p) for p in problems][0].startswith("quizzes/ep90/bomb.quiz.yml:2:"), problems
    assert "aliases" in problems[0].reason


@pytest.mark.parametrize("invisible", ["\u200b\u200b\u200b", "\u3000", "\u200b \u2060\ufeff", "\u00a0"])
def test_text_must_be_visible(tmp_path, invisible):
    path = write(tmp_path, "quizzes/ep90/blank.quiz.yml", QUIZ.replace("PROMPT", invisible))
    problems = [str(p) for p in check_file(path, tmp_path, ROOT / "docs")]
    assert any(p.startswith("quizzes/ep90/blank.quiz.yml:6:") and "questions[0].prompt.ja" in p for p in problems), problems
    entry = GOOD_ENTRY.format(id="a", n=1).replace("短い説明", f'"{invisible}"')
    write(tmp_path, "quizzes/ep1/glossary.yml", "entries:\n" + entry)
    assert glossary_errors(tmp_path)[0].startswith("quizzes/ep1/glossary.yml:5:"), glossary_errors(tmp_path)


def test_escaped_control_characters_are_refused_in_text(tmp_path):
    write(tmp_path, "quizzes/ep1/glossary.yml", "entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace("短い説明", '"短い\\x01説明"'))
    assert glossary_errors(tmp_path) == [
        "quizzes/ep1/glossary.yml:5:13: entries[0].short.ja: control character U+0001 is not allowed"]


@pytest.mark.parametrize("field", ["term: {ja: 停戦ライン1, reading: ていせんらいん, en: ceasefire line 1}",
                                   "short: {ja: 短い説明, en: short}"])
@pytest.mark.parametrize("markup", ["<svg onload=alert(1)>", "a > b", "<"])
def test_glossary_terms_and_short_definitions_are_plain_text(tmp_path, field, markup):
    entry = GOOD_ENTRY.format(id="a", n=1)
    hostile = field.replace("1}", f"1 {markup}}}") if field.startswith("term") else field.replace("short}", f"'short {markup}'}}")
    assert hostile != field
    write(tmp_path, "quizzes/ep1/glossary.yml", "entries:\n" + entry.replace(field, hostile))
    lines = glossary_errors(tmp_path)
    assert len(lines) == 1 and lines[0].endswith("must not contain < or >: glossary text is plain text"), lines
    assert lines[0].startswith("quizzes/ep1/glossary.yml:") and (".term.en" in lines[0] or ".short.en" in lines[0])


def test_glossary_and_timeline_errors_read_like_quiz_errors(tmp_path):
    entry = GOOD_ENTRY.format(id="a", n=1).replace("group: concept", "group: planet")
    write(tmp_path, "quizzes/ep1/glossary.yml", "entries:\n" + entry + "  - id: b\n    group: [x]\n")
    lines = glossary_errors(tmp_path)
    assert lines[0] == ("quizzes/ep1/glossary.yml:3:5: entries[0].group: must be one of person, place, event, "
                        "institution, concept or language")
    assert all("Input should" not in line and "Value error" not in line for line in lines), lines
    path = write(tmp_path, "timeline.yml", "as_of: 2025-02-27\nevents:\n  - id: A\n    date: 2025-02-30x\n"
                 "    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n")
    with pytest.raises(StudyDataError) as info:
        tl.load_timeline(path, "quizzes/ep1/timeline.yml")
    assert str(info.value).splitlines() == [
        "quizzes/ep1/timeline.yml:3:5: events[0].id: must be lower-case words joined by hyphens, e.g. ceasefire-line",
        "quizzes/ep1/timeline.yml:4:5: events[0].date: must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
    ]


# --- the file itself ---------------------------------------------------------------------


def odd_files(root: Path, secret: Path) -> dict[str, str]:
    """Data files that are not regular files of the project -> the reason expected."""
    ep = root / "quizzes" / "ep90"
    ep.mkdir(parents=True, exist_ok=True)
    os.mkfifo(ep / "fifo.quiz.yml")
    (ep / "folder.quiz.yml").mkdir()
    (root / "quizzes" / "ep91").mkdir()
    (root / "quizzes" / "ep91" / "glossary.yml").mkdir()
    (ep / "loop.quiz.yml").symlink_to(ep / "loop.quiz.yml")
    (ep / "dangling.quiz.yml").symlink_to(ep / "nowhere.yml")
    (ep / "zero.quiz.yml").symlink_to("/dev/zero")
    (ep / "outside.quiz.yml").symlink_to(secret)
    return {
        "quizzes/ep90/fifo.quiz.yml": "is not a regular file (a FIFO, socket or device)",
        "quizzes/ep90/folder.quiz.yml": "is a directory, not a data file",
        "quizzes/ep91/glossary.yml": "is a directory, not a data file",
        "quizzes/ep90/loop.quiz.yml": "symlink loop",
        "quizzes/ep90/dangling.quiz.yml": "broken symlink: its target does not exist",
        "quizzes/ep90/zero.quiz.yml": "resolves to a file outside the project (a symlink?); data files must be inside it",
        "quizzes/ep90/outside.quiz.yml": "resolves to a file outside the project (a symlink?); data files must be inside it",
    }


@pytest.fixture
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("elsewhere") / "private-notes.yml"
    path.write_text("id: TOP-SECRET-CONTENT\n", encoding="utf-8")
    return path


def test_odd_files_are_named_with_a_reason_without_opening_them(tmp_path, secret):
    expected = odd_files(tmp_path, secret)
    with within(5):
        problems = data_file_problems(tmp_path / "quizzes", tmp_path)
    assert sorted(str(p) for p in problems) == sorted(f"{path}: {reason}" for path, reason in expected.items())


@pytest.mark.parametrize("name", ["fifo", "folder", "loop", "dangling", "zero"])
def test_reading_an_odd_file_directly_fails_in_one_line(tmp_path, secret, name):
    odd_files(tmp_path, secret)
    with within(5), pytest.raises(StudyDataError) as info:
        load_yaml(tmp_path / "quizzes" / "ep90" / f"{name}.quiz.yml", f"quizzes/ep90/{name}.quiz.yml")
    message = str(info.value)
    assert message.startswith(f"quizzes/ep90/{name}.quiz.yml") and "\n" not in message, message
    assert "TOP-SECRET" not in message and "private-notes" not in message


def test_a_glossary_linked_from_outside_the_project_is_refused_unread(tmp_path, secret):
    secret.write_text("entries:\n" + GOOD_ENTRY.format(id="TOP-SECRET-CONTENT", n=1), encoding="utf-8")
    (tmp_path / "quizzes" / "ep1").mkdir(parents=True)
    (tmp_path / "quizzes" / "ep1" / "glossary.yml").symlink_to(secret)
    lines = glossary_errors(tmp_path)
    assert lines == ["quizzes/ep1/glossary.yml: resolves to a file outside the project (a symlink?); data files must be inside it"]


def _outcome(function) -> str:
    try:
        return str(function())
    except BaseException as error:  # noqa: BLE001 - the outcome is compared as text
        return f"{type(error).__name__}: {error}"


def _as_nobody(function) -> str:
    """``function()`` in a forked child that gave up root (which reads everything); its outcome as text."""
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        os.write(write_end, _outcome(function).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read, "rb") as pipe:
        output = pipe.read().decode()
    os.waitpid(pid, 0)
    return output


def test_an_unreadable_file_is_named():
    """chmod 000 does not stop root, who runs these tests in the container: then the file is read as nobody."""
    folder = Path(tempfile.mkdtemp(prefix="ss-unreadable-"))  # in /tmp, which nobody can reach
    path = folder / "glossary.yml"
    try:
        folder.chmod(0o755)
        path.write_text("entries: []\n", encoding="utf-8")
        path.chmod(0)
        load = lambda: load_yaml(path, "quizzes/ep1/glossary.yml")  # noqa: E731
        output = _as_nobody(load) if os.geteuid() == 0 else _outcome(load)
        assert output == "StudyDataError: quizzes/ep1/glossary.yml: cannot be read (permission denied)", output
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()


def test_a_missing_language_twin_is_named(tmp_path):
    write(tmp_path, "docs/a.md", "# A")
    write(tmp_path, "docs/a.en.md", "# A")
    write(tmp_path, "docs/sub/b.md", "# B")
    write(tmp_path, "docs/c.en.md", "# C")
    assert [str(p) for p in missing_twins(tmp_path / "docs", tmp_path)] == [
        "docs/c.en.md: has no Japanese twin: add docs/c.md",
        "docs/sub/b.md: has no English twin: add docs/sub/b.en.md",
    ]


# --- study markers ------------------------------------------------------------------------


def run_marker(markdown: str, front_matter: str = ""):
    """Run the hook's on_page_markdown on a page; returns its output or the error message."""
    import study
    from mkdocs.exceptions import PluginError

    page = SimpleNamespace(file=SimpleNamespace(src_uri="ep90/x.md", content_string=front_matter + markdown), meta={})
    theme = type("Theme", (dict,), {"custom_dir": str(ROOT / "overrides")})(language="ja")  # item and attribute access, as MkDocs'
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), theme=theme,
                             markdown_extensions=[], mdx_configs={})
    try:
        return study.on_page_markdown(markdown, page, config, None)
    except PluginError as error:
        return f"error: {error}"


@pytest.mark.parametrize(("line", "column", "marker"), [
    (3, 1, "<!-- study: quiz ep90-china-key -->"),
    (3, 3, "  <!-- study:quiz ep90-china-key -->"),
    (3, 1, "<!-- study:quiz ep90-china-key extra -->"),
    (3, 1, "<!-- study:quiz ep90-china-key ->"),
    (3, 6, "Text <!-- study:quiz ep90-china-key --> after"),
])
def test_malformed_markers_fail_with_the_real_line(line, column, marker):
    front = "---\ntitle: X\nsearch:\n  exclude: true\n---\n"
    out = run_marker(f"# Title\n\n{marker}\n", front)
    assert out.startswith(f"error: docs/ep90/x.md:{line + 5}:{column}: study marker: malformed"), out


def test_a_marker_missing_its_argument_says_so():
    out = run_marker("# Title\n\ntext\n<!-- study:quiz -->\n")
    assert out == ("error: docs/ep90/x.md:4:1: study:quiz: needs an argument, e.g. <!-- study:quiz ep90-us-stance -->")


@pytest.mark.parametrize("kind", ["notice", "timeline"])
def test_an_episode_marker_without_its_episode_says_so(kind):
    """No marker falls back to episode 90: a second episode would silently show ep90's data."""
    out = run_marker(f"# Title\n\n<!-- study:{kind} -->\n")
    assert out.startswith(f"error: docs/ep90/x.md:3:1: study:{kind}: needs an argument"), out


def test_a_renderer_error_points_at_the_marker_line():
    out = run_marker("# Title\n\n\n<!-- study:timeline ep99 -->\n")
    assert out == "error: docs/ep90/x.md:4:1: study:timeline: no timeline file quizzes/ep99/timeline.yml"


def test_an_unknown_marker_points_at_its_line():
    out = run_marker("# Title\n\n<!-- study:quizz ep90-china-key -->\n")
    assert out == "error: docs/ep90/x.md:3:1: study marker: unknown study marker '<!-- study:quizz ep90-china-key -->'"


# --- the whole build ----------------------------------------------------------------------


def test_the_build_stops_on_odd_files_in_one_line_each(tmp_path, secret):
    project = copy_project(tmp_path / "project")
    expected = odd_files(project, secret)
    started = time.monotonic()
    result = build(project, tmp_path / "site", timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and time.monotonic() - started < 300
    assert "Traceback" not in output and "TOP-SECRET" not in output and "private-notes" not in output, output
    for path, reason in expected.items():
        assert f"{path}: {reason}" in output, output
