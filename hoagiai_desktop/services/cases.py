"""The logbook: a case from intake to its end, follow-up and court recognition (Điều 16–26).

Every function is one transaction and returns the case detached with everything loaded (team and village,
parties, assignments with mediators, invitees, sessions, follow-ups) plus the warnings of rules 3.3–3.8.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain import case_rules, rules, values
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import (
    CaseBasis,
    CaseEndReason,
    Category,
    FollowUpStatus,
    PartyKind,
    PartyRole,
    Result,
    Sex,
)
from hoagiai_desktop.domain.rules import Finding
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.services import common
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import Errors, Outcome, ValidationError, check, get_or_fail, writing
from hoagiai_desktop.storage.database import Database

CODE_WIDTH = 4
_CASES = Changes(cases=True)


@dataclass(frozen=True)
class PartyInput:
    name: str
    kind: PartyKind | str = PartyKind.CA_NHAN
    birth_year: int | None = None
    sex: Sex | str | None = None
    address: str | None = None
    role: PartyRole | str = PartyRole.BEN
    position: str | None = None
    id: int | None = None  # an existing party being kept (its position stays unless given)


@dataclass(frozen=True)
class InviteeInput:
    name: str
    note: str | None = None


@dataclass(frozen=True)
class CaseInput:
    """The intake of a case (Điều 16): who, when, what."""

    team_id: int
    received_on: dt.date
    category: Category | str
    summary: str
    basis: CaseBasis | str = CaseBasis.CAC_BEN_YEU_CAU
    code: str | None = None  # blank → VV-<year received>-NNNN
    subtype: str | None = None
    place: str | None = None
    is_public: bool = False
    immediate: bool = False
    guidance: str | None = None  # out of scope: where the parties were guided
    notes: str | None = None
    parties: Sequence[PartyInput] = ()
    invitees: Sequence[InviteeInput] = ()


@dataclass(frozen=True)
class SessionInput:
    held_on: dt.date
    place: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class OutcomeInput:
    """The end of a mediation (Điều 23–24). ``positions`` maps party id → that side's position (không thành)."""

    result: Result | str
    ended_on: dt.date | None
    end_reason: CaseEndReason | str | None = None  # blank with thành → "the parties reached an agreement"
    agreement: str | None = None
    rights_obligations: str | None = None
    execution_method: str | None = None
    referral: str | None = None
    positions: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowUpInput:
    on: dt.date
    status: FollowUpStatus | str
    note: str | None = None


@dataclass(frozen=True)
class CourtInput:
    filed_on: dt.date | None
    court_name: str | None = None
    decision: str | None = None


def case_options() -> list[Any]:
    """Loader options that make a case fully readable once detached."""
    return [
        selectinload(m.Case.team).selectinload(m.Team.village),
        selectinload(m.Case.parties),
        selectinload(m.Case.assignments).selectinload(m.Assignment.mediator),
        selectinload(m.Case.invitees),
        selectinload(m.Case.sessions),
        selectinload(m.Case.follow_ups),
    ]


def _load(s: Session, case_id: int) -> m.Case:
    return common.reload(
        s, m.Case, case_id, case_options(), _("The case no longer exists; refresh the list.")
    )


def _done(s: Session, case_id: int, found: list[Finding]) -> Outcome[m.Case]:
    s.flush()
    case = _load(s, case_id)
    seen = {(f.rule, f.message) for f in found}
    extra = [f for f in rules.case_findings(case, common.today()) if (f.rule, f.message) not in seen]
    return Outcome(case, found + rules.warnings(extra), changes=_CASES)


def get_case(db: Database, case_id: int) -> m.Case:
    """One case with everything loaded."""
    with common.read(db) as s:
        return _load(s, case_id)


# ---- intake ------------------------------------------------------------------------------------------------------


