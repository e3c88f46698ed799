"""The one read of the mediation teams: filter → ids sorted by the database → frozen rows, detail and choices.

Before this module the team list existed twice (``lists.list_teams`` and ``list_queries.team_ids`` /
``team_rows``, the latter re-judging composition on ORM objects), the detail handed the window a detached ORM
``Team``, and the team choice list existed twice with different return types. Every caller now reads this one.

Composition (Điều 12(1), rule 3.1) is counted in one SQL pass and worded by :func:`rules.team_compliance`; it
judges active teams only (DOMAIN §3.1): a team not yet decided or already dissolved has no problems and is not
"compliant" either, so the composition filter lists active teams only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, null, or_, select

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import Background, ElectionMethod, EndReason, Role, Sex
from hoagiai_desktop.domain.ethnic import KINH
from hoagiai_desktop.domain.indicators import membership_active, team_active
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import common, read_sql
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.search import search_clause

if TYPE_CHECKING:
    from hoagiai_desktop.domain.indicators import Reader

# the Core tables: the lists run on a Core connection (no ORM to import or configure before the first list)
TEAMS, VILLAGES, MEMBERSHIPS, MEDIATORS, CASES = t.team, t.village, t.membership, t.mediator, t.case_file

# ---- choices ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamChoice:
    id: int
    code: str
    name: str
    active: bool  # :meth:`Team.is_active` today (decided on and not dissolved)


def team_choices(db: Database, village_id: int | None = None, active_only: bool = False) -> list[TeamChoice]:
    """Teams in Vietnamese order; dissolved ones included (marked inactive) unless ``active_only``.

    ``active_only`` drops only the dissolved teams: a team whose decision is still to come can already receive
    members (the membership dialog offers it), while ``active`` says whether it works today.
    """
    today = common.today()
    not_dissolved = or_(TEAMS.c.dissolved_on.is_(None), TEAMS.c.dissolved_on > today)
    stmt = select(TEAMS.c.id, TEAMS.c.code, TEAMS.c.name, team_active(today)).order_by(
        TEAMS.c.sort_key, TEAMS.c.id
    )
    if village_id is not None:
        stmt = stmt.where(TEAMS.c.village_id == village_id)
    if active_only:
        stmt = stmt.where(not_dissolved)
    with db.reading_connection() as s:
        return [TeamChoice(i, c, n, bool(a)) for i, c, n, a in s.execute(stmt)]


@dataclass(frozen=True)
class MemberChoice:
    """A mediator who can be assigned to a case of the team."""

    id: int
    code: str
    name: str
    birth_year: int | None
    leader: bool
    start: dt.date
    end: dt.date | None


def team_members(db: Database, team_id: int, since: dt.date | None = None) -> list[MemberChoice]:
    """Members of a team whose membership had not ended by ``since`` (one row per mediator, Vietnamese order)."""
    with db.reading_connection() as s:
        stmt = (
            select(
                MEDIATORS.c.id,
                MEDIATORS.c.code,
                MEDIATORS.c.full_name,
                MEDIATORS.c.birth_year,
                MEDIATORS.c.birth_date,
                MEMBERSHIPS.c.role,
                MEMBERSHIPS.c.start_date,
                MEMBERSHIPS.c.end_date,
            )  # fmt: skip
            .join(MEDIATORS, MEDIATORS.c.id == MEMBERSHIPS.c.mediator_id)
            .where(MEMBERSHIPS.c.team_id == team_id)
            .order_by(MEDIATORS.c.sort_key, MEMBERSHIPS.c.start_date)
        )
        if since is not None:
            stmt = stmt.where(or_(MEMBERSHIPS.c.end_date.is_(None), MEMBERSHIPS.c.end_date > since))
        out: dict[int, MemberChoice] = {}
        for mid, code, name, year, born, role, start, end in s.execute(stmt):
            year = year if year is not None else (born.year if born else None)
            out.setdefault(mid, MemberChoice(mid, code, name, year, role == Role.TO_TRUONG, start, end))
        return list(out.values())


# ---- the list ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamFilter:
    query: str = ""
    village_id: int | None = None
    status: str | None = (
        None  # None = all; "active" (decided, not dissolved on the day) / "former" (dissolved)
    )
    compliant: bool | None = None  # rule 3.1 on the day, active teams only
    legal_support: bool | None = None
    sort: str = "name"  # name, code, village, members, cases, compliant
    descending: bool = False


@dataclass(frozen=True)
class TeamRow:
    id: int
    code: str
    name: str
    village_id: int
    village_code: str
    village_name: str
    ethnic_area: bool
    active: bool
    members: int  # distinct mediators with an active membership
    women: int
    minority: int
    leaders: int
    leader_name: str | None  # only when there is exactly one leader
    legal_support: bool
    problems: tuple[str, ...]  # rule 3.1 reasons in words; empty for a compliant or an inactive team
    decision_no: str | None
    decision_date: dt.date | None
    dissolved_on: dt.date | None
    cases: int  # every case in the team's logbook

    @property
    def compliant(self) -> bool:
        return self.active and not self.problems


def _composition(on: dt.date, ids: list[int] | None) -> Any:
    """Per team: members, women, minority, leaders and the leader's name on ``on`` (one grouped subquery)."""
    ms = MEMBERSHIPS.c
    leader_cond = and_(ms.role == Role.TO_TRUONG, or_(ms.leader_since.is_(None), ms.leader_since <= on))
    per_member = select(
        ms.team_id.label("tid"),
        ms.mediator_id.label("mid"),
        func.max(case((leader_cond, 1), else_=0)).label("is_leader"),
    ).where(membership_active(on))
    if ids is not None:
        per_member = per_member.where(ms.team_id.in_(ids))
    pm = per_member.group_by(ms.team_id, ms.mediator_id).subquery()
    return (
        select(
            pm.c.tid,
            func.count(pm.c.mid).label("members"),
            func.sum(case((MEDIATORS.c.sex == Sex.NU, 1), else_=0)).label("women"),
            func.sum(case((MEDIATORS.c.ethnicity != KINH, 1), else_=0)).label("minority"),
            func.sum(pm.c.is_leader).label("leaders"),
            func.max(case((pm.c.is_leader == 1, MEDIATORS.c.full_name), else_=null())).label("leader_name"),
        )
        .join(MEDIATORS, MEDIATORS.c.id == pm.c.mid)
        .group_by(pm.c.tid)
        .subquery()
    )


