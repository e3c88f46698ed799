"""Read side: big lists already filtered and sorted by the database (DESIGN rule 4), and detail loaders.

Each list is one aggregate query (plus at most one more for joined text such as party names), never a query per
row, so it stays fast on province-size data (20,000 mediators, 60,000 cases). Rows are small frozen dataclasses.

States and flags are taken "as of" a day ``as_of`` (default today): a membership is active at D when
start ≤ D and (no end or end > D); a case is ``thanh``/``khong_thanh`` when it ended on or before D, ``dang`` when a
mediator was assigned or a session held on or before D, else ``chua`` (DOMAIN §2); out-of-scope cases have no state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, literal, null, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hoagiai_desktop.domain import indicators, rules
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import (
    CaseState,
    Category,
    Result,
    TrainingKind,
)
from hoagiai_desktop.domain.indicators import case_ended_by
from hoagiai_desktop.domain.periods import Period, add_months
from hoagiai_desktop.domain.rules import Finding
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import common
from hoagiai_desktop.services.cases import case_options
from hoagiai_desktop.services.read_sql import agg_text as _agg_text
from hoagiai_desktop.services.read_sql import as_date as _date
from hoagiai_desktop.services.read_sql import count as _count
from hoagiai_desktop.services.read_sql import order as _order
from hoagiai_desktop.services.read_sql import page as _page
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.search import search_clause

# ---- helpers -------------------------------------------------------------------------------------------------------


def case_open(on: dt.date) -> ColumnElement[bool]:
    """An in-scope case received on or before ``on`` and not yet ended by then (DOMAIN §2)."""
    return and_(
        m.Case.category != Category.NGOAI_PHAM_VI,
        m.Case.received_on <= on,
        or_(m.Case.result.is_(None), m.Case.ended_on.is_(None), m.Case.ended_on > on),
    )


def _min_date_where(predicate: Callable[[dt.date], bool], start: dt.date, end: dt.date) -> dt.date | None:
    day = start
    while day <= end:
        if predicate(day):
            return day
        day += dt.timedelta(days=1)
    return None


def court_window(on: dt.date) -> tuple[dt.date, dt.date]:
    """The agreement dates whose court deadline (agreement + 6 months) falls within [on, on + 30 days]."""
    low = _min_date_where(lambda e: add_months(e, rules.COURT_MONTHS) >= on, add_months(on, -7), on)
    top = on + dt.timedelta(days=rules.COURT_WARN_DAYS)
    high_next = _min_date_where(lambda e: add_months(e, rules.COURT_MONTHS) > top, add_months(top, -7), top)
    assert low is not None and high_next is not None
    return low, high_next - dt.timedelta(days=1)


# ---- cases ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilter:
    team_id: int | None = None
    village_id: int | None = None
    category: Category | None = None
    state: CaseState | None = None  # as of ``as_of`` (or the period's end)
    period: Period | None = None  # the handled set H(P): received ≤ end and not ended before start
    received_in: Period | None = None  # received within the period
    needs_attention: bool | None = None
    in_scope: bool | None = None
    mediator_id: int | None = None


@dataclass(frozen=True)
class CaseRow:
    id: int
    code: str
    received_on: dt.date
    team_id: int
    team_code: str
    team_name: str
    category: Category
    summary: str
    parties: str  # party names, "; "-separated
    mediators: str  # assigned mediators, "; "-separated
    state: CaseState | None  # None for out-of-scope cases
    result: Result | None
    ended_on: dt.date | None
    first_assigned: dt.date | None
    first_session: dt.date | None
    needs_attention: bool
    attention: str  # one line saying why (empty when nothing)


def _state(value: Any) -> CaseState | None:
    return CaseState(value) if value else None  # type: ignore[call-arg]


def _case_state_expr(on: dt.date, first_assigned: Any, first_session: Any) -> Any:
    ended = case_ended_by(on)
    return case(
        (m.Case.category == Category.NGOAI_PHAM_VI, null()),
        (and_(ended, m.Case.result == Result.THANH), literal(CaseState.THANH.value)),
        (and_(ended, m.Case.result == Result.KHONG_THANH), literal(CaseState.KHONG_THANH.value)),
        (or_(first_assigned <= on, first_session <= on), literal(CaseState.DANG.value)),
        else_=literal(CaseState.CHUA.value),
    )


@dataclass(frozen=True)
class CaseExprs:
    """SQL expressions about a case as of one day, built by :func:`case_exprs`.

    Join ``assigned_sub`` and ``session_sub`` on their ``cid`` column before using the other expressions.
    """

    state: Any
    waiting: (
        Any  # open, no session yet, more than 3 days after assignment (or receipt when nobody is assigned)
    )
    court: Any  # successful, not filed, court deadline within 30 days
    first_assigned: Any
    first_session: Any
    assigned_sub: Any
    session_sub: Any


def case_exprs(s: Session, on: dt.date) -> CaseExprs:
    """The case state, "waiting for a first session" (rule 3.4) and "court deadline near" (rule 3.6) on ``on``,
    as SQL — the one definition the dashboard, the case list and the case page share."""
    a = (
        select(
            m.Assignment.case_id.label("cid"),
            func.min(m.Assignment.assigned_on).label("first"),
        )
        .group_by(m.Assignment.case_id)
        .subquery()
    )
    ss = (
        select(m.MediationSession.case_id.label("cid"), func.min(m.MediationSession.held_on).label("first"))
        .group_by(m.MediationSession.case_id)
        .subquery()
    )
    state = _case_state_expr(on, a.c.first, ss.c.first)
    cutoff = on - dt.timedelta(days=rules.FIRST_SESSION_DAYS)  # first + 3 < on  ⇔  first < on − 3
    waiting = and_(
        case_open(on),
        m.Case.immediate.is_(False),
        or_(ss.c.first.is_(None), ss.c.first > on),
        func.coalesce(a.c.first, m.Case.received_on) < cutoff,
    )
    low, high = court_window(on)
    court = and_(
        m.Case.result == Result.THANH,
        m.Case.court_filed_on.is_(None),
        m.Case.ended_on >= low,
        m.Case.ended_on <= high,
        m.Case.ended_on <= on,
    )
    return CaseExprs(state, waiting, court, a.c.first, ss.c.first, a, ss)


def attention_text(
    on: dt.date,
    waiting: bool,
    court: bool,
    first_assigned: dt.date | None,
    received: dt.date,
    ended: dt.date | None,
) -> str:
    """The one line saying why a case needs attention on ``on`` (court deadline first), or "" when nothing."""
    if court and ended is not None:
        deadline = add_months(ended, rules.COURT_MONTHS)
        return _("Court recognition possible until {date}.").format(date=deadline.strftime("%d/%m/%Y"))
    if waiting:
        if first_assigned is None:
            return _("No mediator assigned {days} days after the case was received.").format(
                days=(on - received).days
            )
        return _("No session {days} days after the assignment.").format(days=(on - first_assigned).days)
    return ""


def _case_where(f: CaseFilter) -> list[ColumnElement[bool]]:
    """The conditions of ``f`` on the case itself (team, village, category, scope, period, mediator)."""
    where: list[ColumnElement[bool]] = []
    if f.team_id is not None:
        where.append(m.Case.team_id == f.team_id)
    if f.village_id is not None:
        where.append(m.Team.village_id == f.village_id)
    if f.category is not None:
        where.append(m.Case.category == f.category)
    if f.in_scope is not None:
        out = m.Case.category == Category.NGOAI_PHAM_VI
        where.append(~out if f.in_scope else out)
    if f.period is not None:
        where.append(indicators.case_on_books(f.period))
    if f.received_in is not None:
        where.append(m.Case.received_on.between(f.received_in.start, f.received_in.end))
    if f.mediator_id is not None:
        where.append(
            exists(
                select(m.Assignment.id).where(
                    m.Assignment.case_id == m.Case.id, m.Assignment.mediator_id == f.mediator_id
                )
            )
        )
    return where


def _case_state_where(f: CaseFilter, ex: CaseExprs) -> list[ColumnElement[bool]]:
    """The conditions of ``f`` on the state as of the list's day (state, needs attention)."""
    where: list[ColumnElement[bool]] = []
    if f.state is not None:
        where.append(ex.state == str(f.state))
    if f.needs_attention is not None:
        flag = or_(ex.waiting, ex.court)
        where.append(flag if f.needs_attention else ~flag)
    return where


