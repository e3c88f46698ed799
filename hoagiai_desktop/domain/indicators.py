"""The indicators of DOMAIN §4, computed with aggregate SQL that runs on SQLite and PostgreSQL alike.

A period P = [start, end]. *Stock* figures are taken as of ``end``; a membership is active on D when
``start_date <= D`` and (no ``end_date`` or ``end_date > D``), and only memberships of teams active on D count.
*Flow* figures use the handled set H(P): in-scope cases received on or before ``end`` and not ended before
``start``. A case counts as ended on D only when it has both a result and an end date on or before D; until then
it is open — ``dang`` when a mediator was assigned or a session held on or before D, otherwise ``chua``.
So ``cases.handled = successful + unsuccessful + ongoing + pending`` always holds.

Every figure is available for the whole commune (:func:`compute`) and per team (:func:`compute_by_team`,
one grouped query per family of figures, not one query per team).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, exists, func, literal, or_, select

from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import (
    IN_SCOPE_CATEGORIES,
    LEGAL_BACKGROUNDS,
    CaseState,
    Category,
    LegalQualification,
    Result,
    Role,
    Sex,
    TrainingKind,
)
from hoagiai_desktop.domain.ethnic import KINH
from hoagiai_desktop.domain.periods import Period, add_months
from hoagiai_desktop.i18n import N_, _

if TYPE_CHECKING:  # an ORM session (the window, the papers) or a Core connection (``hoagiai stats``)
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    Reader = Session | Connection

Number = int | float
Figures = dict[str, Number]

CATEGORY_KEYS = tuple(c.value for c in IN_SCOPE_CATEGORIES)

INDICATOR_KEYS: tuple[str, ...] = (
    "teams.total",
    "teams.compliant",
    "teams.noncompliant",
    "teams.legal_support",
    "mediators.total",
    "mediators.female",
    "mediators.ethnic_minority",
    "mediators.legal_background",
    "mediators.leaders",
    "mediators.recognised",
    "mediators.terminated",
    "cases.new",
    "cases.carried",
    "cases.handled",
    *(f"cases.by_category.{c}" for c in CATEGORY_KEYS),
    "cases.successful",
    "cases.unsuccessful",
    *(f"cases.successful_by_category.{c}" for c in CATEGORY_KEYS),
    "cases.ongoing",
    "cases.pending",
    "cases.out_of_scope",
    "cases.success_rate",
    "cases.success_rate_closed",
    "training.events",
    "training.trained",
    "training.trained_in_period",
    "training.pct_trained",
    "training.new",
    "training.new_trained_6m",
    "training.new_pending",
    "training.new_overdue",
    "training.leaders_in_depth",
)

# Figures that are a count of things happening within the period (estimated linearly for H1 / Y1);
# the rest are stocks or ratios.
FLOW_KEYS: frozenset[str] = frozenset(
    {
        "mediators.recognised",
        "mediators.terminated",
        "cases.new",
        "cases.handled",
        *(f"cases.by_category.{c}" for c in CATEGORY_KEYS),
        "cases.successful",
        "cases.unsuccessful",
        *(f"cases.successful_by_category.{c}" for c in CATEGORY_KEYS),
        "cases.out_of_scope",
        "training.events",
        "training.trained_in_period",
        "training.new",
    }
)

# What each figure is called on screen and on the command line (English msgids; shown with _()).
LABELS: dict[str, str] = {
    "cases.new": N_("New cases received"),
    "cases.handled": N_("Cases handled (carried over + new)"),
    "cases.successful": N_("Successful mediations"),
    "cases.unsuccessful": N_("Unsuccessful mediations"),
    "cases.out_of_scope": N_("Out of scope (guided to the competent body)"),
    "mediators.recognised": N_("Mediators recognised"),
    "mediators.terminated": N_("Mediators who left"),
    "training.events": N_("Training events"),
    "training.trained_in_period": N_("Mediators trained in the period"),
    "training.new": N_("Newly recognised mediators"),
    "cases.success_rate": N_("Success rate of handled cases (%)"),
    "cases.success_rate_closed": N_("Success rate of closed cases (%)"),
    "teams.total": N_("Teams"),
    "teams.compliant": N_("Teams with the legal composition"),
    "teams.noncompliant": N_("Teams lacking the legal composition"),
    "teams.legal_support": N_("Teams supported by a legal professional"),
    "mediators.total": N_("Mediators"),
    "mediators.female": N_("Women mediators"),
    "mediators.ethnic_minority": N_("Ethnic-minority mediators"),
    "mediators.legal_background": N_("Mediators with a legal background"),
    "mediators.leaders": N_("Team leaders"),
    "cases.carried": N_("Cases carried over"),
    "cases.ongoing": N_("Cases in progress"),
    "cases.pending": N_("Cases not started"),
    "training.trained": N_("Mediators trained"),
    "training.pct_trained": N_("Mediators trained (%)"),
    "training.new_trained_6m": N_("New mediators trained within 6 months"),
    "training.new_pending": N_("New mediators still to train"),
    "training.new_overdue": N_("New mediators not trained in time"),
    "training.leaders_in_depth": N_("Team leaders trained in depth"),
}


_LEGAL_CODES = tuple(b.value for b in LEGAL_BACKGROUNDS)

# The columns of the Core tables, not the ORM classes: ``hoagiai stats`` then runs without loading the ORM and
# the models, and its statements compile without the ORM's compile step. The lists combine these expressions
# with their ORM statements over the same tables.
MS, TEAM, VILLAGE, MED = t.membership.c, t.team.c, t.village.c, t.mediator.c
CASE, ASSIGN, SESSION = t.case_file.c, t.assignment.c, t.mediation_session.c
EVENT, ATT = t.training_event.c, t.attendance.c


def label(key: str) -> str:
    """The figure's name in the UI language, e.g. "cases.by_category.dan_su" → "Handled: Civil dispute"."""
    if key in LABELS:
        return _(LABELS[key])
    for prefix, text in (
        ("cases.successful_by_category.", N_("Successful: {category}")),
        ("cases.by_category.", N_("Handled: {category}")),
        ("cases.new_by_category.", N_("New: {category}")),
    ):
        if key.startswith(prefix):
            category = Category.parse(key[len(prefix) :])
            if category is not None:
                return _(text).format(category=category.label())
    return key


