"""The one read of the villages (thôn / tổ dân phố): filter → ids sorted by the database → frozen rows and detail.

Before this module the village list existed twice (``lists.list_villages`` and ``list_queries.village_ids`` /
``village_rows``) with different notions of "active" and of the team count, and the window's detail panel read a
detached ORM ``Village``. Now the window, the command line and the tests read this one; nothing here returns an
ORM object. Counts are taken as of a day (default today): a village is active until its ``merged_on``; a team
counts as active by :func:`indicators.team_active` (decided and not dissolved), a mediator by
:func:`indicators.membership_active` (DOMAIN §2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import VillageKind
from hoagiai_desktop.domain.indicators import membership_active, team_active
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import common, read_sql
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.search import search_clause


@dataclass(frozen=True)
class VillageFilter:
    query: str = ""
    status: str | None = None  # None = all; "active" (not merged on the day) / "former" (merged by then)
    ethnic_area: bool | None = None
    sort: str = "name"  # name, code, kind, households, teams, mediators
    descending: bool = False


@dataclass(frozen=True)
class VillageRow:
    id: int
    code: str
    name: str
    kind: VillageKind
    households: int | None
    ethnic_area: bool
    active: bool  # not merged on the day
    merged_on: dt.date | None
    teams: int  # every team the village ever had
    active_teams: int  # decided and not dissolved on the day
    mediators: int  # distinct mediators with an active membership in the village's teams


@dataclass(frozen=True)
class VillageTeam:
    id: int
    code: str
    name: str
    dissolved_on: dt.date | None


@dataclass(frozen=True)
class VillageDetail:
    """Everything the village panel shows, as plain values."""

    id: int
    code: str
    name: str
    kind: VillageKind
    households: int | None
    ethnic_area: bool
    active_from: dt.date | None
    merged_on: dt.date | None
    notes: str | None
    teams: tuple[VillageTeam, ...]  # in Vietnamese order


def _counts(on: dt.date, ids: list[int] | None = None) -> tuple[Any, Any]:
    """Per village: (teams, active teams) and distinct active mediators, as two grouped subqueries."""
    teams_q = select(
        m.Team.village_id.label("vid"),
        func.count(m.Team.id).label("n"),
        func.sum(case((team_active(on), 1), else_=0)).label("n_active"),
    )
    people_q = (
        select(m.Team.village_id.label("vid"), func.count(func.distinct(m.Membership.mediator_id)).label("n"))
        .join(m.Membership, m.Membership.team_id == m.Team.id)
        .where(membership_active(on))
    )
    if ids is not None:
        teams_q = teams_q.where(m.Team.village_id.in_(ids))
        people_q = people_q.where(m.Team.village_id.in_(ids))
    return teams_q.group_by(m.Team.village_id).subquery(), people_q.group_by(m.Team.village_id).subquery()


def _where(s: Session, f: VillageFilter, on: dt.date) -> list[Any]:
    where = [search_clause(s, m.Village, f.query)]
    not_merged = or_(m.Village.merged_on.is_(None), m.Village.merged_on > on)
    if f.status == "active":
        where.append(not_merged)
    elif f.status == "former":
        where.append(~not_merged)
    if f.ethnic_area is not None:
        where.append(m.Village.ethnic_area.is_(f.ethnic_area))
    return where


def village_ids(db: Database, f: VillageFilter, as_of: dt.date | None = None) -> list[int]:
    """Ids of the villages matching ``f``, in the order asked for (Vietnamese order by name by default)."""
    on = as_of or common.today()
    with db.reading() as s:
        stmt = select(m.Village.id).where(*_where(s, f, on))
        columns: dict[str, Any] = {
            "name": m.Village.sort_key,
            "code": m.Village.code,
            "kind": (m.Village.kind, m.Village.sort_key),
            "households": (m.Village.households, m.Village.sort_key),
        }
        if f.sort in ("teams", "mediators"):  # the grouped counts cost a pass: only when sorting by them
            teams_q, people_q = _counts(on)
            stmt = stmt.outerjoin(teams_q, teams_q.c.vid == m.Village.id).outerjoin(
                people_q, people_q.c.vid == m.Village.id
            )
            columns["teams"] = (func.coalesce(teams_q.c.n_active, 0), m.Village.sort_key)
            columns["mediators"] = (func.coalesce(people_q.c.n, 0), m.Village.sort_key)
        terms, _name = read_sql.order(read_sql.sort_key(f.sort, f.descending), columns, "name")
        return list(s.execute(stmt.order_by(*terms, m.Village.id)).scalars())


def village_rows(db: Database, ids: list[int], as_of: dt.date | None = None) -> dict[int, VillageRow]:
    """Display rows for the given village ids (one block of a list), counts as of ``as_of`` (default today)."""
    on = as_of or common.today()
    out: dict[int, VillageRow] = {}
    with db.reading() as s:
        for block in read_sql.chunks(list(ids)):
            teams_q, people_q = _counts(on, block)
            stmt = (
                select(
                    m.Village.id,
                    m.Village.code,
                    m.Village.name,
                    m.Village.kind,
                    m.Village.households,
                    m.Village.ethnic_area,
                    m.Village.merged_on,
                    func.coalesce(teams_q.c.n, 0),
                    func.coalesce(teams_q.c.n_active, 0),
                    func.coalesce(people_q.c.n, 0),
                )  # fmt: skip
                .outerjoin(teams_q, teams_q.c.vid == m.Village.id)
                .outerjoin(people_q, people_q.c.vid == m.Village.id)
                .where(m.Village.id.in_(block))
            )
            for vid, code, name, kind, households, eth, merged, n, n_active, n_people in s.execute(stmt):
                out[vid] = VillageRow(
                    vid, code, name, kind, households, bool(eth), merged is None or merged > on, merged,
                    int(n), int(n_active), int(n_people),
                )  # fmt: skip
    return out


def list_villages(
    db: Database, f: VillageFilter | None = None, as_of: dt.date | None = None
) -> list[VillageRow]:
    """:func:`village_ids` then :func:`village_rows`, in order (for the command line, papers and tests)."""
    ids = village_ids(db, f or VillageFilter(), as_of)
    rows = village_rows(db, ids, as_of)
    return [rows[i] for i in ids]


def village_choices(db: Database) -> list[tuple[str, int]]:
    """(name, id) of every village in Vietnamese order, for combo boxes and filters."""
    with db.reading() as s:
        stmt = select(m.Village.id, m.Village.name).order_by(m.Village.sort_key, m.Village.id)
        return [(n, i) for i, n in s.execute(stmt)]


def village_detail(db: Database, village_id: int) -> VillageDetail:
    """One village with its teams, as plain values."""
    with db.reading() as s:
        v = s.get(m.Village, village_id)
        if v is None:
            raise UserError(_("The village no longer exists; refresh the list."))
        teams = tuple(
            VillageTeam(i, c, n, d)
            for i, c, n, d in s.execute(
                select(m.Team.id, m.Team.code, m.Team.name, m.Team.dissolved_on)
                .where(m.Team.village_id == village_id)
                .order_by(m.Team.sort_key, m.Team.id)
            )
        )
        return VillageDetail(
            v.id,
            v.code,
            v.name,
            v.kind,
            v.households,
            v.ethnic_area,
            v.active_from,
            v.merged_on,
            v.notes,
            teams,
        )


def id_for_code(db: Database, code: str) -> int | None:
    """The id of the village with ``code`` (a link or a search by code), or None."""
    with db.reading() as s:
        return s.execute(select(m.Village.id).where(m.Village.code == code)).scalar_one_or_none()
