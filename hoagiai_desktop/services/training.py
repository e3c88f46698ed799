"""Training events (tập huấn, bồi dưỡng), who attended, and guests who are not mediators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules, values
from hoagiai_desktop.domain.enums import OrganiserLevel, TrainingKind
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.services import common
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import (
    Errors,
    Outcome,
    ValidationError,
    check,
    get_or_fail,
    resolve_code,
    writing,
)
from hoagiai_desktop.storage.database import Database

CODE_WIDTH = 2
_TRAINING = Changes(training=True)  # events, attendance, guests


@dataclass(frozen=True)
class EventInput:
    title: str
    kind: TrainingKind | str
    start_on: dt.date
    end_on: dt.date | None = None  # blank → a one-day event
    organiser_level: OrganiserLevel | str = OrganiserLevel.XA
    code: str | None = None  # blank → TH-<year>-NN
    hours: float | None = None
    venue: str | None = None
    trainers: str | None = None
    materials: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class GuestInput:
    name: str
    unit: str | None = None
    role: str | None = None
    present: bool = True


def event_options() -> list[Any]:
    """Loader options that make an event fully readable once detached."""
    return [
        selectinload(m.TrainingEvent.attendances).selectinload(m.Attendance.mediator),
        selectinload(m.TrainingEvent.guests),
    ]


def _load(s: Session, event_id: int) -> m.TrainingEvent:
    return common.reload(
        s,
        m.TrainingEvent,
        event_id,
        event_options(),
        _("The training event no longer exists; refresh the list."),
    )


def _apply(event: m.TrainingEvent, data: EventInput) -> list[rules.Finding]:
    err = Errors()
    title = err.text("title", data.title, required=True, label=_("title"))
    kind = err.enum("kind", TrainingKind, data.kind, label=_("kind of training"))
    level = err.enum("organiser_level", OrganiserLevel, data.organiser_level, label=_("organiser"))
    err.date("start_on", data.start_on, required=True, label=_("start date"))
    end = data.end_on or data.start_on
    days = (end - data.start_on).days + 1 if data.start_on is not None and end is not None else None
    if (problem := values.hours_problem(data.hours, days)) is not None:
        err.add("hours", problem)  # finite, not negative, at most 24 an event day (domain/values.py)
    err.raise_if_any()
    end_on = data.end_on or data.start_on
    found = rules.date_findings(
        {"start_on": data.start_on, "end_on": end_on},
        common.today(),
        ranges=[("start_on", "end_on")],
        ref=event.code,
        planned=["start_on", "end_on"],  # a training may be planned ahead (attendance waits until it is held)
    )
    warned = check(found)
    assert title is not None and kind is not None and level is not None
    event.title = title
    event.kind = kind
    event.organiser_level = level
    event.start_on = data.start_on
    event.end_on = end_on
    event.hours = data.hours
    event.venue = common.clean(data.venue) or None
    event.trainers = common.clean(data.trainers) or None
    event.materials = common.clean(data.materials) or None
    event.notes = common.clean(data.notes) or None
    return warned


def create_event(db: Database, data: EventInput) -> Outcome[m.TrainingEvent]:
    """Add a training event; a blank code becomes TH-<year>-NN."""
    with writing(db) as s:
        event = m.TrainingEvent()
        warned = _apply(event, data)
        event.code = resolve_code(
            s, m.TrainingEvent, data.code, f"TH-{data.start_on.year}-", CODE_WIDTH, what=_("training event")
        )
        s.add(event)
        s.flush()
        return Outcome(_load(s, event.id), warned, changes=_TRAINING)


def update_event(db: Database, event_id: int, data: EventInput) -> Outcome[m.TrainingEvent]:
    """Change an event's details (a blank code keeps the current one)."""
    with writing(db) as s:
        event = _load(s, event_id)
        warned = _apply(event, data)
        common.change_code(s, event, data.code, "TH-", CODE_WIDTH, what=_("training event"))
        s.flush()
        return Outcome(_load(s, event.id), warned, changes=_TRAINING)


def delete_event(db: Database, event_id: int) -> Outcome[None]:
    """Delete an event with its attendance and guests."""
    with writing(db) as s:
        s.delete(_load(s, event_id))
    return Outcome(None, changes=_TRAINING)


def set_attendance(db: Database, event_id: int, present_ids: Iterable[int]) -> Outcome[m.TrainingEvent]:
    """Make exactly ``present_ids`` the mediators present; others already listed are kept as absent."""
    wanted = set(present_ids)
    with writing(db) as s:
        event = _load(s, event_id)
        if wanted and event.start_on > common.today():
            raise ValidationError(
                {
                    "attendance": _(
                        "This training is planned for {date}; record who attended once it has been held."
                    ).format(date=format_date(event.start_on))
                }
            )
        known = (
            set(s.execute(select(m.Mediator.id).where(m.Mediator.id.in_(wanted))).scalars())
            if wanted
            else set()
        )
        missing = wanted - known
        if missing:
            raise ValidationError(
                {"attendance": _("Some of the chosen mediators no longer exist; refresh the list.")}
            )
        by_mediator = {a.mediator_id: a for a in event.attendances}
        for mediator_id, attendance in by_mediator.items():
            attendance.present = mediator_id in wanted
        for mediator_id in sorted(wanted - set(by_mediator)):
            event.attendances.append(m.Attendance(mediator_id=mediator_id, present=True))
        s.flush()
        return Outcome(_load(s, event.id), [], changes=_TRAINING)


def add_guest(db: Database, event_id: int, data: GuestInput) -> Outcome[m.TrainingEvent]:
    """Add a non-mediator attendee (e.g. a management official)."""
    err = Errors()
    name = err.text("name", data.name, required=True, label=_("name"))
    err.raise_if_any()
    with writing(db) as s:
        event = _load(s, event_id)
        event.guests.append(
            m.GuestAttendee(
                name=name,
                unit=common.clean(data.unit) or None,
                role=common.clean(data.role) or None,
                present=bool(data.present),
            )
        )
        s.flush()
        return Outcome(_load(s, event.id), [], changes=_TRAINING)


def remove_guest(db: Database, guest_id: int) -> Outcome[m.TrainingEvent]:
    """Remove a guest attendee."""
    with writing(db) as s:
        guest = get_or_fail(s, m.GuestAttendee, guest_id, _("guest"))
        event_id = guest.event_id
        s.delete(guest)
        s.flush()
        return Outcome(_load(s, event_id), [], changes=_TRAINING)