# ---- building blocks -----------------------------------------------------------------------------------------


def membership_active(on: dt.date) -> ColumnElement[bool]:
    return and_(MS.start_date <= on, or_(MS.end_date.is_(None), MS.end_date > on))


def team_active(on: dt.date) -> ColumnElement[bool]:
    return and_(
        or_(TEAM.decision_date.is_(None), TEAM.decision_date <= on),
        or_(TEAM.dissolved_on.is_(None), TEAM.dissolved_on > on),
    )


def case_ended_by(on: dt.date) -> ColumnElement[bool]:
    return and_(CASE.result.is_not(None), CASE.ended_on.is_not(None), CASE.ended_on <= on)


def case_started_by(on: dt.date) -> ColumnElement[bool]:
    """A mediator was assigned or a session held on or before ``on`` (the case is ``dang``, not ``chua``)."""
    assigned = exists().where(ASSIGN.case_id == CASE.id, ASSIGN.assigned_on <= on)
    held = exists().where(SESSION.case_id == CASE.id, SESSION.held_on <= on)
    return or_(assigned, held)


def case_state_expr(on: dt.date) -> ColumnElement[str]:
    """SQL expression giving a case's state as of ``on``: 'thanh', 'khong_thanh', 'dang' or 'chua'."""
    return case(
        (and_(case_ended_by(on), CASE.result == Result.THANH), literal(Result.THANH.value)),
        (case_ended_by(on), literal(Result.KHONG_THANH.value)),
        (case_started_by(on), literal("dang")),
        else_=literal("chua"),
    )


