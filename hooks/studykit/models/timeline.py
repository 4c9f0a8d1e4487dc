"""pydantic models of ``quizzes/<episode>/timeline.yml``: the events the text refers to.

Dates are facts and are checked: nothing may be dated after the document's own
date (``as_of``) except a ``target``, which must say when it was stated (on or
before ``as_of``) and is labelled as a target, not an event.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from ..datafile import SCHEMA_DIALECT, SOURCE_REF_PATTERN, Bilingual, EntryId, Strict

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _date_text(value: Any) -> Any:
    # YAML reads 2025-02-18 as a date; months ("2025-02") and years stay strings.
    return value.isoformat() if isinstance(value, dt.date) else value



SectionRef = Annotated[str, Field(pattern=SOURCE_REF_PATTERN, description="section slug # paragraph id")]


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
