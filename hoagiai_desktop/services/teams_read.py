"""The one read of the team choice list (combo boxes and filters of the window, tests of the command line).

Before this module the same list existed twice with different return types (``(name, id)`` tuples in
``list_queries`` and a dataclass in ``ui_support``); every caller now reads this one, sorted by the database in
Vietnamese order (``sort_key``), as frozen rows, never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.services import common
from hoagiai_desktop.storage.database import Database


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
    not_dissolved = or_(m.Team.dissolved_on.is_(None), m.Team.dissolved_on > today)
    decided = or_(m.Team.decision_date.is_(None), m.Team.decision_date <= today)
    active = and_(decided, not_dissolved)
    stmt = select(m.Team.id, m.Team.code, m.Team.name, active).order_by(m.Team.sort_key, m.Team.id)
    if village_id is not None:
        stmt = stmt.where(m.Team.village_id == village_id)
    if active_only:
        stmt = stmt.where(not_dissolved)
    with db.reading() as s:
        return [TeamChoice(i, c, n, bool(a)) for i, c, n, a in s.execute(stmt)]


__all__ = ["TeamChoice", "team_choices"]
