"""One period, one set of figures (DOMAIN §4): the numbers ``stats``, the dashboard and every paper print for P.

For a period without estimate these are the indicators themselves. For the early reports of TT 03/2019 (H1 with
June estimated, Y1 with Nov–Dec estimated) the estimate is made on the **leaves** and every other figure is derived
from them, so every identity of the form holds exactly as on actual data.

**Decisions:**

* Leaves (the only figures estimated or overridden): per team, new cases by category, successful cases by category,
  unsuccessful cases and out-of-scope cases; for the whole commune and per team, the other flow figures
  (mediators recognised / who left, training events, mediators trained in the period). Newly recognised mediators
  stay actual, like the three states they split into (trained within 6 months, pending, overdue). Carried-over cases and every stock figure (teams, mediators, trained) stay actual as of the actual-data date.
* The proposal is linear — actual × months in the period ÷ actual months — and a family of case leaves (all teams ×
  all categories of new cases; the same for successful cases; unsuccessful; out of scope) is rounded together by
  the largest-remainder method, so the rounded leaves add up to the rounded commune total.
* Derived: ``by_category.<c>`` = carried in c + new in c; ``new`` = Σ new; ``handled`` = carried + new;
  ``successful`` = Σ successful by category; the cases left open (handled − successful − unsuccessful) are split
  between ``ongoing`` and ``pending`` in the proportion seen on the actual-data date (all ongoing when none was
  open); the rates from the derived counts. A proposal never exceeds what it is part of (successful in a category ≤
  handled in it; unsuccessful ≤ what is left) — it is lowered to fit; an officer's figure that does not fit is
  refused with one sentence.
* The commune row of every case column is the sum of the team rows (every case belongs to a team, and every team
  with a case in the period has a row). People columns are not summed: a mediator in two teams counts once in the
  commune row (:meth:`PeriodFigures.people_counted_once` says when the commune row is smaller than the team sum).
* Overrides: ``{team_id: {leaf: value}}`` for a team row, ``{None: {leaf: value}}`` for the commune — a commune
  case leaf is shared among the teams not given their own figure, in proportion to their proposals (largest
  remainder).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.domain.indicators import CATEGORY_KEYS, Figures, Number
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.domain.tables import case_file
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

if TYPE_CHECKING:
    from hoagiai_desktop.domain.indicators import Reader

NEW_LEAVES = tuple(f"cases.new_by_category.{c}" for c in CATEGORY_KEYS)
SUCCESS_LEAVES = tuple(f"cases.successful_by_category.{c}" for c in CATEGORY_KEYS)
CASE_LEAVES = (*NEW_LEAVES, *SUCCESS_LEAVES, "cases.unsuccessful", "cases.out_of_scope")
OTHER_FLOWS = (
    "mediators.recognised",
    "mediators.terminated",
    "training.events",
    "training.trained_in_period",
)
LEAF_KEYS: tuple[str, ...] = (*CASE_LEAVES, *OTHER_FLOWS)
# Count columns about cases: the commune row is the sum of the team rows.
CASE_COUNT_KEYS: tuple[str, ...] = (
    "cases.new",
    "cases.carried",
    "cases.handled",
    *(f"cases.by_category.{c}" for c in CATEGORY_KEYS),
    "cases.successful",
    "cases.unsuccessful",
    *SUCCESS_LEAVES,
    "cases.ongoing",
    "cases.pending",
    "cases.out_of_scope",
)
RATE_KEYS = ("cases.success_rate", "cases.success_rate_closed")
# Columns counting people or teams: the commune row counts each once, so it may be smaller than the team sum.
PEOPLE_KEYS: tuple[str, ...] = tuple(
    k for k in indicators.INDICATOR_KEYS if k.startswith(("mediators.", "training.")) and "pct" not in k
)
# Everything printed as an estimate in an estimated period (carried and the stocks stay actual).
ESTIMATED_KEYS: frozenset[str] = frozenset(
    {*CASE_COUNT_KEYS, *RATE_KEYS, *OTHER_FLOWS, *NEW_LEAVES} - {"cases.carried"}
)
# A team's row: None is the commune row.
RowKey = int | None
Overrides = Mapping[RowKey, Mapping[str, int]]


@dataclass(frozen=True)
class Estimate:
    key: str
    actual: Number  # to the actual-data date
    proposed: Number
    value: Number  # what is printed (the proposal or the officer's figure, or derived from them)
    overridden: bool = False


@dataclass
class PeriodFigures:
    """The printed figures of a period for the commune (``total``) and each team (``teams``), with the actual
    figures to the actual-data date and, in an estimated period, the estimate of every estimated cell."""

    period: Period
    total: Figures
    teams: dict[int, Figures]
    total_actual: Figures
    team_actual: dict[int, Figures]
    total_estimates: dict[str, Estimate] = field(default_factory=dict)
    team_estimates: dict[int, dict[str, Estimate]] = field(default_factory=dict)

    @property
    def estimated_keys(self) -> list[str]:
        """The indicator keys whose printed value is an estimate (empty when nothing is estimated)."""
        return [k for k in indicators.INDICATOR_KEYS if k in self.total_estimates]

    def row(self, team_id: RowKey) -> Figures:
        if team_id is None:
            return self.total
        return self.teams.get(team_id) or dict.fromkeys(indicators.INDICATOR_KEYS, 0)

    def estimates(self, team_id: RowKey) -> dict[str, Estimate]:
        return self.total_estimates if team_id is None else self.team_estimates.get(team_id, {})

    def people_counted_once(self, team_ids: Iterable[int] | None = None) -> list[str]:
        """People columns whose commune value is smaller than the sum of the team rows (mediators in two teams
        count once in the commune row) — when not empty, the paper says so under the table."""
        ids = list(self.teams if team_ids is None else team_ids)
        return [k for k in PEOPLE_KEYS if self.total.get(k, 0) < sum(self.row(t).get(k, 0) for t in ids)]


# ---- arithmetic ----------------------------------------------------------------------------------------------


def round_half_up(value: Fraction | float | int) -> int:
    return math.floor(Fraction(value) + Fraction(1, 2))


def apportion(weights: list[Fraction], total: int) -> list[int]:
    """Whole numbers adding up to ``total``, each close to its weight (largest-remainder method).

    When the weights add up to about ``total`` (the proposals), each result is the weight rounded down or up; for
    any other total the weights are first scaled to it (equal shares when every weight is 0).
    """
    n = len(weights)
    if n == 0:
        if total:
            raise ValueError("nothing to share")
        return []
    floors = [math.floor(w) for w in weights]
    if not 0 <= total - sum(floors) <= n:
        whole = sum(weights)
        weights = [w * total / whole for w in weights] if whole else [Fraction(total, n)] * n
        floors = [math.floor(w) for w in weights]
    left = total - sum(floors)
    order = sorted(range(n), key=lambda i: (-(weights[i] - floors[i]), -weights[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _rate(part: Number, whole: Number) -> float:
    return round(float(part) * 100 / float(whole), 1) if whole else 0.0


def set_rates(f: Figures) -> None:
    f["cases.success_rate"] = _rate(f["cases.successful"], f["cases.handled"])
    f["cases.success_rate_closed"] = _rate(
        f["cases.successful"], f["cases.successful"] + f["cases.unsuccessful"]
    )


def with_leaves(actual: Figures, carried_by_category: Mapping[str, int]) -> Figures:
    """``actual`` plus the new-cases-by-category leaves (handled in a category minus carried in it)."""
    out = dict(actual)
    for c in CATEGORY_KEYS:
        out[f"cases.new_by_category.{c}"] = int(actual[f"cases.by_category.{c}"]) - int(
            carried_by_category.get(c, 0)
        )
    return out


def _row_name(team_id: RowKey, names: Mapping[int, str]) -> str:
    return _("the commune total") if team_id is None else names.get(team_id, str(team_id))


def estimate_rows(
    total: Figures,
    teams: Mapping[int, Figures],
    period: Period,
    overrides: Overrides | None = None,
    names: Mapping[int, str] | None = None,
) -> tuple[Figures, dict[int, Figures]]:
    """The printed figures of an estimated period from the actual ones (with :func:`with_leaves` leaves).

    ``total`` is the commune's actual row (its stocks and the other flows), ``teams`` every team's.
    """
    names = names or {}
    overrides = overrides or {}
    ratio = Fraction(period.months, period.actual_months)
    ids = sorted(teams)
    leaves = _proposed_leaves(teams, ids, ratio)
    _apply_overrides(leaves, teams, ids, ratio, overrides)
    shared = {k: v for k, v in overrides.get(None, {}).items() if k in CASE_LEAVES}
    rows = {t: _derive(teams[t], leaves[t], overrides.get(t, {}), _row_name(t, names), shared) for t in ids}
    commune = dict(total)
    for key in CASE_COUNT_KEYS:
        commune[key] = sum(int(rows[t][key]) for t in ids)
    for t, row in rows.items():
        _other_flows(row, teams[t], ratio, overrides.get(t, {}))
    _other_flows(commune, total, ratio, overrides.get(None, {}))
    for c in CATEGORY_KEYS:
        commune[f"cases.new_by_category.{c}"] = sum(int(rows[t][f"cases.new_by_category.{c}"]) for t in ids)
    set_rates(commune)
    return commune, rows


def _proposed_leaves(
    teams: Mapping[int, Figures], ids: list[int], ratio: Fraction
) -> dict[int, dict[str, int]]:
    """Each family of case leaves over all teams, rounded together so that it adds up to the commune total."""
    leaves: dict[int, dict[str, int]] = {t: {} for t in ids}
    families = (NEW_LEAVES, SUCCESS_LEAVES, ("cases.unsuccessful",), ("cases.out_of_scope",))
    for family in families:
        cells = [(t, k) for t in ids for k in family]
        raws = [Fraction(int(teams[t][k])) * ratio for t, k in cells]
        for (t, k), value in zip(cells, apportion(raws, round_half_up(sum(raws))), strict=True):
            leaves[t][k] = value
    return leaves


def _apply_overrides(
    leaves: dict[int, dict[str, int]],
    teams: Mapping[int, Figures],
    ids: list[int],
    ratio: Fraction,
    overrides: Overrides,
) -> None:
    """The officer's figures: a team's replaces its cell; the commune's is shared among the other teams."""
    for t in ids:
        for key, value in overrides.get(t, {}).items():
            if key in CASE_LEAVES:
                leaves[t][key] = int(value)
    for key, value in overrides.get(None, {}).items():
        if key not in CASE_LEAVES:
            continue
        free = [t for t in ids if key not in overrides.get(t, {})]
        left = int(value) - sum(leaves[t][key] for t in ids if t not in free)
        if left < 0 or (left and not free):
            raise UserError(
                _(
                    "The commune figure {key} = {value} is smaller than the figures given for the teams."
                ).format(key=key, value=value)
            )
        shares = apportion([Fraction(int(teams[t][key])) * ratio for t in free], left) if free else []
        for t, share in zip(free, shares, strict=True):
            leaves[t][key] = share


