"""Locale formatting of i18n.py: dates, administrative date lines, numbers and percentages in vi and en."""

from __future__ import annotations

import datetime as dt

import pytest

from hoagiai_desktop import i18n


@pytest.fixture(params=["vi", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return i18n.set_language(request.param)


def test_short_date_is_day_month_year_in_both_languages(lang: str) -> None:
    assert i18n.format_date(dt.date(2026, 3, 5)) == "05/03/2026"
    assert i18n.format_date(dt.date(2026, 12, 31)) == "31/12/2026"
    assert i18n.format_date(None) == ""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),  # day < 10 padded, month >= 3 not
        (dt.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),  # months 1 and 2 padded (NĐ 30/2020)
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 11, 22), "ngày 22 tháng 11 năm 2026"),
        (dt.date(2024, 10, 10), "ngày 10 tháng 10 năm 2024"),
    ],
)
def test_administrative_date(day: dt.date, expected: str) -> None:
    assert i18n.administrative_date(day) == expected


def test_administrative_date_with_place_and_independent_of_ui_language() -> None:
    i18n.set_language("en")
    assert (
        i18n.administrative_date(dt.date(2026, 3, 5), "Phường Việt Hòa")
        == "Phường Việt Hòa, ngày 05 tháng 3 năm 2026"
    )


def test_long_date() -> None:
    i18n.set_language("vi")
    assert i18n.format_long_date(dt.date(2026, 3, 5)) == "5 tháng 3, 2026"
    i18n.set_language("en")
    assert i18n.format_long_date(dt.date(2026, 3, 5)) == "5 March 2026"


def test_numbers_group_digits_the_local_way() -> None:
    i18n.set_language("vi")
    assert i18n.format_number(1234567) == "1.234.567"
    assert i18n.format_number(1234.5) == "1.234,5"
    i18n.set_language("en")
    assert i18n.format_number(1234567) == "1,234,567"
    assert i18n.format_number(1234.5) == "1,234.5"


def test_percent_vietnamese_uses_decimal_comma_and_a_space() -> None:
    i18n.set_language("vi")
    assert i18n.format_percent(85.34) == "85,3 %"
    assert i18n.format_percent(85.36) == "85,4 %"
    assert i18n.format_percent(0) == "0,0 %"
    assert i18n.format_percent(100) == "100,0 %"
    assert i18n.format_percent(66.666, digits=2) == "66,67 %"
    assert i18n.format_percent(None) == "—"


def test_percent_english() -> None:
    i18n.set_language("en")
    assert i18n.format_percent(85.34) == "85.3%"
    assert i18n.format_percent(1234.5) == "1,234.5%"
    assert i18n.format_percent(None) == "—"


def test_unknown_language_falls_back_to_vietnamese() -> None:
    assert i18n.set_language("fr") == "vi"
    assert i18n.set_language("en_GB") == "en"
    assert i18n.set_language(None) == "vi"
