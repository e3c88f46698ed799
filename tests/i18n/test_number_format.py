"""The window writes numbers without Babel (its locale data took half a second to load on the GUI thread): the
result must be Babel's, in both languages, for whole numbers, fractions, negatives and percentages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from babel import Locale
from babel import numbers as babel_numbers

from hoagiai_desktop import i18n

VALUES = [0, 1, 7, 999, 1000, 1234, 62056, 1234567, -5, -1234.5, 0.5, 2.5, 3.14159, 1234.5678, 0.0005, 0.0015,
          85.25, 99.95, 100.0, 0.1 + 0.2, 1e7, -0.0004]  # fmt: skip


@pytest.fixture(params=["vi", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    before = i18n.language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(before)


def test_numbers_are_written_as_babel_writes_them(language: str) -> None:
    locale = Locale.parse("vi" if language == "vi" else "en_GB")
    for value in VALUES:
        assert i18n.format_number(value) == babel_numbers.format_decimal(value, locale=locale), value


def test_percentages_are_written_as_babel_writes_them(language: str) -> None:
    locale = Locale.parse("vi" if language == "vi" else "en_GB")
    for value in VALUES:
        for digits in (0, 1, 2):
            text = babel_numbers.format_decimal(
                round(value, digits), format="#,##0." + "0" * digits, locale=locale
            )
            expected = f"{text} %" if language == "vi" else f"{text}%"
            assert i18n.format_percent(value, digits) == expected, (value, digits)
