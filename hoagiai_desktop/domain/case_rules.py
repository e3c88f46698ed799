"""The rules of DOMAIN §3 for each step of a case (intake, session, assignment, ending, follow-up, court), as pure
functions of plain values.

The case service (``services/cases.py``) and the workbook import (``interchange/import_cases.py``) both call these,
so a case typed in the window and the same case read from a workbook are judged by the same code: the same rule,
the same severity, the same sentence. Each function returns the findings of one step in the order the service
reports them; the general rules they build on (3.5 ``outcome_findings``, 3.8 ``date_findings`` …) are in
``domain/rules.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import CaseEndReason, Category, Result
from hoagiai_desktop.domain.rules import BLOCK, WARNING, Finding
from hoagiai_desktop.i18n import _, format_date


def intake_findings(
    *,
    received_on: dt.date,
    today: dt.date,
    team_active: bool,  # Team.is_active(received_on)
    team_ref: str | None,
    category: Any,
    guidance: str | None,
    assignment_dates: Iterable[dt.date] = (),
    session_dates: Iterable[dt.date] = (),
    outcome: dict[str, Any] | None = None,
    ref: str | None = None,
) -> list[Finding]:
    """The intake of a case (Điều 16): received date not in the future and not after an assignment or a session
    already recorded (3.8 BLOCK), a stored outcome still valid for that date (3.5), the team active then (3.8
    warning), and an out-of-scope case says where the parties were guided (3.5 warning).

    ``outcome`` holds the stored ``result``, ``ended_on``, ``end_reason`` and ``agreement`` of an ended case.
    """
    found = rules.date_findings({"received_on": received_on}, today, ref=ref)
    if outcome is not None and outcome.get("ended_on") is not None:
        found += rules.outcome_findings(
            result=outcome.get("result"),
            ended_on=outcome["ended_on"],
            end_reason=outcome.get("end_reason"),
            agreement=outcome.get("agreement"),
            received_on=received_on,
            ref=ref,
        )
    early = [d for d in assignment_dates if d < received_on]
    if early:
        message = _("A mediator was assigned on {date}, before the date received.")
        found.append(Finding("3.8", BLOCK, message.format(date=format_date(early[0])), "received_on", ref))
    early = [d for d in session_dates if d < received_on]
    if early:
        message = _("A session was held on {date}, before the date received.")
        found.append(Finding("3.8", BLOCK, message.format(date=format_date(early[0])), "received_on", ref))
    if not team_active:
        message = _("The team is not active on {date}.").format(date=format_date(received_on))
        found.append(Finding("3.8", WARNING, message, "team_id", team_ref))
    if category == Category.NGOAI_PHAM_VI and not (guidance or "").strip():
        message = _("The case is out of scope; record where the parties were guided.")
        found.append(Finding("3.5", WARNING, message, "guidance", ref))
    return found


def session_findings(
    *,
    received_on: dt.date,
    held_on: dt.date,
    ended_on: dt.date | None,
    today: dt.date,
    ref: str | None = None,
) -> list[Finding]:
    """A mediation session (Điều 20): not in the future, not before the case was received, not after its end."""
    found = rules.date_findings(
        {"received_on": received_on, "held_on": held_on},
        today,
        ranges=[("received_on", "held_on")],
        ref=ref,
        context=["received_on"],
    )
    if ended_on is not None and held_on > ended_on:
        message = _("The session date is after the end of the mediation.")
        found.append(Finding("3.8", BLOCK, message, "held_on", ref))
    return found


def assignment_findings(
    *,
    received_on: dt.date,
    assigned_on: dt.date,
    ended_on: dt.date | None,
    today: dt.date,
    ref: str | None = None,
) -> list[Finding]:
    """An assignment (Điều 19): not in the future, not before the case was received, not after its end.
    Whether a mediator is a party (3.3) is :func:`rules.party_conflicts`, called per mediator."""
    found = rules.date_findings(
        {"received_on": received_on, "assigned_on": assigned_on},
        today,
        ranges=[("received_on", "assigned_on")],
        ref=ref,
        context=["received_on"],
    )
    if ended_on is not None and assigned_on > ended_on:
        message = _("The assignment date is after the end of the mediation.")
        found.append(Finding("3.8", BLOCK, message, "assigned_on", ref))
    return found


def outcome_refusal(
    category: Any, result: Result | None, end_reason: Any, ref: str | None = None
) -> list[Finding]:
    """3.5 BLOCK: an out-of-scope case has no result; thành ends by agreement and only it does (Điều 23)."""
    if result is None:
        return []
    if category == Category.NGOAI_PHAM_VI:
        message = _("An out-of-scope case has no mediation result; record the guidance given instead.")
        return [Finding("3.5", BLOCK, message, "category", ref)]
    if result == Result.THANH and end_reason != CaseEndReason.THANH:
        message = _("A successful mediation ends because the parties agreed.")
        return [Finding("3.5", BLOCK, message, "end_reason", ref)]
    if result == Result.KHONG_THANH and end_reason == CaseEndReason.THANH:
        message = _("An unsuccessful mediation cannot end with an agreement.")
        return [Finding("3.5", BLOCK, message, "end_reason", ref)]
    return []


def ending_findings(
    *,
    result: Result | None,
    ended_on: dt.date | None,
    end_reason: Any,
    agreement: str | None,
    referral: str | None,
    received_on: dt.date,
    session_dates: Iterable[dt.date],
    assignment_dates: Iterable[dt.date],
    today: dt.date,
    ref: str | None = None,
) -> list[Finding]:
    """The end of a mediation (Điều 23–24): rule 3.5 (result, date ≥ received, Điều 23 reason, agreement of a
    thành), the end date not in the future nor before a session or assignment (3.8), and where the parties were
    guided after a không thành (3.5 warning)."""
    found = rules.outcome_findings(
        result=result,
        ended_on=ended_on,
        end_reason=end_reason,
        agreement=agreement,
        received_on=received_on,
        ref=ref,
    )
    if ended_on is not None:
        found += rules.date_findings({"ended_on": ended_on}, today, ref=ref)
        later = [d for d in session_dates if d > ended_on] + [d for d in assignment_dates if d > ended_on]
        if later:
            message = _("The end date is before a session or assignment on {date}.")
            found.append(Finding("3.8", BLOCK, message.format(date=format_date(max(later))), "ended_on", ref))
    if result == Result.KHONG_THANH and not (referral or "").strip():
        message = _("Record where the parties were guided after the unsuccessful mediation.")
        found.append(Finding("3.5", WARNING, message, "referral", ref))
    return found


def follow_up_findings(
    *, ended_on: dt.date | None, on: dt.date, today: dt.date, ref: str | None = None
) -> list[Finding]:
    """A follow-up entry (Điều 26): not in the future, not before the mediation ended."""
    return rules.date_findings(
        {"ended_on": ended_on, "on": on}, today, ranges=[("ended_on", "on")], ref=ref, context=["ended_on"]
    )


def court_filing_findings(
    case: Any, filed_on: dt.date | None, today: dt.date, ref: str | None = None
) -> list[Finding]:
    """A request for court recognition (BLTTDS Điều 418): dates as 3.8, and a warning when filed after the
    6-month deadline (3.6)."""
    found = rules.date_findings(
        {"ended_on": case.ended_on, "court_filed_on": filed_on},
        today,
        ranges=[("ended_on", "court_filed_on")],
        ref=ref,
        context=["ended_on"],
    )
    deadline = rules.court_deadline(case)
    if deadline is not None and filed_on is not None and filed_on > deadline:
        message = _("The request was filed after the deadline of {date}.").format(date=format_date(deadline))
        found.append(Finding("3.6", WARNING, message, "court_filed_on", ref))
    return found
