"""The one read door for cases: a typed :class:`CaseFilter` in, ids sorted by the database out, then frozen rows
(:class:`CaseRow`, one block of a list) or one full :class:`CaseRecord` (the case form and the detail pane).

Nothing here hands out ORM objects or sessions: the window, the command line and the other services get plain
values they can keep across threads. Every judgement comes from one place:

* the state of a case as of a day D (DOMAIN §2) is :func:`indicators.case_state_expr` — the SQL the statistical
  form counts with — with out-of-scope cases given no state (:func:`.case_sql.state_expr`);
* "on the books during P" (the handled set H(P), DOMAIN §4) is :func:`indicators.case_on_books`, so a list
  filtered by a period holds exactly the cases ``cases.handled`` counts (plus the out-of-scope ones unless
  ``in_scope=True``);
* "needs attention" is rule 3.4 (open, no session more than 3 days after the first assignment, or after receipt
  when nobody is assigned) or rule 3.6 (successful, not filed at the court, deadline within 30 days), both as SQL
  in :func:`.case_sql.attention_exprs`; rows and records read the same expressions, so a row and its record never
  disagree (:func:`indicators.case_state` reads the state from a case already loaded, for papers);
* warnings are :func:`rules.case_findings` plus the two "record where the parties were guided" reminders.

Two days matter: the states are judged on :func:`states_on` (the chosen ``as_of``, else the period's end but never
after today, else today) and attention on :func:`attention_on` (the chosen ``as_of``, else today — what needs doing
now, whatever period is being looked at).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, case, exists, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from hoagiai_desktop.domain import indicators, rules
from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import (
    CaseBasis,
    CaseEndReason,
    CaseState,
    Category,
    FollowUpStatus,
    PartyKind,
    PartyRole,
    Result,
    Sex,
)
from hoagiai_desktop.domain.indicators import case_state
from hoagiai_desktop.domain.periods import Period, add_months, parse_period
from hoagiai_desktop.domain.rules import Finding
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import case_sql, common, read_sql
from hoagiai_desktop.services.case_sql import case_open, court_window
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.dialect import dialect_name
from hoagiai_desktop.storage.search import search_clause

if TYPE_CHECKING:
    from hoagiai_desktop.domain.indicators import Reader

__all__ = [
    "SORTS",
    "AssignmentRecord",
    "CaseFilter",
    "CaseRecord",
    "CaseRow",
    "CaseState",
    "Category",
    "FollowUpRecord",
    "InviteeRecord",
    "PartyRecord",
    "Period",
    "SessionRecord",
    "attention_on",
    "attention_text",
    "case_count",
    "case_id_for_code",
    "case_ids",
    "case_list",
    "case_open",
    "case_record",
    "case_rows",
    "case_state",
    "case_warnings",
    "court_window",
    "parse_period",
    "period_of",
    "states_on",
]

SORTS = ("received_on", "code", "team", "category", "state", "ended_on")
_STATES = {s.value: s for s in CaseState}
_CHUNK = 900  # ids per IN (…) — under every SQLite build's variable limit
# the Core tables: the lists run on a Core connection (no ORM to import or configure before the first list)
CASES, TEAMS, PARTIES, MEDIATORS, ASSIGNMENTS = t.case_file, t.team, t.party, t.mediator, t.assignment

# ---- the filter --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a list shows and in what order.

    ``period``: the cases on the books during it (H(P), DOMAIN §4; out-of-scope ones too unless ``in_scope``).
    ``received_in``: received within that period. ``state``: as of :func:`states_on`; ``still_open``: open then
    (``dang`` or ``chua``: in scope, not ended). ``needs_attention``: as of :func:`attention_on`;
    ``attention_reason``: needs it for that reason only — ``"waiting"`` (rule 3.4) or ``"court"`` (rule 3.6).
    ``as_of``: judge everything on that day and leave out cases received after it.
    ``sort``: one of :data:`SORTS` (unknown keys fall back to ``received_on``); ties go by code, then id.
    """

    query: str = ""
    team_id: int | None = None
    village_id: int | None = None
    category: Category | None = None
    state: CaseState | None = None
    period: Period | None = None
    received_in: Period | None = None
    still_open: bool | None = None
    needs_attention: bool | None = None
    attention_reason: str | None = None
    in_scope: bool | None = None
    mediator_id: int | None = None
    as_of: dt.date | None = None
    sort: str = "received_on"
    descending: bool = True