def _parties(err: Errors, items: Sequence[PartyInput]) -> list[dict[str, Any]]:
    rows = []
    for i, p in enumerate(items):
        name = err.text(f"parties.{i}.name", p.name, required=True, label=_("party's name"))
        kind = err.enum(f"parties.{i}.kind", PartyKind, p.kind, label=_("kind of party"))
        sex = err.enum(f"parties.{i}.sex", Sex, p.sex, required=False, label=_("sex"))
        role = err.enum(f"parties.{i}.role", PartyRole, p.role, label=_("role"))
        if (problem := values.birth_year_problem(p.birth_year, common.today())) is not None:
            err.add(f"parties.{i}.birth_year", problem)
        rows.append(
            {
                "id": p.id,
                "name": name,
                "kind": kind,
                "sex": sex,
                "role": role,
                "birth_year": p.birth_year,
                "address": err.text(f"parties.{i}.address", p.address),
                "position": err.text(f"parties.{i}.position", p.position),
            }
        )
    return rows


def _apply_intake(s: Session, case: m.Case, data: CaseInput) -> list[Finding]:
    err = Errors()
    category = err.enum("category", Category, data.category, label=_("category"))
    basis = err.enum("basis", CaseBasis, data.basis, label=_("basis"))
    summary = err.text("summary", data.summary, required=True, label=_("content of the case"))
    err.date("received_on", data.received_on, required=True, label=_("date received"))
    team = s.get(m.Team, data.team_id) if data.team_id is not None else None
    if team is None:
        err.add("team_id", _("Choose the team that handles the case."))
    if case.id is not None and team is not None and case.team_id != team.id and case.assignments:
        err.add("team_id", _("Remove the assigned mediators before moving the case to another team."))
    parties = _parties(err, data.parties)
    invitees = []
    for i, inv in enumerate(data.invitees):
        name = err.text(f"invitees.{i}.name", inv.name, required=True, label=_("name"))
        invitees.append((name, err.text(f"invitees.{i}.note", inv.note)))
    err.raise_if_any()
    assert team is not None and category is not None and basis is not None and summary is not None
    ref = case.code or None
    stored = {"result": case.result, "ended_on": case.ended_on, "end_reason": case.end_reason,
              "agreement": case.agreement}  # fmt: skip
    found = case_rules.intake_findings(
        received_on=data.received_on,
        today=common.today(),
        team_active=team.is_active(data.received_on),
        team_ref=team.code,
        category=category,
        guidance=common.clean(data.guidance),
        assignment_dates=[a.assigned_on for a in case.assignments],
        session_dates=[x.held_on for x in case.sessions],
        outcome=stored,
        ref=ref,
    )
    warned = check(found)
    case.team = team
    case.received_on = data.received_on
    case.category = category
    case.basis = basis
    case.summary = summary
    case.subtype = common.clean(data.subtype) or None
    case.place = common.clean(data.place) or None
    case.is_public = bool(data.is_public)
    case.immediate = bool(data.immediate)
    case.guidance = common.clean(data.guidance) or None
    case.notes = common.clean(data.notes) or None
    kept = {p.id: p for p in case.parties}
    new_parties = []
    for row in parties:
        party = kept.get(row["id"]) if row["id"] is not None else None
        if party is None:
            party = m.Party()
        for key in ("name", "kind", "sex", "role", "birth_year", "address"):
            setattr(party, key, row[key])
        if row["position"] is not None or row["id"] is None:
            party.position = row["position"]
        new_parties.append(party)
    case.parties = new_parties
    case.invitees = [m.Invitee(name=name, note=note) for name, note in invitees]
    return warned


def create_case(db: Database, data: CaseInput) -> Outcome[m.Case]:
    """Record a new case in the logbook; a blank code becomes VV-<year>-NNNN."""
    with writing(db) as s:
        case = m.Case()
        case.assignments = []
        case.sessions = []
        warned = _apply_intake(s, case, data)
        prefix = f"VV-{data.received_on.year}-"
        case.code = common.resolve_code(s, m.Case, data.code, prefix, CODE_WIDTH, what=_("case"))
        s.add(case)
        s.flush()
        return _done(s, case.id, warned)


def update_case(db: Database, case_id: int, data: CaseInput) -> Outcome[m.Case]:
    """Change the intake of a case (parties and invitees are replaced by the given lists)."""
    with writing(db) as s:
        case = _load(s, case_id)
        warned = _apply_intake(s, case, data)
        common.change_code(s, case, data.code, "VV-", CODE_WIDTH, what=_("case"))
        return _done(s, case.id, warned)


