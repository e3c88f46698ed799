from __future__ import annotations

import datetime as dt

import pytest

from hoagiai_desktop.domain.periods import add_months, parse_period
from hoagiai_desktop.errors import UserError


def test_period_codes_and_cut_offs() -> None:
    h1 = parse_period("2026-H1")
    assert (h1.start, h1.end, h1.actual_to, h1.has_estimate) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        dt.date(2026, 5, 31),
        True,
    )
    assert (h1.months, h1.actual_months) == (6, 5)
    y1 = parse_period("2026-y1")
    assert (y1.end, y1.actual_to, y1.months, y1.actual_months) == (
        dt.date(2026, 12, 31),
        dt.date(2026, 10, 31),
        12,
        10,
    )
    year = parse_period("2026")
    assert not year.has_estimate and year.actual_to == year.end
    custom = parse_period("2026-02-01:2026-03-15")
    assert (custom.start, custom.end, custom.has_estimate) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 15),
        False,
    )


@pytest.mark.parametrize(
    "bad", ["", "2026-H2", "26", "2026-02-30:2026-03-01", "2026-05-01:2026-04-01", "1800"]
)
def test_bad_periods_give_one_sentence(bad: str) -> None:
    with pytest.raises(UserError) as err:
        parse_period(bad)
    assert "\n" not in str(err.value) and str(err.value).endswith(".")


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 3, 1), 6) == dt.date(2025, 9, 1)
