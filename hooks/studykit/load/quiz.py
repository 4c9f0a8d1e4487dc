"""Load and check every quiz file, reporting problems as ``path:line:col: field: reason``.

Parsed files are cached per path while the file is unchanged (``filecache.py``):
static-i18n runs one full build per language in the same process, and
``mkdocs serve`` rebuilds in the same process, so unchanged files are parsed
once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..errors import Problem, StudyDataError
from ..yamlloc import Loc, Located, format_loc, load_yaml, pydantic_problems
from ..datafile import BLANK, LANGUAGES, file_problem, shown_path
from ..filecache import FileCache
from ..docs import SUFFIX, paragraph_ids
from ..models.quiz import (CATEGORY_TAGS, RETIRED_TAGS, FillQuestion, MatchQuestion, MultipleQuestion,
                     OrderQuestion, Quiz, SingleQuestion)
from ..text.normalize import normalize
from .quotations import check_quotations

QUIZ_GLOB = "*/*.quiz.yml"


@dataclass
class LoadedQuiz:
    path: str  # relative to the project root, as shown in messages
    episode: str  # folder name under quizzes/, e.g. ep90
    quiz: Quiz
    located: Located

    def problem(self, loc: Loc, reason: str) -> Problem:
        return self.located.problem(loc, reason)


@dataclass
class QuizSet:
    quizzes: list[LoadedQuiz] = field(default_factory=list)

    def get(self, quiz_id: str) -> LoadedQuiz | None:
        return next((q for q in self.quizzes if q.quiz.id == quiz_id), None)

    @property
    def question_count(self) -> int:
        return sum(len(q.quiz.questions) for q in self.quizzes)


# absolute path -> (LoadedQuiz | None, its problems): a file with problems is not parsed again either.
_PARSED: FileCache[tuple[LoadedQuiz | None, list[Problem]]] = FileCache("quiz files")


# The tags a file may still carry include retired ones; name only those to use.
TAG_REASON = {"tags": lambda value: f"unknown tag '{value}': use {', '.join(CATEGORY_TAGS)}"}


def load_file(path: Path, root: Path, within: Path | None = None) -> tuple[LoadedQuiz | None, list[Problem]]:
    """Parse and validate the shape of one file (cached while the file is unchanged).

    ``within``: the folder the file must really be in (default ``root``); a
    symlink that leads out of it is refused."""
    path = Path(path).absolute()
    shown = shown_path(path, root)
    # Checked before anything touches the file: a FIFO, a loop or a link out of the
    # project must give one line (never a hang, a traceback or the link's target).
    bad = file_problem(path, within or root)
    if bad:
        return None, [Problem(shown, 1, 1, "", bad)]
    return _PARSED.get(path, [path], lambda: _parse(path, shown))


def _parse(path: Path, shown: str) -> tuple[LoadedQuiz | None, list[Problem]]:
    loaded, problems = None, []
    try:
        located = load_yaml(path, shown)
        if not isinstance(located.data, dict):
            problems = [located.problem((), "expected a mapping with id, title and questions")]
        else:
            loaded = LoadedQuiz(shown, path.parent.name, Quiz.model_validate(located.data, context={"episode": path.parent.name}), located)
    except StudyDataError as error:
        problems = error.problems
    except ValidationError as error:
        problems = pydantic_problems(located, error, TAG_REASON)
    return loaded, problems


def check_quiz(lq: LoadedQuiz, docs_dir: Path) -> list[Problem]:
    """Rules within one file that pydantic cannot see: answers, blanks, source references."""
    problems: list[Problem] = []
    quiz = lq.quiz
    if quiz.section is not None and paragraph_ids(docs_dir, lq.episode, quiz.section, "ja") is None:
        problems.append(lq.problem(("section",), f"no section page docs/{lq.episode}/{quiz.section}.md"))
    for i, q in enumerate(quiz.questions):
        at = ("questions", i)
        many = not isinstance(q.source, str)
        if many and len(set(q.sources)) != len(q.sources):
            problems.append(lq.problem(at + ("source",), "cites the same paragraph twice"))
        for k, ref in enumerate(q.sources):
            where = at + (("source", k) if many else ("source",))
            slug, paragraph = ref.split("#")
            for language in LANGUAGES:
                ids = paragraph_ids(docs_dir, lq.episode, slug, language)
                if ids is None:
                    if language == "ja":  # a missing English twin is reported by the build's twin check
                        problems.append(lq.problem(where, f"no section page docs/{lq.episode}/{slug}.md"))
                        break
                    continue
                if paragraph not in ids:
                    problems.append(lq.problem(where, f"no paragraph '#{paragraph}' in docs/{lq.episode}/{slug}{SUFFIX[language]}"))
        if isinstance(q, (SingleQuestion, MultipleQuestion)):
            correct = [j for j, o in enumerate(q.options) if o.correct]
            if isinstance(q, SingleQuestion) and len(correct) != 1:
                problems.append(lq.problem(at + ("options",), f"a single-choice question needs exactly one correct option, found {len(correct)}"))
            if isinstance(q, MultipleQuestion) and not correct:
                problems.append(lq.problem(at + ("options",), "a multiple-choice question needs at least one correct option"))
            for lang in LANGUAGES:
                seen: dict[str, int] = {}
                for j, option in enumerate(q.options):
                    key = normalize(option.text[lang])
                    if key in seen:
                        first = q.options[seen[key]]
                        what = "a distractor equal to correct answer" if first.correct != option.correct else "same answer as option"
                        problems.append(lq.problem(at + ("options", j, "text", lang), f"{what} options[{seen[key]}] after normalisation"))
                    else:
                        seen[key] = j
        elif isinstance(q, FillQuestion):
            for lang in LANGUAGES:
                blanks = len(BLANK.findall(q.prompt[lang]))
                if blanks != 1:
                    problems.append(lq.problem(at + ("prompt", lang), f"a fill-in question needs exactly one blank (＿＿＿ or ___), found {blanks}"))
            # Answers in either language are accepted, so compare across both.
            accepted: set[str] = set()
            for lang in LANGUAGES:
                for k, answer in enumerate(q.answers[lang]):
                    if not normalize(answer):
                        problems.append(lq.problem(at + ("answers", lang, k), "answer is empty after normalisation"))
                    accepted.add(normalize(answer))
            for d, distractor in enumerate(q.distractors):
                for lang in LANGUAGES:
                    for k, wrong in enumerate(distractor.answers[lang]):
                        if normalize(wrong) in accepted:
                            problems.append(lq.problem(at + ("distractors", d, "answers", lang, k), f"distractor '{wrong}' equals an accepted answer after normalisation"))
        elif isinstance(q, OrderQuestion):
            problems += _duplicates(lq, [(at + ("items", j), item) for j, item in enumerate(q.items)], "item")
        elif isinstance(q, MatchQuestion):
            problems += _duplicates(lq, [(at + ("pairs", j, "left"), p.left) for j, p in enumerate(q.pairs)], "left side")
            problems += _duplicates(lq, [(at + ("pairs", j, "right"), p.right) for j, p in enumerate(q.pairs)], "right side")
    return problems


def _duplicates(lq: LoadedQuiz, texts, what: str) -> list[Problem]:
    problems = []
    for lang in LANGUAGES:
        seen: dict[str, Loc] = {}
        for loc, text in texts:
            key = normalize(text[lang])
            if key in seen:
                problems.append(lq.problem(loc + (lang,), f"same {what} as {_fmt(seen[key])}; the answer would be ambiguous"))
            else:
                seen[key] = loc
    return problems


def _fmt(loc: Loc) -> str:
    return format_loc(loc[2:]) if loc[:1] == ("questions",) else format_loc(loc)


def check_unique_ids(quizzes: Iterable[LoadedQuiz]) -> list[Problem]:
    problems = []
    quiz_ids: dict[str, str] = {}
    question_ids: dict[str, str] = {}
    for lq in quizzes:
        where = lq.problem(("id",), "")
        first = quiz_ids.setdefault(lq.quiz.id, f"{where.path}:{where.line}:{where.column}")
        if first != f"{where.path}:{where.line}:{where.column}":
            problems.append(lq.problem(("id",), f"duplicate quiz id '{lq.quiz.id}' (first used at {first})"))
        for i, q in enumerate(lq.quiz.questions):
            p = lq.problem(("questions", i, "id"), "")
            here = f"{p.path}:{p.line}:{p.column}"
            first = question_ids.setdefault(q.id, here)
            if first != here:
                problems.append(lq.problem(("questions", i, "id"), f"duplicate question id '{q.id}' (first used at {first})"))
    return problems


def check_glossary_refs(quizzes: Iterable[LoadedQuiz], known_ids: Iterable[str]) -> list[Problem]:
    """Glossary references that name no known entry. The caller supplies the ids."""
    known = set(known_ids)
    return [
        lq.problem(("questions", i, "glossary", k), f"unknown glossary entry '{ref}'")
        for lq in quizzes
        for i, q in enumerate(lq.quiz.questions)
        for k, ref in enumerate(q.glossary)
        if ref not in known
    ]


def check_retired_tags(quizzes: Iterable[LoadedQuiz]) -> list[Problem]:
    """Tags the shape still accepts (older files) but the site's quizzes may not use."""
    return [
        lq.problem(("questions", i, "tags", k), f"tag '{tag}' is retired: {RETIRED_TAGS[tag]}")
        for lq in quizzes
        for i, q in enumerate(lq.quiz.questions)
        for k, tag in enumerate(q.tags)
        if tag in RETIRED_TAGS
    ]


