"""The SQL of what a case is on a day D, shared by every case list (:mod:`.cases_read`) and so by the attention
list: its state (DOMAIN §2, the indicators' own expression), "open", and the two reasons it needs attention —
rule 3.4 (no first session in time) and rule 3.6 (court deadline near).

Expressions only, over the Core tables and correlated on the case table: a query selects or filters with them and
runs where it likes (an ORM session or a Core connection).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, null, or_, select

from hoagiai_desktop.domain import indicators, rules
from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import Category, Result
from hoagiai_desktop.domain.periods import add_months

CASE, ASSIGN, SESSION = t.case_file.c, t.assignment.c, t.mediation_session.c


def first_assigned_expr() -> Any:
    return (
        select(func.min(ASSIGN.assigned_on))
        .where(ASSIGN.case_id == CASE.id)
        .correlate(t.case_file)
        .scalar_subquery()
    )


def first_session_expr() -> Any:
    return (
        select(func.min(SESSION.held_on))
        .where(SESSION.case_id == CASE.id)
        .correlate(t.case_file)
        .scalar_subquery()
    )


def state_expr(on: dt.date) -> Any:
    """The state as of ``on`` (DOMAIN §2) as SQL: the indicators' expression; NULL for an out-of-scope case."""
    return case(
        (CASE.category == Category.NGOAI_PHAM_VI, null()),
        else_=indicators.case_state_expr(on),
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


def through_index(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """``condition`` on a case's own indexed columns, asked as "its id is among the cases where it holds".

    The same cases either way, but SQLite then answers from the index: asked directly, next to the list's
    ``received_on <= D`` (true of nearly every case), its planner walked every case of a province by that index and
    ran the correlated subqueries of rule 3.4 on each (0.1–0.2 s for the attention list instead of a few ms).
    PostgreSQL plans both the same."""
    return CASE.id.in_(select(CASE.id).where(condition).correlate(None))  # its own scan, never the outer row


def case_open(on: dt.date) -> ColumnElement[bool]:
    """An in-scope case received on or before ``on`` and not yet ended by then (DOMAIN §2).

    "Not ended by ``on``" is :func:`indicators.case_ended_by` negated term by term (no result, no end date, or
    ended after ``on``): three conditions an index answers, for the few open cases among tens of thousands."""
    not_ended = or_(CASE.result.is_(None), CASE.ended_on.is_(None), CASE.ended_on > on)
    return and_(
        through_index(not_ended),
        CASE.category != Category.NGOAI_PHAM_VI,
        CASE.received_on <= on,
    )


def attention_exprs(on: dt.date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(waiting, court) on ``on`` as SQL — rule 3.4 and rule 3.6, the one definition of "needs attention".

    waiting: open, not mediated on the spot, no session by ``on``, and the first assignment (or the receipt when
    nobody is assigned) more than 3 days before ``on``. court: successful by ``on``, not filed at the court, and
    the deadline (agreement + 6 months) within [on, on + 30 days].
    """
    first_session = first_session_expr()
    cutoff = on - dt.timedelta(days=rules.FIRST_SESSION_DAYS)  # first + 3 < on  ⇔  first < on − 3
    waiting = and_(
        case_open(on),
        CASE.immediate.is_(False),
        or_(first_session.is_(None), first_session > on),
        func.coalesce(first_assigned_expr(), CASE.received_on) < cutoff,
    )
    low, high = court_window(on)
    court = and_(
        # the few agreements of one month, from the index; not every successful case by its result
        through_index(CASE.ended_on.between(low, min(high, on))),
        CASE.result == Result.THANH,
        CASE.court_filed_on.is_(None),
    )
    return waiting, court
