"""The officer's side of the estimates (DOMAIN §4): reading ``KEY=VALUE`` overrides and proposing the estimated
cells of a row for the window. The arithmetic lives in :mod:`hoagiai_desktop.domain.indicators_estimates`.

Only leaves can be overridden (``cases.new_by_category.<c>``, ``cases.successful_by_category.<c>``,
``cases.unsuccessful``, ``cases.out_of_scope`` and the other flow counts); everything above them is recomputed.
``KEY=VALUE`` is for the commune, ``TEAMCODE:KEY=VALUE`` for a team row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.indicators_estimates import (
    LEAF_KEYS,
    Estimate,
    PeriodFigures,
    compute_period,
)
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.database import Database

if TYPE_CHECKING:
    from hoagiai_desktop.domain.indicators import Reader

__all__ = ["LEAF_KEYS", "Estimate", "parse_overrides", "period_figures", "propose_estimates"]


def parse_overrides(items: Iterable[str]) -> dict[str | None, dict[str, int]]:
    """``["cases.unsuccessful=4", "T01:cases.new_by_category.dan_su=5"]`` →
    ``{None: {"cases.unsuccessful": 4}, "T01": {"cases.new_by_category.dan_su": 5}}``."""
    out: dict[str | None, dict[str, int]] = {}
    for item in items:
        text = item.strip()
        if "=" not in text:
            raise UserError(
                _(
                    "Write each estimate as KEY=VALUE, for example cases.unsuccessful=4 (got “{item}”)."
                ).format(item=item)
            )
        left, value_text = (part.strip() for part in text.split("=", 1))
        team: str | None = None
        key = left
        if ":" in left:
            team, key = (part.strip() for part in left.split(":", 1))
        if key not in LEAF_KEYS:
            raise UserError(
                _(
                    "{key} cannot be estimated by hand; give the figures it is made of instead, such as "
                    "cases.new_by_category.dan_su or cases.unsuccessful."
                ).format(key=key)
            )
        try:
            value = int(value_text)
        except ValueError:
            raise UserError(
                _("The estimate for {key} must be a whole number (got “{value}”).").format(
                    key=key, value=value_text
                )
            ) from None
        if value < 0:
            raise UserError(_("The estimate for {key} cannot be negative.").format(key=key))
        out.setdefault(team, {})[key] = value
    return out


def period_figures(
    session: Reader,
    period: Period,
    overrides: dict[str | None, dict[str, int]] | None = None,
    *,
    team_ids: Iterable[int] = (),
    by_team: bool = True,
) -> PeriodFigures:
    """:func:`compute_period` with overrides given by team code (as typed) instead of team id."""
    by_id: dict[int | None, dict[str, int]] = {}
    names: dict[int, str] = {}
    if (
        overrides
    ):  # the teams' codes and names only place the officer's figures and name a row that refuses one
        teams = {
            code: (tid, name)
            for tid, code, name in session.execute(select(t.team.c.id, t.team.c.code, t.team.c.name))
        }
        for code, keys in overrides.items():
            if code is None:
                by_id[None] = dict(keys)
                continue
            if code not in teams:
                raise UserError(_("There is no team with code {code}.").format(code=code))
            by_id[teams[code][0]] = dict(keys)
        names = {tid: name for tid, name in teams.values()}
    return compute_period(session, period, by_id, team_ids=team_ids, names=names, by_team=by_team)


def propose_estimates(db: Database, period: Period, *, team_code: str | None = None) -> dict[str, Estimate]:
    """The estimated cells of the commune row, or of one team's row with ``team_code``: actual to the cut-off,
    the proposal, and which of them can be overridden (:data:`LEAF_KEYS`)."""
    if not period.has_estimate:
        return {}
    with db.reading() as s:
        if team_code is None:
            return period_figures(s, period).total_estimates
        team_id = s.scalar(select(t.team.c.id).where(t.team.c.code == team_code))
        if team_id is None:
            raise UserError(_("There is no team with code {code}.").format(code=team_code))
        return period_figures(s, period, team_ids=[team_id]).estimates(team_id)
