"""The list of import problems as a workbook the officer can sort, filter and print (``LoiNhap`` sheet)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import safe_cells
from hoagiai_desktop.interchange.importer import ERROR, Problem
from hoagiai_desktop.interchange.xlsx_io import save_atomically

REPORT_SHEET = "LoiNhap"


def write_error_report(problems: Iterable[Problem], path: str | Path) -> Path:
    """Write one row per problem: sheet, row, column, message, suggestion, severity."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = REPORT_SHEET
    headers = (_("Sheet"), _("Row"), _("Column"), _("Problem"), _("What to do"), _("Severity"))
    widths = (14, 8, 22, 60, 60, 12)
    for i, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=i, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FCE4D6")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, p in enumerate(problems, start=2):
        values = (p.sheet, p.row, p.column, p.message, p.suggestion,
                  _("Error") if p.severity == ERROR else _("Warning"))  # fmt: skip
        for c, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > safe_cells.MAX_CELL_TEXT:
                value = (
                    value[: safe_cells.MAX_CELL_TEXT - 1] + "…"
                )  # a message quoting a huge cell, marked as cut
            cell = safe_cells.put(ws, r, c, value)
            if c in (4, 5):
                cell.alignment = wrap
    ws.auto_filter.ref = f"A1:F{max(ws.max_row, 1)}"
    return save_atomically(wb, path)
