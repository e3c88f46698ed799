"""Step 3 of the import for VuViec: a case judged exactly as the case service judges it, by ``domain/case_rules.py``.

A workbook row says at once what the window records in steps, so the row is replayed through the service's steps
in the service's order — ``create_case`` (intake), ``add_session`` for each session, ``assign_mediators`` for each
assignment date, ``record_outcome`` — calling the same rule functions with the same values. As in the service, a
step with a BLOCK finding stops the case there and reports that step's blocks; after each step that goes through,
what ``rules.case_findings`` says about the case as it now stands is added as warnings (rules 3.4–3.6).
``tests/interchange/test_rules_parity.py`` feeds the same cases through both doors and compares the findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace
from typing import Any

from hoagiai_desktop.domain import case_rules, rules
from hoagiai_desktop.domain.enums import CaseEndReason, Result
from hoagiai_desktop.domain.rules import Finding
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.import_run import ERROR, WARNING, ImportRun
from hoagiai_desktop.interchange.schema import RESULT_SPELLINGS, VU_VIEC


@dataclass(frozen=True)
class Assigned:
    """One mediator of an assignment: who (for rule 3.3) and whether a conflict with a party is recorded."""

    full_name: str
    birth_year: int | None
    birth_date: dt.date | None
    override: bool


@dataclass
class CaseState:
    """A case as it will stand after the import (stored values where the workbook leaves a column out)."""

    code: str
    received_on: dt.date
    category: Any
    team_active: bool  # Team.is_active(received_on)
    team_ref: str | None
    parties: Sequence[Any]
    guidance: str | None = None
    referral: str | None = None
    immediate: bool = False
    court_filed_on: dt.date | None = None
    session_dates: list[dt.date] = field(default_factory=list)
    assignments: dict[dt.date, list[Assigned]] = field(default_factory=dict)  # one service call per date
    result: Result | None = None
    ended_on: dt.date | None = None
    end_reason: Any = None
    agreement: str | None = None

    @property
    def ending(self) -> bool:
        return self.result is not None or self.ended_on is not None


def workbook_end_reason(result: Result | None, stored: Any) -> CaseEndReason | None:
    """The Điều 23 reason of a result typed in the workbook, which has no column for it: thành ends by agreement;
    không thành keeps a stored "the parties withdrew" and is otherwise "no agreement"."""
    if result is Result.THANH:
        return CaseEndReason.THANH
    if result is Result.KHONG_THANH:
        keep = (CaseEndReason.BEN_RUT, CaseEndReason.KHONG_THANH)
        return stored if stored in keep else CaseEndReason.KHONG_THANH
    return None


def judge_case(state: CaseState, today: dt.date) -> list[Finding]:
    """The findings the case service gives for ``state`` entered step by step (see the module docstring)."""
    ref = state.code
    case = SimpleNamespace(code=ref, received_on=state.received_on, immediate=state.immediate, result=None,
                           ended_on=None, end_reason=None, agreement=None, court_filed_on=state.court_filed_on,
                           assignments=[], sessions=[])  # fmt: skip
    found: list[Finding] = []

    def step(step_findings: list[Finding], apply: Callable[[], None]) -> bool:
        blocking = rules.blocks(step_findings)
        if blocking:  # the service raises RuleBlocked with these and writes nothing
            found.extend(blocking)
            return False
        apply()
        seen = {(f.rule, f.message) for f in step_findings}
        later = [f for f in rules.case_findings(case, today) if (f.rule, f.message) not in seen]
        found.extend(rules.warnings(step_findings) + rules.warnings(later))
        return True

    intake = case_rules.intake_findings(
        received_on=state.received_on, today=today, team_active=state.team_active, team_ref=state.team_ref,
        category=state.category, guidance=state.guidance, ref=ref,
    )  # fmt: skip
    if not step(intake, lambda: None):
        return found
    for held_on in state.session_dates:
        session = case_rules.session_findings(
            received_on=state.received_on, held_on=held_on, ended_on=None, today=today, ref=ref
        )
        if not step(session, partial(case.sessions.append, SimpleNamespace(held_on=held_on))):
            return found
    for assigned_on, mediators in sorted(state.assignments.items()):
        assignment = case_rules.assignment_findings(
            received_on=state.received_on, assigned_on=assigned_on, ended_on=None, today=today, ref=ref
        )
        for md in mediators:
            assignment += rules.party_conflicts(md, state.parties, recusal_override=md.override, ref=ref)
        add = [SimpleNamespace(assigned_on=assigned_on) for _md in mediators]
        if not step(assignment, partial(case.assignments.extend, add)):
            return found
    if state.ending:
        refusal = case_rules.outcome_refusal(state.category, state.result, state.end_reason, ref)
        if refusal:
            return found + refusal
        ending = case_rules.ending_findings(
            result=state.result, ended_on=state.ended_on, end_reason=state.end_reason, agreement=state.agreement,
            referral=state.referral, received_on=state.received_on, session_dates=state.session_dates,
            today=today, assignment_dates=[a.assigned_on for a in case.assignments], ref=ref,
        )  # fmt: skip

        def end() -> None:
            case.result, case.ended_on = state.result, state.ended_on
            case.end_reason, case.agreement = state.end_reason, state.agreement

        step(ending, end)
    return found


# Where a finding points in the sheet: the field of the service's form → the workbook column.
_COLUMN_OF_FIELD = {
    "received_on": "received_on", "held_on": "first_session", "sessions": "first_session",
    "assigned_on": "assigned_on", "mediators": "mediators", "ended_on": "ended_on", "result": "result",
    "end_reason": "result", "referral": "result", "agreement": "agreement", "category": "category",
    "guidance": "category", "team_id": "team", "court_filed_on": "ended_on",
}  # fmt: skip


def _suggestion(column: str) -> str:
    if column == "agreement":
        return _("Write what the parties agreed in the column “{column}”.").format(column="Thỏa thuận")
    if column == "result":
        return _("Use one of: {values}.").format(values=", ".join(RESULT_SPELLINGS))
    if column == "mediators":
        return _("Assign another mediator of the team.")
    return ""  # the rule's sentence already says which date to correct and how


def report_findings(run: ImportRun, row: int, findings: list[Finding]) -> None:
    """Each distinct finding as a problem of the row: blocks refuse the workbook, warnings are reported."""
    seen: set[tuple[str, str, str]] = set()
    for f in findings:
        if (f.rule, f.severity, f.message) in seen:
            continue  # the same warning after several steps (e.g. a late first session) is said once
        seen.add((f.rule, f.severity, f.message))
        column = _COLUMN_OF_FIELD.get(f.field or "", "code")
        if f.is_block:
            run.problem(VU_VIEC, row, VU_VIEC.column(column), f.message, _suggestion(column), ERROR, f.rule)
        else:
            run.problem(VU_VIEC, row, VU_VIEC.column(column), f.message, severity=WARNING, rule=f.rule)
