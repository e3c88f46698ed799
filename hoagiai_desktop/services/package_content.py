"""What a commune's package carries: the figures (commune row and team rows) and, when ticked, the roster.

The figures start from today's computation of every §4 key and are overlaid with the finalised report's frozen
values, so what the paper printed is exactly what the province adds up; the keys the officer estimated are marked.
The roster carries only what the province needs to plan trainings (DOMAIN §8) — never addresses, phones, parties
or case text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.province.package import FIGURES_FORMAT, ROSTER_FORMAT
from hoagiai_desktop.storage.database import Database


def _row(computed: dict[str, Any], frozen: dict[str, Any] | None) -> dict[str, Any]:
    values: dict[str, Any] = dict(computed)
    estimated: list[str] = []
    if frozen:
        values.update({k: v for k, v in frozen.get("values", {}).items() if isinstance(v, int | float)})
        estimated = sorted(set(frozen.get("estimated", [])) | set(frozen.get("overridden", [])))
    return {"values": values, "estimated": estimated}


def figures_document(db: Database, period: Period, finalised: dict[str, Any]) -> dict[str, Any]:
    """``figures.json`` for the finalised statistical report ``finalised`` (its stored JSON)."""
    rows = finalised.get("rows", [])
    frozen_total = next((r for r in rows if not r.get("team_code")), None)
    frozen_teams = {r["team_code"]: r for r in rows if r.get("team_code")}
    with db.reading() as s:
        commune = indicators.compute(s, period)
        by_team = indicators.compute_by_team(s, period)
        teams = {t.id: (t.code, t.name) for t in s.scalars(select(m.Team))}
    team_rows = []
    for team_id, figures in by_team.items():
        code, name = teams[team_id]
        team_rows.append({"code": code, "name": name, **_row(figures, frozen_teams.get(code))})
    team_rows.sort(key=lambda r: r["code"])
    return {
        "format": FIGURES_FORMAT,
        "period": period.code,
        "commune": _row(commune, frozen_total),
        "teams": team_rows,
    }


def roster_document(db: Database, period: Period) -> dict[str, Any]:
    """The mediators active at the period's end, with only the fields the province may see."""
    on: dt.date = period.end
    with db.reading() as s:
        trained = set(
            s.scalars(
                select(m.Attendance.mediator_id)
                .join(m.TrainingEvent, m.TrainingEvent.id == m.Attendance.event_id)
                .where(m.Attendance.present.is_(True), m.TrainingEvent.end_on <= on)
            )
        )
        rows = s.execute(
            select(m.Mediator, m.Membership.role, m.Team.code)
            .join(m.Membership, m.Membership.mediator_id == m.Mediator.id)
            .join(m.Team, m.Team.id == m.Membership.team_id)
            .where(m.Membership.start_date <= on)
            .where((m.Membership.end_date.is_(None)) | (m.Membership.end_date > on))
            .order_by(m.Team.code, m.Mediator.sort_key)
        ).all()
        people = [
            {
                "name": med.full_name,
                "sex": med.sex.value,
                "birth_year": med.birth_year,
                "ethnicity": med.ethnicity,
                "team": team_code,
                "role": role.value,
                "trained": med.id in trained,
            }  # fmt: skip
            for med, role, team_code in rows
        ]
    return {"format": ROSTER_FORMAT, "period": period.code, "mediators": people}