def _other_flows(row: Figures, actual: Figures, ratio: Fraction, overrides: Mapping[str, int]) -> None:
    for key in OTHER_FLOWS:
        row[key] = (
            int(overrides[key]) if key in overrides else round_half_up(Fraction(int(actual[key])) * ratio)
        )


def _refuse_shared(key: str, shared: Mapping[str, int]) -> None:
    """A commune figure whose share does not fit a team's cases: refused (it would not be printed as typed)."""
    if key in shared:
        raise UserError(
            _(
                "The commune figure {key} = {value} does not fit the cases the teams handled; lower it or give "
                "the teams' own figures."
            ).format(key=key, value=shared[key])
        )


def _derive(
    actual: Figures, leaves: dict[str, int], own: Mapping[str, int], name: str, shared: Mapping[str, int]
) -> Figures:
    """One team's row from its leaves; a proposal that does not fit is lowered, an officer's figure refused."""
    row = dict(actual)
    carried = int(actual["cases.carried"])
    for c in CATEGORY_KEYS:
        new = leaves[f"cases.new_by_category.{c}"]
        row[f"cases.new_by_category.{c}"] = new
        row[f"cases.by_category.{c}"] = (
            int(actual[f"cases.by_category.{c}"]) - int(actual[f"cases.new_by_category.{c}"]) + new
        )
    row["cases.new"] = sum(leaves[k] for k in NEW_LEAVES)
    row["cases.carried"] = carried
    row["cases.handled"] = carried + int(row["cases.new"])
    for c in CATEGORY_KEYS:
        key = f"cases.successful_by_category.{c}"
        room = int(row[f"cases.by_category.{c}"])
        value = leaves[key]
        if value > room:
            if key in own:
                raise UserError(
                    _(
                        "In {row}, {key} = {value} is more than the {room} cases handled in that category; "
                        "lower it or raise the new cases."
                    ).format(row=name, key=key, value=value, room=room)
                )
            _refuse_shared(key, shared)
            value = room
        row[key] = value
    row["cases.successful"] = sum(int(row[k]) for k in SUCCESS_LEAVES)
    room = int(row["cases.handled"]) - int(row["cases.successful"])
    unsuccessful = leaves["cases.unsuccessful"]
    if unsuccessful > room:
        if "cases.unsuccessful" in own:
            raise UserError(
                _(
                    "In {row}, {value} unsuccessful cases is more than the {room} handled cases left without "
                    "another result; lower it."
                ).format(row=name, value=unsuccessful, room=room)
            )
        _refuse_shared("cases.unsuccessful", shared)
        unsuccessful = room
    row["cases.unsuccessful"] = unsuccessful
    row["cases.out_of_scope"] = leaves["cases.out_of_scope"]
    still_open = room - unsuccessful
    ongoing_a, pending_a = int(actual["cases.ongoing"]), int(actual["cases.pending"])
    pending = (
        round_half_up(Fraction(still_open * pending_a, ongoing_a + pending_a)) if ongoing_a + pending_a else 0
    )
    row["cases.pending"] = pending
    row["cases.ongoing"] = still_open - pending
    set_rates(row)
    return row