def states_on(f: CaseFilter) -> dt.date:
    """The day the states of ``f``'s list are judged on: ``as_of``, else the period's end (never after today)."""
    if f.as_of is not None:
        return f.as_of
    today = common.today()
    return min(f.period.end, today) if f.period is not None else today


def attention_on(f: CaseFilter) -> dt.date:
    """The day "needs attention" is judged on: ``as_of``, else today whatever the period."""
    return f.as_of or common.today()


# ---- the SQL every list shares -------------------------------------------------------------------------------------


def _filter_where(s: Reader, f: CaseFilter) -> list[ColumnElement[bool]]:
    """Every condition of ``f`` (the village one needs the team joined)."""
    where: list[ColumnElement[bool]] = [search_clause(s, CASES, f.query)]
    if f.team_id is not None:
        where.append(CASES.c.team_id == f.team_id)
    if f.village_id is not None:
        where.append(TEAMS.c.village_id == f.village_id)
    if f.category is not None:
        where.append(CASES.c.category == f.category)
    if f.in_scope is not None:
        out = CASES.c.category == Category.NGOAI_PHAM_VI
        where.append(~out if f.in_scope else out)
    if f.period is not None:
        where.append(indicators.case_on_books(f.period))
    if f.received_in is not None:
        where.append(CASES.c.received_on.between(f.received_in.start, f.received_in.end))
    if f.as_of is not None:
        where.append(CASES.c.received_on <= f.as_of)
    if f.mediator_id is not None:
        assigned = select(ASSIGNMENTS.c.id).where(
            ASSIGNMENTS.c.case_id == CASES.c.id, ASSIGNMENTS.c.mediator_id == f.mediator_id
        )
        where.append(exists(assigned))
    return where + _state_where(f)


def _state_where(f: CaseFilter) -> list[ColumnElement[bool]]:
    """The conditions of ``f`` on what a case is on a day: its state, open, needing attention (and why)."""
    where: list[ColumnElement[bool]] = []
    if f.state is not None:
        where.append(case_sql.state_expr(states_on(f)) == f.state.value)
    if f.still_open is not None:
        still_open = case_sql.case_open(states_on(f))
        where.append(still_open if f.still_open else ~still_open)
    if f.needs_attention:
        where.append(or_(*case_sql.attention_exprs(attention_on(f))))
    elif f.needs_attention is not None:
        # through CASE: NOT of a NULL comparison (no end date, no court date …) would drop the row
        flag = case((or_(*case_sql.attention_exprs(attention_on(f))), 1), else_=0)
        where.append(flag == 0)
    if f.attention_reason is not None:
        waiting, court = case_sql.attention_exprs(attention_on(f))
        reasons = {"waiting": waiting, "court": court}
        if f.attention_reason not in reasons:
            raise ValueError(f.attention_reason)
        where.append(reasons[f.attention_reason])
    return where


def _order(f: CaseFilter) -> list[Any]:
    sort = f.sort if f.sort in SORTS else "received_on"
    keys: dict[str, tuple[Any, ...]] = {
        "received_on": (CASES.c.received_on, CASES.c.code),
        "code": (CASES.c.code,),
        "team": (TEAMS.c.sort_key, CASES.c.received_on, CASES.c.code),
        "category": (CASES.c.category, CASES.c.received_on, CASES.c.code),
        "state": (case_sql.state_expr(states_on(f)), CASES.c.received_on, CASES.c.code),
        "ended_on": (CASES.c.ended_on, CASES.c.code),
    }
    parts = (*keys[sort], CASES.c.id)
    return [p.desc() if f.descending else p.asc() for p in parts]


def _filtered(s: Reader, stmt: Select[Any], f: CaseFilter, *, joined: bool) -> Select[Any]:
    if not joined and (f.village_id is not None or f.sort == "team"):
        stmt = stmt.join(TEAMS, TEAMS.c.id == CASES.c.team_id)
    return stmt.where(*_filter_where(s, f))


def case_ids(db: Database, f: CaseFilter) -> list[int]:
    """Ids of the cases matching ``f``, in ``f``'s order (newest received first by default)."""
    with db.reading_connection() as s:
        stmt = _filtered(s, select(CASES.c.id), f, joined=False)
        return list(s.execute(stmt.order_by(*_order(f))).scalars())


def case_count(db: Database, f: CaseFilter) -> int:
    """How many cases match ``f`` (``len(case_ids(db, f))`` without fetching them)."""
    with db.reading_connection() as s:
        return read_sql.count(s, _filtered(s, select(CASES.c.id), f, joined=False))


