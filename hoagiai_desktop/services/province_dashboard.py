"""The province dashboard (DOMAIN §8): the Đề án indicators for the province against the QĐ 315 targets, and the
communes ranked weakest first.

Every figure comes from :func:`province_reports.figures` — the stored commune rows of the counted packages, summed
for the province — and every actual value is read the way the commune's own dashboard and paper read it
(:func:`domain.targets.actual_percent`: a ready percentage as is, else ``indicator ÷ base × 100``). So the
province's "teams with the legal composition" is the communes' compliant teams over the communes' teams, never an
average of their percentages.

How far a commune is below target (its *shortfall*) is the sum, over the indicators it has something to count for,
of the percentage points it lacks (``target − actual`` when positive). The weakest commune has the largest
shortfall; ties go to the one missing more targets, then to the registry order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hoagiai_desktop.domain import targets as targets_table
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_registry, province_reports, users
from hoagiai_desktop.services import targets as targets_service
from hoagiai_desktop.storage.database import Database


@dataclass(frozen=True)
class IndicatorRow:
    """One Đề án indicator for the whole province."""

    key: str
    label: str  # translated
    official: str  # the Vietnamese wording printed on paper
    target: float  # %
    actual: float | None  # % for the province; None when nothing to count (no base)
    count: float  # the numerator summed over the communes (e.g. compliant teams)
    base: float | None  # the denominator summed over the communes (None for a ready percentage)
    communes_met: int  # reported communes at or above target
    communes_counted: int  # reported communes with something to count

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.target


@dataclass(frozen=True)
class CommuneStanding:
    """One commune against the targets (only communes that reported for the period)."""

    rank: int  # 1 = the weakest
    code: str
    name: str
    actual: tuple[tuple[str, float | None], ...]  # (indicator key, actual %) in the order of the indicators
    shortfall: float  # percentage points below target, summed over the indicators
    missed: int  # indicators below target
    counted: int  # indicators with something to count

    def actual_of(self, key: str) -> float | None:
        return dict(self.actual).get(key)


@dataclass(frozen=True)
class ProvinceDashboard:
    period: str
    communes_total: int  # in the registry
    indicators: tuple[IndicatorRow, ...]
    standings: tuple[CommuneStanding, ...]  # weakest first
    not_reported: tuple[tuple[str, str], ...]  # (code, name) of the communes without a counted package
    total: dict[str, int | float]  # the province's §4 figures (sums; ratios recomputed)
    communes: dict[str, dict[str, int | float]]  # each reported commune's figures

    @property
    def reported(self) -> int:
        return len(self.standings)


def _count_and_base(key: str, figures: dict[str, int | float]) -> tuple[float, float | None]:
    t = targets_table.BY_KEY[key]
    if t.percent:
        return float(figures.get(t.count or key, 0)), None
    return float(figures.get(key, 0)), float(figures.get(t.base, 0)) if t.base else None


def actual(key: str, figures: dict[str, int | float]) -> float | None:
    """The actual % of one indicator; None when there is nothing to divide (a ready percentage whose base is 0
    reads 0,0 in the figures — a commune without cases has not failed the success rate)."""
    t = targets_table.BY_KEY[key]
    if t.percent and t.base and not figures.get(t.base):
        return None
    return targets_table.actual_percent(key, figures)


def dashboard(db: Database, period_code: str) -> ProvinceDashboard:
    """The province's Đề án indicators and the communes' standing for ``period_code``."""
    users.require(db, users.VIEWER)
    province_reports.require_province(db)
    result = province_reports.figures(db, period_code)
    targets = targets_service.target_values(db)
    shown = [t for t in targets_table.DEFAULTS if t.indicator in targets]
    registry = province_registry.list_communes(db)
    names = {c.code: c.full_name for c in registry}
    order = {c.code: n for n, c in enumerate(registry)}

    standings: list[tuple[float, int, int, str, CommuneStanding]] = []
    for code, values in result.communes.items():
        actual_values = tuple((t.indicator, actual(t.indicator, values)) for t in shown)
        gaps = [max(0.0, targets[k] - a) for k, a in actual_values if a is not None]
        shortfall = round(sum(gaps), 1)
        missed = sum(1 for g in gaps if g > 0)
        row = CommuneStanding(0, code, names.get(code, code), actual_values, shortfall, missed, len(gaps))
        standings.append((-shortfall, -missed, order.get(code, len(order)), code, row))
    standings.sort(key=lambda item: item[:4])
    ranked = tuple(replace(item[-1], rank=n) for n, item in enumerate(standings, start=1))

    indicators = []
    for t in shown:
        count, base = _count_and_base(t.indicator, result.total)
        per = [actual(t.indicator, v) for v in result.communes.values()]
        known = [a for a in per if a is not None]
        indicators.append(
            IndicatorRow(
                key=t.indicator,
                label=_(t.description),
                official=t.official,
                target=float(targets[t.indicator]),
                actual=actual(t.indicator, result.total),
                count=count,
                base=base,
                communes_met=sum(1 for a in known if a >= targets[t.indicator]),
                communes_counted=len(known),
            )
        )
    return ProvinceDashboard(
        period=result.period,
        communes_total=len(registry),
        indicators=tuple(indicators),
        standings=ranked,
        not_reported=tuple((c.code, c.full_name) for c in registry if c.code not in result.communes),
        total=dict(result.total),
        communes={k: dict(v) for k, v in result.communes.items()},
    )