def _cases(
    db: Database,
    query: str | None = None,
    filters: CaseFilter | None = None,
    sort: str | None = "-received",
    as_of: dt.date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    count: bool = False,
) -> Any:
    """The query behind :func:`list_cases` and :func:`count_cases`."""
    f = filters or CaseFilter()
    on = as_of or (f.period.end if f.period is not None else common.today())
    with common.read(db) as s:
        ex = case_exprs(s, on)
        parties = (
            select(m.Party.case_id.label("cid"), _agg_text(s, m.Party.name).label("names"))
            .group_by(m.Party.case_id)
            .subquery()
        )
        people = (
            select(m.Assignment.case_id.label("cid"), _agg_text(s, m.Mediator.full_name).label("names"))
            .join(m.Mediator, m.Mediator.id == m.Assignment.mediator_id)
            .group_by(m.Assignment.case_id)
            .subquery()
        )
        stmt = (
            select(
                m.Case.id,
                m.Case.code,
                m.Case.received_on,
                m.Case.team_id,
                m.Team.code,
                m.Team.name,
                m.Case.category,
                m.Case.summary,
                parties.c.names,
                people.c.names,
                ex.state.label("state"),
                m.Case.result,
                m.Case.ended_on,
                ex.first_assigned,
                ex.first_session,
                case((ex.waiting, 1), else_=0),
                case((ex.court, 1), else_=0),
            )
            .join(m.Team, m.Team.id == m.Case.team_id)
            .outerjoin(ex.assigned_sub, ex.assigned_sub.c.cid == m.Case.id)
            .outerjoin(ex.session_sub, ex.session_sub.c.cid == m.Case.id)
            .outerjoin(parties, parties.c.cid == m.Case.id)
            .outerjoin(people, people.c.cid == m.Case.id)
            .where(search_clause(s, m.Case, query))
        )
        if as_of is not None:
            stmt = stmt.where(m.Case.received_on <= as_of)
        stmt = stmt.where(*_case_where(f), *_case_state_where(f, ex))
        order, _name = _order(
            sort,
            {
                "received": (m.Case.received_on, m.Case.code),
                "code": m.Case.code,
                "team": (m.Team.sort_key, m.Case.received_on),
                "state": (ex.state, m.Case.received_on),
                "ended": (m.Case.ended_on, m.Case.code),
            },
            "-received",
        )
        if count:
            return _count(s, stmt)
        stmt = _page(stmt.order_by(*order, m.Case.id), limit, offset)
        rows = []
        for r in s.execute(stmt):
            first_assigned, first_session = _date(r[13]), _date(r[14])
            waiting, court = bool(r[15]), bool(r[16])
            rows.append(
                CaseRow(
                    id=r[0],
                    code=r[1],
                    received_on=r[2],
                    team_id=r[3],
                    team_code=r[4],
                    team_name=r[5],
                    category=r[6],
                    summary=r[7] or "",
                    parties=r[8] or "",
                    mediators=r[9] or "",
                    state=_state(r[10]),
                    result=r[11],
                    ended_on=r[12],
                    first_assigned=first_assigned,
                    first_session=first_session,
                    needs_attention=waiting or court,
                    attention=attention_text(on, waiting, court, first_assigned, r[2], r[12]),
                )
            )
        return rows