# ---- from the database ---------------------------------------------------------------------------------------


def carried_by_category(session: Reader, period: Period) -> dict[int, dict[str, int]]:
    """Per team and category, the in-scope cases carried into ``period`` (received before it, still open)."""
    c = case_file.c
    stmt = (
        select(c.team_id, c.category, func.count(c.id))
        .where(
            c.category != Category.NGOAI_PHAM_VI,
            c.received_on < period.start,
            or_(c.ended_on.is_(None), c.result.is_(None), c.ended_on >= period.start),
        )
        .group_by(c.team_id, c.category)
    )
    out: dict[int, dict[str, int]] = {}
    for team_id, category, count in session.execute(stmt):
        value = category.value if isinstance(category, Category) else str(category)
        out.setdefault(team_id, {})[value] = int(count)
    return out


def _estimates(
    actual: Figures, proposed: Figures, value: Figures, own: Mapping[str, int]
) -> dict[str, Estimate]:
    return {
        k: Estimate(k, actual[k], proposed[k], value[k], overridden=k in own and value[k] != proposed[k])
        for k in (*indicators.INDICATOR_KEYS, *NEW_LEAVES)
        if k in ESTIMATED_KEYS
    }


def check_overrides(overrides: Overrides, period: Period) -> None:
    for row in overrides.values():
        for key in row:
            if not period.has_estimate or key not in LEAF_KEYS:
                raise UserError(
                    _("The figure {key} is not estimated in this period, so it cannot be overridden.").format(
                        key=key
                    )
                    if not period.has_estimate
                    else _(
                        "{key} is worked out from other figures; give the figures it is made of instead "
                        "(for example cases.new_by_category.dan_su)."
                    ).format(key=key)
                )


