"""Reporting periods of DOMAIN §4: ``YYYY-H1``, ``YYYY-Y1``, ``YYYY`` and ``YYYY-MM-DD:YYYY-MM-DD``.

A period has a range [start, end] and a cut-off ``actual_to`` after which the figures are estimated. Which dates a
code covers depends on the reporting regime (:mod:`hoagiai_desktop.domain.periods_regimes`): under TT 03/2019
``H1`` is 01/01–30/06 with data to 31/05 and June estimated; under TT 17/2025 it is 01/01–31/05, nothing estimated.
A custom range is never estimated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hoagiai_desktop.domain.periods_regimes import get_regime
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H1$", re.IGNORECASE)
_FIRST = re.compile(r"^(\d{4})-Y1$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    code: str
    start: dt.date
    end: dt.date
    actual_to: dt.date  # last day of actual data; == end when nothing is estimated
    kind: str  # "H1", "Y1", "year", "custom"
    regime: str = ""  # id of the reporting regime (periods_regimes); "" only for hand-made periods
    name: str = ""  # the period's name on paper, e.g. "sơ bộ 6 tháng đầu năm 2026" ("" for a custom range)

    @property
    def has_estimate(self) -> bool:
        return self.actual_to < self.end

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def actual_months(self) -> int:
        return (self.actual_to.year - self.start.year) * 12 + self.actual_to.month - self.start.month + 1

    def actual(self) -> Period:
        """The part of the period with actual data: [start, actual_to]."""
        return Period(self.code, self.start, self.actual_to, self.actual_to, "custom", self.regime)

    def label_vi(self) -> str:
        """Official Vietnamese name of the period as it reads inside a sentence ("sơ bộ năm 2026")."""
        if self.name:
            return self.name
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def words(self) -> str:
        """The period in words for a heading, never a code: "Sơ bộ 6 tháng đầu năm 2026 (từ ngày 01/01/2026 đến
        ngày 31/05/2026)"; a custom range is just "Từ ngày … đến ngày …"."""
        return period_words(self.label_vi(), self.start, self.end)

    def legal_basis(self) -> str:
        """The legal basis of the period's regime, printed on statistical papers ("" for a hand-made period)."""
        if not self.regime:
            return ""
        return get_regime(self.regime, self.start.year).legal_basis


def period_words(name: str, start: dt.date, end: dt.date) -> str:
    """``name`` capitalised, followed by its dates in words (``name`` may already be the dates)."""
    dates = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    text = name if name.startswith("từ ngày") else f"{name} ({dates})"
    return text[:1].upper() + text[1:]


def today() -> dt.date:
    """Today's date (a function so tests can pin it)."""
    return dt.date.today()


def _year(text: str) -> int:
    year = int(text)
    if not 1990 <= year <= 2100:
        raise UserError(
            _("The year {year} is outside the range the app accepts (1990–2100).").format(year=year)
        )
    return year


def _regular(code: str, year: int, kind: str, regime_id: str | None) -> Period:
    regime = get_regime(regime_id, year)
    rule = regime.periods[kind]
    start, end, actual_to = rule.dates(year)
    return Period(code, start, end, actual_to, kind, regime.id, rule.name.format(year=year))


def parse_period(text: str, regime: str | None = None) -> Period:
    """Parse a period code under ``regime`` (None or "auto" = the default regime for the year).

    A bad code raises a UserError saying which forms are accepted.
    """
    code = (text or "").strip()
    if m := _YEAR.match(code):
        return _regular(code, _year(m.group(1)), "year", regime)
    if m := _HALF.match(code):
        y = _year(m.group(1))
        return _regular(f"{y}-H1", y, "H1", regime)
    if m := _FIRST.match(code):
        y = _year(m.group(1))
        return _regular(f"{y}-Y1", y, "Y1", regime)
    if m := _RANGE.match(code):
        try:
            start = dt.date.fromisoformat(m.group(1))
            end = dt.date.fromisoformat(m.group(2))
        except ValueError as exc:
            raise UserError(
                _("The period {code} contains a date that does not exist.").format(code=code)
            ) from exc
        if end < start:
            raise UserError(_("The period {code} ends before it starts.").format(code=code))
        return Period(code, start, end, end, "custom", get_regime(regime, start.year).id)
    raise UserError(
        _("Unknown period “{code}”; use YYYY, YYYY-H1, YYYY-Y1 or YYYY-MM-DD:YYYY-MM-DD.").format(code=code)
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the month's last day (31/08 + 6 months = 28/02 or 29/02)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")
