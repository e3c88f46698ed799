"""The tabular outputs as .xlsx with the same layout as the PDF: merged grouped headers, widths, Vietnamese text.

Every value goes through ``safe_cells.put``: text never becomes a formula and is never cut.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from hoagiai_desktop.interchange.safe_cells import put
from hoagiai_desktop.reports.files import write_atomic
from hoagiai_desktop.reports.tables import Grid

FONT_NAME = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


_INT = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^\d+,\d+$")


def _excel_value(value: object) -> object:
    """Figures printed as text in the PDF ("12", "85,3") become numbers Excel can add; "12*" stays text."""
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        if _INT.match(value) and len(value) < 10 and not (len(value) > 1 and value.startswith("0")):
            return int(value)
        if _DECIMAL.match(value):
            return float(value.replace(",", "."))
    return value


def _sheet_title(title: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub("-", title)[:31] or "Sheet"
    name, i = base, 2
    while name in used:
        suffix = f" ({i})"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name)
    return name


def workbook_bytes(grids: Sequence[Grid]) -> bytes:
    wb = Workbook()
    default = wb.active
    used: set[str] = set()
    for grid in grids:
        ws = wb.create_sheet(_sheet_title(grid.sheet_title, used))
        n = grid.columns
        r = 1
        for line in grid.heading:
            put(ws, r, 1, line).font = Font(name=FONT_NAME, size=12, bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
            r += 1
        if grid.heading:
            r += 1
        top = r
        head_font = Font(name=FONT_NAME, size=10, bold=True)
        for c in grid.header:
            for rr in range(top + c.row, top + c.row + c.row_span):
                for cc in range(1 + c.col, 1 + c.col + c.col_span):
                    ws.cell(row=rr, column=cc).border = _BORDER
            cell = put(ws, top + c.row, 1 + c.col, c.text)
            cell.font = head_font
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if c.row_span > 1 or c.col_span > 1:
                ws.merge_cells(
                    start_row=top + c.row,
                    start_column=1 + c.col,
                    end_row=top + c.row + c.row_span - 1,
                    end_column=1 + c.col + c.col_span - 1,
                )
        r = top + grid.header_rows
        align = grid.align or ["LEFT"] + ["CENTER"] * (n - 1)
        body_font = Font(name=FONT_NAME, size=11)
        bold_font = Font(name=FONT_NAME, size=11, bold=True)
        aligns = [Alignment(horizontal=a.lower(), vertical="top", wrap_text=True) for a in align]
        for i, row in enumerate(grid.rows):
            if i in grid.span_rows:
                cell = put(ws, r, 1, row[0])
                cell.font = bold_font if i in grid.bold_rows else body_font
                cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
                for cc in range(1, n + 1):
                    ws.cell(row=r, column=cc).border = _BORDER
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
                r += 1
                continue
            for j, value in enumerate(row):
                cell = put(ws, r, j + 1, _excel_value(value))
                if isinstance(cell.value, float):
                    cell.number_format = "0.0"
                cell.border = _BORDER
                cell.font = bold_font if i in grid.bold_rows else body_font
                cell.alignment = aligns[j]
            r += 1
        r += 1
        for line in grid.notes:
            put(ws, r, 1, line).font = Font(name=FONT_NAME, size=10, italic=True)
            r += 1
        for j, width in enumerate(grid.widths_mm):
            ws.column_dimensions[get_column_letter(j + 1)].width = max(4.0, round(width / 2.0 + 1, 1))
        ws.freeze_panes = f"B{top + grid.header_rows}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sum(grid.widths_mm) > 170 else "portrait"
        ws.print_title_rows = f"{top}:{top + grid.header_rows - 1}"
    if grids:
        wb.remove(default)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_workbook(path: str | Path, grids: Sequence[Grid]) -> Path:
    return write_atomic(path, workbook_bytes(grids))
