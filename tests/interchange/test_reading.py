"""The tolerant cell readers: dates, yes/no and numbers the way officers type them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.interchange.reading import (
    BadCell,
    code_key,
    read_date,
    read_int,
    read_number,
    read_text,
    read_yes_no,
)

MARCH_5 = dt.date(2025, 3, 5)


@pytest.mark.parametrize("cell", [
    "05/03/2025", "5/3/2025", "5/3/25", "05-03-2025", "05.03.2025", " 05 / 03 / 2025 ", "2025-03-05",
    "2025-03-05 00:00:00", "2025-03-05T08:30", "05/03/2025 08:30", "ngày 05 tháng 03 năm 2025", "5 tháng 3 năm 2025",
    45721, 45721.0, dt.datetime(2025, 3, 5, 0, 0), MARCH_5,
])  # fmt: skip
def test_date_spellings(cell: Any) -> None:
    assert read_date(cell) == MARCH_5


def test_two_digit_years_and_the_1904_system() -> None:
    assert read_date("1/2/70") == dt.date(1970, 2, 1)
    assert read_date("1/2/05") == dt.date(2005, 2, 1)
    assert read_date(44259, epoch_1904=True) == MARCH_5  # Mac workbooks count days from 1904


@pytest.mark.parametrize("cell", ["32/01/2025", "29/02/2025", "2025-13-01", "hôm qua", "05/2025", True, -3])
def test_bad_dates(cell: Any) -> None:
    with pytest.raises(BadCell):
        read_date(cell)


@pytest.mark.parametrize("cell", [None, "", "   ", "-", "–"])
def test_blank_cells(cell: Any) -> None:
    assert (
        read_date(cell) is None
        and read_yes_no(cell) is None
        and read_text(cell) is None
        and read_int(cell) is None
    )


@pytest.mark.parametrize(("cell", "value"), [
    ("Có", True), ("có", True), ("CO", True), ("x", True), ("X", True), ("1", True), (1, True), (1.0, True),
    (True, True), ("yes", True), ("Không", False), ("khong", False), ("KHÔNG", False), ("0", False), (0, False),
    (False, False), ("no", False),
])  # fmt: skip
def test_yes_no_spellings(cell: Any, value: bool) -> None:
    assert read_yes_no(cell) is value


@pytest.mark.parametrize("cell", ["có lẽ", "2", 5])
def test_bad_yes_no(cell: Any) -> None:
    with pytest.raises(BadCell):
        read_yes_no(cell)


def test_numbers_and_text() -> None:
    assert read_int("1.250") == 1250 and read_int(12.0) == 12 and read_number("7,5") == 7.5
    with pytest.raises(BadCell):
        read_int(2.5)
    assert read_text(912345678) == "912345678" and read_text(12.0) == "12"
    assert read_text("  Nguyễn   Văn  An ") == "Nguyễn Văn An"
    assert read_text(dt.datetime(2025, 3, 5)) == "05/03/2025"
    assert code_key(" THG 01 ") == code_key("thg01")