def _case_counts(ids: list[int] | None) -> Any:
    stmt = select(CASES.c.team_id.label("tid"), func.count(CASES.c.id).label("n"))
    if ids is not None:
        stmt = stmt.where(CASES.c.team_id.in_(ids))
    return stmt.group_by(CASES.c.team_id).subquery()


@dataclass(frozen=True)
class _Columns:
    members: Any
    women: Any
    minority: Any
    leaders: Any
    leader_name: Any
    cases: Any
    legal: Any  # the composition rule holds (whatever the team's state)


def _joined(stmt: Any, on: dt.date, ids: list[int] | None, *, cases: bool = True) -> tuple[Any, _Columns]:
    """``stmt`` (over Team joined to Village) with the composition and (unless not ``cases``) the case counts
    joined: counting cases is a pass over every case of the file, wasted on a filter that needs none."""
    comp = _composition(on, ids)
    members = func.coalesce(comp.c.members, 0)
    women = func.coalesce(comp.c.women, 0)
    minority = func.coalesce(comp.c.minority, 0)
    leaders = func.coalesce(comp.c.leaders, 0)
    legal = and_(
        members >= rules.MIN_TEAM_SIZE,
        women >= 1,
        or_(VILLAGES.c.ethnic_area.is_(False), minority >= 1),
        leaders == 1,
    )
    stmt = stmt.outerjoin(comp, comp.c.tid == TEAMS.c.id)
    n_cases: Any = null()
    if cases:
        cases_q = _case_counts(ids)
        stmt = stmt.outerjoin(cases_q, cases_q.c.tid == TEAMS.c.id)
        n_cases = func.coalesce(cases_q.c.n, 0)
    return stmt, _Columns(members, women, minority, leaders, comp.c.leader_name, n_cases, legal)


def _problems(members: int, women: int, minority: int, leaders: int, ethnic_area: bool) -> tuple[str, ...]:
    """The words of :func:`rules.team_compliance` for the counted composition (one rule, one wording)."""

    class _MS:  # tiny stand-ins so the words come from the one rule function
        def __init__(self, i: int, sex: Sex, ethnicity: str, leader: bool) -> None:
            self.mediator_id = i
            self.mediator = self
            self.sex = sex
            self.ethnicity = ethnicity
            self.role = Role.TO_TRUONG if leader else Role.HOA_GIAI_VIEN
            self.start_date = dt.date.min
            self.end_date = None
            self.leader_since = None

    fakes = [
        _MS(i, Sex.NU if i < women else Sex.NAM, "Tày" if i < minority else KINH, i < leaders)
        for i in range(members)
    ]
    found = rules.team_compliance(None, fakes, dt.date.min, ethnic_area=ethnic_area)
    return tuple(f.message for f in found)


