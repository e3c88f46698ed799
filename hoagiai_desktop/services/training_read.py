"""The one read of training: events (filter → ids sorted by the database → frozen rows), one event's detail, the
attendance roster, and the training-coverage figures with the people behind each.

Before this module the event list existed twice (``lists.list_events`` counting every guest line, and
``ui_support.event_rows`` counting the guests present) and the window's event panel read a detached ORM
``TrainingEvent`` with lazy guests. Every caller now reads this one; nothing here returns an ORM object.
Writes go through :mod:`.training`; the coverage figures are those of :mod:`hoagiai_desktop.domain.indicators`,
so the window shows exactly what ``hoagiai stats`` counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import indicators, rules
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import OrganiserLevel, Role, TrainingKind
from hoagiai_desktop.domain.periods import Period, add_months, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.services import common, read_sql
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.search import query_words
from hoagiai_desktop.text import fold

# ---- events -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    query: str = ""  # words of the title (accents not needed)
    kind: TrainingKind | None = None
    period: Period | None = None  # events ending within the period
    mediator_id: int | None = None  # events the mediator attended (present)
    sort: str = "end"  # end, start, code, title
    descending: bool = True  # latest first


@dataclass(frozen=True)
class EventRow:
    id: int
    code: str
    title: str
    kind: TrainingKind
    organiser_level: OrganiserLevel
    start_on: dt.date
    end_on: dt.date
    hours: float | None
    venue: str | None
    present: int  # mediators marked present
    guests: int  # guests marked present (the guest list shows who came)


def _where(f: EventFilter) -> list[Any]:
    where: list[Any] = [m.TrainingEvent.name_fold.like(f"%{word}%") for word in query_words(f.query)]
    if f.kind is not None:
        where.append(m.TrainingEvent.kind == f.kind)
    if f.period is not None:
        where.append(m.TrainingEvent.end_on.between(f.period.start, f.period.end))
    if f.mediator_id is not None:
        where.append(
            exists().where(
                m.Attendance.event_id == m.TrainingEvent.id,
                m.Attendance.mediator_id == f.mediator_id,
                m.Attendance.present.is_(True),
            )
        )
    return where


def event_ids(db: Database, f: EventFilter) -> list[int]:
    """Ids of the events matching ``f``, in the order asked for (latest ending first by default)."""
    columns = {
        "end": (m.TrainingEvent.end_on, m.TrainingEvent.code),
        "start": (m.TrainingEvent.start_on, m.TrainingEvent.code),
        "code": m.TrainingEvent.code,
        "title": m.TrainingEvent.name_fold,
    }
    terms, _name = read_sql.order(read_sql.sort_key(f.sort, f.descending), columns, "-end")
    with db.reading() as s:
        stmt = select(m.TrainingEvent.id).where(*_where(f)).order_by(*terms, m.TrainingEvent.id.desc())
        return list(s.execute(stmt).scalars())


def event_rows(db: Database, ids: Sequence[int]) -> dict[int, EventRow]:
    """Display rows for the given event ids, with how many mediators and guests were present."""
    out: dict[int, EventRow] = {}
    with db.reading() as s:
        for block in read_sql.chunks(list(ids)):
            present = (
                select(m.Attendance.event_id.label("eid"), func.count(m.Attendance.id).label("n"))
                .where(m.Attendance.present.is_(True), m.Attendance.event_id.in_(block))
                .group_by(m.Attendance.event_id)
                .subquery()
            )
            guests = (
                select(m.GuestAttendee.event_id.label("eid"), func.count(m.GuestAttendee.id).label("n"))
                .where(m.GuestAttendee.present.is_(True), m.GuestAttendee.event_id.in_(block))
                .group_by(m.GuestAttendee.event_id)
                .subquery()
            )
            e = m.TrainingEvent
            stmt = (
                select(
                    e.id,
                    e.code,
                    e.title,
                    e.kind,
                    e.organiser_level,
                    e.start_on,
                    e.end_on,
                    e.hours,
                    e.venue,
                    func.coalesce(present.c.n, 0),
                    func.coalesce(guests.c.n, 0),
                )  # fmt: skip
                .outerjoin(present, present.c.eid == e.id)
                .outerjoin(guests, guests.c.eid == e.id)
                .where(e.id.in_(block))
            )
            for eid, code, title, kind, level, start, end, hours, venue, n_present, n_guests in s.execute(
                stmt
            ):
                out[eid] = EventRow(
                    eid, code, title, kind, level, start, end, hours, venue, int(n_present), int(n_guests)
                )
    return out


def list_events(db: Database, f: EventFilter | None = None) -> list[EventRow]:
    """:func:`event_ids` then :func:`event_rows`, in order (the training page, report choices, tests)."""
    ids = event_ids(db, f or EventFilter())
    rows = event_rows(db, ids)
    return [rows[i] for i in ids]


@dataclass(frozen=True)
class GuestRow:
    id: int
    name: str
    unit: str | None
    role: str | None
    present: bool


@dataclass(frozen=True)
class EventDetail:
    """Everything the event panel shows, as plain values."""

    id: int
    code: str
    title: str
    kind: TrainingKind
    organiser_level: OrganiserLevel
    start_on: dt.date
    end_on: dt.date
    hours: float | None
    venue: str | None
    trainers: str | None
    materials: str | None
    notes: str | None
    guests: tuple[GuestRow, ...]  # in the order they were added


def event_detail(db: Database, event_id: int) -> EventDetail:
    """One training event with its guests (the attendance roster is :func:`roster`)."""
    with db.reading() as s:
        e = s.get(m.TrainingEvent, event_id)
        if e is None:
            raise UserError(_("The training event no longer exists; refresh the list."))
        guests = tuple(
            GuestRow(*r)
            for r in s.execute(
                select(
                    m.GuestAttendee.id,
                    m.GuestAttendee.name,
                    m.GuestAttendee.unit,
                    m.GuestAttendee.role,
                    m.GuestAttendee.present,
                )  # fmt: skip
                .where(m.GuestAttendee.event_id == event_id)
                .order_by(m.GuestAttendee.id)
            )
        )
        return EventDetail(
            e.id, e.code, e.title, e.kind, e.organiser_level, e.start_on, e.end_on, e.hours, e.venue, e.trainers,
            e.materials, e.notes, guests,
        )  # fmt: skip


def id_for_code(db: Database, code: str) -> int | None:
    """The id of the training event with ``code``, or None."""
    with db.reading() as s:
        return s.execute(select(m.TrainingEvent.id).where(m.TrainingEvent.code == code)).scalar_one_or_none()


# ---- the attendance roster --------------------------------------------------------------------------------------


@dataclass
class Roster:
    """The attendance checklist as parallel arrays (one entry per mediator), grouped by team in order.

    ``groups`` are (team name, first index, count) over the arrays; mediators who are not active members on the
    day but already have an attendance line are listed last under ``other_label``.
    """

    ids: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    folds: list[str] = field(default_factory=list)
    leaders: list[bool] = field(default_factory=list)
    group_of: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    present: set[int] = field(default_factory=set)


def roster(db: Database, event_id: int | None, on: dt.date) -> Roster:
    """Active mediators on ``on`` grouped by team (a mediator in two teams is listed under the first), plus those
    already marked for the event; ``present`` holds the mediators marked present."""
    out = Roster()
    with db.reading() as s:
        stmt = (
            select(
                m.Mediator.id,
                m.Mediator.code,
                m.Mediator.full_name,
                m.Team.name,
                m.Team.id,
                m.Membership.role,
            )
            .join(m.Membership, m.Membership.mediator_id == m.Mediator.id)
            .join(m.Team, m.Team.id == m.Membership.team_id)
            .where(indicators.membership_active(on), indicators.team_active(on))
            .order_by(
                m.Team.sort_key, m.Team.id, m.Membership.role.desc(), m.Mediator.sort_key, m.Mediator.id
            )
        )
        seen: set[int] = set()
        current_team: int | None = None
        for mid, code, name, team_name, team_id, role in s.execute(stmt):
            if mid in seen:
                continue
            seen.add(mid)
            if team_id != current_team:
                out.groups.append(team_name)
                current_team = team_id
            out.ids.append(mid)
            out.codes.append(code)
            out.names.append(name)
            out.folds.append(fold(f"{name} {code} {team_name}"))
            out.leaders.append(role == Role.TO_TRUONG)
            out.group_of.append(len(out.groups) - 1)
        if event_id is not None:
            marks = s.execute(
                select(m.Attendance.mediator_id, m.Attendance.present, m.Mediator.code, m.Mediator.full_name)
                .join(m.Mediator, m.Mediator.id == m.Attendance.mediator_id)
                .where(m.Attendance.event_id == event_id)
                .order_by(m.Mediator.sort_key)
            ).all()
            extra = [row for row in marks if row[0] not in seen]
            if extra:
                out.groups.append(_("Not an active member on that day"))
                for mid, _present, code, name in extra:
                    out.ids.append(mid)
                    out.codes.append(code)
                    out.names.append(name)
                    out.folds.append(fold(f"{name} {code}"))
                    out.leaders.append(False)
                    out.group_of.append(len(out.groups) - 1)
            out.present = {mid for mid, present, _c, _n in marks if present}
    return out


# ---- training coverage ---------------------------------------------------------------------------------------

COVERAGE_LISTS = (
    "trained",
    "untrained",
    "new_trained_6m",
    "new_pending",
    "new_overdue",
    "leaders_in_depth",
    "leaders_not_in_depth",
)


@dataclass(frozen=True)
class Coverage:
    period: Period
    figures: dict[str, float]

    def count(self, key: str) -> float:
        f = self.figures
        if key == "untrained":
            return f["mediators.total"] - f["training.trained"]
        if key == "leaders_not_in_depth":
            return f["mediators.leaders"] - f["training.leaders_in_depth"]
        if key == "trained":
            return f["training.trained"]
        return f[f"training.{key}"]


def coverage_period(choice: str, today: dt.date | None = None) -> Period:
    """``year`` = this year to today, ``12m`` = the last twelve months, ``last_year`` = the previous year."""
    today = today or common.today()
    if choice == "12m":
        start = add_months(today, -12) + dt.timedelta(days=1)
        return parse_period(f"{start.isoformat()}:{today.isoformat()}")
    if choice == "last_year":
        return parse_period(str(today.year - 1))
    return parse_period(f"{today.year}-01-01:{today.isoformat()}")


def coverage(db: Database, period: Period) -> Coverage:
    """The training figures of DOMAIN §4 for ``period`` (the same numbers ``hoagiai stats`` prints)."""
    with db.reading() as s:
        return Coverage(period, dict(indicators.compute(s, period)))


@dataclass(frozen=True)
class PersonRow:
    id: int
    code: str
    name: str
    team: str
    detail: str


def _attended(
    s: Session, ids: Sequence[int], up_to: dt.date, kind: TrainingKind | None = None
) -> dict[int, list[dt.date]]:
    out: dict[int, list[dt.date]] = defaultdict(list)
    id_list = list(ids)
    for i in range(0, len(id_list), 900):
        stmt = (
            select(m.Attendance.mediator_id, m.TrainingEvent.end_on)
            .join(m.TrainingEvent, m.TrainingEvent.id == m.Attendance.event_id)
            .where(
                m.Attendance.mediator_id.in_(id_list[i : i + 900]),
                m.Attendance.present.is_(True),
                m.TrainingEvent.end_on <= up_to,
            )
        )
        if kind is not None:
            stmt = stmt.where(m.TrainingEvent.kind == kind)
        for mid, end_on in s.execute(stmt):
            out[mid].append(end_on)
    return out


def coverage_people(db: Database, key: str, period: Period) -> list[PersonRow]:
    """The mediators behind one coverage figure (``COVERAGE_LISTS``), in Vietnamese order."""
    if key not in COVERAGE_LISTS:
        raise ValueError(key)
    end = period.end
    with db.reading() as s:
        if key.startswith("new_"):
            recognised_on = func.coalesce(m.Membership.recognition_date, m.Membership.start_date)
            first = (
                select(
                    m.Membership.mediator_id.label("mediator_id"), func.min(recognised_on).label("first_on")
                )
                .group_by(m.Membership.mediator_id)
                .subquery()
            )
            rows = s.execute(
                select(m.Mediator.id, m.Mediator.code, m.Mediator.full_name, first.c.first_on)
                .join(first, first.c.mediator_id == m.Mediator.id)
                .where(first.c.first_on.between(period.start, period.end))
                .order_by(m.Mediator.sort_key, m.Mediator.id)
            ).all()
            attended = _attended(s, [r[0] for r in rows], dt.date.max)
            teams = _team_names(s, [r[0] for r in rows], end)
            out = []
            for mid, code, name, first_on in rows:
                deadline = add_months(first_on, rules.TRAINING_MONTHS)
                trained = any(d <= min(deadline, end) for d in attended.get(mid, []))
                state = "new_trained_6m" if trained else ("new_pending" if end <= deadline else "new_overdue")
                if state == key:
                    detail = _("Recognised {date}; train by {deadline}").format(
                        date=format_date(first_on), deadline=format_date(deadline)
                    )
                    out.append(PersonRow(mid, code, name, teams.get(mid, ""), detail))
            return out
        active = and_(indicators.membership_active(end), indicators.team_active(end))
        leaders_only = key.startswith("leaders")
        cond = [active] + ([m.Membership.role == Role.TO_TRUONG] if leaders_only else [])
        rows = s.execute(
            select(m.Mediator.id, m.Mediator.code, m.Mediator.full_name, m.Team.name)
            .join(m.Membership, m.Membership.mediator_id == m.Mediator.id)
            .join(m.Team, m.Team.id == m.Membership.team_id)
            .where(*cond)
            .order_by(m.Mediator.sort_key, m.Mediator.id, m.Team.sort_key)
        ).all()
        kind = TrainingKind.CHUYEN_SAU if leaders_only else None
        attended = _attended(s, list({r[0] for r in rows}), end, kind)
        want_trained = key in ("trained", "leaders_in_depth")
        out = []
        seen: set[int] = set()
        for mid, code, name, team in rows:
            if mid in seen:
                continue
            seen.add(mid)
            dates = attended.get(mid, [])
            if bool(dates) != want_trained:
                continue
            detail = (
                _("Last trained {date}").format(date=format_date(max(dates))) if dates else _("Not trained")
            )
            out.append(PersonRow(mid, code, name, team, detail))
        return out


def _team_names(s: Session, ids: Sequence[int], on: dt.date) -> dict[int, str]:
    out: dict[int, str] = {}
    id_list = list(ids)
    for i in range(0, len(id_list), 900):
        for mid, name in s.execute(
            select(m.Membership.mediator_id, m.Team.name)
            .join(m.Team, m.Team.id == m.Membership.team_id)
            .where(m.Membership.mediator_id.in_(id_list[i : i + 900]))
            .order_by(m.Membership.start_date)
        ):
            out.setdefault(mid, name)
    return out
