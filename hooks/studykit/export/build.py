"""Which export files exist, and writing them: shared by the build hook, the teacher pages and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..load.quiz import load_quizzes
from ..datafile import LANGUAGES
from ..models.quiz import Quiz
from .gift import export_gift
from .moodle import export_moodle
from .qti import export_qti

FORMATS = ("moodle", "gift", "qti")
ALL = "all-quizzes"
ALL_TITLE = {"ja": "全クイズ", "en": "All quizzes"}


@dataclass(frozen=True)
class ExportFile:
    format: str  # moodle | moodle-ordering | gift | qti
    path: str  # relative to the export root, e.g. "gift/ep90-us-stance.ja.gift"
    quiz_id: str  # a quiz id, or ALL
    language: str | None  # None: both languages in one file (Moodle XML)

    @property
    def key(self) -> str:
        """e.g. "moodle-both", "gift-ja": what the exports page links by."""
        return f"{self.format}-{self.language or 'both'}"


def load_export_quizzes(data_dir: Path, docs_dir: Path, root: Path) -> list[Quiz]:
    """Validated by the quiz loader (errors as path:line:col), in reading order."""
    quiz_set = load_quizzes(Path(data_dir), Path(docs_dir), Path(root))
    return in_reading_order([lq.quiz for lq in quiz_set.quizzes], Path(root))


def in_reading_order(quizzes: list[Quiz], root: Path) -> list[Quiz]:
    """Quizzes in the order their pages appear in mkdocs.yml's nav (the order of the text);
    quizzes without a page keep file order at the end. Plain text search: no MkDocs import."""
    config = Path(root) / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""

    def position(quiz: Quiz) -> int:
        found = text.find(f"{quiz.episode}/quiz/{quiz.slug}.md")
        return found if found >= 0 else len(text) + 1

    return sorted(quizzes, key=position)


def _targets(quizzes: list[Quiz]) -> list[tuple[str, str, list[Quiz]]]:
    """(file stem, title key, quizzes) for each quiz and for all of them together."""
    return [(q.id, q.id, [q]) for q in quizzes] + [(ALL, ALL, list(quizzes))]


def _moodle_plan(stem: str, quiz_id: str, group: list[Quiz], native_ordering: bool, cache: dict) -> list[tuple[ExportFile, Callable[[], bytes]]]:
    """The multilang file and one per language; with ``native_ordering`` the same under
    moodle-ordering/, for the quizzes that have an ordering question."""
    folder, kind = ("moodle-ordering", "moodle-ordering") if native_ordering else ("moodle", "moodle")
    if native_ordering and not any(q.type == "order" for quiz in group for q in quiz.questions):
        return []
    return [(ExportFile(kind, f"{folder}/{stem}{'.' + lang if lang else ''}.xml", quiz_id, lang),
             partial(_encoded, export_moodle, group, lang, native_ordering, cache))
            for lang in (None, *LANGUAGES)]


def _encoded(export: Callable[..., str], *args) -> bytes:
    return export(*args).encode()


def _plan(quizzes: list[Quiz], formats: tuple[str, ...], native_ordering: bool) -> list[tuple[ExportFile, Callable[[], bytes]]]:
    """Every export file, with a call that makes its bytes: one list for the names
    (teacher pages) and the contents (the build), so the two cannot disagree."""
    titles = {q.id: q.title for q in quizzes}
    plan: list[tuple[ExportFile, Callable[[], bytes]]] = []
    cache: dict = {}  # each question's text per format and language, shared by the files
    for stem, quiz_id, group in _targets(quizzes):
        if "moodle" in formats:
            plan.extend(_moodle_plan(stem, quiz_id, group, False, cache))
            if native_ordering:
                plan.extend(_moodle_plan(stem, quiz_id, group, True, cache))
        for lang in LANGUAGES:
            if "gift" in formats:
                plan.append((ExportFile("gift", f"gift/{stem}.{lang}.gift", quiz_id, lang),
                             partial(_encoded, export_gift, group, lang, cache)))
            if "qti" in formats:
                title = titles[quiz_id][lang] if quiz_id in titles else ALL_TITLE[lang]
                plan.append((ExportFile("qti", f"qti/{stem}.{lang}.zip", quiz_id, lang),
                             partial(export_qti, group, lang, f"{stem}-{lang}", title, cache)))
    return plan


def export_files(quizzes: list[Quiz], formats: tuple[str, ...] = FORMATS,
                 native_ordering: bool = True) -> list[tuple[ExportFile, bytes]]:
    """Every export file with its bytes. ``native_ordering``: also the Moodle XML files
    that use Moodle's Ordering question type (core since Moodle 4.4) under moodle-ordering/."""
    return [(export, make()) for export, make in _plan(quizzes, formats, native_ordering)]


def exports_of(data_dir: Path, docs_dir: Path, root: Path) -> list[tuple[ExportFile, bytes]]:
    """Every export file of the project's quizzes, from their files alone (one call, so
    the build can run it in its side process: studykit.publish.sidework)."""
    return export_files(load_export_quizzes(data_dir, docs_dir, root))


def export_list(quizzes: list[Quiz], formats: tuple[str, ...] = FORMATS,
                native_ordering: bool = True) -> list[ExportFile]:
    """The files :func:`export_files` makes, without making them (for the links to them)."""
    return [export for export, _make in _plan(quizzes, formats, native_ordering)]


def data_fingerprint(data_dir: Path, root: Path) -> tuple:
    """What the exports depend on: the quiz files and mkdocs.yml (for their order)."""
    files = sorted(Path(data_dir).rglob("*.quiz.yml")) + [Path(root) / "mkdocs.yml"]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


def write_exports(quizzes: list[Quiz], out_dir: Path, formats: tuple[str, ...] = FORMATS,
                  native_ordering: bool = True) -> list[Path]:
    """Write every export under ``out_dir``; files whose bytes are unchanged are left alone."""
    return write_export_files(export_files(quizzes, formats, native_ordering), out_dir)


def write_export_files(files: list[tuple[ExportFile, bytes]], out_dir: Path) -> list[Path]:
    """Write export files made by :func:`export_files` under ``out_dir``, each only if its bytes changed."""
    written = []
    for export, data in files:
        target = Path(out_dir) / export.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written.append(target)
    return written