def check_file(path: Path, root: Path, docs_dir: Path) -> list[Problem]:
    """Every problem of one file on its own (what ``load_quizzes`` reports for it)."""
    lq, problems = load_file(path, root)
    if lq is None:
        return problems
    return problems + check_quiz(lq, Path(docs_dir)) + check_unique_ids([lq])


def quiz_files(data_dir: Path) -> list[Path]:
    return sorted(Path(data_dir).glob(QUIZ_GLOB))


def load_quizzes(data_dir: Path, docs_dir: Path, root: Path, known_glossary_ids: Iterable[str] | None = None) -> QuizSet:
    """Load and check every quiz file; raise :class:`StudyDataError` listing all problems.

    With ``known_glossary_ids`` (the build and ``python -m studykit check``
    pass them) the quizzes are also checked as the site's own content: glossary
    references, retired tags and quotations against the section text. Without
    them (LMS exports, fixtures of other formats) only the files and their
    source references are checked.
    """
    problems: list[Problem] = []
    loaded: list[LoadedQuiz] = []
    for path in quiz_files(data_dir):
        lq, file_problems = load_file(path, root, within=data_dir)
        problems += file_problems
        if lq is not None:
            loaded.append(lq)
            problems += check_quiz(lq, Path(docs_dir))
    problems += check_unique_ids(loaded)
    if known_glossary_ids is not None:
        problems += check_glossary_refs(loaded, known_glossary_ids)
        problems += check_retired_tags(loaded)
        for lq in loaded:
            problems += check_quotations(lq, Path(docs_dir))
    if problems:
        raise StudyDataError(problems)
    return QuizSet(loaded)