def case_state(case_: Any, on: dt.date) -> CaseState | None:
    """The state on ``on`` of a case already loaded (a stored case or a record with its ``assignments`` and
    ``sessions``): :func:`case_state_expr` read from its values — the one definition, in SQL for the figures and the
    lists, here for a paper or a form holding one case (a test compares the two on every sample case). None for
    an out-of-scope case, which has no state."""
    if case_.category == Category.NGOAI_PHAM_VI:
        return None
    if case_.result is not None and case_.ended_on is not None and case_.ended_on <= on:
        return CaseState.THANH if case_.result == Result.THANH else CaseState.KHONG_THANH
    started = any(a.assigned_on <= on for a in case_.assignments) or any(
        x.held_on <= on for x in case_.sessions
    )
    return CaseState.DANG if started else CaseState.CHUA


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _count_distinct_if(condition: ColumnElement[bool], column: Any) -> Any:
    return func.count(distinct(case((condition, column), else_=None)))


def _pct(part: Number, whole: Number) -> float:
    return round(part * 100.0 / whole, 1) if whole else 0.0


def _rows(session: Reader, stmt: Select[Any] | Any, by_team: bool) -> dict[int | None, dict[str, Any]]:
    """Run ``stmt`` (whose first column is the team id when ``by_team``) into {team_id|None: {label: value}}."""
    out: dict[int | None, dict[str, Any]] = {}
    for row in session.execute(stmt).mappings():
        values = dict(row)
        key = values.pop("team_id") if by_team else None
        out[key] = {k: (v or 0) for k, v in values.items()}
    return out


# ---- families of figures -------------------------------------------------------------------------------------


def _team_figures(session: Reader, end: dt.date, by_team: bool) -> dict[int | None, dict[str, Any]]:
    active = (
        select(
            MS.team_id.label("team_id"),
            func.count(distinct(MS.mediator_id)).label("members"),
            _count_distinct_if(MED.sex == Sex.NU, MS.mediator_id).label("women"),
            _count_distinct_if(
                and_(MED.ethnicity.is_not(None), MED.ethnicity != KINH),
                MS.mediator_id,
            ).label("minority"),
            _count_if(MS.role == Role.TO_TRUONG).label("leaders"),
        )
        .join(t.mediator, MED.id == MS.mediator_id)
        .where(membership_active(end))
        .group_by(MS.team_id)
        .subquery()
    )
    members = func.coalesce(active.c.members, 0)
    compliant = and_(
        members >= 3,
        func.coalesce(active.c.women, 0) >= 1,
        or_(VILLAGE.ethnic_area.is_(False), func.coalesce(active.c.minority, 0) >= 1),
        func.coalesce(active.c.leaders, 0) == 1,
    )
    columns = [
        func.count(TEAM.id).label("total"),
        _count_if(compliant).label("compliant"),
        _count_if(TEAM.legal_support.is_(True)).label("legal_support"),
    ]
    stmt = (
        select(*([TEAM.id.label("team_id")] if by_team else []), *columns)
        .join(t.village, VILLAGE.id == TEAM.village_id)
        .outerjoin(active, active.c.team_id == TEAM.id)
        .where(team_active(end))
    )
    if by_team:
        stmt = stmt.group_by(TEAM.id)
    return _rows(session, stmt, by_team)


def _attended(period: Period) -> Any:
    """Per mediator who attended any event ending on or before the period's end: whether one of those ended
    within the period (``in_period``) and whether one was ``chuyên sâu`` (``in_depth``) — one grouped pass over
    the attendances instead of one DISTINCT list per question."""
    return (
        select(
            ATT.mediator_id.label("mediator_id"),
            func.max(case((EVENT.end_on >= period.start, 1), else_=0)).label("in_period"),
            func.max(case((EVENT.kind == TrainingKind.CHUYEN_SAU, 1), else_=0)).label("in_depth"),
        )
        .join(t.training_event, EVENT.id == ATT.event_id)
        .where(ATT.present.is_(True), EVENT.end_on <= period.end)
        .group_by(ATT.mediator_id)
        .subquery()
    )