def delete_case(db: Database, case_id: int) -> Outcome[None]:
    """Delete a case entered by mistake, with its parties, assignments, sessions and follow-ups."""
    with writing(db) as s:
        s.delete(_load(s, case_id))
    return Outcome(None, changes=_CASES)


# ---- mediators on the case ---------------------------------------------------------------------------------------


def assign_mediators(
    db: Database,
    case_id: int,
    mediator_ids: Sequence[int],
    assigned_on: dt.date,
    *,
    recusal_overrides: dict[int, str] | None = None,
) -> Outcome[m.Case]:
    """Assign mediators (Điều 19): each must be an active member of the case's team on ``assigned_on``.

    A mediator who is a party is refused (rule 3.3) unless ``recusal_overrides`` gives a note for that mediator id.
    Already assigned mediators keep their assignment (their date is updated).
    """
    overrides = {k: common.clean(v) for k, v in (recusal_overrides or {}).items()}
    with writing(db) as s:
        case = _load(s, case_id)
        err = Errors()
        if not mediator_ids:
            err.add("mediators", _("Choose at least one mediator."))
        if assigned_on is None:
            err.add("assigned_on", _("Enter the date of the assignment."))
        err.raise_if_any()
        found = case_rules.assignment_findings(
            received_on=case.received_on, assigned_on=assigned_on, ended_on=case.ended_on,
            today=common.today(), ref=case.code,
        )  # fmt: skip
        current = {a.mediator_id: a for a in case.assignments}
        for mediator_id in dict.fromkeys(mediator_ids):
            mediator = s.get(m.Mediator, mediator_id, options=[selectinload(m.Mediator.memberships)])
            if mediator is None:
                raise UserError(_("The mediator no longer exists; refresh the list."))
            if not any(
                ms.team_id == case.team_id and ms.is_active(assigned_on) for ms in mediator.memberships
            ):
                err.add(
                    "mediators",
                    _("{name} is not an active member of the team on {date}.").format(
                        name=mediator.full_name, date=format_date(assigned_on)
                    ),
                )
                continue
            override = mediator_id in overrides
            if override and not overrides[mediator_id]:
                err.add(
                    "recusal_note",
                    _("Enter why {name} may mediate although a party has the same name.").format(
                        name=mediator.full_name
                    ),
                )
            found += rules.party_conflicts(mediator, case.parties, recusal_override=override, ref=case.code)
            assignment = current.get(mediator_id)
            if assignment is None:
                assignment = m.Assignment(mediator=mediator)
                case.assignments.append(assignment)
            assignment.assigned_on = assigned_on
            assignment.recusal_override = override
            assignment.recusal_note = overrides.get(mediator_id) or None
        err.raise_if_any()
        warned = check(found)
        return _done(s, case.id, warned)


def unassign_mediator(db: Database, case_id: int, mediator_id: int) -> Outcome[m.Case]:
    """Take a mediator off a case."""
    with writing(db) as s:
        case = _load(s, case_id)
        case.assignments = [a for a in case.assignments if a.mediator_id != mediator_id]
        return _done(s, case.id, [])


# ---- sessions ----------------------------------------------------------------------------------------------------


def add_session(db: Database, case_id: int, data: SessionInput) -> Outcome[m.Case]:
    """Record a mediation session; warns when the first one is later than assignment + 3 days (rule 3.4)."""
    if data.held_on is None:
        raise ValidationError({"held_on": _("Enter the date of the session.")})
    with writing(db) as s:
        case = _load(s, case_id)
        found = case_rules.session_findings(
            received_on=case.received_on, held_on=data.held_on, ended_on=case.ended_on,
            today=common.today(), ref=case.code,
        )  # fmt: skip
        warned = check(found)
        case.sessions.append(
            m.MediationSession(
                held_on=data.held_on,
                place=common.clean(data.place) or None,
                note=common.clean(data.note) or None,
            )
        )
        return _done(s, case.id, warned)


def _remove_entry(
    db: Database, model: type[m.MediationSession] | type[m.FollowUp], entry_id: int, what: str
) -> Outcome[m.Case]:
    """Delete one dated entry of a case (a session, a follow-up) and return the case as it is now."""
    with writing(db) as s:
        entry = get_or_fail(s, model, entry_id, what)
        case_id = entry.case_id
        s.delete(entry)
        s.flush()
        return _done(s, case_id, [])


