"""Read models the training pages need: the event rows, the attendance roster, and the people behind each
training-coverage figure. (The case list lives in :mod:`.cases_read`.)

Everything here only reads; writes go through :mod:`.cases` and :mod:`.training`. Rules are the ones of
:mod:`hoagiai_desktop.domain.rules` and the figures those of :mod:`hoagiai_desktop.domain.indicators`, so the
window shows exactly what ``hoagiai stats`` counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import indicators, rules
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Role, TrainingKind
from hoagiai_desktop.domain.periods import Period, add_months, parse_period
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import common, lists
from hoagiai_desktop.storage.database import Database

# ---- training --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: int
    code: str
    title: str
    kind: TrainingKind
    organiser_level: Any
    start_on: dt.date
    end_on: dt.date
    hours: float | None
    venue: str | None
    present: int
    guests: int


def event_rows(db: Database) -> list[EventRow]:
    """Every training event, latest first, with how many mediators and guests were present."""
    with db.reading() as s:
        stmt = lists.events_with_counts(present_guests_only=True).order_by(
            m.TrainingEvent.end_on.desc(), m.TrainingEvent.id.desc()
        )
        return [
            EventRow(
                e.id,
                e.code,
                e.title,
                e.kind,
                e.organiser_level,
                e.start_on,
                e.end_on,
                e.hours,
                e.venue,
                int(n),
                int(g),
            )
            for e, n, g in s.execute(stmt)
        ]


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
    from hoagiai_desktop.text import fold

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
    from hoagiai_desktop.i18n import format_date

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
