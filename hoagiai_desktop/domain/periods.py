"""Reporting periods of DOMAIN §4: ``YYYY-H1``, ``YYYY-Y1``, ``YYYY`` and ``YYYY-MM-DD:YYYY-MM-DD``.

A period has a range [start, end] and, for the two early reports, a cut-off ``actual_to`` after which the
figures are estimated (H1: data to 31/05, June estimated; Y1: data to 31/10, Nov–Dec estimated).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
        return Period(self.code, self.start, self.actual_to, self.actual_to, "custom")

    def label_vi(self) -> str:
        """Official Vietnamese name of the period, as printed on reports."""
        if self.kind == "H1":
            return f"6 tháng đầu năm {self.start.year}"
        if self.kind == "Y1":
            return f"năm {self.start.year} (lần 1)"
        if self.kind == "year":
            return f"năm {self.start.year}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"


def _year(text: str) -> int:
    year = int(text)
    if not 1990 <= year <= 2100:
        raise UserError(
            _("The year {year} is outside the range the app accepts (1990–2100).").format(year=year)
        )
    return year


def parse_period(text: str) -> Period:
    """Parse a period code; a bad one raises a UserError saying which forms are accepted."""
    code = (text or "").strip()
    if m := _YEAR.match(code):
        y = _year(m.group(1))
        return Period(code, dt.date(y, 1, 1), dt.date(y, 12, 31), dt.date(y, 12, 31), "year")
    if m := _HALF.match(code):
        y = _year(m.group(1))
        return Period(f"{y}-H1", dt.date(y, 1, 1), dt.date(y, 6, 30), dt.date(y, 5, 31), "H1")
    if m := _FIRST.match(code):
        y = _year(m.group(1))
        return Period(f"{y}-Y1", dt.date(y, 1, 1), dt.date(y, 12, 31), dt.date(y, 10, 31), "Y1")
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
        return Period(code, start, end, end, "custom")
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