# ---- rows --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list: what the case list, the attention list, the mediator's cases and the report
    choices show. ``state`` is as of the rows' day (None for an out-of-scope case); ``attention`` is the one line
    saying why the case needs doing now (empty when nothing) and ``warnings`` every rule warning on that day."""

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
    state: CaseState | None
    result: Result | None
    ended_on: dt.date | None
    first_assigned: dt.date | None
    first_session: dt.date | None
    needs_attention: bool
    attention: str
    warnings: tuple[str, ...] = ()


def _names(s: Reader, lines: Select[Any], order: Any) -> Any:
    """One case's names (``lines`` selects them as ``n``) joined with "; " in entry order, as a scalar subquery.

    SQLite's group_concat takes no ORDER BY before 3.44, so it reads an ordered subquery; PostgreSQL orders in the
    aggregate itself."""
    if dialect_name(s) == "sqlite":
        inner = lines.order_by(order).correlate(CASES).subquery()
        return select(func.group_concat(inner.c.n, "; ")).scalar_subquery()
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    column = lines.selected_columns[0]
    agg = func.string_agg(column, aggregate_order_by(literal("; "), order))
    return lines.with_only_columns(agg).correlate(CASES).scalar_subquery()


def _party_names(s: Reader) -> Any:
    lines = select(PARTIES.c.name.label("n")).where(PARTIES.c.case_id == CASES.c.id)
    return _names(s, lines, PARTIES.c.id)


def _mediator_names(s: Reader) -> Any:
    lines = (
        select(MEDIATORS.c.full_name.label("n"))
        .select_from(ASSIGNMENTS)
        .join(MEDIATORS, MEDIATORS.c.id == ASSIGNMENTS.c.mediator_id)
        .where(ASSIGNMENTS.c.case_id == CASES.c.id)
    )
    return _names(s, lines, ASSIGNMENTS.c.id)


def _row_select(s: Reader, states_day: dt.date, attention_day: dt.date) -> Select[Any]:
    waiting, court = case_sql.attention_exprs(attention_day)
    return select(
        CASES.c.id,
        CASES.c.code,
        CASES.c.received_on,
        CASES.c.team_id,
        TEAMS.c.code,
        TEAMS.c.name,
        CASES.c.category,
        CASES.c.summary,
        _party_names(s),
        _mediator_names(s),
        case_sql.state_expr(states_day),
        CASES.c.result,
        CASES.c.ended_on,
        case_sql.first_assigned_expr(),
        case_sql.first_session_expr(),
        case((waiting, 1), else_=0),
        case((court, 1), else_=0),
        CASES.c.immediate,
        CASES.c.end_reason,
        CASES.c.agreement,
        CASES.c.guidance,
        CASES.c.referral,
        CASES.c.court_filed_on,
    ).join(TEAMS, TEAMS.c.id == CASES.c.team_id)


@dataclass(frozen=True)
class _On:
    """A dated line (assignment or session) as :mod:`rules` reads it."""

    assigned_on: dt.date | None = None
    held_on: dt.date | None = None


@dataclass(frozen=True)
class _Facts:
    """The fields of a case that rules 3.4–3.6 read, for a row built without loading the case."""

    code: str
    category: Category
    received_on: dt.date
    immediate: bool
    result: Result | None
    ended_on: dt.date | None
    end_reason: CaseEndReason | None
    agreement: str | None
    guidance: str | None
    referral: str | None
    court_filed_on: dt.date | None
    assignments: tuple[_On, ...]
    sessions: tuple[_On, ...]


def case_warnings(case_: Any, on: dt.date) -> tuple[str, ...]:
    """Every rule warning about a case on ``on``: rules 3.4–3.6, and where the parties were guided when the case
    is out of scope or the mediation failed. ``case_`` is a :class:`CaseRecord` (or anything with its fields)."""
    found = [f.message for f in rules.case_findings(case_, on)]
    if case_.category == Category.NGOAI_PHAM_VI and not common.clean(case_.guidance):
        found.append(_("The case is out of scope; record where the parties were guided."))
    if case_.result == Result.KHONG_THANH and not common.clean(case_.referral):
        found.append(_("Record where the parties were guided after the unsuccessful mediation."))
    return tuple(found)


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


def _row(r: Any, attention_day: dt.date) -> CaseRow:
    first_assigned, first_session = read_sql.as_date(r[13]), read_sql.as_date(r[14])
    waiting, court = bool(r[15]), bool(r[16])
    facts = _Facts(
        code=r[1],
        category=r[6],
        received_on=r[2],
        immediate=bool(r[17]),
        result=r[11],
        ended_on=r[12],
        end_reason=r[18],
        agreement=r[19],
        guidance=r[20],
        referral=r[21],
        court_filed_on=r[22],
        assignments=() if first_assigned is None else (_On(assigned_on=first_assigned),),
        sessions=() if first_session is None else (_On(held_on=first_session),),
    )
    return CaseRow(
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
        state=_STATES.get(r[10]) if r[10] else None,
        result=r[11],
        ended_on=r[12],
        first_assigned=first_assigned,
        first_session=first_session,
        needs_attention=waiting or court,
        attention=attention_text(attention_day, waiting, court, first_assigned, r[2], r[12]),
        warnings=case_warnings(facts, attention_day),
    )


def case_rows(
    db: Database, ids: Sequence[int], on: dt.date | None = None, *, attention_day: dt.date | None = None
) -> dict[int, CaseRow]:
    """Rows for the given case ids (one block of a list), keyed by id; ids that no longer exist are left out.

    States as of ``on`` (default today; pass :func:`states_on` of the list's filter), attention and warnings as
    of ``attention_day`` (default today; :func:`attention_on`).
    """
    states_day = on or common.today()
    att_day = attention_day or common.today()
    out: dict[int, CaseRow] = {}
    with db.reading_connection() as s:
        base = _row_select(s, states_day, att_day)
        for chunk in read_sql.chunks(list(ids), _CHUNK):
            for r in s.execute(base.where(CASES.c.id.in_(chunk))):
                out[r[0]] = _row(r, att_day)
    return out


def case_list(db: Database, f: CaseFilter, *, limit: int | None = None, offset: int = 0) -> list[CaseRow]:
    """The rows of ``f``'s list in its order, in one query (for services that need every row, e.g. the
    dashboard's attention list): the same rows as ``case_rows(db, case_ids(db, f), states_on(f))``."""
    att_day = attention_on(f)
    with db.reading_connection() as s:
        stmt = _filtered(s, _row_select(s, states_on(f), att_day), f, joined=True).order_by(*_order(f))
        stmt = read_sql.page(stmt, limit, offset)
        return [_row(r, att_day) for r in s.execute(stmt)]


def case_id_for_code(db: Database, code: str) -> int | None:
    """The id of the case with ``code`` (None when there is none)."""
    with db.reading_connection() as s:
        found: int | None = s.execute(select(CASES.c.id).where(CASES.c.code == code)).scalar_one_or_none()
        return found


# ---- one case in full ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRecord:
    id: int
    kind: PartyKind
    name: str
    birth_year: int | None
    sex: Sex | None
    address: str | None
    role: PartyRole
    position: str | None  # this side's position when the mediation failed


@dataclass(frozen=True)
class InviteeRecord:
    id: int
    name: str
    note: str | None


@dataclass(frozen=True)
class AssignmentRecord:
    id: int
    mediator_id: int
    mediator_code: str
    mediator_name: str
    assigned_on: dt.date
    recusal_override: bool
    recusal_note: str | None


@dataclass(frozen=True)
class SessionRecord:
    id: int
    held_on: dt.date
    place: str | None
    note: str | None


@dataclass(frozen=True)
class FollowUpRecord:
    id: int
    on: dt.date
    status: FollowUpStatus
    note: str | None


@dataclass(frozen=True)
class CaseRecord:
    """Everything about one case as plain values, for the case form and the detail pane.

    The field names are those of the stored case, so :mod:`hoagiai_desktop.domain.rules` reads a record as it
    reads a case (``rules.first_assignment(record)``, ``rules.session_deadline(record)`` …). The team is flattened
    to ``team_code`` / ``team_name`` / ``village_name``; an assignment carries its mediator's code and name.

    Judged on ``as_of``: ``state`` (None out of scope), ``findings`` (rules 3.4–3.6), ``needs_attention`` /
    ``attention`` and ``warnings`` — the very values the case list shows in the case's row on that day.
    ``session_deadline`` (first assignment + 3 days) and ``court_deadline`` (agreement + 6 months, successful
    cases only) do not depend on the day.
    """

    id: int
    code: str
    team_id: int
    team_code: str
    team_name: str
    village_name: str
    received_on: dt.date
    basis: CaseBasis
    category: Category
    subtype: str | None
    summary: str
    place: str | None
    is_public: bool
    immediate: bool
    guidance: str | None  # out of scope: where the parties were guided
    notes: str | None
    parties: tuple[PartyRecord, ...]
    invitees: tuple[InviteeRecord, ...]
    assignments: tuple[AssignmentRecord, ...]  # in the order they were made
    sessions: tuple[SessionRecord, ...]  # by date
    follow_ups: tuple[FollowUpRecord, ...]  # by date
    result: Result | None
    ended_on: dt.date | None
    end_reason: CaseEndReason | None
    agreement: str | None
    rights_obligations: str | None
    execution_method: str | None
    referral: str | None  # unsuccessful: where the parties were guided
    court_filed_on: dt.date | None
    court_name: str | None
    court_decision: str | None
    as_of: dt.date
    state: CaseState | None
    first_assigned: dt.date | None
    first_session: dt.date | None
    session_deadline: dt.date | None
    court_deadline: dt.date | None
    findings: tuple[Finding, ...]
    needs_attention: bool
    attention: str
    warnings: tuple[str, ...]

    @property
    def in_scope(self) -> bool:
        return self.category != Category.NGOAI_PHAM_VI

    @property
    def parties_text(self) -> str:
        return "; ".join(p.name for p in self.parties)

    @property
    def mediators_text(self) -> str:
        return "; ".join(a.mediator_name for a in self.assignments)


def case_record(db: Database, case_id: int, as_of: dt.date | None = None) -> CaseRecord:
    """One case in full, judged on ``as_of`` (default today). A case deleted meanwhile raises a UserError
    ("The case no longer exists; refresh the list.")."""
    # the whole case through the ORM (its lines by relationship), imported only here: the lists need none of it
    from hoagiai_desktop.domain import models as m
    from hoagiai_desktop.services.cases import case_options

    on = as_of or common.today()
    with db.reading() as s:
        c = s.execute(
            select(m.Case).where(m.Case.id == case_id).options(*case_options())
        ).scalar_one_or_none()
        if c is None:
            raise UserError(_("The case no longer exists; refresh the list."))
        r = s.execute(_row_select(s, on, on).where(CASES.c.id == case_id)).one()
        row = _row(r, on)
        record = CaseRecord(
            id=c.id,
            code=c.code,
            team_id=c.team_id,
            team_code=c.team.code,
            team_name=c.team.name,
            village_name=c.team.village.name,
            received_on=c.received_on,
            basis=c.basis,
            category=c.category,
            subtype=c.subtype,
            summary=c.summary or "",
            place=c.place,
            is_public=bool(c.is_public),
            immediate=bool(c.immediate),
            guidance=c.guidance,
            notes=c.notes,
            parties=tuple(
                PartyRecord(p.id, p.kind, p.name, p.birth_year, p.sex, p.address, p.role, p.position)
                for p in c.parties
            ),
            invitees=tuple(InviteeRecord(i.id, i.name, i.note) for i in c.invitees),
            assignments=tuple(
                AssignmentRecord(
                    a.id,
                    a.mediator_id,
                    a.mediator.code,
                    a.mediator.full_name,
                    a.assigned_on,
                    bool(a.recusal_override),
                    a.recusal_note,
                )
                for a in c.assignments
            ),
            sessions=tuple(SessionRecord(x.id, x.held_on, x.place, x.note) for x in c.sessions),
            follow_ups=tuple(FollowUpRecord(f.id, f.on, f.status, f.note) for f in c.follow_ups),
            result=c.result,
            ended_on=c.ended_on,
            end_reason=c.end_reason,
            agreement=c.agreement,
            rights_obligations=c.rights_obligations,
            execution_method=c.execution_method,
            referral=c.referral,
            court_filed_on=c.court_filed_on,
            court_name=c.court_name,
            court_decision=c.court_decision,
            as_of=on,
            state=row.state,
            first_assigned=rules.first_assignment(c),
            first_session=rules.first_session(c),
            session_deadline=rules.session_deadline(c),
            court_deadline=rules.court_deadline(c),
            findings=tuple(rules.case_findings(c, on)),
            needs_attention=row.needs_attention,
            attention=row.attention,
            warnings=(),
        )
    # the same function the rows use, read from the record's own lines (rows read the first dates: same result)
    return replace(record, warnings=case_warnings(record, on))


def period_of(code: str | None) -> Period | None:
    """The period a list is limited to, from its code (``2026``, ``2026-H1``, ``a:b``); None for all."""
    return parse_period(code) if code else None
