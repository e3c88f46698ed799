"""The empty standard workbook (``hoagiai template``): six sheets with the exact headers of DOMAIN §6, a frozen
header row, column widths, drop-down lists for the closed spellings and an instructions sheet (HuongDan).

The sheet, column and instruction texts are official workbook text and therefore Vietnamese in every UI language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hoagiai_desktop.interchange.schema import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    WORKBOOK_SHEETS,
    Column,
    Kind,
    Sheet,
    spellings,
    standard_columns,
)
from hoagiai_desktop.interchange.xlsx_io import save_atomically

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
VALIDATED_ROWS = 5000

GENERAL_RULES = (
    "HƯỚNG DẪN NHẬP DỮ LIỆU HÒA GIẢI Ở CƠ SỞ",
    "",
    "• Mỗi sheet là một bảng; dòng đầu tiên là tên cột. Không đổi tên sheet. Có thể thêm cột khác (sẽ bị bỏ qua).",
    "• Tên cột được nhận ra không phân biệt chữ hoa/thường, dấu và khoảng trắng. Có thể có dòng tiêu đề phía trên dòng tên cột.",
    "• Mã (Mã thôn, Mã tổ, Mã HGV, Mã vụ việc, Mã lớp) là khóa: nhập lại cùng một tệp không làm thay đổi dữ liệu; "
    "dòng có mã đã có sẽ cập nhật bản ghi đó.",
    "• Ngày: dd/mm/yyyy (05/03/2025), d/m/yy, yyyy-mm-dd hoặc ô kiểu ngày của Excel. Không nhập ngày trong tương lai.",
    "• Có/Không: Có, Không (chấp nhận cả x, 1, 0). Các danh mục: chọn trong danh sách thả xuống (không phân biệt dấu).",
    "• Chữ gõ bằng phông TCVN3 (.VnTime) hoặc VNI được tự động chuyển sang Unicode.",
    '• Nhập là "tất cả hoặc không": nếu có bất kỳ lỗi nào, không dữ liệu nào được ghi; danh sách lỗi cho biết sheet, dòng, cột.',
    "• Một hòa giải viên là thành viên hai tổ (hoặc hai lần) = hai dòng cùng Mã HGV ở sheet HoaGiaiVien.",
    '• "Các bên" ở sheet VuViec: các bên cách nhau bởi dấu chấm phẩy (;), mỗi bên "Họ tên, năm sinh, địa chỉ" '
    "(có thể bỏ năm sinh, địa chỉ). Ví dụ: Nguyễn Văn A, 1970, thôn Đông; Trần Thị B, 1975, thôn Tây",
    '• "Mã HGV" ở sheet VuViec: các hòa giải viên được phân công, cách nhau bởi dấu ;  Kết quả để trống = chưa kết thúc.',
    "",
)


def column_note(col: Column) -> str:
    parts = []
    if col.required:
        parts.append("Bắt buộc.")
    if col.kind is Kind.DATE:
        parts.append("Ngày dd/mm/yyyy.")
    values = spellings(col)
    if values and col.kind is not Kind.ETHNICITY:
        parts.append("Giá trị: " + "; ".join(values) + ".")
    if col.note:
        parts.append(col.note + ".")
    return " ".join(parts)


def style_header(ws: Any, columns: tuple[Column, ...]) -> None:
    """Bold header on a frozen first row, column widths (a normal, not write-only, worksheet)."""
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _lists_sheet(wb: Workbook) -> dict[tuple[str, str], str]:
    """A hidden sheet holding each closed list; returns (sheet, key) → range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    ranges: dict[tuple[str, str], str] = {}
    n = 0
    lists: dict[tuple[str, ...], str] = {}
    for sheet in WORKBOOK_SHEETS:
        for col in standard_columns(sheet):
            values = spellings(col)
            if not values:
                continue
            if values not in lists:
                n += 1
                letter = get_column_letter(n)
                ws.cell(row=1, column=n, value=f"{sheet.name} - {col.header}")
                for r, v in enumerate(values, start=2):
                    ws.cell(row=r, column=n, value=v)
                lists[values] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
            ranges[(sheet.name, col.key)] = lists[values]
    ws.sheet_state = "hidden"
    return ranges


def _instructions(ws: Any) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 90
    r = 1
    for line in GENERAL_RULES:
        ws.cell(row=r, column=1, value=line)
        r += 1
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for sheet in WORKBOOK_SHEETS:
        ws.cell(row=r, column=1, value=f"Sheet {sheet.name}: {sheet.title}").font = Font(bold=True)
        r += 1
        for col in sheet.columns:
            ws.cell(row=r, column=2, value=col.header)
            cell = ws.cell(row=r, column=3, value=column_note(col))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
        r += 1


def build_template() -> Workbook:
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = INSTRUCTIONS_SHEET
    _instructions(guide)
    sheets: list[tuple[Sheet, Any]] = [(sheet, wb.create_sheet(sheet.name)) for sheet in WORKBOOK_SHEETS]
    ranges = _lists_sheet(wb)
    for sheet, ws in sheets:
        columns = standard_columns(sheet)
        style_header(ws, columns)
        for i, col in enumerate(columns, start=1):
            formula = ranges.get((sheet.name, col.key))
            if formula is None:
                continue
            letter = get_column_letter(i)
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
            dv.errorStyle = "warning"  # other spellings (x, 1, no diacritics) are still accepted on import
            dv.error = "Giá trị không có trong danh sách; kiểm tra lại chính tả."
            dv.errorTitle = "Giá trị ngoài danh sách"
            dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(dv)
    wb.active = 1
    return wb


def write_template(path: str | Path) -> Path:
    """Write the empty standard workbook to ``path`` (atomically); returns the path written."""
    return save_atomically(build_template(), path)
