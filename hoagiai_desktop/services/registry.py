"""The register: villages, teams, mediators and their memberships (recognition, leader election, termination).

Every function is one transaction. Writes return :class:`Outcome` with the saved object detached and its relations
loaded, plus the warnings of DOMAIN §3 (e.g. the team's composition after a member leaves).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain import values as value_rules
from hoagiai_desktop.domain.enums import (
    Background,
    ElectionMethod,
    EndReason,
    LegalQualification,
    Role,
    Sex,
    VillageKind,
)
from hoagiai_desktop.domain.ethnic import KINH, canonical_ethnicity
from hoagiai_desktop.domain.rules import Finding
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import common
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import (
    Errors,
    Outcome,
    ValidationError,
    check,
    get_or_fail,
    resolve_code,
    writing,
)
from hoagiai_desktop.storage.database import Database

T = TypeVar("T")

_VILLAGES = Changes(villages=True)
_TEAMS = Changes(teams=True)
_MEDIATORS = Changes(mediators=True)
_MEMBERSHIPS = Changes(teams=True, mediators=True)  # a membership shows on the team and on the mediator

VILLAGE_PREFIX, VILLAGE_WIDTH = "T-", 2
TEAM_PREFIX, TEAM_WIDTH = "TO-", 3
MEDIATOR_PREFIX, MEDIATOR_WIDTH = "HGV-", 5


# ---- inputs ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VillageInput:
    name: str
    kind: VillageKind | str = VillageKind.THON
    code: str | None = None  # blank → T-01, T-02 …
    households: int | None = None
    ethnic_area: bool = False
    active_from: dt.date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class TeamInput:
    name: str
    village_id: int
    code: str | None = None  # blank → TO-001 …
    decision_no: str | None = None
    decision_date: dt.date | None = None
    planned_size: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class LegalSupportInput:
    supported: bool
    name: str | None = None
    category: Background | str | None = None


@dataclass(frozen=True)
class MediatorInput:
    full_name: str
    sex: Sex | str
    code: str | None = None  # blank → HGV-00001 …
    birth_year: int | None = None
    birth_date: dt.date | None = None
    ethnicity: str | None = KINH
    address: str | None = None
    phone: str | None = None
    legal_qualification: LegalQualification | str = LegalQualification.KHONG
    background: Background | str | None = None
    community_role: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class RecognitionInput:
    """A recognition decision making a mediator a member of a team (Điều 8)."""

    mediator_id: int
    team_id: int
    start_date: dt.date
    role: Role | str = Role.HOA_GIAI_VIEN
    election_method: ElectionMethod | str | None = None
    votes: int | None = None
    voters: int | None = None
    recognition_no: str | None = None
    recognition_date: dt.date | None = None
    leader_votes: int | None = None
    leader_voters: int | None = None


@dataclass(frozen=True)
class TerminationInput:
    """The end of a membership (Điều 11)."""

    end_date: dt.date
    reason: EndReason | str
    decision_no: str | None = None
    decision_date: dt.date | None = None


# ---- loading -------------------------------------------------------------------------------------------------


def _team_options() -> list[Any]:
    return [
        selectinload(m.Team.village),
        selectinload(m.Team.memberships).selectinload(m.Membership.mediator),
    ]


def _mediator_options() -> list[Any]:
    return [selectinload(m.Mediator.memberships).selectinload(m.Membership.team).selectinload(m.Team.village)]


def _reload(s: Session, model: Any, row_id: int, options: list[Any]) -> Any:
    return common.reload(s, model, row_id, options)


def _membership_outcome(
    s: Session, membership_id: int, team_id: int, warned: list[Finding]
) -> tuple[m.Membership, list[Finding]]:
    """Team warnings first, then the reload (a later reload of the team would unload the membership's team)."""
    found = warned + _team_warnings(s, team_id)
    return _reload(s, m.Membership, membership_id, _membership_options()), found


def _team_warnings(s: Session, team_id: int, on: dt.date | None = None) -> list[Finding]:
    team = _reload(s, m.Team, team_id, _team_options())
    if team.dissolved_on is not None and team.dissolved_on <= (on or common.today()):
        return []
    return rules.team_compliance(team, team.memberships, on or common.today())


def find_id_by_code(db: Database, model: Any, code: str) -> int | None:
    """The id of the row of ``model`` (Village, Team, Mediator, Case, TrainingEvent) with ``code``, or None."""
    with common.read(db) as s:
        return s.execute(select(model.id).where(model.code == common.clean(code))).scalar_one_or_none()


# ---- villages --------------------------------------------------------------------------------------------------


def _village_values(data: VillageInput) -> tuple[Errors, dict[str, Any]]:
    err = Errors()
    values = {
        "name": err.text("name", data.name, required=True, label=_("village name")),
        "kind": err.enum("kind", VillageKind, data.kind, label=_("kind of village")),
        "households": err.number("households", data.households, minimum=0, label=_("number of households")),
        "ethnic_area": bool(data.ethnic_area),
        "active_from": data.active_from,
        "notes": err.text("notes", data.notes),
    }
    return err, values


def create_village(db: Database, data: VillageInput) -> Outcome[m.Village]:
    """Add a village (thôn / tổ dân phố); a blank code becomes the next T-NN."""
    err, values = _village_values(data)
    err.raise_if_any()
    with writing(db) as s:
        code = resolve_code(s, m.Village, data.code, VILLAGE_PREFIX, VILLAGE_WIDTH, what=_("village"))
        village = m.Village(code=code, **values)
        s.add(village)
        found = rules.date_findings({"active_from": data.active_from}, common.today())
        warned = check(found)
        s.flush()
        return Outcome(
            _reload(s, m.Village, village.id, [selectinload(m.Village.teams)]), warned, changes=_VILLAGES
        )


def update_village(db: Database, village_id: int, data: VillageInput) -> Outcome[m.Village]:
    """Change a village's details (a blank code keeps the current one)."""
    err, values = _village_values(data)
    err.raise_if_any()
    with writing(db) as s:
        village = get_or_fail(s, m.Village, village_id, _("village"))
        common.change_code(s, village, data.code, VILLAGE_PREFIX, VILLAGE_WIDTH, what=_("village"))
        for key, value in values.items():
            setattr(village, key, value)
        warned = check(
            rules.date_findings(
                {"active_from": village.active_from, "merged_on": village.merged_on},
                common.today(),
                ranges=[("active_from", "merged_on")],
                ref=village.code,
                context=["merged_on"],
            )
        )
        s.flush()
        return Outcome(
            _reload(s, m.Village, village.id, [selectinload(m.Village.teams)]), warned, changes=_VILLAGES
        )


def end_village(db: Database, village_id: int, merged_on: dt.date | None) -> Outcome[m.Village]:
    """Mark a village as merged / no longer existing from ``merged_on`` (None re-opens it)."""
    with writing(db) as s:
        village = get_or_fail(s, m.Village, village_id, _("village"))
        village.merged_on = merged_on
        warned = check(
            rules.date_findings(
                {"active_from": village.active_from, "merged_on": merged_on},
                common.today(),
                ranges=[("active_from", "merged_on")],
                ref=village.code,
                context=["active_from"],
            )
        )
        s.flush()
        village = _reload(s, m.Village, village.id, [selectinload(m.Village.teams)])
        if merged_on is not None:
            active = [t for t in village.teams if t.is_active(merged_on)]
            if active:
                warned.append(
                    Finding(
                        "3.1",
                        "warning",
                        _("{n} teams of this village are still active; dissolve or move them.").format(
                            n=len(active)
                        ),
                        "teams",
                        village.code,
                    )
                )
        return Outcome(village, warned, changes=_VILLAGES)


def delete_village(db: Database, village_id: int) -> Outcome[None]:
    """Delete a village that has no teams (otherwise mark it merged)."""
    with writing(db) as s:
        village = get_or_fail(s, m.Village, village_id, _("village"))
        if s.execute(select(func.count(m.Team.id)).where(m.Team.village_id == village_id)).scalar_one():
            raise UserError(
                _("This village has teams and cannot be deleted; record the date it was merged instead.")
            )
        s.delete(village)
    return Outcome(None, changes=_VILLAGES)


# ---- teams -----------------------------------------------------------------------------------------------------


def _team_values(s: Session, data: TeamInput) -> dict[str, Any]:
    err = Errors()
    values = {
        "name": err.text("name", data.name, required=True, label=_("team name")),
        "decision_no": err.text("decision_no", data.decision_no),
        "decision_date": data.decision_date,
        "planned_size": err.number("planned_size", data.planned_size, minimum=1, label=_("planned size")),
        "notes": err.text("notes", data.notes),
        "village_id": data.village_id,
    }
    if data.village_id is None or s.get(m.Village, data.village_id) is None:
        err.add("village_id", _("Choose the village of the team."))
    err.raise_if_any()
    return values


def create_team(db: Database, data: TeamInput) -> Outcome[m.Team]:
    """Found a team (tổ hòa giải) in a village; a blank code becomes the next TO-NNN."""
    with writing(db) as s:
        values = _team_values(s, data)
        code = resolve_code(s, m.Team, data.code, TEAM_PREFIX, TEAM_WIDTH, what=_("team"))
        team = m.Team(code=code, **values)
        s.add(team)
        warned = check(rules.date_findings({"decision_date": data.decision_date}, common.today(), ref=code))
        s.flush()
        return Outcome(_reload(s, m.Team, team.id, _team_options()), warned, changes=_TEAMS)


def update_team(db: Database, team_id: int, data: TeamInput) -> Outcome[m.Team]:
    """Change a team's details (a blank code keeps the current one); returns its composition warnings."""
    with writing(db) as s:
        team = get_or_fail(s, m.Team, team_id, _("team"))
        values = _team_values(s, data)
        common.change_code(s, team, data.code, TEAM_PREFIX, TEAM_WIDTH, what=_("team"))
        for key, value in values.items():
            setattr(team, key, value)
        warned = check(
            rules.date_findings(
                {"decision_date": team.decision_date, "dissolved_on": team.dissolved_on},
                common.today(),
                ranges=[("decision_date", "dissolved_on")],
                ref=team.code,
                context=["dissolved_on"],
            )
        )
        s.flush()
        warned += _team_warnings(s, team.id)
        return Outcome(_reload(s, m.Team, team.id, _team_options()), warned, changes=_TEAMS)


def dissolve_team(
    db: Database, team_id: int, on: dt.date | None, note: str | None = None, *, end_memberships: bool = True
) -> Outcome[m.Team]:
    """Dissolve / merge a team from ``on`` (None re-activates it); its active memberships end the same day."""
    with writing(db) as s:
        team = get_or_fail(s, m.Team, team_id, _("team"))
        team.dissolved_on = on
        team.dissolution_note = common.clean(note) or None
        warned = check(
            rules.date_findings(
                {"decision_date": team.decision_date, "dissolved_on": on},
                common.today(),
                ranges=[("decision_date", "dissolved_on")],
                ref=team.code,
                context=["decision_date"],
            )
        )
        if on is not None and end_memberships:
            for ms in s.execute(select(m.Membership).where(m.Membership.team_id == team_id)).scalars():
                if ms.is_active(on):
                    ms.end_date = on
        s.flush()
        return Outcome(_reload(s, m.Team, team.id, _team_options()), warned, changes=_MEMBERSHIPS)


def set_legal_support(db: Database, team_id: int, data: LegalSupportInput) -> Outcome[m.Team]:
    """Record whether a legal professional supports the team (QĐ 315 target: ≥ 10 % of teams)."""
    err = Errors()
    name = err.text("legal_support_name", data.name)
    category = err.enum(
        "legal_support_category", Background, data.category, required=False, label=_("category")
    )
    if data.supported and not name:
        err.add("legal_support_name", _("Enter the name of the person who supports the team."))
    err.raise_if_any()
    with writing(db) as s:
        team = get_or_fail(s, m.Team, team_id, _("team"))
        team.legal_support = bool(data.supported)
        team.legal_support_name = name if data.supported else None
        team.legal_support_category = category if data.supported else None
        s.flush()
        return Outcome(_reload(s, m.Team, team.id, _team_options()), [], changes=_TEAMS)


def delete_team(db: Database, team_id: int) -> Outcome[None]:
    """Delete a team entered by mistake; a team with members or cases must be dissolved instead."""
    with writing(db) as s:
        team = get_or_fail(s, m.Team, team_id, _("team"))
        members = s.execute(
            select(func.count(m.Membership.id)).where(m.Membership.team_id == team_id)
        ).scalar_one()
        cases = s.execute(select(func.count(m.Case.id)).where(m.Case.team_id == team_id)).scalar_one()
        if members or cases:
            raise UserError(_("This team has members or cases and cannot be deleted; dissolve it instead."))
        s.delete(team)
    return Outcome(None, changes=_TEAMS)


# ---- mediators -------------------------------------------------------------------------------------------------


def _mediator_values(data: MediatorInput) -> dict[str, Any]:
    err = Errors()
    today = common.today()
    ethnicity = KINH
    if common.clean(data.ethnicity):
        found = canonical_ethnicity(data.ethnicity)
        if found is None:
            err.add(
                "ethnicity",
                _("“{value}” is not one of the 54 ethnic groups; check the spelling.").format(
                    value=common.clean(data.ethnicity)
                ),
            )
        else:
            ethnicity = found
    birth_year = data.birth_year
    if data.birth_date is not None:
        future = rules.future_finding("birth_date", data.birth_date, today)
        if future is not None:
            err.add("birth_date", future.message)
        if birth_year is not None and birth_year != data.birth_date.year:
            err.add("birth_year", _("The year of birth does not match the date of birth."))
        birth_year = data.birth_date.year
    if (problem := value_rules.birth_year_problem(birth_year, today)) is not None:
        err.add("birth_year", problem)
    values = {
        "full_name": err.text("full_name", data.full_name, required=True, label=_("full name")),
        "sex": err.enum("sex", Sex, data.sex, label=_("sex")),
        "birth_year": birth_year,
        "birth_date": data.birth_date,
        "ethnicity": ethnicity,
        "address": err.text("address", data.address),
        "phone": err.text("phone", data.phone),
        "legal_qualification": err.enum(
            "legal_qualification",
            LegalQualification,
            data.legal_qualification,
            label=_("legal qualification"),
        ),
        "background": err.enum(
            "background", Background, data.background, required=False, label=_("background")
        ),
        "community_role": err.text("community_role", data.community_role),
        "notes": err.text("notes", data.notes),
    }
    err.raise_if_any()
    return values


def create_mediator(db: Database, data: MediatorInput) -> Outcome[m.Mediator]:
    """Add a person to the register (membership of a team is recorded with :func:`recognise`)."""
    values = _mediator_values(data)
    with writing(db) as s:
        code = resolve_code(s, m.Mediator, data.code, MEDIATOR_PREFIX, MEDIATOR_WIDTH, what=_("mediator"))
        mediator = m.Mediator(code=code, **values)
        s.add(mediator)
        s.flush()
        return Outcome(_reload(s, m.Mediator, mediator.id, _mediator_options()), [], changes=_MEDIATORS)


def update_mediator(db: Database, mediator_id: int, data: MediatorInput) -> Outcome[m.Mediator]:
    """Change a mediator's personal details (a blank code keeps the current one)."""
    values = _mediator_values(data)
    with writing(db) as s:
        mediator = get_or_fail(s, m.Mediator, mediator_id, _("mediator"))
        common.change_code(s, mediator, data.code, MEDIATOR_PREFIX, MEDIATOR_WIDTH, what=_("mediator"))
        for key, value in values.items():
            setattr(mediator, key, value)
        s.flush()
        warned: list[Finding] = []
        for team_id in {ms.team_id for ms in mediator.memberships if ms.is_active(common.today())}:
            warned += _team_warnings(s, team_id)
        return Outcome(_reload(s, m.Mediator, mediator.id, _mediator_options()), warned, changes=_MEDIATORS)


def delete_mediator(db: Database, mediator_id: int) -> Outcome[None]:
    """Delete a mediator entered by mistake; one who handled cases must have the membership terminated instead."""
    with writing(db) as s:
        mediator = get_or_fail(s, m.Mediator, mediator_id, _("mediator"))
        cases = s.execute(
            select(func.count(m.Assignment.id)).where(m.Assignment.mediator_id == mediator_id)
        ).scalar_one()
        if cases:
            raise UserError(
                _("This mediator has handled cases and cannot be deleted; terminate the membership instead.")
            )
        for ms in s.execute(select(m.Membership).where(m.Membership.mediator_id == mediator_id)).scalars():
            s.delete(ms)
        for att in s.execute(select(m.Attendance).where(m.Attendance.mediator_id == mediator_id)).scalars():
            s.delete(att)
        s.flush()
        s.delete(mediator)
    return Outcome(None, changes=_MEDIATORS)


# ---- memberships -----------------------------------------------------------------------------------------------


def _membership_options() -> list[Any]:
    return [selectinload(m.Membership.mediator), selectinload(m.Membership.team).selectinload(m.Team.village)]


def _others(s: Session, mediator_id: int, team_id: int, except_id: int | None) -> list[m.Membership]:
    stmt = select(m.Membership).where(
        m.Membership.mediator_id == mediator_id, m.Membership.team_id == team_id
    )
    if except_id is not None:
        stmt = stmt.where(m.Membership.id != except_id)
    return list(s.execute(stmt).scalars())


def _demote_other_leaders(s: Session, team_id: int, keep_id: int, since: dt.date) -> None:
    stmt = select(m.Membership).where(
        m.Membership.team_id == team_id, m.Membership.role == Role.TO_TRUONG, m.Membership.id != keep_id
    )
    for other in s.execute(stmt).scalars():
        if other.end_date is None or other.end_date > since:
            other.role = Role.HOA_GIAI_VIEN
            other.leader_since = None


def _apply_recognition(s: Session, ms: m.Membership, data: RecognitionInput) -> list[Finding]:
    err = Errors()
    role = err.enum("role", Role, data.role, label=_("role"))
    method = err.enum(
        "election_method", ElectionMethod, data.election_method, required=False, label=_("election method")
    )
    err.date("start_date", data.start_date, required=True, label=_("start date"))
    mediator = s.get(m.Mediator, data.mediator_id) if data.mediator_id is not None else None
    team = s.get(m.Team, data.team_id) if data.team_id is not None else None
    if mediator is None:
        err.add("mediator_id", _("Choose the mediator."))
    if team is None:
        err.add("team_id", _("Choose the team."))
    err.raise_if_any()
    assert team is not None and mediator is not None and role is not None
    ref = mediator.code
    found = rules.date_findings(
        {"start_date": data.start_date, "recognition_date": data.recognition_date, "end_date": ms.end_date},
        common.today(),
        ranges=[("start_date", "end_date")],
        ref=ref,
        context=["end_date"],
    )
    found += rules.membership_overlap_findings(
        data.start_date, ms.end_date, _others(s, mediator.id, team.id, ms.id), ref=ref
    )
    found += rules.election_findings(
        data.votes,
        data.voters,
        leader_votes=data.leader_votes if role == Role.TO_TRUONG else None,
        leader_voters=data.leader_voters if role == Role.TO_TRUONG else None,
        ref=ref,
    )
    if not team.is_active(data.start_date):
        found.append(
            Finding(
                "3.8",
                "warning",
                _("The team is not active on {date}.").format(date=data.start_date.strftime("%d/%m/%Y")),
                "team_id",
                team.code,
            )
        )
    warned = check(found)
    ms.mediator = mediator
    ms.team = team
    ms.start_date = data.start_date
    ms.role = role
    ms.election_method = method
    ms.votes = data.votes
    ms.voters = data.voters
    ms.recognition_no = common.clean(data.recognition_no) or None
    ms.recognition_date = data.recognition_date
    if role == Role.TO_TRUONG:
        ms.leader_since = ms.leader_since or data.start_date
        ms.leader_votes = data.leader_votes
        ms.leader_voters = data.leader_voters
    else:
        ms.leader_since = None
        ms.leader_votes = None
        ms.leader_voters = None
    return warned


def recognise(db: Database, data: RecognitionInput) -> Outcome[m.Membership]:
    """Record a recognition decision: the mediator becomes a member of the team from ``start_date``.

    Recognising someone as tổ trưởng makes the team's previous leader a hòa giải viên.
    """
    with writing(db) as s:
        ms = m.Membership()
        warned = _apply_recognition(s, ms, data)
        s.add(ms)
        s.flush()
        if ms.role == Role.TO_TRUONG:
            _demote_other_leaders(s, ms.team_id, ms.id, ms.start_date)
            s.flush()
        return Outcome(*_membership_outcome(s, ms.id, ms.team_id, warned), changes=_MEMBERSHIPS)


def update_membership(db: Database, membership_id: int, data: RecognitionInput) -> Outcome[m.Membership]:
    """Correct a membership's recognition details (role, votes, decision, start date)."""
    with writing(db) as s:
        ms = get_or_fail(s, m.Membership, membership_id, _("membership"))
        old_team = ms.team_id
        warned = _apply_recognition(s, ms, data)
        s.flush()
        if ms.role == Role.TO_TRUONG:
            _demote_other_leaders(s, ms.team_id, ms.id, ms.leader_since or ms.start_date)
            s.flush()
        if old_team != ms.team_id:
            warned += _team_warnings(s, old_team)
        return Outcome(*_membership_outcome(s, ms.id, ms.team_id, warned), changes=_MEMBERSHIPS)


def elect_leader(
    db: Database,
    team_id: int,
    mediator_id: int,
    since: dt.date,
    votes: int | None = None,
    voters: int | None = None,
) -> Outcome[m.Membership]:
    """Make an active member the team leader from ``since``; the previous leader becomes a hòa giải viên."""
    with writing(db) as s:
        team = get_or_fail(s, m.Team, team_id, _("team"))
        candidates = [ms for ms in _others(s, mediator_id, team_id, None) if ms.is_active(since)]
        if not candidates:
            raise ValidationError(
                {
                    "mediator_id": _(
                        "Only an active member of the team on {date} can be elected team leader."
                    ).format(date=since.strftime("%d/%m/%Y"))
                }
            )
        ms = candidates[0]
        found = rules.date_findings({"leader_since": since}, common.today(), ref=team.code)
        found += rules.election_findings(None, None, leader_votes=votes, leader_voters=voters, ref=team.code)
        warned = check(found)
        _demote_other_leaders(s, team_id, ms.id, since)
        ms.role = Role.TO_TRUONG
        ms.leader_since = since
        ms.leader_votes = votes
        ms.leader_voters = voters
        s.flush()
        return Outcome(*_membership_outcome(s, ms.id, team_id, warned), changes=_MEMBERSHIPS)


def terminate_membership(db: Database, membership_id: int, data: TerminationInput) -> Outcome[m.Membership]:
    """End a membership on ``end_date`` for an Điều 11 reason; returns the team's composition warnings."""
    err = Errors()
    reason = err.enum("end_reason", EndReason, data.reason, label=_("reason"))
    err.date("end_date", data.end_date, required=True, label=_("end date"))
    err.raise_if_any()
    with writing(db) as s:
        ms = get_or_fail(s, m.Membership, membership_id, _("membership"))
        ref = ms.mediator.code
        found = rules.date_findings(
            {"start_date": ms.start_date, "end_date": data.end_date, "termination_date": data.decision_date},
            common.today(),
            ranges=[("start_date", "end_date")],
            ref=ref,
            context=["start_date"],
        )
        found += rules.membership_overlap_findings(
            ms.start_date, data.end_date, _others(s, ms.mediator_id, ms.team_id, ms.id), ref=ref
        )
        warned = check(found)
        ms.end_date = data.end_date
        ms.end_reason = reason
        ms.termination_no = common.clean(data.decision_no) or None
        ms.termination_date = data.decision_date
        s.flush()
        return Outcome(*_membership_outcome(s, ms.id, ms.team_id, warned), changes=_MEMBERSHIPS)


def reinstate_membership(db: Database, membership_id: int) -> Outcome[m.Membership]:
    """Undo a termination recorded by mistake (the membership is open again)."""
    with writing(db) as s:
        ms = get_or_fail(s, m.Membership, membership_id, _("membership"))
        warned = check(
            rules.membership_overlap_findings(
                ms.start_date, None, _others(s, ms.mediator_id, ms.team_id, ms.id), ref=ms.mediator.code
            )
        )
        ms.end_date = None
        ms.end_reason = None
        ms.termination_no = None
        ms.termination_date = None
        s.flush()
        return Outcome(*_membership_outcome(s, ms.id, ms.team_id, warned), changes=_MEMBERSHIPS)


def delete_membership(db: Database, membership_id: int) -> Outcome[None]:
    """Delete a membership entered by mistake (a real departure is :func:`terminate_membership`)."""
    with writing(db) as s:
        ms = get_or_fail(s, m.Membership, membership_id, _("membership"))
        team_id = ms.team_id
        s.delete(ms)
        s.flush()
        return Outcome(None, _team_warnings(s, team_id), changes=_MEMBERSHIPS)
