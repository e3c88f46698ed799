"""Read side: the training-event list, already filtered and sorted by the database (DESIGN rule 4).

The case list lives in :mod:`.cases_read`, the registers in ``mediators_read`` / ``teams_read`` / ``villages_read``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import TrainingKind
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.services import common
from hoagiai_desktop.services.read_sql import order as _order
from hoagiai_desktop.storage.database import Database

# ---- training events -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: int
    code: str
    title: str
    kind: TrainingKind
    start_on: dt.date
    end_on: dt.date
    hours: float | None
    venue: str | None
    present: int  # mediators present
    guests: int


def events_with_counts(*, present_guests_only: bool = False) -> Select[m.TrainingEvent, Any, Any]:
    """``select(TrainingEvent, mediators present, guests)`` over every event, not yet filtered or sorted.

    Guests are all the guest lines of the event, or only those marked present with ``present_guests_only``.
    """
    present = (
        select(m.Attendance.event_id.label("eid"), func.count(m.Attendance.id).label("n"))
        .where(m.Attendance.present.is_(True))
        .group_by(m.Attendance.event_id)
        .subquery()
    )
    guest_lines = select(m.GuestAttendee.event_id.label("eid"), func.count(m.GuestAttendee.id).label("n"))
    if present_guests_only:
        guest_lines = guest_lines.where(m.GuestAttendee.present.is_(True))
    guests = guest_lines.group_by(m.GuestAttendee.event_id).subquery()
    return (
        select(m.TrainingEvent, func.coalesce(present.c.n, 0), func.coalesce(guests.c.n, 0))
        .outerjoin(present, present.c.eid == m.TrainingEvent.id)
        .outerjoin(guests, guests.c.eid == m.TrainingEvent.id)
    )


def list_events(
    db: Database,
    query: str | None = None,
    *,
    kind: TrainingKind | None = None,
    period: Period | None = None,
    mediator_id: int | None = None,
    sort: str | None = "-end",
) -> list[EventRow]:
    """Training events (ending within ``period`` when given). ``sort``: "end", "start", "code", "title"."""
    with common.read(db) as s:
        stmt = events_with_counts()
        from hoagiai_desktop.storage.search import query_words

        for word in query_words(query):
            stmt = stmt.where(m.TrainingEvent.name_fold.like(f"%{word}%"))
        if kind is not None:
            stmt = stmt.where(m.TrainingEvent.kind == kind)
        if period is not None:
            stmt = stmt.where(m.TrainingEvent.end_on.between(period.start, period.end))
        if mediator_id is not None:
            stmt = stmt.where(
                exists(
                    select(m.Attendance.id).where(
                        m.Attendance.event_id == m.TrainingEvent.id,
                        m.Attendance.mediator_id == mediator_id,
                        m.Attendance.present.is_(True),
                    )
                )
            )
        order, _name = _order(
            sort,
            {
                "end": (m.TrainingEvent.end_on, m.TrainingEvent.code),
                "start": (m.TrainingEvent.start_on, m.TrainingEvent.code),
                "code": m.TrainingEvent.code,
                "title": m.TrainingEvent.name_fold,
            },
            "-end",
        )
        return [
            EventRow(e.id, e.code, e.title, e.kind, e.start_on, e.end_on, e.hours, e.venue, int(n), int(g))
            for e, n, g in s.execute(stmt.order_by(*order, m.TrainingEvent.id))
        ]
