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

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import CaseState
from hoagiai_desktop.domain.periods import Period, add_months
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.services import common
from hoagiai_desktop.services.cases_read import CaseFilter, case_list
from hoagiai_desktop.services.mediators_read import MediatorFilter, list_mediators
from hoagiai_desktop.services.teams_read import TeamFilter, list_teams
from hoagiai_desktop.storage.database import Database

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


def needs_attention(
    db: Database, as_of: dt.date | None = None, *, limit_per_kind: int | None = None
) -> list[AttentionItem]:
    """Everything that needs the officer's attention on ``as_of`` (default today), most urgent kinds first."""
    on = as_of or common.today()
    items: dict[str, list[AttentionItem]] = {k: [] for k in KINDS}

    for row in case_list(db, CaseFilter(needs_attention=True, as_of=on, descending=False)):
        if row.ended_on is not None and row.state == CaseState.THANH:
            due = add_months(row.ended_on, rules.COURT_MONTHS)
            items["court_deadline"].append(
                AttentionItem("court_deadline", "3.6", row.code, row.id, row.attention, due)
            )
        else:
            items["case_waiting"].append(
                AttentionItem("case_waiting", "3.4", row.code, row.id, row.attention)
            )
    waiting = {i.target_id for i in items["case_waiting"]}

    for team in list_teams(db, TeamFilter(status="active", compliant=False), as_of=on):
        message = _("{team}: {problems}").format(team=team.name, problems=" ".join(team.problems))
        items["team_noncompliant"].append(
            AttentionItem("team_noncompliant", "3.1", team.code, team.id, message)
        )

    recent = add_months(on, -NEW_MEDIATOR_MONTHS)
    # Only the newly recognised are fetched: on a province file the full roster is 20,000 rows, and building
    # them held the interpreter long enough to stall the window at start-up.
    newly = MediatorFilter(status="active", recognised_since=recent)
    for md in list_mediators(db, newly, as_of=on):
        first = md.first_recognised
        if first is None or first < recent:
            continue
        deadline = rules.training_deadline(first)
        if md.training_overdue:
            message = _("{name}: recognised on {date}, not trained within 6 months.").format(
                name=md.full_name, date=format_date(first)
            )
            items["training_overdue"].append(
                AttentionItem("training_overdue", "3.7", md.code, md.id, message, deadline)
            )
        elif not md.trained and on <= deadline <= on + dt.timedelta(days=TRAINING_WARN_DAYS):
            message = _("{name}: should be trained by {date}.").format(
                name=md.full_name, date=format_date(deadline)
            )
            items["training_due"].append(
                AttentionItem("training_due", "3.7", md.code, md.id, message, deadline)
            )

    old = on - dt.timedelta(days=OPEN_CASE_DAYS)
    # only the cases received before ``old`` are fetched: every open case of a province is thousands of rows
    before_old = Period("", dt.date.min, old - dt.timedelta(days=1), old - dt.timedelta(days=1), "custom")
    for state in (CaseState.DANG, CaseState.CHUA):
        for row in case_list(db, CaseFilter(state=state, received_in=before_old, as_of=on, descending=False)):
            if row.id in waiting or row.received_on >= old:
                continue
            message = _("Open for {days} days ({state}).").format(
                days=(on - row.received_on).days, state=state.label()
            )
            items["case_open"].append(AttentionItem("case_open", None, row.code, row.id, message))
    items["case_open"].sort(key=lambda i: i.ref)

    result: list[AttentionItem] = []
    for kind in KINDS:
        result += items[kind][:limit_per_kind] if limit_per_kind is not None else items[kind]
    return result


@dataclass(frozen=True)
class AttentionSummary:
    """What the dashboard shows: the first ``SHOWN_PER_KIND`` items of each kind and how many there are of each."""

    items: list[AttentionItem]
    counts: dict[str, int]


def summary(
    db: Database, as_of: dt.date | None = None, *, per_kind: int = SHOWN_PER_KIND
) -> AttentionSummary:
    """The dashboard's list: :func:`needs_attention` cut to ``per_kind`` of each kind, with every kind's count."""
    counts: dict[str, int] = {}
    shown: list[AttentionItem] = []
    for item in needs_attention(db, as_of):
        counts[item.kind] = counts.get(item.kind, 0) + 1
        if counts[item.kind] <= per_kind:
            shown.append(item)
    return AttentionSummary(shown, counts)


def attention_counts(db: Database, as_of: dt.date | None = None) -> dict[str, int]:
    """How many items of each kind :func:`needs_attention` finds (for the dashboard's badges)."""
    counts = dict.fromkeys(KINDS, 0)
    for item in needs_attention(db, as_of):
        counts[item.kind] += 1
    return counts