def _where(s: Reader, f: TeamFilter, on: dt.date) -> list[Any]:
    where = [search_clause(s, TEAMS, f.query)]
    if f.village_id is not None:
        where.append(TEAMS.c.village_id == f.village_id)
    if f.status == "active":
        where.append(team_active(on))
    elif f.status == "former":
        where.append(and_(TEAMS.c.dissolved_on.is_not(None), TEAMS.c.dissolved_on <= on))
    if f.legal_support is not None:
        where.append(TEAMS.c.legal_support.is_(bool(f.legal_support)))
    return where


def team_ids(db: Database, f: TeamFilter, as_of: dt.date | None = None) -> list[int]:
    """Ids of the teams matching ``f`` on ``as_of`` (default today), in the order asked for."""
    on = as_of or common.today()
    with db.reading_connection() as s:
        stmt = select(TEAMS.c.id).join(VILLAGES, VILLAGES.c.id == TEAMS.c.village_id).where(*_where(s, f, on))
        columns: dict[str, Any] = {
            "name": TEAMS.c.sort_key,
            "code": TEAMS.c.code,
            "village": (VILLAGES.c.sort_key, TEAMS.c.sort_key),
        }
        # the composition and case counts cost a pass over memberships and cases: only when asked for
        if f.compliant is not None or f.sort in ("members", "cases", "compliant"):
            stmt, cols = _joined(stmt, on, None, cases=f.sort == "cases")
            if f.compliant is not None:
                stmt = stmt.where(team_active(on), cols.legal if f.compliant else ~cols.legal)
            columns["members"] = (cols.members, TEAMS.c.sort_key)
            columns["cases"] = (cols.cases, TEAMS.c.sort_key)
            columns["compliant"] = (case((and_(team_active(on), cols.legal), 1), else_=0), TEAMS.c.sort_key)
        terms, _name = read_sql.order(read_sql.sort_key(f.sort, f.descending), columns, "name")
        return list(s.execute(stmt.order_by(*terms, TEAMS.c.id)).scalars())


def _rows(s: Reader, ids: list[int], on: dt.date) -> dict[int, TeamRow]:
    team = TEAMS.c
    base = select(
        team.id, team.code, team.name, team.village_id, team.legal_support, team.decision_no, team.decision_date,
        team.dissolved_on, team_active(on),
    ).join(VILLAGES, VILLAGES.c.id == team.village_id).where(team.id.in_(ids))  # fmt: skip
    stmt, c = _joined(base, on, ids)
    stmt = stmt.add_columns(
        VILLAGES.c.code, VILLAGES.c.name, VILLAGES.c.ethnic_area, c.members, c.women, c.minority, c.leaders,
        c.leader_name, c.cases,
    )  # fmt: skip
    out: dict[int, TeamRow] = {}
    for r in s.execute(stmt):
        (tid, code, name, village_id, legal_support, decision_no, decision_date, dissolved_on, is_active,
         v_code, v_name, eth, members, women, minority, leaders, leader_name, n) = r  # fmt: skip
        active = bool(is_active)
        problems = (
            _problems(int(members), int(women), int(minority), int(leaders), bool(eth)) if active else ()
        )
        out[tid] = TeamRow(
            id=tid,
            code=code,
            name=name,
            village_id=village_id,
            village_code=v_code,
            village_name=v_name,
            ethnic_area=bool(eth),
            active=active,
            members=int(members),
            women=int(women),
            minority=int(minority),
            leaders=int(leaders),
            leader_name=leader_name if int(leaders) == 1 else None,
            legal_support=bool(legal_support),
            problems=problems,
            decision_no=decision_no,
            decision_date=decision_date,
            dissolved_on=dissolved_on,
            cases=int(n),
        )
    return out


def team_rows(db: Database, ids: list[int], as_of: dt.date | None = None) -> dict[int, TeamRow]:
    """Display rows for the given team ids (one block of a list), composition as of ``as_of`` (default today)."""
    on = as_of or common.today()
    out: dict[int, TeamRow] = {}
    with db.reading_connection() as s:
        for block in read_sql.chunks(list(ids)):
            out.update(_rows(s, block, on))
    return out


def list_teams(db: Database, f: TeamFilter | None = None, as_of: dt.date | None = None) -> list[TeamRow]:
    """:func:`team_ids` then :func:`team_rows`, in order (for the dashboard, papers and tests)."""
    ids = team_ids(db, f or TeamFilter(), as_of)
    rows = team_rows(db, ids, as_of)
    return [rows[i] for i in ids]


