"""Importing the standard workbook (DOMAIN §6): tolerant reading, full validation, then one all-or-nothing write.

The import runs in four steps:

1. read every sheet (``reading``), convert TCVN3 / VNI text to Unicode (``legacy``), find each sheet's header row
   (the row among the first 15 that matches most headers — title rows above it are skipped);
2. read every cell into typed records, reporting each problem as (sheet, row, column, message, suggestion);
3. resolve codes against the workbook and the database, check the BLOCK rules, and plan, per row, whether it
   adds, updates or leaves a record unchanged (codes are the keys, so a second import changes nothing);
4. unless there is an error or it is a dry run: back up, then write everything in ONE transaction with bulk
   statements, rebuild the search index and add one summary audit entry.

Nothing is ever deleted except the parties / assignments of a case whose "Các bên" / "Mã HGV" cell now says
otherwise. Columns a workbook leaves out are left alone in the database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules, values
from hoagiai_desktop.domain.enums import (
    AuditAction,
    CaseBasis,
    CaseEndReason,
    LabeledEnum,
    LegalQualification,
    OrganiserLevel,
    Result,
    Role,
    VillageKind,
)
from hoagiai_desktop.domain.ethnic import KINH, canonical_ethnicity
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_date, format_number
from hoagiai_desktop.interchange import legacy, reading, unit_sheet
from hoagiai_desktop.interchange.bounds import MAX_CELL_TEXT
from hoagiai_desktop.interchange.reading import BadCell, SheetData, code_key
from hoagiai_desktop.interchange.schema import (
    DIEM_DANH,
    DON_VI,
    HELPER_SHEETS,
    HOA_GIAI_VIEN,
    RESULT_SPELLINGS,
    SHEETS,
    TAP_HUAN,
    THON_TO,
    TO_HOA_GIAI,
    VU_VIEC,
    Column,
    Sheet,
    header_key,
    header_table,
    sheet_by_key,
    spellings,
)
from hoagiai_desktop.storage import derived
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import fold, nfc

HEADER_SCAN_ROWS = 15
ERROR = "error"
WARNING = "warning"

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class Problem:
    """One problem of the workbook; ``row`` is the Excel row number (1-based), ``column`` the header text."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    suggestion: str = ""
    severity: str = ERROR

    def location(self) -> str:
        parts = [self.sheet]
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column:
            parts.append(_("column “{column}”").format(column=self.column))
        return ", ".join(parts)


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass
class ImportReport:
    path: Path
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    converted_cells: int = 0
    conversion_example: tuple[str, str] | None = None  # (as found, converted)
    conversion_encodings: dict[str, int] = field(default_factory=dict)
    normalised_cells: int = 0  # decomposed Unicode recomposed (NFC)
    unknown_sheets: list[str] = field(default_factory=list)
    written: bool = False  # False after a dry run, on errors, and when the database already held everything
    backup_path: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportCancelled(UserError):
    """The person cancelled the import; nothing was written."""

    exit_code = 130


# ---- step 1: sheets, headers and legacy text ----------------------------------------------------------------------


@dataclass
class Row:
    number: int  # Excel row number
    cells: dict[str, Any]  # column key → raw value (only columns present)


@dataclass
class ParsedSheet:
    sheet: Sheet
    present: set[str]  # column keys found in the header
    rows: list[Row]
    header_row: int


class _Run:
    """State of one import run."""

    def __init__(
        self, report: ImportReport, today: dt.date, progress: ProgressFn | None, cancel: CancelFn | None
    ):
        self.report = report
        self.today = today
        self._progress = progress
        self._cancel = cancel
        self.done = 0
        self.total = 0
        self._reported = 0
        # Codes of every row, also of rows with errors, so a bad cell does not make references to it "unknown".
        self.codes: dict[str, set[str]] = defaultdict(set)
        self.pairs: set[tuple[str, str]] = set()

    def problem(
        self, sheet: Sheet | str, row: int | None, column: Column | str | None, message: str,
        suggestion: str = "", severity: str = ERROR,
    ) -> None:  # fmt: skip
        name = sheet.name if isinstance(sheet, Sheet) else sheet
        col = column.header if isinstance(column, Column) else column
        self.report.problems.append(Problem(name, row, col, message, suggestion, severity))

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.done - self._reported >= 500 or self.done >= self.total:
            self._reported = self.done
            if self._progress is not None:
                self._progress(min(self.done, self.total), self.total)
            self.check_cancel()

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ImportCancelled(_("The import was cancelled; nothing was changed."))


def _convert_cells(run: _Run, rows: list[list[Any]]) -> None:
    """Convert legacy-font text per cell; then, per column, the cells that read as valid text either way.

    A column whose other cells were typed in TCVN3 (or VNI) and which holds no real Unicode letter (ă ơ ư đ ễ …)
    was typed entirely in that font, so its ambiguous cells ("Sè hé" = "Số hộ") are converted too.
    """
    report = run.report

    def count(encoding: str, before: str, after: str) -> None:
        report.converted_cells += 1
        report.conversion_encodings[encoding] = report.conversion_encodings.get(encoding, 0) + 1
        if report.conversion_example is None:
            report.conversion_example = (before.strip(), nfc(after))

    confident: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unicode_typed: set[int] = set()
    ambiguous: dict[int, list[tuple[list[Any], str]]] = defaultdict(list)
    for row in rows:
        for i, value in enumerate(row):
            if not isinstance(value, str) or value.isascii():
                continue
            conv = legacy.convert(value)
            if conv.encoding is not None:
                count(conv.encoding, value, conv.text)
                confident[i][conv.encoding] += 1
            else:
                if conv.text != value:
                    report.normalised_cells += 1
                if legacy.beyond_latin1(value):
                    unicode_typed.add(i)
                else:
                    ambiguous[i].append((row, conv.text))
            row[i] = conv.text
    for i, cells in ambiguous.items():
        if i in unicode_typed or not confident.get(i):
            continue
        encoding, hits = max(confident[i].items(), key=lambda kv: kv[1])
        if hits < 2 and len(cells) > hits:
            continue
        for row, text in cells:
            converted = legacy.forced(text, encoding)
            if converted is not None:
                count(encoding, text, converted)
                row[i] = converted


def _header_keys(value: Any) -> list[str]:
    """Keys to try for a header cell: as typed, and read as TCVN3 / VNI (a header such as "Sè hé")."""
    keys = [header_key(value)]
    if isinstance(value, str) and not value.isascii():
        keys += [header_key(legacy.from_tcvn3(value)), header_key(legacy.from_vni(value))]
    return keys