def _flag(condition: ColumnElement[bool]) -> Any:
    """1 when ``condition`` holds for any row of the group, else 0 (portable: PostgreSQL has no max(boolean))."""
    return func.max(case((condition, 1), else_=0))


def _mediator_figures(session: Reader, period: Period, by_team: bool) -> dict[int | None, dict[str, Any]]:
    """People counted once: one row per active mediator (per team and mediator with ``by_team``) saying what
    they are, then sums — one grouping instead of a DISTINCT count per figure (a third less time)."""
    end = period.end
    attended = _attended(period)
    legal = or_(
        and_(
            MED.legal_qualification.is_not(None),
            MED.legal_qualification != LegalQualification.KHONG,
        ),
        MED.background.in_(_LEGAL_CODES),
    )
    is_leader = MS.role == Role.TO_TRUONG
    keys = [MS.team_id] if by_team else []
    per_mediator = (
        select(
            *keys,
            MS.mediator_id,
            _flag(MED.sex == Sex.NU).label("female"),
            _flag(and_(MED.ethnicity.is_not(None), MED.ethnicity != KINH)).label("ethnic_minority"),
            _flag(legal).label("legal_background"),
            _count_if(is_leader).label("leaders"),  # memberships as tổ trưởng, not people
            _flag(attended.c.mediator_id.is_not(None)).label("trained"),
            _flag(attended.c.in_period == 1).label("trained_in_period"),
            _flag(and_(is_leader, attended.c.in_depth == 1)).label("leaders_in_depth"),
        )
        .join(t.mediator, MED.id == MS.mediator_id)
        .join(t.team, TEAM.id == MS.team_id)
        .outerjoin(attended, attended.c.mediator_id == MS.mediator_id)
        .where(membership_active(end), team_active(end))
        .group_by(*keys, MS.mediator_id)
        .subquery()
    )
    names = (
        "female",
        "ethnic_minority",
        "legal_background",
        "leaders",
        "trained",
        "trained_in_period",
        "leaders_in_depth",
    )
    stmt = select(
        *([per_mediator.c.team_id.label("team_id")] if by_team else []),
        func.count().label("total"),
        *(func.coalesce(func.sum(per_mediator.c[name]), 0).label(name) for name in names),
    )
    if by_team:
        stmt = stmt.group_by(per_mediator.c.team_id)
    return _rows(session, stmt, by_team)


def _membership_flow(session: Reader, period: Period, by_team: bool) -> dict[int | None, dict[str, Any]]:
    within_start = MS.start_date.between(period.start, period.end)
    within_end = and_(MS.end_date.is_not(None), MS.end_date.between(period.start, period.end))
    stmt = select(
        *([MS.team_id.label("team_id")] if by_team else []),
        _count_if(within_start).label("recognised"),
        _count_if(within_end).label("terminated"),
    ).where(or_(within_start, within_end))
    if by_team:
        stmt = stmt.group_by(MS.team_id)
    return _rows(session, stmt, by_team)


def case_on_books(period: Period) -> ColumnElement[bool]:
    """The cases on the books during ``period``: received by its end and not ended before its start.

    The one SQL of the handled set H(P) (DOMAIN §4): the indicators count it (in scope only, see
    :func:`case_handled`) and the case lists filter by it, so a list "handled in P" is the figure of the form.
    """
    return and_(
        CASE.received_on <= period.end,
        or_(CASE.ended_on.is_(None), CASE.result.is_(None), CASE.ended_on >= period.start),
    )


def case_handled(period: Period) -> ColumnElement[bool]:
    """H(P): the in-scope cases on the books during ``period`` (``cases.handled``)."""
    return and_(CASE.category != Category.NGOAI_PHAM_VI, case_on_books(period))