# ---- memberships and the detail ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipRow:
    """One membership (a mediator in a team), as the team and the mediator panels list it."""

    id: int
    mediator_id: int
    mediator_code: str
    mediator_name: str
    sex: Sex
    ethnicity: str
    team_id: int
    team_code: str
    team_name: str
    role: Role
    start_date: dt.date
    end_date: dt.date | None
    end_reason: EndReason | None
    recognition_no: str | None
    recognition_date: dt.date | None
    termination_no: str | None
    termination_date: dt.date | None
    election_method: ElectionMethod | None
    votes: int | None
    voters: int | None
    active: bool


def membership_rows(s: Reader, on: dt.date, *where: Any) -> list[MembershipRow]:
    """The memberships matching ``where`` (clauses on Membership / Mediator / Team), oldest first."""
    ms = MEMBERSHIPS.c
    stmt = (
        select(
            ms.id,
            ms.mediator_id,
            MEDIATORS.c.code,
            MEDIATORS.c.full_name,
            MEDIATORS.c.sex,
            MEDIATORS.c.ethnicity,
            ms.team_id,
            TEAMS.c.code,
            TEAMS.c.name,
            ms.role,
            ms.start_date,
            ms.end_date,
            ms.end_reason,
            ms.recognition_no,
            ms.recognition_date,
            ms.termination_no,
            ms.termination_date,
            ms.election_method,
            ms.votes,
            ms.voters,
        )  # fmt: skip
        .join(MEDIATORS, MEDIATORS.c.id == ms.mediator_id)
        .join(TEAMS, TEAMS.c.id == ms.team_id)
        .where(*where)
        .order_by(ms.start_date, ms.id)
    )
    names = [f for f in MembershipRow.__dataclass_fields__ if f != "active"]
    out = []
    for r in s.execute(stmt):
        values = dict(zip(names, r, strict=True))
        start, end = values["start_date"], values["end_date"]
        out.append(MembershipRow(**values, active=start <= on and (end is None or end > on)))
    return out


@dataclass(frozen=True)
class TeamDetail:
    """Everything the team panel shows, as plain values."""

    id: int
    code: str
    name: str
    village_id: int
    village_name: str
    decision_no: str | None
    decision_date: dt.date | None
    planned_size: int | None
    dissolved_on: dt.date | None
    dissolution_note: str | None
    legal_support: bool
    legal_support_name: str | None
    legal_support_category: Background | None
    notes: str | None
    row: TeamRow  # the list's row: composition and rule 3.1 on the day
    members: tuple[MembershipRow, ...]  # active first (leader first), then former


def team_detail(db: Database, team_id: int, as_of: dt.date | None = None) -> TeamDetail:
    """One team with its members and its composition (the same row as the list)."""
    on = as_of or common.today()
    team = TEAMS.c
    with db.reading_connection() as s:
        found = s.execute(
            select(
                team.id,
                team.code,
                team.name,
                team.village_id,
                team.decision_no,
                team.decision_date,
                team.planned_size,
                team.dissolved_on,
                team.dissolution_note,
                team.legal_support,
                team.legal_support_name,
                team.legal_support_category,
                team.notes,
            ).where(team.id == team_id)  # fmt: skip
        ).one_or_none()
        if found is None:
            raise UserError(_("The team no longer exists; refresh the list."))
        row = _rows(s, [team_id], on)[team_id]
        members = sorted(
            membership_rows(s, on, MEMBERSHIPS.c.team_id == team_id),
            key=lambda r: (not r.active, r.role != Role.TO_TRUONG, r.mediator_name),
        )
        (tid, code, name, village_id, decision_no, decision_date, planned_size, dissolved_on, dissolution_note,
         legal_support, legal_support_name, legal_support_category, notes) = found  # fmt: skip
        return TeamDetail(
            tid, code, name, village_id, row.village_name, decision_no, decision_date, planned_size, dissolved_on,
            dissolution_note, bool(legal_support), legal_support_name, legal_support_category, notes, row,
            tuple(members),
        )  # fmt: skip


def id_for_code(db: Database, code: str) -> int | None:
    """The id of the team with ``code`` (a link or a search by code), or None."""
    with db.reading_connection() as s:
        return s.execute(select(TEAMS.c.id).where(TEAMS.c.code == code)).scalar_one_or_none()


__all__ = [
    "MemberChoice",
    "MembershipRow",
    "TeamChoice",
    "TeamDetail",
    "TeamFilter",
    "TeamRow",
    "id_for_code",
    "list_teams",
    "membership_rows",
    "team_choices",
    "team_detail",
    "team_ids",
    "team_members",
    "team_rows",
]
