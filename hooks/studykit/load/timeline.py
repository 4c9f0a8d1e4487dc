"""Timeline loading with its checks (``quizzes/<episode>/timeline.yml``, models/timeline.py).

Nothing may be dated after the document's own date (``as_of``) except a
``target``; glossary ids and paragraph references must exist.
"""

from __future__ import annotations

from pathlib import Path

from ..docs import load_section, section_refs
from ..errors import Problem, StudyDataError
from ..datafile import load_validated
from ..models.timeline import DATE_PATTERN, Event, Kind, TimelineFile, _end_of, _start_of  # noqa: F401 (DATE_PATTERN: for callers)
from .glossary import cached_glossaries


def load_timeline(file: Path, shown_as: str, *, glossary_ids: frozenset[str] | None = None,
                  block_ids: dict[str, set[str]] | None = None, root: Path | None = None) -> TimelineFile:
    """Load and check one timeline; ``block_ids`` maps section slug -> paragraph ids."""
    model, located = load_validated(file, shown_as, TimelineFile, root=root)
    problems = []
    as_of = _end_of(model.as_of)
    seen: set[str] = set()
    for i, event in enumerate(model.events):
        if event.id in seen:
            problems.append(located.problem(("events", i, "id"), f"duplicate id '{event.id}'"))
        seen.add(event.id)
        if event.end is not None and _start_of(event.end) < _start_of(event.date):
            problems.append(located.problem(("events", i, "end"), f"is before the event's date {event.date}"))
        if event.kind is Kind.target:
            if _start_of(event.stated) > as_of:
                problems.append(located.problem(("events", i, "stated"), f"after the document's date {model.as_of}"))
        else:
            last = event.end or event.date
            if _start_of(last) > as_of:
                problems.append(located.problem(
                    ("events", i, "end" if event.end else "date"),
                    f"after the document's date {model.as_of}; only a target (kind: target) may be later"))
        for j, ref in enumerate(event.glossary):
            if glossary_ids is not None and ref not in glossary_ids:
                problems.append(located.problem(("events", i, "glossary", j), f"unknown glossary id '{ref}'"))
        for j, ref in enumerate(event.refs):
            slug, _, block = ref.partition("#")
            if block_ids is not None and block not in block_ids.get(slug, set()):
                problems.append(located.problem(("events", i, "refs", j), f"no paragraph '{ref}' in the section pages"))
    if problems:
        raise StudyDataError(problems)
    return model


def sorted_events(model: TimelineFile) -> list[Event]:
    return sorted(model.events, key=lambda e: (_start_of(e.date), e.id))


def document_date(data_dir: Path, episode: str, page_path: str, root: Path | None = None) -> str:
    """The commentary's date (the timeline's ``as_of``), e.g. for the notice on every section page."""
    file = Path(data_dir) / episode / "timeline.yml"
    if not (file.is_file() or file.is_symlink()):
        raise StudyDataError([Problem(page_path, 1, 1, "study:notice",
                                      f"no quizzes/{episode}/timeline.yml, whose as_of gives the commentary's date")])
    model, _ = load_validated(file, f"quizzes/{episode}/timeline.yml", TimelineFile, root=root)
    return model.as_of


def checked_timeline(site, episode: str) -> TimelineFile:
    """The episode's timeline with every check: dates, glossary ids and paragraph references."""
    file = site.data_dir / episode / "timeline.yml"
    try:
        glossary_ids = cached_glossaries(site.data_dir, root=site.root).ids
    except StudyDataError:
        glossary_ids = None  # a broken glossary is reported by its own check; check the rest
    sections = {ref.split("/", 1)[1]: ref for ref in section_refs(site.docs_dir) if ref.startswith(episode + "/")}
    block_ids = {slug: {b.id for b in load_section(site.docs_dir, ref, "ja").blocks} for slug, ref in sections.items()}
    return load_timeline(file, f"quizzes/{episode}/timeline.yml", glossary_ids=glossary_ids, block_ids=block_ids,
                         root=site.root)


def check_timelines(site) -> None:
    """Check every episode's timeline once per build, before any page asks for it,
    so an error names the timeline file rather than the first page that shows its date."""
    for file in sorted(site.data_dir.glob("*/timeline.yml")):
        checked_timeline(site, file.parent.name)