def list_cases(
    db: Database,
    query: str | None = None,
    filters: CaseFilter | None = None,
    sort: str | None = "-received",
    as_of: dt.date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[CaseRow]:
    """Cases matching ``query`` (code, content, place, parties; accent-insensitive) and ``filters``.

    The state is taken as of ``as_of`` (default: the period's end, else today); with ``as_of`` given, cases
    received after it are left out. ``sort``: "received", "code", "team", "state", "ended"; "-" for descending.
    """
    rows: list[CaseRow] = _cases(db, query, filters, sort, as_of, limit=limit, offset=offset)
    return rows


def count_cases(
    db: Database,
    query: str | None = None,
    filters: CaseFilter | None = None,
    as_of: dt.date | None = None,
) -> int:
    """How many rows :func:`list_cases` would return (for a lazily filled table)."""
    return int(_cases(db, query, filters, None, as_of, count=True))


def case_state(case_obj: m.Case, on: dt.date) -> CaseState | None:
    """The state of a loaded case on ``on`` (same definition as the list)."""
    if case_obj.category == Category.NGOAI_PHAM_VI:
        return None
    if case_obj.result is not None and case_obj.ended_on is not None and case_obj.ended_on <= on:
        return _state(case_obj.result.value)
    assigned = rules.first_assignment(case_obj)
    held = rules.first_session(case_obj)
    if (assigned is not None and assigned <= on) or (held is not None and held <= on):
        return CaseState.DANG
    return CaseState.CHUA


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


# ---- detail loaders ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDetail:
    case: m.Case  # detached; team → village, parties, assignments → mediator, invitees, sessions, follow-ups
    state: CaseState | None
    findings: list[Finding]  # rules 3.4–3.6 on as_of
    session_deadline: dt.date | None
    court_deadline: dt.date | None


def case_detail(db: Database, case_id: int, as_of: dt.date | None = None) -> CaseDetail:
    """Everything about one case, with its state and the findings of rules 3.4–3.6."""
    on = as_of or common.today()
    with common.read(db) as s:
        obj = s.execute(
            select(m.Case).where(m.Case.id == case_id).options(*case_options())
        ).scalar_one_or_none()
        if obj is None:
            raise UserError(_("The case no longer exists; refresh the list."))
    return CaseDetail(
        obj,
        case_state(obj, on),
        rules.case_findings(obj, on),
        rules.session_deadline(obj),
        rules.court_deadline(obj),
    )