def _header_column(table: dict[str, Column], value: Any) -> Column | None:
    return next((table[k] for k in _header_keys(value) if k in table), None)


def _locate(run: _Run, sheet: Sheet, data: SheetData) -> ParsedSheet | None:
    table = header_table(sheet)
    best_row, best_hits = -1, 0
    for r, row in enumerate(data.rows[:HEADER_SCAN_ROWS]):
        hits = len(
            {col.key for col in (_header_column(table, v) for v in row if not reading.is_blank(v)) if col}
        )
        if hits > best_hits:
            best_row, best_hits = r, hits
    if best_hits == 0:
        run.problem(
            sheet, None, None,
            _("No header row was found in the first {n} rows of the sheet.").format(n=HEADER_SCAN_ROWS),
            _("Put the column names of the template ({first}, …) in one row above the data.").format(
                first=sheet.columns[0].header
            ),
        )  # fmt: skip
        return None
    header = data.rows[best_row]
    positions: dict[str, int] = {}
    for i, value in enumerate(header):
        col = _header_column(table, value) if not reading.is_blank(value) else None
        if col is None:
            continue
        if col.key in positions:
            run.problem(
                sheet, best_row + 1, str(value),
                _("The column “{column}” appears twice; only the first one is read.").format(column=col.header),
                _("Delete or rename the second column."), WARNING,
            )  # fmt: skip
            continue
        positions[col.key] = i
    ok = True
    for col in sheet.columns:
        if col.required and col.key not in positions:
            ok = False
            run.problem(
                sheet, best_row + 1, col.header, _("The column “{column}” is missing.").format(column=col.header),
                _("Add a column named “{column}” to the header row (see the template).").format(column=col.header),
            )  # fmt: skip
    if not ok:
        return None
    _convert_cells(run, data.rows[best_row + 1 :])  # the data only: a Unicode header says nothing of the data
    rows: list[Row] = []
    for r in range(best_row + 1, len(data.rows)):
        raw = data.rows[r]
        cells = {key: (raw[i] if i < len(raw) else None) for key, i in positions.items()}
        if all(reading.is_blank(v) for v in cells.values()):
            continue
        rows.append(Row(r + 1, cells))
    return ParsedSheet(sheet, set(positions), rows, best_row + 1)


# ---- step 2: typed cells ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _parse_enum(enum: type[LabeledEnum], text: str) -> LabeledEnum | None:
    """``LabeledEnum.parse`` remembered: a workbook repeats the same few spellings thousands of times."""
    return enum.parse(text)


class _Cells:
    """Reads the cells of one row, collecting problems; ``ok`` is False once a cell failed."""

    def __init__(self, run: _Run, sheet: Sheet, row: Row, epoch_1904: bool):
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
        member = _parse_enum(col.enum, text)
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


@dataclass
class Rec:
    row: int
    code: str
    fields: dict[str, Any]
    refs: dict[str, Any] = field(default_factory=dict)


def _read_villages(run: _Run, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = _Cells(run, ps.sheet, row, epoch)
        code, name = c.code("code", required=True), c.text("name", required=True)
        f: dict[str, Any] = {"name": name}
        if c.has("kind"):
            f["kind"] = c.enum("kind") or VillageKind.THON
        if c.has("ethnic_area"):
            f["ethnic_area"] = bool(c.yes_no("ethnic_area"))
        if c.has("households"):
            f["households"] = c.integer("households")
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f))
    return recs


def _read_teams(run: _Run, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = _Cells(run, ps.sheet, row, epoch)
        code, name, village = (
            c.code("code", required=True),
            c.text("name", required=True),
            c.code("village", required=True),
        )
        f: dict[str, Any] = {"name": name}
        for key in ("decision_no", "notes", "legal_support_name"):
            if c.has(key):
                f[key] = c.text(key)
        if c.has("decision_date"):
            f["decision_date"] = c.date("decision_date")
        if c.has("dissolved_on"):
            f["dissolved_on"] = c.date("dissolved_on")
        if c.has("legal_support"):
            flag = c.yes_no("legal_support")
            f["legal_support"] = bool(flag) if flag is not None else bool(f.get("legal_support_name"))
        elif f.get("legal_support_name"):
            f["legal_support"] = True
        if f.get("decision_date") and f.get("dissolved_on") and f["dissolved_on"] < f["decision_date"]:
            c.fail(TO_HOA_GIAI.column("dissolved_on"), _("{end} is earlier than {start}.").format(
                end=format_date(f["dissolved_on"]), start=format_date(f["decision_date"])), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f, {"village": village}))
    return recs


_PERSON_FIELDS = ("full_name", "birth_year", "birth_date", "sex", "ethnicity", "address", "phone",
                  "legal_qualification", "background")  # fmt: skip


def _read_mediators(run: _Run, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = _Cells(run, ps.sheet, row, epoch)
        code = c.code("code", required=True)
        person: dict[str, Any] = {
            "full_name": c.text("full_name", required=True),
            "sex": c.enum("sex", required=True),
        }
        if c.has("birth"):
            person["birth_year"], person["birth_date"] = c.birth("birth")
        if c.has("ethnicity"):
            person["ethnicity"] = c.ethnicity("ethnicity") or KINH
        for key in ("address", "phone"):
            if c.has(key):
                person[key] = c.text(key)
        if c.has("legal_qualification"):
            person["legal_qualification"] = c.enum("legal_qualification") or LegalQualification.KHONG
        if c.has("background"):
            person["background"] = c.enum("background")
        team = c.code("team") if c.has("team") else None
        if code and team:
            run.pairs.add((code_key(code), code_key(team)))
        membership: dict[str, Any] | None = None
        if team:
            membership = {}
            if c.has("role"):
                membership["role"] = c.enum("role") or Role.HOA_GIAI_VIEN
            if c.has("recognition_no"):
                membership["recognition_no"] = c.text("recognition_no")
            recognised = c.date("recognition_date") if c.has("recognition_date") else None
            start = c.date("start_date") if c.has("start_date") else None
            if c.has("recognition_date"):
                membership["recognition_date"] = recognised
            membership["start_date"] = start or recognised
            if membership["start_date"] is None and c.ok:
                c.fail(
                    HOA_GIAI_VIEN.column("recognition_date"), _("A member of a team needs the date of recognition."),
                    _("Fill in “{column}” (the date of the recognition decision).").format(column="Ngày công nhận"),
                )  # fmt: skip
            end = c.date("end_date") if c.has("end_date") else None
            reason = c.enum("end_reason") if c.has("end_reason") else None
            if c.has("end_date"):
                membership["end_date"] = end
            if c.has("end_reason"):
                membership["end_reason"] = reason
            if reason is not None and end is None and c.ok:
                c.fail(HOA_GIAI_VIEN.column("end_date"), _("A reason for leaving is given but not the date."),
                       _("Fill in “{column}” or clear “{other}”.").format(column="Ngày thôi", other="Lý do thôi"))  # fmt: skip
            if end is not None and membership["start_date"] is not None and end < membership["start_date"]:
                c.fail(HOA_GIAI_VIEN.column("end_date"), _("{end} is earlier than {start}.").format(
                    end=format_date(end), start=format_date(membership["start_date"])), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, person, {"team": team, "membership": membership,
                                                       "start_given": c.has("start_date"),
                                                       "start_value": start if team else None}))  # fmt: skip
    return recs