def _case_figures(session: Reader, period: Period, by_team: bool) -> dict[int | None, dict[str, Any]]:
    start, end = period.start, period.end
    handled = case_handled(period)
    ended = case_ended_by(end)
    success = and_(ended, CASE.result == Result.THANH)
    failure = and_(ended, CASE.result == Result.KHONG_THANH)
    started = case_started_by(end)
    columns = [
        _count_if(CASE.received_on >= start).label("new"),
        _count_if(CASE.received_on < start).label("carried"),
        func.count(CASE.id).label("handled"),
        _count_if(success).label("successful"),
        _count_if(failure).label("unsuccessful"),
        _count_if(and_(~ended, started)).label("ongoing"),
        _count_if(and_(~ended, ~started)).label("pending"),
    ]
    for cat in IN_SCOPE_CATEGORIES:
        columns.append(_count_if(CASE.category == cat).label(f"by_category.{cat.value}"))
        columns.append(
            _count_if(and_(success, CASE.category == cat)).label(f"successful_by_category.{cat.value}")
        )
    stmt = select(*([CASE.team_id.label("team_id")] if by_team else []), *columns).where(handled)
    out_stmt = select(
        *([CASE.team_id.label("team_id")] if by_team else []), func.count(CASE.id).label("out_of_scope")
    ).where(CASE.category == Category.NGOAI_PHAM_VI, CASE.received_on.between(start, end))
    if by_team:
        stmt = stmt.group_by(CASE.team_id)
        out_stmt = out_stmt.group_by(CASE.team_id)
    rows = _rows(session, stmt, by_team)
    for key, values in _rows(session, out_stmt, by_team).items():
        rows.setdefault(key, {}).update(values)
    return rows


def _event_figures(session: Reader, period: Period, by_team: bool) -> dict[int | None, dict[str, Any]]:
    """Events ending within P; per team, the events that the team's active members attended."""
    within = EVENT.end_on.between(period.start, period.end)
    if not by_team:
        return {None: {"events": session.scalar(select(func.count(EVENT.id)).where(within)) or 0}}
    stmt = (
        select(MS.team_id.label("team_id"), func.count(distinct(EVENT.id)).label("events"))
        .join(t.attendance, ATT.mediator_id == MS.mediator_id)
        .join(t.training_event, EVENT.id == ATT.event_id)
        .where(within, ATT.present.is_(True), membership_active(period.end))
        .group_by(MS.team_id)
    )
    return _rows(session, stmt, True)