def remove_session(db: Database, session_id: int) -> Outcome[m.Case]:
    """Delete a session recorded by mistake."""
    return _remove_entry(db, m.MediationSession, session_id, _("session"))


# ---- outcome -----------------------------------------------------------------------------------------------------


def record_outcome(db: Database, case_id: int, data: OutcomeInput) -> Outcome[m.Case]:
    """Record how the mediation ended: thành needs the agreement; any end needs a date and an Điều 23 reason."""
    err = Errors()
    result = err.enum("result", Result, data.result, label=_("result"))
    reason = err.enum("end_reason", CaseEndReason, data.end_reason, required=False, label=_("reason"))
    err.raise_if_any()
    if reason is None and result == Result.THANH:
        reason = CaseEndReason.THANH
    with writing(db) as s:
        case = _load(s, case_id)
        check(case_rules.outcome_refusal(case.category, result, reason, case.code))
        agreement = common.clean(data.agreement) or None
        found = case_rules.ending_findings(
            result=result,
            ended_on=data.ended_on,
            end_reason=reason,
            agreement=agreement,
            referral=common.clean(data.referral),
            received_on=case.received_on,
            session_dates=[x.held_on for x in case.sessions],
            assignment_dates=[a.assigned_on for a in case.assignments],
            today=common.today(),
            ref=case.code,
        )
        warned = check(found)
        case.result = result
        case.ended_on = data.ended_on
        case.end_reason = reason
        if result == Result.THANH:
            case.agreement = agreement
            case.rights_obligations = common.clean(data.rights_obligations) or None
            case.execution_method = common.clean(data.execution_method) or None
        else:
            case.referral = common.clean(data.referral) or None
            case.agreement = agreement
        for party in case.parties:
            if party.id in data.positions:
                party.position = common.clean(data.positions[party.id]) or None
        return _done(s, case.id, warned)


def reopen_case(db: Database, case_id: int) -> Outcome[m.Case]:
    """Clear a recorded result (the case is open again; the agreement text is kept)."""
    with writing(db) as s:
        case = _load(s, case_id)
        case.result = None
        case.ended_on = None
        case.end_reason = None
        return _done(s, case.id, [])


def add_follow_up(db: Database, case_id: int, data: FollowUpInput) -> Outcome[m.Case]:
    """Record how the agreement is being carried out (Điều 26)."""
    err = Errors()
    status = err.enum("status", FollowUpStatus, data.status, label=_("status"))
    err.date("on", data.on, required=True, label=_("date"))
    err.raise_if_any()
    with writing(db) as s:
        case = _load(s, case_id)
        if case.result != Result.THANH:
            raise ValidationError({"status": _("Follow-up is recorded only for successful mediations.")})
        found = case_rules.follow_up_findings(
            ended_on=case.ended_on, on=data.on, today=common.today(), ref=case.code
        )
        warned = check(found)
        case.follow_ups.append(m.FollowUp(on=data.on, status=status, note=common.clean(data.note) or None))
        return _done(s, case.id, warned)


def remove_follow_up(db: Database, follow_up_id: int) -> Outcome[m.Case]:
    """Delete a follow-up entry recorded by mistake."""
    return _remove_entry(db, m.FollowUp, follow_up_id, _("follow-up entry"))


def set_court_recognition(db: Database, case_id: int, data: CourtInput) -> Outcome[m.Case]:
    """Record that the agreement was filed at the court for recognition (None clears it)."""
    with writing(db) as s:
        case = _load(s, case_id)
        if case.result != Result.THANH and data.filed_on is not None:
            raise ValidationError(
                {"court_filed_on": _("Only a successful mediation can be recognised by a court.")}
            )
        found = case_rules.court_filing_findings(case, data.filed_on, common.today(), ref=case.code)
        warned = check(found)
        case.court_filed_on = data.filed_on
        case.court_name = common.clean(data.court_name) or None if data.filed_on else None
        case.court_decision = common.clean(data.decision) or None if data.filed_on else None
        return _done(s, case.id, warned)