def _read_cases(run: _Run, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = _Cells(run, ps.sheet, row, epoch)
        code, team = c.code("code", required=True), c.code("team", required=True)
        received = c.date("received_on", required=True)
        f: dict[str, Any] = {"received_on": received, "category": c.enum("category", required=True)}
        if c.has("basis"):
            f["basis"] = c.enum("basis") or CaseBasis.CAC_BEN_YEU_CAU
        if c.has("summary"):
            f["summary"] = c.text("summary") or ""
        for key in ("agreement", "notes"):
            if c.has(key):
                f[key] = c.text(key)
        refs: dict[str, Any] = {"team": team}
        if c.has("parties"):
            refs["parties"] = parse_parties(c.text("parties"))
        if c.has("mediators"):
            refs["mediators"] = c.code_list("mediators")
        if c.has("overrides"):
            refs["overrides"] = c.code_list("overrides")
        refs["assigned_on"] = c.date("assigned_on") if c.has("assigned_on") else None
        refs["first_session"] = c.date("first_session") if c.has("first_session") else None
        ended = c.date("ended_on") if c.has("ended_on") else None
        result_ok, result = c.result("result") if c.has("result") else (True, None)
        if c.has("result") or c.has("ended_on"):
            f["result"], f["ended_on"] = result, ended
            if result is not None or ended is not None:
                if result is None and result_ok:
                    c.fail(VU_VIEC.column("result"), _("The case has an end date but no result."),
                           _("Write Thành or Không thành in “{column}”, or clear “{other}”.").format(
                               column="Kết quả", other="Ngày kết thúc"))  # fmt: skip
                reason = CaseEndReason.THANH if result is Result.THANH else CaseEndReason.KHONG_THANH
                if received is not None and result is not None:
                    for finding in rules.outcome_findings(
                        result=result, ended_on=ended, end_reason=reason,
                        agreement=f.get("agreement"), received_on=received, ref=code,
                    ):  # fmt: skip
                        if finding.is_block:
                            column = {"ended_on": "ended_on", "agreement": "agreement"}.get(
                                finding.field or "", "result"
                            )
                            c.fail(VU_VIEC.column(column), finding.message, _suggest_outcome(column))
        if c.has("result") and result is None and fold(reading.read_text(c.raw("result")) or "").startswith("dang") \
                and not refs.get("mediators") and refs["first_session"] is None and refs["assigned_on"] is None:  # fmt: skip
            run.problem(
                VU_VIEC, row.number, VU_VIEC.column("result"),
                _("“Đang giải quyết” is worked out from the dates, and this case has no mediator or session yet: "
                  "it will show as not started."),
                _("Fill in “{column}” and “{other}”, or the date of the first session.").format(
                    column="Mã HGV", other="Ngày phân công"),
                WARNING,
            )  # fmt: skip
        for key in ("assigned_on", "first_session"):
            when = refs[key]
            if when is not None and received is not None and when < received:
                c.fail(VU_VIEC.column(key), _("{end} is earlier than {start}.").format(
                    end=format_date(when), start=format_date(received)), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f, refs))
    return recs


def _suggest_outcome(column: str) -> str:
    if column == "agreement":
        return _("Write what the parties agreed in the column “{column}”.").format(column="Thỏa thuận")
    if column == "ended_on":
        return _("Fill in “{column}” with a date on or after the date received.").format(
            column="Ngày kết thúc"
        )
    return _("Use one of: {values}.").format(values=", ".join(RESULT_SPELLINGS))


def _read_events(run: _Run, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = _Cells(run, ps.sheet, row, epoch)
        code, title = c.code("code", required=True), c.text("title", required=True)
        start = c.date("start_on", required=True)
        end = c.date("end_on") if c.has("end_on") else None
        f: dict[str, Any] = {
            "title": title,
            "kind": c.enum("kind", required=True),
            "start_on": start,
            "end_on": end or start,
        }
        if c.has("organiser_level"):
            f["organiser_level"] = c.enum("organiser_level") or OrganiserLevel.XA
        if c.has("hours"):
            f["hours"] = c.number("hours")
            days = (
                ((end or start) - start).days + 1 if start is not None and (end or start) >= start else None
            )
            if (problem := values.hours_problem(f["hours"], days)) is not None:
                c.fail(
                    TAP_HUAN.column("hours"), problem, _("Write the hours of the whole event, e.g. 8 or 7,5.")
                )
        if c.has("venue"):
            f["venue"] = c.text("venue")
        if start is not None and end is not None and end < start:
            c.fail(TAP_HUAN.column("end_on"), _("{end} is earlier than {start}.").format(
                end=format_date(end), start=format_date(start)), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f))
    return recs


