"""Any list of the window as an .xlsx the officer can sort, filter and print ("Xuất Excel").

``write_list_xlsx(path, title, headers, rows, widths=None) -> Path`` writes one sheet: the title in row 1 (bold,
across the columns), the headers in row 2 (bold, shaded, frozen, with an autofilter over the data), the rows below.
Dates become real Excel dates shown as dd/mm/yyyy, enum members their translated label, booleans Có/Không (in the
UI language), and text is NFC. Text that could read as a formula stays text, and text too long for a cell is
refused (``safe_cells``). Printing is landscape,
one page wide, with the header row repeated. The file is written under a temporary name, fsynced, then renamed.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import safe_cells
from hoagiai_desktop.interchange.xlsx_io import DATE_FORMAT, save_atomically
from hoagiai_desktop.text import nfc

TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
MIN_WIDTH = 6
MAX_WIDTH = 60
WIDTH_SAMPLE_ROWS = 2000  # widths are measured on the first rows only (a province list has tens of thousands)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def cell_value(value: Any) -> Any:
    """What a list value becomes in the workbook (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | int | float):
        return value
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return nfc(label()) if callable(label) else str(value.value)
    text = nfc(str(value))
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _row_name(row: int) -> Callable[[], str]:
    return lambda: _("row {row} of the list").format(row=row)


def sheet_name(title: str) -> str:
    """A valid sheet name (at most 31 characters, none of []:*?/\\) made from the title."""
    name = _SHEET_NAME_BAD.sub(" ", nfc(title)).strip().strip("'")
    return name[:31].strip() or "Sheet1"


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_list_xlsx(
    path: str | Path,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float | None] | None = None,
) -> Path:
    """Write the list and return the path written (".xlsx" is added when the name has no such ending)."""
    headers = [nfc(h) for h in headers]
    ncols = max(len(headers), 1)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name(title)

    title_cell = safe_cells.put(ws, TITLE_ROW, 1, cell_value(title))
    title_cell.font = Font(bold=True, size=14)
    title_cell.alignment = Alignment(horizontal="left", vertical="center")
    if ncols > 1:
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
    ws.row_dimensions[TITLE_ROW].height = 24

    measured = [_display_width(h) for h in headers] + [0] * (ncols - len(headers))
    header_font = Font(bold=True)
    header_align = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for c, header in enumerate(headers, start=1):
        cell = safe_cells.put(ws, HEADER_ROW, c, cell_value(header))
        cell.font = header_font
        cell.fill = HEADER_FILL
        cell.alignment = header_align

    last_row = HEADER_ROW
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        last_row = r
        for c, raw in enumerate(row, start=1):
            value = cell_value(raw)
            if value is None:
                continue
            cell = safe_cells.put(
                ws, r, c, value, record=_row_name(r), column=headers[c - 1] if c <= len(headers) else ""
            )
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            if r - FIRST_DATA_ROW < WIDTH_SAMPLE_ROWS:
                if c > len(measured):
                    measured.extend([0] * (c - len(measured)))
                measured[c - 1] = max(measured[c - 1], _display_width(value))

    for c in range(1, len(measured) + 1):
        given = widths[c - 1] if widths is not None and c - 1 < len(widths) else None
        width = given if given is not None else min(max(measured[c - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(c)].width = width

    last_col = get_column_letter(ncols)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{max(last_row, HEADER_ROW)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return save_atomically(wb, path)
