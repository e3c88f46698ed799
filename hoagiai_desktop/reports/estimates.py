"""Estimates for the early reports (DOMAIN §4): ``YYYY-H1`` and ``YYYY-Y1`` carry actual data to a cut-off.

**Decisions:**

* The proposal for a flow figure is linear: actual × months in the period ÷ actual months, rounded half up.
  Stock figures (as of the cut-off) are not estimated.
* ``cases.handled`` is proposed as carried + proposed new (carried cases do not grow with time), unless the
  officer overrides it.
* The success rates are recomputed from the (estimated) successful and handled figures and count as estimated
  when any of their inputs is.
* The officer may override any flow cell: ``KEY=VALUE`` for the commune, ``TEAMCODE:KEY=VALUE`` for a team row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.database import Database

Number = int | float
FLOW_KEYS: frozenset[str] = indicators.FLOW_KEYS
RATE_KEYS = ("cases.success_rate", "cases.success_rate_closed")


@dataclass(frozen=True)
class Estimate:
    key: str
    actual: Number  # to the cut-off
    proposed: Number
    value: Number  # what the report prints (the proposal or the officer's figure)
    overridden: bool = False


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def linear(actual: Number, period: Period) -> int:
    if not period.has_estimate:
        return int(actual)
    return round_half_up(float(actual) * period.months / period.actual_months)


def _rate(part: Number, whole: Number) -> float:
    return round(float(part) * 100 / float(whole), 1) if whole else 0.0


def estimate_figures(
    actual: Mapping[str, Number], period: Period, overrides: Mapping[str, Number] | None = None
) -> tuple[dict[str, Number], dict[str, Estimate]]:
    """The figures to print and the estimate of every estimated cell (empty when the period has none)."""
    figures = dict(actual)
    if not period.has_estimate:
        return figures, {}
    overrides = dict(overrides or {})
    out: dict[str, Estimate] = {}
    for key in sorted(FLOW_KEYS):
        if key not in actual:
            continue
        proposed: Number = linear(actual[key], period)
        out[key] = Estimate(key, actual[key], proposed, proposed)
    if "cases.handled" in out and "cases.new" in out:
        proposed_handled = int(actual.get("cases.carried", 0)) + int(out["cases.new"].proposed)
        out["cases.handled"] = Estimate(
            "cases.handled", actual["cases.handled"], proposed_handled, proposed_handled
        )
    for key, value in overrides.items():
        if key not in out:
            raise UserError(
                _("The figure {key} is not estimated in this period, so it cannot be overridden.").format(
                    key=key
                )
            )
        e = out[key]
        out[key] = Estimate(key, e.actual, e.proposed, value, overridden=value != e.proposed)
    if "cases.handled" not in overrides and "cases.new" in overrides and "cases.handled" in out:
        e = out["cases.handled"]
        value = int(actual.get("cases.carried", 0)) + int(out["cases.new"].value)
        out["cases.handled"] = Estimate(e.key, e.actual, e.proposed, value, overridden=value != e.proposed)
    for key, e in out.items():
        figures[key] = e.value
    handled = figures.get("cases.handled", 0)
    successful = figures.get("cases.successful", 0)
    closed = successful + figures.get("cases.unsuccessful", 0)
    for key, value in (
        ("cases.success_rate", _rate(successful, handled)),
        ("cases.success_rate_closed", _rate(successful, closed)),
    ):
        if key in actual:
            out[key] = Estimate(key, actual[key], value, value)
            figures[key] = value
    return figures, out


def parse_overrides(items: Iterable[str]) -> dict[str | None, dict[str, int]]:
    """``["cases.new=40", "T01:cases.new=5"]`` → ``{None: {"cases.new": 40}, "T01": {"cases.new": 5}}``."""
    out: dict[str | None, dict[str, int]] = {}
    for item in items:
        text = item.strip()
        if "=" not in text:
            raise UserError(
                _("Write each estimate as KEY=VALUE, for example cases.new=40 (got “{item}”).").format(
                    item=item
                )
            )
        left, value_text = (part.strip() for part in text.split("=", 1))
        team: str | None = None
        key = left
        if ":" in left:
            team, key = (part.strip() for part in left.split(":", 1))
        if key not in FLOW_KEYS:
            raise UserError(
                _(
                    "{key} is not a figure that can be estimated; estimable figures are counts such as cases.new."
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


def propose_estimates(db: Database, period: Period, *, team_code: str | None = None) -> dict[str, Estimate]:
    """The estimated cells for the window: actual to the cut-off and the linear proposal.

    For the commune total, or for one team's row with ``team_code`` (override those as ``CODE:KEY``).
    """
    if not period.has_estimate:
        return {}
    from sqlalchemy import select

    from hoagiai_desktop.domain.models import Team

    with db.reading() as s:
        if team_code is None:
            actual = indicators.compute(s, period.actual())
        else:
            team_id = s.scalar(select(Team.id).where(Team.code == team_code))
            if team_id is None:
                raise UserError(_("There is no team with code {code}.").format(code=team_code))
            zero: dict[str, Number] = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
            actual = indicators.compute_by_team(s, period.actual()).get(team_id, zero)
    return estimate_figures(actual, period)[1]
