"""Step 2 of the import, per cell: one row's cells read into typed values (text, codes, dates, numbers, choices).

Each bad cell becomes one problem naming its sheet, row and column with a suggestion; the "Các bên" cell's
format (:func:`parse_parties` / :func:`format_parties`, shared with the exporter) lives here too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hoagiai_desktop.domain import values
from hoagiai_desktop.domain.enums import LabeledEnum, Result
from hoagiai_desktop.domain.ethnic import canonical_ethnicity
from hoagiai_desktop.i18n import _, format_date, format_number
from hoagiai_desktop.interchange import reading
from hoagiai_desktop.interchange.bounds import MAX_CELL_TEXT
from hoagiai_desktop.interchange.import_run import ImportRun
from hoagiai_desktop.interchange.import_sheets import Row
from hoagiai_desktop.interchange.reading import BadCell, code_key
from hoagiai_desktop.interchange.schema import RESULT_SPELLINGS, Column, Sheet, spellings
from hoagiai_desktop.text import fold, nfc


@lru_cache(maxsize=4096)
def parse_enum(enum: type[LabeledEnum], text: str) -> LabeledEnum | None:
    """``LabeledEnum.parse`` remembered: a workbook repeats the same few spellings thousands of times."""
    return enum.parse(text)


class Cells:
    """Reads the cells of one row, collecting problems; ``ok`` is False once a cell failed."""

    def __init__(self, run: ImportRun, sheet: Sheet, row: Row, epoch_1904: bool):
        self.run, self.sheet, self.row, self.epoch_1904 = run, sheet, row, epoch_1904
        self.ok = True

    def fail(self, col: Column, message: str, suggestion: str = "") -> None:
        self.ok = False
        self.run.problem(self.sheet, self.row.number, col, message, suggestion)

    def raw(self, key: str) -> Any:
        return self.row.cells.get(key)

    def has(self, key: str) -> bool:
        return key in self.row.cells

    def _col(self, key: str) -> Column:
        return self.sheet.column(key)

    def _missing(self, col: Column) -> None:
        self.fail(col, _("This cell must be filled in."), _("Fill in “{column}”.").format(column=col.header))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = reading.read_text(self.raw(key))
        if value is None and required:
            self._missing(self._col(key))
        if (
            value is not None and len(value) > MAX_CELL_TEXT
        ):  # only a script writes such a cell; export could not
            self.fail(
                self._col(key),
                _("This text has {n} characters, more than a workbook cell can hold ({limit}).").format(
                    n=format_number(len(value)), limit=format_number(MAX_CELL_TEXT)
                ),
                _("Shorten the text."),
            )
            return None
        return value

    def code(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value and (problem := values.code_problem(value)) is not None:
            self.fail(self._col(key), problem, _("Write the code with letters and digits, e.g. T01."))
            return None
        if value and key == "code":
            self.run.codes[self.sheet.name].add(code_key(value))
        return value

    def date(self, key: str, *, required: bool = False, future_ok: bool = False) -> dt.date | None:
        col = self._col(key)
        try:
            value = reading.read_date(self.raw(key), epoch_1904=self.epoch_1904)
        except BadCell as exc:
            self.fail(
                col, str(exc),
                _("Type the date as dd/mm/yyyy, for example 05/03/2025."),
            )  # fmt: skip
            return None
        if value is None:
            if required:
                self._missing(col)
            return None
        if value.year < 1900:
            self.fail(
                col,
                _("The year of {date} is too early.").format(date=format_date(value)),
                _("Check the year."),
            )
            return None
        if value > self.run.today and not future_ok:
            self.fail(
                col, _("The date {date} is in the future.").format(date=format_date(value)),
                _("Check the day, month and year; dates after today are not accepted."),
            )  # fmt: skip
            return None
        return value

    def yes_no(self, key: str) -> bool | None:
        try:
            return reading.read_yes_no(self.raw(key))
        except BadCell as exc:
            self.fail(self._col(key), str(exc),
                      _("Write Có or Không (x, 1 and 0 are also accepted)."))  # fmt: skip
            return None

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        col = self._col(key)
        try:
            value = reading.read_int(self.raw(key))
        except BadCell as exc:
            self.fail(col, str(exc), _("Write a whole number."))
            return None
        if value is not None and value < minimum:
            self.fail(
                col,
                _("{value} is too small.").format(value=value),
                _("Write a number of at least {n}.").format(n=minimum),
            )
            return None
        if value is not None and (problem := values.count_problem(value, what=col.header)) is not None:
            self.fail(col, problem, _("Write a whole number."))
            return None
        return value

    def number(self, key: str) -> float | None:
        col = self._col(key)
        try:
            value = reading.read_number(self.raw(key))
        except BadCell as exc:
            self.fail(col, str(exc), _("Write a number, e.g. 8 or 7,5."))
            return None
        if value is not None and value < 0:
            self.fail(
                col,
                _("{value} is too small.").format(value=value),
                _("Write a number of at least {n}.").format(n=0),
            )
            return None
        return value

    def enum(self, key: str, *, required: bool = False) -> Any:
        col = self._col(key)
        text = reading.read_text(self.raw(key))
        if text is None:
            if required:
                self.fail(col, _("This cell must be filled in."),
                          _("Use one of: {values}.").format(values=", ".join(spellings(col))))  # fmt: skip
            return None
        assert col.enum is not None
        member = parse_enum(col.enum, text)
        if member is None:
            self.fail(
                col, _("“{text}” is not one of the accepted values.").format(text=text),
                _("Use one of: {values}.").format(values=", ".join(spellings(col))),
            )  # fmt: skip
        return member

    def ethnicity(self, key: str) -> str | None:
        text = reading.read_text(self.raw(key))
        if text is None:
            return None
        name = canonical_ethnicity(text)
        if name is None:
            self.fail(
                self._col(key), _("“{text}” is not one of the 54 ethnic groups.").format(text=text),
                _("Write the group's name, e.g. Kinh, Tày, Thái, Mường, Khmer, Hoa, Nùng, H'Mông."),
            )  # fmt: skip
        return name

    def birth(self, key: str) -> tuple[int | None, dt.date | None]:
        """``Năm sinh``: a year (1970), or a full date of birth. A number is always a year (never a date
        serial: 75 or 9999 would otherwise become a day of 1900 or 1927)."""
        col = self._col(key)
        raw = self.raw(key)
        if reading.is_blank(raw):
            return None, None
        year: int | None = None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
                self.fail(col, _("{value} is not a year.").format(value=raw), _("Write the year, e.g. 1970."))
                return None, None
            year = int(raw)
        elif isinstance(raw, str) and raw.strip().isdigit():
            year = int(raw.strip()) if len(raw.strip()) <= 6 else 10**6
        if year is not None:
            if (problem := values.birth_year_problem(year, self.run.today)) is not None:
                self.fail(col, problem, _("Check the year."))
                return None, None
            return year, None
        born = self.date(key)
        return (born.year, born) if born is not None else (None, None)

    def result(self, key: str) -> tuple[bool, Result | None]:
        """(ok, stored result): Thành / Không thành; blank, Đang / Chưa giải quyết → open (None)."""
        text = reading.read_text(self.raw(key))
        if text is None:
            return True, None
        folded = fold(text)
        if folded in ("dang giai quyet", "chua giai quyet", "dang", "chua", "dang hoa giai", "chua hoa giai"):
            return True, None
        parsed = Result.parse(text)
        if parsed is None:
            self.fail(
                self._col(key), _("“{text}” is not one of the accepted values.").format(text=text),
                _("Use one of: {values}.").format(values=", ".join(RESULT_SPELLINGS)),
            )  # fmt: skip
            return False, None
        return True, parsed

    def code_list(self, key: str) -> list[str]:
        text = reading.read_text(self.raw(key))
        if not text:
            return []
        return [c for c in (nfc(p) for p in text.replace(",", ";").replace("\n", ";").split(";")) if c]


@dataclass(frozen=True)
class PartyRec:
    name: str
    birth_year: int | None
    address: str | None


def parse_parties(text: str | None) -> list[PartyRec]:
    """ "Họ tên, năm sinh, địa chỉ" per party, parties separated by ";"; the birth year and address may be left out."""
    parties: list[PartyRec] = []
    for chunk in (text or "").replace("\n", ";").split(";"):
        parts = [nfc(p) for p in chunk.split(",")]
        parts = [p for p in parts if p]
        if not parts:
            continue
        name, rest = parts[0], parts[1:]
        year: int | None = None
        if rest:
            candidate = (
                fold(rest[0]).replace("nam sinh", "").replace("sinh nam", "").replace("sn", "").strip(" :.")
            )
            if candidate.isdigit() and len(candidate) == 4:
                year = int(candidate)
                rest = rest[1:]
        parties.append(PartyRec(name, year, ", ".join(rest) or None))
    return parties


def format_parties(parties: Iterable[Any]) -> str:
    """The "Các bên" cell of the parties of a case (inverse of :func:`parse_parties`)."""
    chunks = []
    for p in parties:
        bits = [nfc(p.name).replace(";", ",").replace(",", " ")]
        if p.birth_year:
            bits.append(str(p.birth_year))
        if p.address:
            bits.append(nfc(p.address).replace(";", ","))
        chunks.append(", ".join(bits))
    return "; ".join(chunks)


# Records: ``fields`` holds model attributes for the columns present in the workbook.
