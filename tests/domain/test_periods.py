from __future__ import annotations

import datetime as dt

import pytest

from hoagiai_desktop.domain.periods import add_months, parse_period
from hoagiai_desktop.domain.periods_regimes import default_regime, regimes
from hoagiai_desktop.errors import UserError


def test_period_codes_and_cut_offs_under_tt03_2019() -> None:
    h1 = parse_period("2025-H1")
    assert h1.regime == "tt03-2019"  # the default for years up to 2025
    assert (h1.start, h1.end, h1.actual_to, h1.has_estimate) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
        dt.date(2025, 5, 31),
        True,
    )
    assert (h1.months, h1.actual_months) == (6, 5)
    y1 = parse_period("2026-y1", "tt03-2019")  # the province may still ask for TT 03/2019 in 2026
    assert (y1.end, y1.actual_to, y1.months, y1.actual_months) == (
        dt.date(2026, 12, 31),
        dt.date(2026, 10, 31),
        12,
        10,
    )
    year = parse_period("2025")
    assert not year.has_estimate and year.actual_to == year.end
    custom = parse_period("2026-02-01:2026-03-15")
    assert (custom.start, custom.end, custom.has_estimate) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 15),
        False,
    )


def test_tt17_2025_is_the_default_from_2026_and_has_no_estimate() -> None:
    h1, y1, year = (parse_period(c) for c in ("2026-H1", "2026-Y1", "2026"))
    assert {p.regime for p in (h1, y1, year)} == {"tt17-2025"}
    assert (h1.start, h1.end, h1.actual_to) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 5, 31),
        dt.date(2026, 5, 31),
    )
    assert (y1.end, y1.actual_to) == (dt.date(2026, 10, 31), dt.date(2026, 10, 31))
    assert (year.end, year.actual_to) == (dt.date(2026, 12, 31), dt.date(2026, 12, 31))
    assert not any(p.has_estimate for p in (h1, y1, year))
    assert parse_period("2025-H1", "tt17-2025").end == dt.date(2025, 5, 31)
    assert parse_period("2026-H1", "auto").regime == "tt17-2025"


def test_periods_in_words_never_a_code() -> None:
    assert parse_period("2026-H1").words() == (
        "Sơ bộ 6 tháng đầu năm 2026 (từ ngày 01/01/2026 đến ngày 31/05/2026)"
    )
    assert parse_period("2026-Y1").words() == "Sơ bộ năm 2026 (từ ngày 01/01/2026 đến ngày 31/10/2026)"
    assert parse_period("2026").words() == "Năm chính thức 2026 (từ ngày 01/01/2026 đến ngày 31/12/2026)"
    assert parse_period("2025-H1").words() == "6 tháng đầu năm 2025 (từ ngày 01/01/2025 đến ngày 30/06/2025)"
    assert parse_period("2025-Y1").words() == "Năm 2025 lần 1 (từ ngày 01/01/2025 đến ngày 31/12/2025)"
    assert parse_period("2026-02-01:2026-03-15").words() == "Từ ngày 01/02/2026 đến ngày 15/03/2026"
    for code in ("2025-H1", "2026-Y1", "2026-H1"):
        assert code not in parse_period(code).words()
    assert "03/2019/TT-BTP" in parse_period("2025").legal_basis()
    assert "17/2025/TT-BTP" in parse_period("2026").legal_basis()


def test_regimes_are_data_files_with_their_legal_basis() -> None:
    found = regimes()
    assert set(found) == {"tt03-2019", "tt17-2025"}
    for regime in found.values():
        assert regime.legal_basis.startswith("Thông tư số ") and regime.status
    assert default_regime(2019).id == default_regime(2025).id == "tt03-2019"
    assert default_regime(2026).id == default_regime(2030).id == "tt17-2025"
    with pytest.raises(UserError) as err:
        parse_period("2026-H1", "tt99")
    assert "tt03-2019" in str(err.value) and "\n" not in str(err.value)


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
