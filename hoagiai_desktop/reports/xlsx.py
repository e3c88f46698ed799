"""The tabular outputs as .xlsx with the same layout as the PDF: merged grouped headers, widths, Vietnamese text.

Every value goes through ``safe_cells.put``: text never becomes a formula and is never cut. The twin carries the
paper's frame (DOMAIN §5): the issuer and Quốc hiệu block, the number and the place-and-date line above the table,
the signature lines below it; figures are numbers ("1.283" → 1283, "72,1" → 72.1), an estimated figure ("12*")
is the number 12 in a shaded cell with a comment; A4 landscape, the header rows repeated on every printed page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from hoagiai_desktop.interchange.safe_cells import put
from hoagiai_desktop.reports.files import write_atomic
from hoagiai_desktop.reports.tables import Grid

FONT_NAME = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


_INT = re.compile(r"^\d{1,3}(\.\d{3})*$|^\d{1,9}$")
_DECIMAL = re.compile(r"^\d{1,3}(\.\d{3})*,\d+$|^\d+,\d+$")
ESTIMATE_MARK = "*"
ESTIMATE_FILL = PatternFill("solid", fgColor="FFF2CC")
ESTIMATE_COMMENT = "Số liệu ước tính"


@dataclass(frozen=True)
class SheetFrame:
    """The paper's frame around the table: issuer lines, "Số: …", the place-and-date line, and the signers as
    (title lines, name) left to right."""

    issuer: tuple[str, ...]
    number_line: str | None
    date_line: str
    signers: list[tuple[list[str], str]] = field(default_factory=list)


def _excel_value(value: object) -> tuple[object, bool]:
    """(value for the cell, estimated): figures printed as text in the PDF ("1.283", "85,3", "12*") become
    numbers Excel can add; a code with a leading zero ("01") and other text stay text."""
    if value == "" or value is None:
        return None, False
    if isinstance(value, str):
        estimated = value.endswith(ESTIMATE_MARK) and len(value) > 1
        text = value[:-1] if estimated else value
        if _INT.match(text) and not (len(text) > 1 and text.startswith("0")):
            return int(text.replace(".", "")), estimated
        if _DECIMAL.match(text):
            return float(text.replace(".", "").replace(",", ".")), estimated
    return value, False


def _sheet_title(title: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub("-", title)[:31] or "Sheet"
    name, i = base, 2
    while name in used:
        suffix = f" ({i})"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name)
    return name


def _frame_top(ws: Any, frame: SheetFrame, n: int) -> int:
    """The issuer block on the left and the Quốc hiệu on the right, as on the paper; returns the next row."""
    left = max(2, n // 3)
    lines_right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    lines_left = list(frame.issuer)
    r = 1
    for i in range(max(len(lines_left), len(lines_right))):
        if i < len(lines_left):
            cell = put(ws, r + i, 1, lines_left[i])
            cell.font = Font(name=FONT_NAME, size=12, bold=True)
            cell.alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r + i, start_column=1, end_row=r + i, end_column=left)
        if i < len(lines_right):
            cell = put(ws, r + i, left + 1, lines_right[i])
            cell.font = Font(name=FONT_NAME, size=12, bold=True)
            cell.alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r + i, start_column=left + 1, end_row=r + i, end_column=n)
    r += max(len(lines_left), len(lines_right))
    if frame.number_line:
        cell = put(ws, r, 1, frame.number_line)
        cell.font = Font(name=FONT_NAME, size=12)
        cell.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=left)
    cell = put(ws, r, left + 1, frame.date_line)
    cell.font = Font(name=FONT_NAME, size=12, italic=True)
    cell.alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=r, start_column=left + 1, end_row=r, end_column=n)
    return r + 2


def _frame_bottom(ws: Any, frame: SheetFrame, n: int, r: int) -> None:
    """The signature lines under the table (title lines bold, room to sign, the name)."""
    if not frame.signers:
        return
    cols = len(frame.signers)
    span = max(1, n // cols)
    for k, (titles, name) in enumerate(frame.signers):
        first = 1 + k * span if k < cols - 1 else max(1, n - span + 1)
        last = first + span - 1 if k < cols - 1 else n
        lines = [*titles, "", "", "", name]
        for i, line in enumerate(lines):
            cell = put(ws, r + i, first, line or None)
            cell.font = Font(name=FONT_NAME, size=12, bold=i < len(titles) or i == len(lines) - 1)
            cell.alignment = Alignment(horizontal="center")
            if last > first:
                ws.merge_cells(start_row=r + i, start_column=first, end_row=r + i, end_column=last)


def workbook_bytes(grids: Sequence[Grid], frame: SheetFrame | None = None) -> bytes:
    wb = Workbook()
    default = wb.active
    used: set[str] = set()
    for grid in grids:
        ws = wb.create_sheet(_sheet_title(grid.sheet_title, used))
        n = grid.columns
        r = _frame_top(ws, frame, n) if frame is not None else 1
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
                number, estimated = _excel_value(value)
                cell = put(ws, r, j + 1, number)
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.0"
                elif isinstance(cell.value, int):
                    cell.number_format = "#,##0"
                if estimated:
                    cell.fill = ESTIMATE_FILL
                    cell.comment = Comment(ESTIMATE_COMMENT, "HoaGiai")
                cell.border = _BORDER
                cell.font = bold_font if i in grid.bold_rows else body_font
                cell.alignment = aligns[j]
            r += 1
        r += 1
        for line in grid.notes:
            put(ws, r, 1, line).font = Font(name=FONT_NAME, size=10, italic=True)
            r += 1
        if frame is not None:
            _frame_bottom(ws, frame, n, r + 1)
        for j, width in enumerate(grid.widths_mm):
            ws.column_dimensions[get_column_letter(j + 1)].width = max(4.0, round(width / 2.0 + 1, 1))
        ws.freeze_panes = f"B{top + grid.header_rows}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"  # the twin prints on A4 landscape (DOMAIN §5)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.print_title_rows = f"{top}:{top + grid.header_rows - 1}"
    if grids:
        wb.remove(default)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_workbook(path: str | Path, grids: Sequence[Grid], frame: SheetFrame | None = None) -> Path:
    return write_atomic(path, workbook_bytes(grids, frame))


def frame_for(data: dict[str, Any]) -> SheetFrame:
    """The frame of the paper ``data`` prints (the same unit, number, date and signers as its PDF)."""
    import datetime as dt

    from hoagiai_desktop.i18n import administrative_date
    from hoagiai_desktop.reports import nd30
    from hoagiai_desktop.reports.paper import BC, DS, document_number

    unit = nd30.UnitInfo.from_dict(data["unit"])
    form = data["form"]
    date_line = administrative_date(dt.date.fromisoformat(data["issued_on"]), unit.place_name)
    if form == "so-theo-doi":
        team = data.get("team", {})
        return SheetFrame(
            issuer=(f"UBND {unit.full_name.upper()}", str(team.get("name", "")).upper()),
            number_line=None,
            date_line=date_line,
            signers=[(["TỔ TRƯỞNG TỔ HÒA GIẢI"], str(team.get("leader", "")))],
        )
    chair = unit.signer_lines  # the commune's chairman, or a province's director (DOMAIN §8)
    signers: list[tuple[list[str], str]] = []
    if form == "thong-ke":
        signers += [
            (["Người lập biểu"], data.get("preparer") or ""),
            (["Người kiểm tra"], data.get("checker") or ""),
        ]
    signers.append((chair, unit.signer_name))
    code = DS if form == "danh-sach" else BC
    return SheetFrame(
        issuer=unit.issuer,
        number_line="Số: " + document_number(data.get("number"), code),
        date_line=date_line,
        signers=signers,
    )