def compute_period(
    session: Reader,
    period: Period,
    overrides: Overrides | None = None,
    *,
    team_ids: Iterable[int] = (),
    names: Mapping[int, str] | None = None,
    by_team: bool = True,
) -> PeriodFigures:
    """The figures printed for ``period``: actual, or estimated on the leaves under TT 03/2019.

    ``team_ids`` adds zero rows for teams without any figure (an active team with no case). ``by_team=False``
    leaves out the team rows when only the commune's figures are wanted (``hoagiai stats``, the dashboard) and the
    period is not estimated (an estimate is spread over the team rows, so they are computed then).
    """
    overrides = overrides or {}
    check_overrides(overrides, period)
    basis = period.actual() if period.has_estimate else period
    total_actual = indicators.compute(session, basis)
    by_team = by_team or period.has_estimate or bool(overrides)
    team_actual = indicators.compute_by_team(session, basis) if by_team else {}
    zero = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
    for t in team_ids:
        team_actual.setdefault(t, dict(zero))
    if not period.has_estimate:
        return PeriodFigures(period, total_actual, team_actual, total_actual, team_actual)
    carried = carried_by_category(session, basis)
    leaves = {t: with_leaves(f, carried.get(t, {})) for t, f in team_actual.items()}
    total_leaves = with_leaves(
        total_actual,
        {c: sum(carried.get(t, {}).get(c, 0) for t in carried) for c in CATEGORY_KEYS},
    )
    proposed_total, proposed_rows = estimate_rows(total_leaves, leaves, period, None, names)
    total, rows = (
        estimate_rows(total_leaves, leaves, period, overrides, names)
        if overrides
        else (proposed_total, proposed_rows)
    )
    return PeriodFigures(
        period,
        {k: total[k] for k in indicators.INDICATOR_KEYS},
        {t: {k: f[k] for k in indicators.INDICATOR_KEYS} for t, f in rows.items()},
        total_actual,
        team_actual,
        _estimates(total_leaves, proposed_total, total, overrides.get(None, {})),
        {t: _estimates(leaves[t], proposed_rows[t], rows[t], overrides.get(t, {})) for t in rows},
    )
