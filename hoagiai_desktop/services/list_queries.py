"""Read-side queries for the register pages (villages, teams, mediators): "ids + lazy rows" (DESIGN rule 4).

The window runs them on its worker thread (``fn(db, ...)``); they hold no Qt and can be called from anywhere.

Each list has two functions, the shape of ``LazyTableModel``: ``*_ids(db, filters)`` returns the ids already
filtered and sorted by the database (Vietnamese order from the stored ``sort_key``; people by given name), and
``*_rows(db, ids)`` returns ``{id: row}`` plain frozen dataclasses for one block of the view.
Composition and training judgements come from :mod:`hoagiai_desktop.domain.rules`; nothing here decides the law.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import Role, Sex
from hoagiai_desktop.domain.ethnic import KINH
from hoagiai_desktop.domain.indicators import membership_active
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import common
from hoagiai_desktop.services.teams_read import MembershipRow
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.search import search_clause


def today() -> dt.date:
    """Today as the services see it (:func:`common.today`, which tests pin)."""
    return common.today()


def _ordered(column: Any, descending: bool) -> Any:
    return column.desc() if descending else column.asc()


# ---- mediators -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediatorFilter:
    query: str = ""
    village_id: int | None = None
    team_id: int | None = None
    status: str | None = (
        None  # "active" (a membership today) / "former" (was, none today) / "never" (no team yet)
    )
    sex: Sex | None = None
    minority: bool | None = None
    trained: bool | None = None
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class MediatorRow:
    id: int
    code: str
    full_name: str
    birth_year: int | None
    sex: Sex
    ethnicity: str
    phone: str | None
    teams: str  # active teams, joined
    leader: bool
    active: bool
    trained: bool
    ever_member: bool = True  # False: never yet recognised into a team ("not yet in a team", not "former")


def _trained_clause() -> Any:
    return exists().where(m.Attendance.mediator_id == m.Mediator.id, m.Attendance.present.is_(True))


def _status_clauses(status: str | None, active_here: Any) -> list[Any]:
    """active = a membership today; former = had one, none today; never = not yet in any team."""
    member = m.Membership.mediator_id == m.Mediator.id
    if status == "active":
        return [exists().where(member, active_here)]
    if status == "former":
        return [~exists().where(member, active_here), exists().where(member)]
    if status == "never":
        return [~exists().where(member)]
    return []


def mediator_ids(db: Database, f: MediatorFilter) -> list[int]:
    on = today()
    with db.reading() as s:
        stmt = select(m.Mediator.id).where(search_clause(s, m.Mediator, f.query))
        active_here = membership_active(on)
        stmt = stmt.where(*_status_clauses(f.status, active_here))
        if f.team_id is not None or f.village_id is not None:
            cond = [m.Membership.mediator_id == m.Mediator.id]
            if f.status != "former":
                cond.append(active_here)
            if f.team_id is not None:
                cond.append(m.Membership.team_id == f.team_id)
            if f.village_id is not None:
                cond.append(
                    m.Membership.team_id.in_(select(m.Team.id).where(m.Team.village_id == f.village_id))
                )
            stmt = stmt.where(exists().where(*cond))
        if f.sex is not None:
            stmt = stmt.where(m.Mediator.sex == f.sex)
        if f.minority is True:
            stmt = stmt.where(m.Mediator.ethnicity != KINH)
        elif f.minority is False:
            stmt = stmt.where(m.Mediator.ethnicity == KINH)
        if f.trained is True:
            stmt = stmt.where(_trained_clause())
        elif f.trained is False:
            stmt = stmt.where(~_trained_clause())
        column = {
            "code": m.Mediator.code,
            "birth_year": m.Mediator.birth_year,
            "sex": m.Mediator.sex,
            "ethnicity": m.Mediator.ethnicity,
        }.get(f.sort, m.Mediator.sort_key)
        return list(
            s.execute(
                stmt.order_by(_ordered(column, f.descending), m.Mediator.sort_key, m.Mediator.id)
            ).scalars()
        )


def mediator_rows(db: Database, ids: list[int]) -> dict[int, MediatorRow]:
    on = today()
    with db.reading() as s:
        teams: dict[int, list[str]] = defaultdict(list)
        leaders: set[int] = set()
        stmt = (
            select(m.Membership.mediator_id, m.Team.name, m.Membership.role)
            .join(m.Team)
            .where(m.Membership.mediator_id.in_(ids), membership_active(on))
        )
        for mediator_id, team_name, role in s.execute(stmt):
            teams[mediator_id].append(team_name)
            if role == Role.TO_TRUONG:
                leaders.add(mediator_id)
        members = set(
            s.execute(select(m.Membership.mediator_id).where(m.Membership.mediator_id.in_(ids))).scalars()
        )
        trained = set(
            s.execute(
                select(m.Attendance.mediator_id).where(
                    m.Attendance.mediator_id.in_(ids), m.Attendance.present.is_(True)
                )
            ).scalars()
        )
        cols = (
            m.Mediator.id, m.Mediator.code, m.Mediator.full_name, m.Mediator.birth_year, m.Mediator.sex,
            m.Mediator.ethnicity, m.Mediator.phone,
        )  # fmt: skip
        rows = {}
        for mid, code, name, year, sex, ethnicity, phone in s.execute(
            select(*cols).where(m.Mediator.id.in_(ids))
        ):
            rows[mid] = MediatorRow(
                mid, code, name, year, sex, ethnicity, phone, ", ".join(sorted(teams.get(mid, []))),
                mid in leaders, mid in teams, mid in trained, mid in members,
            )  # fmt: skip
        return rows


# ---- details ---------------------------------------------------------------------------------------------------


def _membership_row(ms: m.Membership, on: dt.date) -> MembershipRow:
    return MembershipRow(
        ms.id, ms.mediator_id, ms.mediator.code, ms.mediator.full_name, ms.mediator.sex, ms.mediator.ethnicity,
        ms.team_id, ms.team.code, ms.team.name, ms.role, ms.start_date, ms.end_date, ms.end_reason,
        ms.recognition_no, ms.recognition_date, ms.termination_no, ms.termination_date, ms.election_method,
        ms.votes, ms.voters, ms.is_active(on),
    )  # fmt: skip


@dataclass(frozen=True)
class TrainingRow:
    code: str
    title: str
    kind: Any
    end_on: dt.date
    present: bool


@dataclass(frozen=True)
class CaseRow:
    code: str
    received_on: dt.date
    category: Any
    result: Any
    ended_on: dt.date | None
    team_name: str


@dataclass(frozen=True)
class MediatorDetail:
    mediator: m.Mediator
    memberships: list[MembershipRow]
    trainings: list[TrainingRow]
    cases: list[CaseRow]
    findings: list[str]  # rule 3.7 (training) and other warnings, in words


def mediator_detail(db: Database, mediator_id: int) -> MediatorDetail:
    on = today()
    with db.reading() as s:
        mediator = s.execute(
            select(m.Mediator)
            .where(m.Mediator.id == mediator_id)
            .options(
                selectinload(m.Mediator.memberships)
                .selectinload(m.Membership.team)
                .selectinload(m.Team.village),
                selectinload(m.Mediator.memberships).selectinload(m.Membership.mediator),
            )
        ).scalar_one_or_none()
        if mediator is None:
            raise UserError(_("The mediator no longer exists; refresh the list."))
        memberships = [_membership_row(ms, on) for ms in mediator.memberships]
        trainings = [
            TrainingRow(e.code, e.title, e.kind, e.end_on, a.present)
            for a, e in s.execute(
                select(m.Attendance, m.TrainingEvent)
                .join(m.TrainingEvent)
                .where(m.Attendance.mediator_id == mediator_id)
                .order_by(m.TrainingEvent.end_on.desc())
            ).all()
        ]
        cases = [
            CaseRow(c.code, c.received_on, c.category, c.result, c.ended_on, t.name)
            for c, t in s.execute(
                select(m.Case, m.Team)
                .join(m.Assignment, m.Assignment.case_id == m.Case.id)
                .join(m.Team, m.Team.id == m.Case.team_id)
                .where(m.Assignment.mediator_id == mediator_id)
                .order_by(m.Case.received_on.desc())
            ).all()
        ]
        findings = [
            f.message
            for f in rules.training_findings(
                rules.first_recognition(mediator.memberships),
                [t.end_on for t in trainings if t.present],
                on,
                ref=mediator.code,
            )
        ]
    return MediatorDetail(mediator, memberships, trainings, cases, findings)


def id_for_code(db: Database, code: str) -> int | None:
    with db.reading() as s:
        return s.execute(select(m.Mediator.id).where(m.Mediator.code == code)).scalar_one_or_none()
