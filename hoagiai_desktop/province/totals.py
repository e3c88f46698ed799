"""How the province's figures come from the communes' (DOMAIN §8): sums for every additive key, and the three
ratios recomputed from the summed parts — never an average of the communes' percentages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hoagiai_desktop.domain.indicators import INDICATOR_KEYS

# ratio key → (numerator keys, denominator keys), as domain.indicators defines them for one commune
RATIOS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cases.success_rate": (("cases.successful",), ("cases.handled",)),
    "cases.success_rate_closed": (("cases.successful",), ("cases.successful", "cases.unsuccessful")),
    "training.pct_trained": (("training.trained",), ("mediators.total",)),
}
ADDITIVE_KEYS: tuple[str, ...] = tuple(k for k in INDICATOR_KEYS if k not in RATIOS)


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


def with_ratios(sums: Mapping[str, float]) -> dict[str, int | float]:
    """Every §4 key: the sums given (0 when absent) and the ratios recomputed from them."""
    out: dict[str, int | float] = {}
    for key in INDICATOR_KEYS:
        if key in RATIOS:
            num, den = RATIOS[key]
            out[key] = _pct(sum(sums.get(k, 0) for k in num), sum(sums.get(k, 0) for k in den))
        else:
            out[key] = _number(sums.get(key, 0))
    return out


def add_up(rows: Iterable[Mapping[str, float]]) -> dict[str, int | float]:
    """The total of several communes' figures (in Python; the service does the same in SQL)."""
    sums: dict[str, float] = dict.fromkeys(ADDITIVE_KEYS, 0.0)
    for row in rows:
        for key in ADDITIVE_KEYS:
            sums[key] += float(row.get(key, 0) or 0)
    return with_ratios(sums)
