"""Step 3 of the import, what is already there: the database's records keyed by code, read in one pass.

Only the columns the workbook can set are read, as plain dicts, so the plan can tell added / updated / unchanged
without loading ORM objects (a province file holds hundreds of thousands of rows).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.import_rows import PERSON_FIELDS
from hoagiai_desktop.interchange.import_run import ImportRun
from hoagiai_desktop.interchange.reading import code_key
from hoagiai_desktop.interchange.schema import Column, Sheet


@dataclass
class Existing:
    villages: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    teams: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    mediators: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    memberships: dict[int, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # by mediator id
    cases: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    parties: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    assignments: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    sessions: dict[int, list[tuple[int, dt.date]]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    attendance: dict[tuple[int, int], tuple[int, bool]] = field(default_factory=dict)
    team_code_by_id: dict[int, str] = field(default_factory=dict)
    mediator_code_by_id: dict[int, str] = field(default_factory=dict)


_VILLAGE_COLS = ("name", "kind", "ethnic_area", "households")
_TEAM_COLS = ("name", "village_id", "decision_no", "decision_date", "legal_support", "legal_support_name", "notes",
              "dissolved_on")  # fmt: skip
_MEMBERSHIP_COLS = (
    "id",
    "team_id",
    "role",
    "recognition_no",
    "recognition_date",
    "start_date",
    "end_date",
    "end_reason",
)
# The last four are not workbook columns: the rules judge a changed case with what the window stored.
_CASE_COLS = ("team_id", "received_on", "basis", "category", "summary", "result", "ended_on", "end_reason",
              "agreement", "notes", "guidance", "referral", "immediate", "court_filed_on")  # fmt: skip
_EVENT_COLS = ("title", "kind", "organiser_level", "start_on", "end_on", "hours", "venue")


def load_existing(session: Session) -> Existing:
    ex = Existing()

    def by_code(model: Any, cols: Iterable[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        names = list(cols)
        stmt = select(model.id, model.code, *(getattr(model, c) for c in names))
        return {code_key(r[1]): (r[0], dict(zip(names, r[2:], strict=True))) for r in session.execute(stmt)}

    ex.villages = by_code(m.Village, _VILLAGE_COLS)
    ex.teams = by_code(m.Team, _TEAM_COLS)
    ex.mediators = by_code(m.Mediator, PERSON_FIELDS)
    ex.cases = by_code(m.Case, _CASE_COLS)
    ex.events = by_code(m.TrainingEvent, _EVENT_COLS)
    ex.team_code_by_id = {i: k for k, (i, _f) in ex.teams.items()}
    ex.mediator_code_by_id = {i: k for k, (i, _f) in ex.mediators.items()}
    ms = select(m.Membership.mediator_id, *(getattr(m.Membership, c) for c in _MEMBERSHIP_COLS))
    for r in session.execute(ms):
        ex.memberships[r[0]].append(dict(zip(_MEMBERSHIP_COLS, r[1:], strict=True)))
    for r in session.execute(
        select(m.Party.id, m.Party.case_id, m.Party.name, m.Party.birth_year, m.Party.address).order_by(
            m.Party.id
        )
    ):
        ex.parties[r[1]].append({"id": r[0], "name": r[2], "birth_year": r[3], "address": r[4]})
    for r in session.execute(
        select(m.Assignment.id, m.Assignment.case_id, m.Assignment.mediator_id, m.Assignment.assigned_on,
               m.Assignment.recusal_override).order_by(m.Assignment.id)
    ):  # fmt: skip
        ex.assignments[r[1]].append({"id": r[0], "mediator_id": r[2], "assigned_on": r[3], "override": r[4]})
    for r in session.execute(
        select(m.MediationSession.id, m.MediationSession.case_id, m.MediationSession.held_on)
    ):
        ex.sessions[r[1]].append((r[0], r[2]))
    for r in session.execute(
        select(m.Attendance.id, m.Attendance.event_id, m.Attendance.mediator_id, m.Attendance.present)
    ):
        ex.attendance[(r[1], r[2])] = (r[0], r[3])
    return ex


def db_is_empty(session: Session) -> bool:
    for model in (m.Village, m.Team, m.Mediator, m.Case, m.TrainingEvent):
        if session.execute(select(model.id).limit(1)).first() is not None:
            return False
    return True


@dataclass
class Plan:
    """What the write step does; codes stand in for ids of rows inserted by the same import."""

    villages_new: list[dict[str, Any]] = field(default_factory=list)
    villages_upd: list[dict[str, Any]] = field(default_factory=list)
    teams_new: list[dict[str, Any]] = field(default_factory=list)  # with "_village" code
    teams_upd: list[dict[str, Any]] = field(default_factory=list)
    mediators_new: list[dict[str, Any]] = field(default_factory=list)
    mediators_upd: list[dict[str, Any]] = field(default_factory=list)
    memberships_new: list[dict[str, Any]] = field(default_factory=list)  # "_mediator", "_team" codes
    memberships_upd: list[dict[str, Any]] = field(default_factory=list)
    cases_new: list[dict[str, Any]] = field(default_factory=list)
    cases_upd: list[dict[str, Any]] = field(default_factory=list)
    parties_new: list[dict[str, Any]] = field(default_factory=list)  # "_case" code
    parties_upd: list[dict[str, Any]] = field(default_factory=list)
    parties_del: list[int] = field(default_factory=list)
    assignments_new: list[dict[str, Any]] = field(default_factory=list)  # "_case", "_mediator" codes
    assignments_upd: list[dict[str, Any]] = field(default_factory=list)
    assignments_del: list[int] = field(default_factory=list)
    sessions_new: list[dict[str, Any]] = field(default_factory=list)  # "_case" code
    sessions_upd: list[dict[str, Any]] = field(default_factory=list)
    events_new: list[dict[str, Any]] = field(default_factory=list)
    events_upd: list[dict[str, Any]] = field(default_factory=list)
    attendance_new: list[dict[str, Any]] = field(default_factory=list)  # "_event", "_mediator" codes
    attendance_upd: list[dict[str, Any]] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(v) for v in vars(self).values())


def changed_fields(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in new.items() if old.get(k) != v}


def unknown_code(run: ImportRun, sheet: Sheet, row: int, column: Column, code: str, target: Sheet) -> None:
    run.problem(
        sheet, row, column,
        _("The code {code} is neither in sheet {sheet} nor in the database.").format(code=code, sheet=target.name),
        _("Add it to sheet {sheet} or correct the code.").format(sheet=target.name),
    )  # fmt: skip
