"""Timeline data (``quizzes/<episode>/timeline.yml``): the events the text refers to.

Dates are facts and are checked: nothing may be dated after the document's own
date (``as_of``) except a ``target``, which must say when it was stated (on or
before ``as_of``) and is labelled as a target, not an event.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from .datafile import SCHEMA_DIALECT, Bilingual, Strict, load_validated
from .errors import Problem, StudyDataError
from .glossary import EntryId

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _date_text(value: Any) -> Any:
    # YAML reads 2025-02-18 as a date; months ("2025-02") and years stay strings.
    return value.isoformat() if isinstance(value, dt.date) else value



SectionRef = Annotated[str, Field(pattern=r"^[a-z0-9-]+#p\d+$", description="section slug # paragraph id")]


def _end_of(value: str) -> dt.date:
    """Last day a partial date can mean (for the 'not after the document' check)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _start_of(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(*parts[:3])


def _check_date(value: str) -> str:
    try:
        _end_of(value)
        _start_of(value)
    except ValueError as error:
        raise ValueError(f"not a real date: {error}") from None
    return value


# The real-date check sits on the field, so an error names the field and its line.
PartialDate = Annotated[str, BeforeValidator(_date_text), Field(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD"),
                        AfterValidator(_check_date)]


class Kind(str, Enum):
    event = "event"
    target = "target"  # a stated aim, not something that happened
    document = "document"  # the commentary itself


class Event(Strict):
    id: EntryId
    date: PartialDate
    end: PartialDate | None = Field(None, description="last day, for events spanning several days")
    kind: Kind = Kind.event
    stated: PartialDate | None = Field(None, description="for targets: when the target was announced")
    title: Bilingual
    text: Bilingual
    glossary: list[EntryId] = []
    refs: list[SectionRef] = []

    @model_validator(mode="after")
    def _dates(self) -> Event:
        if self.end is not None and _start_of(self.end) < _start_of(self.date):
            raise ValueError("end is before date")
        if self.kind is Kind.target and self.stated is None:
            raise ValueError("a target needs 'stated': when it was announced")
        if self.kind is not Kind.target and self.stated is not None:
            raise ValueError("'stated' is only for targets")
        return self


class TimelineFile(Strict):
    model_config = ConfigDict(title="Study site timeline (quizzes/<episode>/timeline.yml)",
                              json_schema_extra=SCHEMA_DIALECT)

    as_of: PartialDate = Field(description="the document's date: no event may be later")
    events: list[Event] = Field(min_length=1)




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


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def document_date(data_dir: Path, episode: str, page_path: str, root: Path | None = None) -> str:
    """The commentary's date (the timeline's ``as_of``), e.g. for the notice on every section page."""
    file = Path(data_dir) / episode / "timeline.yml"
    if not (file.is_file() or file.is_symlink()):
        raise StudyDataError([Problem(page_path, 1, 1, "study:notice",
                                      f"no quizzes/{episode}/timeline.yml, whose as_of gives the commentary's date")])
    model, _ = load_validated(file, f"quizzes/{episode}/timeline.yml", TimelineFile, root=root)
    return model.as_of


def date_label(value: str, language: str) -> str:
    parts = [int(p) for p in value.split("-")]
    if language == "ja":
        return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日")))
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS_EN[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS_EN[parts[1] - 1]} {parts[0]}"


def range_label(start: str, end: str | None, language: str) -> str:
    if not end:
        return date_label(start, language)
    a, b = start.split("-"), end.split("-")
    if language == "ja" and len(a) == len(b) == 3 and a[:2] == b[:2]:
        return f"{date_label(start, 'ja')}〜{int(b[2])}日"
    if language == "en" and len(a) == len(b) == 3 and a[:2] == b[:2]:
        return f"{int(a[2])}–{date_label(end, 'en')}"
    sep = "〜" if language == "ja" else " – "
    return f"{date_label(start, language)}{sep}{date_label(end, language)}"


def datetime_attr(value: str) -> str:
    return value if re.fullmatch(DATE_PATTERN, value) else ""




def checked_timeline(site, episode: str) -> TimelineFile:
    """The episode's timeline with every check: dates, glossary ids and paragraph references."""
    from .glossary import cached_glossaries
    from .parallel import load_section, section_refs

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


def render_timeline(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:timeline ep90 -->``: the episode's timeline as an ordered list."""
    from .glossary import cached_glossaries
    from .parallel import load_section, relative_url, section_refs
    from .site import Rendered

    episode = arg  # required: site.NEEDS_ARGUMENT
    file = site.data_dir / episode / "timeline.yml"
    if not (file.is_file() or file.is_symlink()):
        raise StudyDataError([Problem(page_path, 1, 1, "study:timeline", f"no timeline file quizzes/{episode}/timeline.yml")])
    glossary = cached_glossaries(site.data_dir, root=site.root)
    sections = {ref.split("/", 1)[1]: ref for ref in section_refs(site.docs_dir) if ref.startswith(episode + "/")}
    model = checked_timeline(site, episode)

    events = []
    for event in sorted_events(model):
        refs = []
        for ref in event.refs:
            slug, _, block = ref.partition("#")
            section = load_section(site.docs_dir, sections[slug], language)
            label = f"{section.title} ¶{block[1:]}"
            refs.append((relative_url(page_path, section.src_uri, block), label))
        events.append({
            "id": event.id,
            "kind": event.kind.value,
            "date": range_label(event.date, event.end, language),
            "datetime": event.date,
            "stated": date_label(event.stated, language) if event.stated else "",
            "title": event.title[language],
            "text": event.text[language],
            "terms": [(relative_url(page_path, "glossary.md", g), glossary[g].term[language]) for g in event.glossary],
            "refs": refs,
        })
    html = site.render_template("timeline.html", language=language, events=events,
                                as_of=date_label(model.as_of, language))
    return Rendered(html, ("glossary",))