def _read_attendance(run: _Run, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = _Cells(run, ps.sheet, row, epoch)
        event, mediator = c.code("event", required=True), c.code("mediator", required=True)
        present = c.yes_no("present") if c.has("present") else None
        run.tick()
        if c.ok and event and mediator:
            recs.append(
                Rec(
                    row.number,
                    event,
                    {"present": True if present is None else present},
                    {"mediator": mediator},
                )
            )
    return recs


# ---- step 3: the database as it is, and the plan ----------------------------------------------------------------


@dataclass
class _Existing:
    villages: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    teams: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    mediators: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    memberships: dict[int, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # by mediator id
    cases: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    parties: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    assignments: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    sessions: dict[int, list[tuple[int, dt.date]]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    attendance: dict[tuple[int, int], tuple[int, bool]] = field(default_factory=dict)
    team_code_by_id: dict[int, str] = field(default_factory=dict)
    mediator_code_by_id: dict[int, str] = field(default_factory=dict)


_VILLAGE_COLS = ("name", "kind", "ethnic_area", "households")
_TEAM_COLS = ("name", "village_id", "decision_no", "decision_date", "legal_support", "legal_support_name", "notes",
              "dissolved_on")  # fmt: skip
_MEMBERSHIP_COLS = (
    "id",
    "team_id",
    "role",
    "recognition_no",
    "recognition_date",
    "start_date",
    "end_date",
    "end_reason",
)
_CASE_COLS = ("team_id", "received_on", "basis", "category", "summary", "result", "ended_on", "end_reason",
              "agreement", "notes")  # fmt: skip
_EVENT_COLS = ("title", "kind", "organiser_level", "start_on", "end_on", "hours", "venue")


def _load(session: Session) -> _Existing:
    ex = _Existing()

    def by_code(model: Any, cols: Iterable[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        names = list(cols)
        stmt = select(model.id, model.code, *(getattr(model, c) for c in names))
        return {code_key(r[1]): (r[0], dict(zip(names, r[2:], strict=True))) for r in session.execute(stmt)}

    ex.villages = by_code(m.Village, _VILLAGE_COLS)
    ex.teams = by_code(m.Team, _TEAM_COLS)
    ex.mediators = by_code(m.Mediator, _PERSON_FIELDS)
    ex.cases = by_code(m.Case, _CASE_COLS)
    ex.events = by_code(m.TrainingEvent, _EVENT_COLS)
    ex.team_code_by_id = {i: k for k, (i, _f) in ex.teams.items()}
    ex.mediator_code_by_id = {i: k for k, (i, _f) in ex.mediators.items()}
    ms = select(m.Membership.mediator_id, *(getattr(m.Membership, c) for c in _MEMBERSHIP_COLS))
    for r in session.execute(ms):
        ex.memberships[r[0]].append(dict(zip(_MEMBERSHIP_COLS, r[1:], strict=True)))
    for r in session.execute(
        select(m.Party.id, m.Party.case_id, m.Party.name, m.Party.birth_year, m.Party.address).order_by(
            m.Party.id
        )
    ):
        ex.parties[r[1]].append({"id": r[0], "name": r[2], "birth_year": r[3], "address": r[4]})
    for r in session.execute(
        select(m.Assignment.id, m.Assignment.case_id, m.Assignment.mediator_id, m.Assignment.assigned_on,
               m.Assignment.recusal_override).order_by(m.Assignment.id)
    ):  # fmt: skip
        ex.assignments[r[1]].append({"id": r[0], "mediator_id": r[2], "assigned_on": r[3], "override": r[4]})
    for r in session.execute(
        select(m.MediationSession.id, m.MediationSession.case_id, m.MediationSession.held_on)
    ):
        ex.sessions[r[1]].append((r[0], r[2]))
    for r in session.execute(
        select(m.Attendance.id, m.Attendance.event_id, m.Attendance.mediator_id, m.Attendance.present)
    ):
        ex.attendance[(r[1], r[2])] = (r[0], r[3])
    return ex


@dataclass
class _Plan:
    """What the write step does; codes stand in for ids of rows inserted by the same import."""

    villages_new: list[dict[str, Any]] = field(default_factory=list)
    villages_upd: list[dict[str, Any]] = field(default_factory=list)
    teams_new: list[dict[str, Any]] = field(default_factory=list)  # with "_village" code
    teams_upd: list[dict[str, Any]] = field(default_factory=list)
    mediators_new: list[dict[str, Any]] = field(default_factory=list)
    mediators_upd: list[dict[str, Any]] = field(default_factory=list)
    memberships_new: list[dict[str, Any]] = field(default_factory=list)  # "_mediator", "_team" codes
    memberships_upd: list[dict[str, Any]] = field(default_factory=list)
    cases_new: list[dict[str, Any]] = field(default_factory=list)
    cases_upd: list[dict[str, Any]] = field(default_factory=list)
    parties_new: list[dict[str, Any]] = field(default_factory=list)  # "_case" code
    parties_upd: list[dict[str, Any]] = field(default_factory=list)
    parties_del: list[int] = field(default_factory=list)
    assignments_new: list[dict[str, Any]] = field(default_factory=list)  # "_case", "_mediator" codes
    assignments_upd: list[dict[str, Any]] = field(default_factory=list)
    assignments_del: list[int] = field(default_factory=list)
    sessions_new: list[dict[str, Any]] = field(default_factory=list)  # "_case" code
    sessions_upd: list[dict[str, Any]] = field(default_factory=list)
    events_new: list[dict[str, Any]] = field(default_factory=list)
    events_upd: list[dict[str, Any]] = field(default_factory=list)
    attendance_new: list[dict[str, Any]] = field(default_factory=list)  # "_event", "_mediator" codes
    attendance_upd: list[dict[str, Any]] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(v) for v in vars(self).values())


def _changes(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in new.items() if old.get(k) != v}


def _dedupe(run: _Run, sheet: Sheet, recs: list[Rec], column: Column) -> list[Rec]:
    seen: dict[str, int] = {}
    kept = []
    for rec in recs:
        key = code_key(rec.code)
        if key in seen:
            run.problem(
                sheet, rec.row, column, _("The code {code} already appears in row {row}.").format(code=rec.code, row=seen[key]),
                _("Each code must be unique in the sheet; give this row another code or delete one of the two rows."),
            )  # fmt: skip
            continue
        seen[key] = rec.row
        kept.append(rec)
    return kept


def _unknown(run: _Run, sheet: Sheet, row: int, column: Column, code: str, target: Sheet) -> None:
    run.problem(
        sheet, row, column,
        _("The code {code} is neither in sheet {sheet} nor in the database.").format(code=code, sheet=target.name),
        _("Add it to sheet {sheet} or correct the code.").format(sheet=target.name),
    )  # fmt: skip


def _plan(run: _Run, ex: _Existing, recs: dict[str, list[Rec]]) -> _Plan:
    plan = _Plan()
    counts = run.report.counts

    # Villages
    villages = _dedupe(run, THON_TO, recs[THON_TO.name], THON_TO.column("code"))
    village_codes = run.codes[THON_TO.name] | set(ex.villages)
    for rec in villages:
        key = code_key(rec.code)
        _settle(counts[THON_TO.name], plan.villages_new, plan.villages_upd, ex.villages.get(key),
                {"code": rec.code, **rec.fields}, rec.fields)  # fmt: skip

    # Teams
    teams = _dedupe(run, TO_HOA_GIAI, recs[TO_HOA_GIAI.name], TO_HOA_GIAI.column("code"))
    team_codes = run.codes[TO_HOA_GIAI.name] | set(ex.teams)
    for rec in teams:
        village = rec.refs["village"]
        if code_key(village) not in village_codes:
            _unknown(run, TO_HOA_GIAI, rec.row, TO_HOA_GIAI.column("village"), village, THON_TO)
            continue
        existing = ex.teams.get(code_key(rec.code))
        fields = dict(rec.fields)
        vkey = code_key(village)
        if vkey in ex.villages:
            fields["village_id"] = ex.villages[vkey][0]
            _settle(counts[TO_HOA_GIAI.name], plan.teams_new, plan.teams_upd, existing,
                    {"code": rec.code, **fields}, fields)  # fmt: skip
        else:  # village inserted by this import
            if existing is None:
                counts[TO_HOA_GIAI.name].added += 1
                plan.teams_new.append({"code": rec.code, **fields, "_village": vkey})
            else:
                counts[TO_HOA_GIAI.name].updated += 1
                plan.teams_upd.append({"id": existing[0], **fields, "_village": vkey})

    # Mediators and memberships
    sheet = HOA_GIAI_VIEN
    rows_by_code: dict[str, list[Rec]] = defaultdict(list)
    for rec in recs[sheet.name]:
        rows_by_code[code_key(rec.code)].append(rec)
    person_of: dict[str, dict[str, Any]] = {}
    member_pairs = set(run.pairs)  # (mediator key, team key) from the workbook and the database
    for mid, memberships in ex.memberships.items():
        for ms in memberships:
            member_pairs.add((ex.mediator_code_by_id.get(mid, ""), ex.team_code_by_id.get(ms["team_id"], "")))
    for key, rows in rows_by_code.items():
        merged: dict[str, Any] = {}
        for rec in rows:
            for name, value in rec.fields.items():
                if value is None:
                    merged.setdefault(name, None)
                elif merged.get(name) is None:
                    merged[name] = value
                elif merged[name] != value:
                    header = sheet.column(
                        {"birth_year": "birth", "birth_date": "birth"}.get(name, name)
                    ).header
                    run.problem(
                        sheet, rec.row, header,
                        _("Mediator {code} has a different “{column}” in row {row}.").format(
                            code=rec.code, column=header, row=rows[0].row),
                        _("Rows with the same Mã HGV describe the same person; make the personal details identical."),
                    )  # fmt: skip
        person_of[key] = merged
        for rec in rows:
            team = rec.refs["team"]
            if team:
                if code_key(team) not in team_codes:
                    _unknown(run, sheet, rec.row, sheet.column("team"), team, TO_HOA_GIAI)
                member_pairs.add((key, code_key(team)))
    _plan_mediators(run, ex, plan, rows_by_code, person_of)

    # Cases
    cases = _dedupe(run, VU_VIEC, recs[VU_VIEC.name], VU_VIEC.column("code"))
    mediator_codes = run.codes[HOA_GIAI_VIEN.name] | set(ex.mediators)
    people = dict(person_of)
    for key, (_id, fields) in ex.mediators.items():
        people.setdefault(key, fields)
    for rec in cases:
        _plan_case(run, ex, plan, rec, team_codes, mediator_codes, member_pairs, people)

    # Training events and attendance
    events = _dedupe(run, TAP_HUAN, recs[TAP_HUAN.name], TAP_HUAN.column("code"))
    event_codes = run.codes[TAP_HUAN.name] | set(ex.events)
    for rec in events:
        _settle(counts[TAP_HUAN.name], plan.events_new, plan.events_upd, ex.events.get(code_key(rec.code)),
                {"code": rec.code, **rec.fields}, rec.fields)  # fmt: skip
    seen: dict[tuple[str, str], int] = {}
    for rec in recs[DIEM_DANH.name]:
        ekey, mkey = code_key(rec.code), code_key(rec.refs["mediator"])
        ok = True
        if ekey not in event_codes:
            _unknown(run, DIEM_DANH, rec.row, DIEM_DANH.column("event"), rec.code, TAP_HUAN)
            ok = False
        if mkey not in mediator_codes:
            _unknown(
                run, DIEM_DANH, rec.row, DIEM_DANH.column("mediator"), rec.refs["mediator"], HOA_GIAI_VIEN
            )
            ok = False
        if (ekey, mkey) in seen:
            run.problem(DIEM_DANH, rec.row, DIEM_DANH.column("mediator"),
                        _("This attendance already appears in row {row}.").format(row=seen[(ekey, mkey)]),
                        _("Delete one of the two rows."))  # fmt: skip
            ok = False
        seen[(ekey, mkey)] = rec.row
        if not ok:
            continue
        counts_dd = counts[DIEM_DANH.name]
        present_flag = rec.fields["present"]
        if ekey in ex.events and mkey in ex.mediators:
            old = ex.attendance.get((ex.events[ekey][0], ex.mediators[mkey][0]))
            if old is not None:
                if old[1] == present_flag:
                    counts_dd.unchanged += 1
                else:
                    counts_dd.updated += 1
                    plan.attendance_upd.append({"id": old[0], "present": present_flag})
                continue
        counts_dd.added += 1
        plan.attendance_new.append({"_event": ekey, "_mediator": mkey, "present": present_flag})
    return plan


def _settle(
    counts: SheetCounts, new_list: list[dict[str, Any]], upd_list: list[dict[str, Any]],
    existing: tuple[int, dict[str, Any]] | None, insert_row: dict[str, Any], fields: dict[str, Any],
) -> None:  # fmt: skip
    if existing is None:
        counts.added += 1
        new_list.append(insert_row)
        return
    changed = _changes(fields, existing[1])
    if changed:
        counts.updated += 1
        upd_list.append({"id": existing[0], **changed})
    else:
        counts.unchanged += 1


def _plan_mediators(
    run: _Run,
    ex: _Existing,
    plan: _Plan,
    rows_by_code: dict[str, list[Rec]],
    person_of: dict[str, dict[str, Any]],
) -> None:
    sheet = HOA_GIAI_VIEN
    counts = run.report.counts[sheet.name]
    for key, rows in rows_by_code.items():
        person = dict(person_of[key])
        existing = ex.mediators.get(key)
        person_changed = False
        if existing is None:
            plan.mediators_new.append({"code": rows[0].code, **person})
        else:
            old = existing[1]
            # A year alone keeps a full date of birth of the same year.
            old_born = old.get("birth_date")
            if "birth_year" in person and person.get("birth_date") is None and old_born is not None \
                    and old_born.year == person["birth_year"]:  # fmt: skip
                person.pop("birth_date")
            changed = _changes(person, old)
            if changed:
                person_changed = True
                plan.mediators_upd.append({"id": existing[0], **changed})
        old_memberships = list(ex.memberships.get(existing[0], [])) if existing else []
        matched: set[int] = set()
        seen_periods: list[tuple[str, dt.date, dt.date | None, int]] = []
        for i, rec in enumerate(rows):
            status = (
                "added" if existing is None else ("updated" if person_changed and i == 0 else "unchanged")
            )
            ms = rec.refs["membership"]
            team = rec.refs["team"]
            if ms is not None and team:
                tkey = code_key(team)
                for other_team, start, end, row in seen_periods:
                    if other_team == tkey and start == ms["start_date"]:
                        run.problem(sheet, rec.row, sheet.column("team"),
                                    _("This membership already appears in row {row}.").format(row=row),
                                    _("Delete one of the two rows."))  # fmt: skip
                    elif other_team == tkey and rules.periods_overlap(
                        start, end, ms["start_date"], ms.get("end_date")
                    ):
                        run.problem(sheet, rec.row, sheet.column("recognition_date"),
                                    _("This membership overlaps the one in row {row} of the same team.").format(row=row),
                                    _("Check the dates of recognition and leaving."), WARNING)  # fmt: skip
                seen_periods.append((tkey, ms["start_date"], ms.get("end_date"), rec.row))
                fields = dict(ms)
                team_id = ex.teams[tkey][0] if tkey in ex.teams else None
                hit = _match_membership(old_memberships, matched, team_id, fields, rec.refs["start_given"])
                if hit is None:
                    row_new = {
                        "role": Role.HOA_GIAI_VIEN,
                        "recognition_date": None,
                        **fields,
                        "_mediator": key,
                        "_team": tkey,
                    }
                    plan.memberships_new.append(row_new)
                    status = "added"
                else:
                    matched.add(hit["id"])
                    if not rec.refs["start_given"] and "recognition_date" in fields:
                        fields.pop("start_date")  # keep a start date typed in the app
                    if rec.refs["start_value"] is None and hit["recognition_date"] is None \
                            and fields.get("recognition_date") == hit["start_date"]:  # fmt: skip
                        fields.pop(
                            "recognition_date"
                        )  # "Ngày công nhận" stood in for an unknown recognition date
                    changed = _changes(fields, hit)
                    if changed:
                        plan.memberships_upd.append({"id": hit["id"], **changed})
                        if status != "added":
                            status = "updated"
            setattr(counts, status, getattr(counts, status) + 1)


def _match_membership(
    olds: list[dict[str, Any]],
    matched: set[int],
    team_id: int | None,
    fields: dict[str, Any],
    start_given: bool,
) -> dict[str, Any] | None:
    if team_id is None:
        return None
    candidates = [o for o in olds if o["team_id"] == team_id and o["id"] not in matched]
    start = fields["start_date"]
    for o in candidates:
        if o["start_date"] == start or (
            not start_given and (o["recognition_date"] or o["start_date"]) == start
        ):
            return o
    for o in candidates:
        if rules.periods_overlap(o["start_date"], o["end_date"], start, fields.get("end_date")):
            return o
    return None


def _plan_case(
    run: _Run, ex: _Existing, plan: _Plan, rec: Rec, team_codes: set[str], mediator_codes: set[str],
    member_pairs: set[tuple[str, str]], people: dict[str, dict[str, Any]],
) -> None:  # fmt: skip
    sheet = VU_VIEC
    counts = run.report.counts[sheet.name]
    tkey = code_key(rec.refs["team"])
    ok = True
    if tkey not in team_codes:
        _unknown(run, sheet, rec.row, sheet.column("team"), rec.refs["team"], TO_HOA_GIAI)
        ok = False
    ckey = code_key(rec.code)
    existing = ex.cases.get(ckey)
    case_id = existing[0] if existing else None
    mediators: list[str] | None = rec.refs.get("mediators")
    parties: list[PartyRec] | None = rec.refs.get("parties")
    listed: set[str] | None = None  # mediators whose conflict with a party is recorded (optional column)
    if rec.refs.get("overrides") is not None:
        listed = {code_key(x) for x in rec.refs["overrides"]}
    overrides = (
        listed
        if listed is not None
        else {
            ex.mediator_code_by_id.get(a["mediator_id"], "")
            for a in ex.assignments.get(case_id or -1, [])
            if a["override"]
        }
    )
    mkeys: list[str] = []
    for code in mediators or []:
        mkey = code_key(code)
        if mkey in mkeys:
            continue
        mkeys.append(mkey)
        if mkey not in mediator_codes:
            _unknown(run, sheet, rec.row, sheet.column("mediators"), code, HOA_GIAI_VIEN)
            ok = False
            continue
        if tkey in team_codes and (mkey, tkey) not in member_pairs:
            run.problem(
                sheet, rec.row, sheet.column("mediators"),
                _("Mediator {code} is not a member of team {team}, which handles this case.").format(
                    code=code, team=rec.refs["team"]),
                _("Assign a member of team {team}, or add this membership to sheet HoaGiaiVien.").format(
                    team=rec.refs["team"]),
            )  # fmt: skip
            ok = False
        person = people.get(mkey)
        party_list = (
            parties
            if parties is not None
            else [
                PartyRec(p["name"], p["birth_year"], p["address"]) for p in ex.parties.get(case_id or -1, [])
            ]
        )
        if person is not None and person.get("full_name"):
            mediator = SimpleNamespace(full_name=person["full_name"], birth_year=person.get("birth_year"),
                                       birth_date=person.get("birth_date"))  # fmt: skip
            for finding in rules.party_conflicts(
                mediator, party_list, recusal_override=mkey in overrides, ref=rec.code
            ):
                if finding.is_block:
                    run.problem(sheet, rec.row, sheet.column("mediators"), finding.message,
                                _("Assign another mediator of the team."))  # fmt: skip
                    ok = False
                else:
                    run.problem(sheet, rec.row, sheet.column("mediators"), finding.message, severity=WARNING)
    if not ok or run.report.errors:
        return
    fields = dict(rec.fields)
    if "result" in fields:
        result = fields["result"]
        old_reason = existing[1].get("end_reason") if existing else None
        if result is Result.THANH:
            fields["end_reason"] = CaseEndReason.THANH
        elif result is Result.KHONG_THANH:
            fields["end_reason"] = (
                old_reason
                if old_reason in (CaseEndReason.BEN_RUT, CaseEndReason.KHONG_THANH)
                else CaseEndReason.KHONG_THANH
            )
        else:
            fields["end_reason"] = None
    team_id = ex.teams[tkey][0] if tkey in ex.teams else None
    received = fields["received_on"]
    assigned_on = rec.refs["assigned_on"]
    first_session = rec.refs["first_session"]
    changed_children = False
    if existing is None:
        row_new = {"code": rec.code, "summary": "", **fields, "_team": tkey}
        if team_id is not None:
            row_new["team_id"] = team_id
        plan.cases_new.append(row_new)
        for p in parties or []:
            plan.parties_new.append(
                {"_case": ckey, "name": p.name, "birth_year": p.birth_year, "address": p.address}
            )
        when = assigned_on or first_session or received
        for mkey in mkeys:
            plan.assignments_new.append({"_case": ckey, "_mediator": mkey, "assigned_on": when,
                                         "recusal_override": mkey in overrides})  # fmt: skip
        if first_session is not None:
            plan.sessions_new.append({"_case": ckey, "held_on": first_session})
        counts.added += 1
        return
    assert case_id is not None
    if team_id is not None:
        fields["team_id"] = team_id
    else:
        fields["_team"] = tkey
    changed = _changes({k: v for k, v in fields.items() if not k.startswith("_")}, existing[1])
    if "_team" in fields:
        changed["_team"] = tkey
    # Parties: matched by name, kept (with what the app knows about them) or updated; the rest replaced.
    if parties is not None:
        olds = ex.parties.get(case_id, [])
        if [(p.name, p.birth_year, p.address) for p in parties] != [
            (o["name"], o["birth_year"], o["address"]) for o in olds
        ]:
            changed_children = True
            free = list(olds)
            for p in parties:
                hit = next((o for o in free if fold(o["name"]) == fold(p.name)), None)
                if hit is None:
                    plan.parties_new.append(
                        {"_case": ckey, "name": p.name, "birth_year": p.birth_year, "address": p.address}
                    )
                    continue
                free.remove(hit)
                upd = _changes({"name": p.name, "birth_year": p.birth_year, "address": p.address}, hit)
                if upd:
                    plan.parties_upd.append({"id": hit["id"], **upd})
            plan.parties_del.extend(o["id"] for o in free)
    # Assignments: the listed mediators, on the given date.
    if mediators is not None:
        olds_a = ex.assignments.get(case_id, [])
        old_keys = {ex.mediator_code_by_id.get(a["mediator_id"], ""): a for a in olds_a}
        first = min((a["assigned_on"] for a in olds_a), default=None)
        if set(old_keys) != set(mkeys) or (assigned_on is not None and mkeys and first != assigned_on):
            changed_children = True
            for okey, a in old_keys.items():
                if okey not in mkeys:
                    plan.assignments_del.append(a["id"])
                elif assigned_on is not None and a["assigned_on"] != assigned_on:
                    plan.assignments_upd.append({"id": a["id"], "assigned_on": assigned_on})
            when = assigned_on or first or first_session or received
            for mkey in mkeys:
                if mkey not in old_keys:
                    plan.assignments_new.append({"_case": ckey, "_mediator": mkey, "assigned_on": when,
                                                 "recusal_override": mkey in overrides})  # fmt: skip
        if listed is not None:
            for okey, a in old_keys.items():
                if okey in mkeys and a["override"] != (okey in listed):
                    changed_children = True
                    plan.assignments_upd.append({"id": a["id"], "recusal_override": okey in listed})
    # First session: the earliest session takes the given date (later sessions stay).
    if first_session is not None:
        olds_s = sorted(ex.sessions.get(case_id, []), key=lambda s: s[1])
        if not olds_s:
            changed_children = True
            plan.sessions_new.append({"_case": ckey, "held_on": first_session})
        elif olds_s[0][1] != first_session:
            changed_children = True
            plan.sessions_upd.append({"id": olds_s[0][0], "held_on": first_session})
    if changed:
        plan.cases_upd.append({"id": case_id, **changed})
    if changed or changed_children:
        counts.updated += 1
    else:
        counts.unchanged += 1


# ---- step 4: writing ----------------------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ids(session: Session, model: Any) -> dict[str, int]:
    return {code_key(code): i for i, code in session.execute(select(model.id, model.code))}


def _write(run: _Run, session: Session, plan: _Plan) -> None:
    def ins(model: Any, rows: list[dict[str, Any]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[tuple(sorted(row))].append(row)
        for group in groups.values():
            for chunk in _chunks(group, 2000):
                session.execute(insert(model), chunk)
                run.tick(len(chunk))

    def upd(model: Any, rows: list[dict[str, Any]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[tuple(sorted(row))].append(row)
        for group in groups.values():
            for chunk in _chunks(group, 2000):
                session.execute(update(model), chunk)
                run.tick(len(chunk))

    def dele(model: Any, ids: list[int]) -> None:
        for chunk in _chunks(ids):
            session.execute(delete(model).where(model.id.in_(chunk)))
            run.tick(len(chunk))

    def strip(rows: list[dict[str, Any]], **refs: dict[str, int]) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            clean = {k: v for k, v in row.items() if not k.startswith("_")}
            for ref, table in refs.items():
                if f"_{ref}" in row:
                    clean[f"{ref}_id"] = table[row[f"_{ref}"]]
            out.append(clean)
        return out

    ins(m.Village, plan.villages_new)
    upd(m.Village, plan.villages_upd)
    village_ids = _ids(session, m.Village)
    ins(m.Team, strip(plan.teams_new, village=village_ids))
    upd(m.Team, strip(plan.teams_upd, village=village_ids))
    team_ids = _ids(session, m.Team)
    ins(m.Mediator, plan.mediators_new)
    upd(m.Mediator, plan.mediators_upd)
    mediator_ids = _ids(session, m.Mediator)
    ins(m.Membership, strip(plan.memberships_new, mediator=mediator_ids, team=team_ids))
    upd(m.Membership, plan.memberships_upd)
    run.check_cancel()
    ins(m.Case, strip(plan.cases_new, team=team_ids))
    upd(m.Case, strip(plan.cases_upd, team=team_ids))
    case_ids = _ids(session, m.Case)
    dele(m.Party, plan.parties_del)
    dele(m.Assignment, plan.assignments_del)
    ins(m.Party, strip(plan.parties_new, case=case_ids))
    upd(m.Party, plan.parties_upd)
    ins(m.Assignment, strip(plan.assignments_new, case=case_ids, mediator=mediator_ids))
    upd(m.Assignment, plan.assignments_upd)
    ins(m.MediationSession, strip(plan.sessions_new, case=case_ids))
    upd(m.MediationSession, plan.sessions_upd)
    run.check_cancel()
    ins(m.TrainingEvent, plan.events_new)
    upd(m.TrainingEvent, plan.events_upd)
    event_ids = _ids(session, m.TrainingEvent)
    ins(m.Attendance, strip(plan.attendance_new, event=event_ids, mediator=mediator_ids))
    upd(m.Attendance, plan.attendance_upd)
    run.check_cancel()


# ---- the entry point --------------------------------------------------------------------------------------------------

_READERS: dict[str, Callable[[_Run, ParsedSheet, bool], list[Rec]]] = {
    THON_TO.name: _read_villages,
    TO_HOA_GIAI.name: _read_teams,
    HOA_GIAI_VIEN.name: _read_mediators,
    VU_VIEC.name: _read_cases,
    TAP_HUAN.name: _read_events,
    DIEM_DANH.name: _read_attendance,
}


def _db_is_empty(session: Session) -> bool:
    for model in (m.Village, m.Team, m.Mediator, m.Case, m.TrainingEvent):
        if session.execute(select(model.id).limit(1)).first() is not None:
            return False
    return True


def import_workbook(
    db: Database,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    today: dt.date | None = None,
    backup: bool = True,
) -> ImportReport:
    """Import the standard workbook at ``path`` into ``db``, all or nothing.

    Returns the report: problems (every one with its sheet, row and column), per-sheet counts of rows added /
    updated / unchanged, legacy-text conversions. When the report has errors, or ``dry_run`` is set, nothing is
    written. ``progress(done, total)`` is called now and then (``total`` 0 while the file is being read);
    ``cancel()`` returning True stops the import (``ImportCancelled``) and nothing is written.
    A file that is not a workbook raises ``UserError`` with one sentence.
    """
    path = Path(path)
    report = ImportReport(path=path, dry_run=dry_run)
    run = _Run(report, today or dt.date.today(), progress, cancel)
    sheets = reading.read_workbook(path, (lambda n: progress(n, 0)) if progress is not None else None)
    run.check_cancel()
    known = sheet_by_key()
    known.update({header_key(n): DON_VI for n in (DON_VI.name, *DON_VI.aliases)})  # optional: never "missing"
    found: dict[str, tuple[ParsedSheet | None, bool]] = {}
    helper_keys = {header_key(h) for h in HELPER_SHEETS}
    for data in sheets:
        key = header_key(data.name)
        sheet = known.get(key)
        if sheet is None:
            if key not in helper_keys:
                report.unknown_sheets.append(data.name)
                run.problem(
                    data.name, None, None,
                    _("The sheet “{sheet}” is not part of the standard workbook and was ignored.").format(sheet=data.name),
                    _("Rename it to one of: {names}, if it holds data to import.").format(
                        names=", ".join(s.name for s in SHEETS)),
                    WARNING,
                )  # fmt: skip
            continue
        if sheet.name in found:
            run.problem(data.name, None, None,
                        _("A second sheet for {sheet} was found and ignored.").format(sheet=sheet.name),
                        _("Put all rows of {sheet} in one sheet.").format(sheet=sheet.name), WARNING)  # fmt: skip
            continue
        found[sheet.name] = (_locate(run, sheet, data), data.epoch_1904)
        data.rows = []  # the located rows hold what is needed; let the raw sheet go (province files are large)
    for sheet in SHEETS:
        if sheet.name not in found:
            run.problem(
                sheet.name, None, None, _("The sheet {sheet} is missing.").format(sheet=sheet.name),
                _("Add the sheet (copy it from the template made by “hoagiai template”); it may stay empty."),
            )  # fmt: skip
    for sheet in SHEETS:
        report.counts[sheet.name] = SheetCounts()
    parsed = {name: ps for name, (ps, _e) in found.items() if ps is not None}
    run.total = 2 * sum(len(ps.rows) for ps in parsed.values())
    records: dict[str, list[Rec]] = {}
    for sheet in SHEETS:
        ps = parsed.get(sheet.name)
        records[sheet.name] = _READERS[sheet.name](run, ps, found[sheet.name][1]) if ps is not None else []
        if ps is not None:
            ps.rows = []
    unit = unit_sheet.read_unit(
        run, parsed.get(DON_VI.name), found.get(DON_VI.name, (None, False))[1], _Cells
    )
    run.check_cancel()
    with db.reading() as session:
        existing = _load(session)
        was_empty = _db_is_empty(session)
        unit_status = unit_sheet.status(session, unit[1]) if unit is not None else "unchanged"
    plan = _plan(run, existing, records)
    run.check_cancel()
    if report.errors:
        for counts in report.counts.values():
            counts.added = counts.updated = counts.unchanged = 0
        return report
    if unit is not None:
        report.counts[DON_VI.name] = SheetCounts(**{unit_status: 1})
    if dry_run or (plan.size() == 0 and unit_status == "unchanged"):
        return report  # a dry run, or the same workbook again: nothing to write (no backup, no audit entry)
    run.total = run.done + plan.size()
    if backup and db.path is not None and db.path.exists() and not was_empty:
        from hoagiai_desktop.storage.backup import make_backup

        report.backup_path = make_backup(db, reason="import").path
    try:
        _write_all(db, run, plan, report, path, unit)
    except IntegrityError as exc:  # the data changed between checking and writing (e.g. edited in the window)
        raise UserError(
            _(
                "The data changed while the workbook was being imported; nothing was imported. Import it again."
            )
        ) from exc
    report.written = True
    if progress is not None:
        progress(run.total, run.total)
    return report


def _write_all(
    db: Database, run: _Run, plan: _Plan, report: ImportReport, path: Path, unit: unit_sheet.UnitRow | None
) -> None:
    with db.transaction(audit=False) as session:
        _write(run, session, plan)
        unit_sheet.write_unit(session, unit)
        derived.rebuild_search(session)
        summary = {name: vars(c) for name, c in report.counts.items()}
        summary["legacy_cells"] = {"converted": report.converted_cells}
        session.add(
            m.AuditEntry(
                at=dt.datetime.now().replace(microsecond=0), who=str(session.info.get("actor") or "?"),
                entity="workbook", entity_code=path.name[:64], action=AuditAction.IMPORT,
                fields=json.dumps(summary, ensure_ascii=False, separators=(",", ":")),
            )
        )  # fmt: skip