def _new_mediator_figures(session: Reader, period: Period, by_team: bool) -> dict[int | None, dict[str, Any]]:
    """Mediators whose *first* membership was recognised within P, and their 6-month training window.

    The window end (recognition + 6 months, clamped to the month's end) is computed in Python because date
    arithmetic differs between SQL dialects; the set is small (new mediators of one period).
    """
    recognised_on = func.coalesce(MS.recognition_date, MS.start_date)
    first = (
        select(MS.mediator_id.label("mediator_id"), func.min(recognised_on).label("first_on"))
        .group_by(MS.mediator_id)
        .subquery()
    )
    new_ids = select(first.c.mediator_id, first.c.first_on).where(
        first.c.first_on.between(period.start, period.end)
    )
    new = {mid: first_on for mid, first_on in session.execute(new_ids)}
    if not new:
        return {}
    attended: dict[int, list[dt.date]] = defaultdict(list)
    teams: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(list(new), 900):
        for mid, end_on in session.execute(
            select(ATT.mediator_id, EVENT.end_on)
            .join(t.training_event, EVENT.id == ATT.event_id)
            .where(ATT.mediator_id.in_(chunk), ATT.present.is_(True))
        ):
            attended[mid].append(end_on)
        if by_team:
            for mid, team_id in session.execute(
                select(MS.mediator_id, MS.team_id).where(
                    MS.mediator_id.in_(chunk),
                    recognised_on.between(period.start, period.end),
                )
            ):
                teams[mid].add(team_id)
    out: dict[int | None, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for mid, first_on in new.items():
        deadline = add_months(first_on, 6)
        trained = any(d <= min(deadline, period.end) for d in attended[mid])
        state = "new_trained_6m" if trained else ("new_pending" if period.end <= deadline else "new_overdue")
        for key in teams[mid] if by_team else [None]:
            out[key]["new"] += 1
            out[key][state] += 1
    return {k: dict(v) for k, v in out.items()}


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---- assembly ------------------------------------------------------------------------------------------------


def _assemble(parts: dict[str, dict[str, Any]]) -> Figures:
    def get(family: str, name: str) -> int:
        return int(parts.get(family, {}).get(name, 0) or 0)

    f: Figures = {
        "teams.total": get("teams", "total"),
        "teams.compliant": get("teams", "compliant"),
        "teams.noncompliant": get("teams", "total") - get("teams", "compliant"),
        "teams.legal_support": get("teams", "legal_support"),
    }
    for name in ("total", "female", "ethnic_minority", "legal_background", "leaders"):
        f[f"mediators.{name}"] = get("mediators", name)
    f["mediators.recognised"] = get("memberships", "recognised")
    f["mediators.terminated"] = get("memberships", "terminated")
    for name in ("new", "carried", "handled"):
        f[f"cases.{name}"] = get("cases", name)
    for cat in CATEGORY_KEYS:
        f[f"cases.by_category.{cat}"] = get("cases", f"by_category.{cat}")
    f["cases.successful"] = get("cases", "successful")
    f["cases.unsuccessful"] = get("cases", "unsuccessful")
    for cat in CATEGORY_KEYS:
        f[f"cases.successful_by_category.{cat}"] = get("cases", f"successful_by_category.{cat}")
    for name in ("ongoing", "pending", "out_of_scope"):
        f[f"cases.{name}"] = get("cases", name)
    f["cases.success_rate"] = _pct(f["cases.successful"], f["cases.handled"])
    f["cases.success_rate_closed"] = _pct(
        f["cases.successful"], f["cases.successful"] + f["cases.unsuccessful"]
    )
    f["training.events"] = get("events", "events")
    f["training.trained"] = get("mediators", "trained")
    f["training.trained_in_period"] = get("mediators", "trained_in_period")
    f["training.pct_trained"] = _pct(f["training.trained"], f["mediators.total"])
    for name in ("new", "new_trained_6m", "new_pending", "new_overdue"):
        f[f"training.{name}"] = get("new", name)
    f["training.leaders_in_depth"] = get("mediators", "leaders_in_depth")
    assert tuple(f) == INDICATOR_KEYS
    return f


_FAMILIES = {
    "teams": lambda s, p, g: _team_figures(s, p.end, g),
    "mediators": _mediator_figures,
    "memberships": _membership_flow,
    "cases": _case_figures,
    "events": _event_figures,
    "new": _new_mediator_figures,
}


def compute(session: Reader, period: Period) -> Figures:
    """Every indicator of DOMAIN §4 for the whole commune over ``period``."""
    parts = {name: fn(session, period, False).get(None, {}) for name, fn in _FAMILIES.items()}
    return _assemble(parts)


def compute_by_team(session: Reader, period: Period) -> dict[int, Figures]:
    """The same indicators per team (``teams.*`` are 1/0 for the team itself).

    Every team that is active at the period end or has any figure in the period gets a row.
    """
    grouped = {name: fn(session, period, True) for name, fn in _FAMILIES.items()}
    team_ids: set[int] = set()
    for rows in grouped.values():
        team_ids.update(k for k in rows if k is not None)
    return {
        team_id: _assemble({name: rows.get(team_id, {}) for name, rows in grouped.items()})
        for team_id in sorted(team_ids)
    }


def nest(flat: Figures) -> dict[str, Any]:
    """``{"cases.by_category.dan_su": 3}`` → ``{"cases": {"by_category": {"dan_su": 3}}}`` (for ``stats --json``)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def invariant_holds(figures: Figures) -> bool:
    """DOMAIN §4: handled = successful + unsuccessful + ongoing + pending."""
    parts = ("cases.successful", "cases.unsuccessful", "cases.ongoing", "cases.pending")
    return figures["cases.handled"] == sum(figures[k] for k in parts)
