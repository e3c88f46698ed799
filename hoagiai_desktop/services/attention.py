"""The dashboard's "needs attention" list: what the officer should act on, one line each.

Kinds (in the order shown):

* ``court_deadline`` — a successful case whose court-recognition deadline is within 30 days (rule 3.6);
* ``case_waiting`` — an open case with no session more than 3 days after the assignment, or no mediator more than
  3 days after it was received (rule 3.4);
* ``team_noncompliant`` — an active team without the legal composition (rule 3.1);
* ``training_overdue`` — an active mediator recognised in the last 18 months and not trained within 6 months (3.7);
* ``training_due`` — the same window closes within 30 days and the mediator is not trained yet;
* ``case_open`` — an open case received more than 30 days ago (not already listed as waiting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.periods import Period, add_months
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.services import common
from hoagiai_desktop.services.cases_read import CaseFilter, case_ids, case_rows
from hoagiai_desktop.services.mediators_read import MediatorFilter, TrainingStatus, training_status
from hoagiai_desktop.services.teams_read import TeamFilter, team_ids, team_rows
from hoagiai_desktop.storage.database import Database

_T = TypeVar("_T")

KINDS = (
    "court_deadline",
    "case_waiting",
    "team_noncompliant",
    "training_overdue",
    "training_due",
    "case_open",
)
SHOWN_PER_KIND = 50  # the dashboard lists this many of each kind; its count says how many there are in all
NEW_MEDIATOR_MONTHS = 18
OPEN_CASE_DAYS = 30
TRAINING_WARN_DAYS = 30


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # one of KINDS
    rule: str | None  # DOMAIN §3 rule, e.g. "3.1"
    ref: str  # code of the team / mediator / case
    target_id: int  # id of that row, to open it
    message: str  # one line, translated
    due: dt.date | None = None  # the deadline when there is one


@dataclass(frozen=True)
class _Found:
    """Every kind's ids (the mediators' statuses), most urgent kind first, each in the order it is listed."""

    court: list[int]  # cases, as received
    waiting: list[int]  # cases, as received
    teams: list[int]  # in Vietnamese order
    overdue: list[TrainingStatus]  # in Vietnamese order
    due: list[TrainingStatus]
    still_open: list[int]  # cases, by code

    def counts(self) -> dict[str, int]:
        found: tuple[list[int] | list[TrainingStatus], ...] = (
            self.court, self.waiting, self.teams, self.overdue, self.due, self.still_open
        )  # fmt: skip
        return {kind: len(ids) for kind, ids in zip(KINDS, found, strict=True)}


def _found(db: Database, on: dt.date) -> _Found:
    """What needs attention on ``on``, as ids only: counting every kind costs no row.

    Each set comes from the read services' own filters (one definition of each rule): the two reasons a case needs
    attention, the composition rule of the teams, rule 3.7 of the mediators, and "open" of the cases."""
    court = case_ids(db, CaseFilter(attention_reason="court", as_of=on, descending=False))
    waiting = case_ids(db, CaseFilter(attention_reason="waiting", as_of=on, descending=False))
    teams = team_ids(db, TeamFilter(status="active", compliant=False), as_of=on)

    recent = add_months(on, -NEW_MEDIATOR_MONTHS)
    overdue: list[TrainingStatus] = []
    due: list[TrainingStatus] = []
    # only the newly recognised: on a province file the full roster is 20,000 mediators
    for md in training_status(db, MediatorFilter(status="active", recognised_since=recent), as_of=on):
        first = md.first_recognised
        if first is None or first < recent:
            continue
        deadline = rules.training_deadline(first)
        if md.training_overdue:
            overdue.append(md)
        elif not md.trained and on <= deadline <= on + dt.timedelta(days=TRAINING_WARN_DAYS):
            due.append(md)

    old = on - dt.timedelta(days=OPEN_CASE_DAYS)
    # only the cases received before ``old``; those already listed as waiting are not listed twice
    before_old = Period("", dt.date.min, old - dt.timedelta(days=1), old - dt.timedelta(days=1), "custom")
    open_old = CaseFilter(still_open=True, received_in=before_old, as_of=on, sort="code", descending=False)
    listed = set(waiting)
    still_open = [i for i in case_ids(db, open_old) if i not in listed]
    return _Found(court, waiting, teams, overdue, due, still_open)


def _items(db: Database, on: dt.date, found: _Found, per_kind: int | None) -> list[AttentionItem]:
    """The lines of the first ``per_kind`` of each kind (all when None), most urgent kinds first: rows are read
    for those only."""

    def first(ids: list[_T]) -> list[_T]:
        return ids if per_kind is None else ids[:per_kind]

    court, waiting, still_open = first(found.court), first(found.waiting), first(found.still_open)
    rows = case_rows(db, [*court, *waiting, *still_open], on, attention_day=on)
    teams = team_rows(db, first(found.teams), as_of=on)
    items: list[AttentionItem] = []
    for case_id in court:
        if (row := rows.get(case_id)) is not None and row.ended_on is not None:
            due = add_months(row.ended_on, rules.COURT_MONTHS)
            items.append(AttentionItem("court_deadline", "3.6", row.code, row.id, row.attention, due))
    for case_id in waiting:
        if (row := rows.get(case_id)) is not None:
            items.append(AttentionItem("case_waiting", "3.4", row.code, row.id, row.attention))
    for team_id in first(found.teams):
        if (team := teams.get(team_id)) is not None:
            message = _("{team}: {problems}").format(team=team.name, problems=" ".join(team.problems))
            items.append(AttentionItem("team_noncompliant", "3.1", team.code, team.id, message))
    for md in first(found.overdue):
        assert md.first_recognised is not None  # only the newly recognised are found
        message = _("{name}: recognised on {date}, not trained within 6 months.").format(
            name=md.full_name, date=format_date(md.first_recognised)
        )
        deadline = rules.training_deadline(md.first_recognised)
        items.append(AttentionItem("training_overdue", "3.7", md.code, md.id, message, deadline))
    for md in first(found.due):
        assert md.first_recognised is not None
        deadline = rules.training_deadline(md.first_recognised)
        message = _("{name}: should be trained by {date}.").format(
            name=md.full_name, date=format_date(deadline)
        )
        items.append(AttentionItem("training_due", "3.7", md.code, md.id, message, deadline))
    for case_id in still_open:
        if (row := rows.get(case_id)) is not None and row.state is not None:
            message = _("Open for {days} days ({state}).").format(
                days=(on - row.received_on).days, state=row.state.label()
            )
            items.append(AttentionItem("case_open", None, row.code, row.id, message))
    return items


def needs_attention(
    db: Database, as_of: dt.date | None = None, *, limit_per_kind: int | None = None
) -> list[AttentionItem]:
    """Everything that needs the officer's attention on ``as_of`` (default today), most urgent kinds first."""
    on = as_of or common.today()
    return _items(db, on, _found(db, on), limit_per_kind)


@dataclass(frozen=True)
class AttentionSummary:
    """What the dashboard shows: the first ``SHOWN_PER_KIND`` items of each kind and how many there are of each."""

    items: list[AttentionItem]
    counts: dict[str, int]


def summary(
    db: Database, as_of: dt.date | None = None, *, per_kind: int = SHOWN_PER_KIND
) -> AttentionSummary:
    """The dashboard's list: :func:`needs_attention` cut to ``per_kind`` of each kind, with every kind's count
    (kinds with nothing are left out of the counts)."""
    on = as_of or common.today()
    found = _found(db, on)
    counts = {kind: n for kind, n in found.counts().items() if n}
    return AttentionSummary(_items(db, on, found, per_kind), counts)


def attention_counts(db: Database, as_of: dt.date | None = None) -> dict[str, int]:
    """How many items of each kind :func:`needs_attention` finds (for the dashboard's badges)."""
    return _found(db, as_of or common.today()).counts()
