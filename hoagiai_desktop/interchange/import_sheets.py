"""Step 1 of the import: find each sheet's header row, map its columns, convert TCVN3 / VNI text.

The header is the row among the first 15 that matches most column names (title rows above it are skipped); a
header typed in an old font ("Sè hé") is recognised too. Cells of a column typed in TCVN3 / VNI are converted
to Unicode (``legacy``) and decomposed Unicode is recomposed (NFC).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import legacy, reading
from hoagiai_desktop.interchange.import_run import WARNING, ImportRun
from hoagiai_desktop.interchange.reading import SheetData
from hoagiai_desktop.interchange.schema import (
    DON_VI,
    HELPER_SHEETS,
    SHEETS,
    Column,
    Sheet,
    header_key,
    header_table,
    sheet_by_key,
)
from hoagiai_desktop.text import nfc

HEADER_SCAN_ROWS = 15  # the header row is looked for among the first rows (title rows above it)


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


def convert_cells(run: ImportRun, rows: list[list[Any]]) -> None:
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


def locate_sheet(run: ImportRun, sheet: Sheet, data: SheetData) -> ParsedSheet | None:
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
    convert_cells(run, data.rows[best_row + 1 :])  # the data only: a Unicode header says nothing of the data
    rows: list[Row] = []
    for r in range(best_row + 1, len(data.rows)):
        raw = data.rows[r]
        cells = {key: (raw[i] if i < len(raw) else None) for key, i in positions.items()}
        if all(reading.is_blank(v) for v in cells.values()):
            continue
        rows.append(Row(r + 1, cells))
    return ParsedSheet(sheet, set(positions), rows, best_row + 1)


def map_sheets(run: ImportRun, sheets: list[SheetData]) -> dict[str, tuple[ParsedSheet | None, bool]]:
    """Each standard sheet found in the workbook, by its name: (its located rows or None, its 1904 date epoch).

    Sheets are recognised by name ignoring case and accents; unknown sheets, second copies and missing sheets are
    reported (only a missing sheet is an error). The raw rows are let go once located.
    """
    known = sheet_by_key()
    known.update({header_key(n): DON_VI for n in (DON_VI.name, *DON_VI.aliases)})  # optional: never "missing"
    found: dict[str, tuple[ParsedSheet | None, bool]] = {}
    helper_keys = {header_key(h) for h in HELPER_SHEETS}
    for data in sheets:
        key = header_key(data.name)
        sheet = known.get(key)
        if sheet is None:
            if key not in helper_keys:
                run.report.unknown_sheets.append(data.name)
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
        found[sheet.name] = (locate_sheet(run, sheet, data), data.epoch_1904)
        data.rows = []  # the located rows hold what is needed; let the raw sheet go (province files are large)
    for sheet in SHEETS:
        if sheet.name not in found:
            run.problem(
                sheet.name, None, None, _("The sheet {sheet} is missing.").format(sheet=sheet.name),
                _("Add the sheet (copy it from the template made by “hoagiai template”); it may stay empty."),
            )  # fmt: skip
    return found
