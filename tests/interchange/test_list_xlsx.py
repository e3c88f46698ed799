"""A list saved as .xlsx reads back with its title, Vietnamese headers and values, frozen header and autofilter."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hoagiai_desktop.domain.enums import Sex
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.interchange.list_xlsx import sheet_name, write_list_xlsx

HEADERS = ["Mã HGV", "Họ và tên", "Năm sinh", "Giới tính", "Ngày công nhận", "Đã tập huấn", "Ghi chú"]


def test_round_trip_of_vietnamese_headers_and_values(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    rows: list[list[Any]] = [
        ["HGV01", decomposed, 1965, Sex.NU, dt.date(2020, 1, 20), True, "=SUM(A1:A2)"],
        ["HGV02", "Lò Văn Cương", None, Sex.NAM, None, False, "bản Pù\x07"],
    ]
    out = write_list_xlsx(tmp_path / "ds.xlsx", "Danh sách hòa giải viên", HEADERS, rows)
    assert out == tmp_path / "ds.xlsx"
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws is not None
    assert ws.title == "Danh sách hòa giải viên"
    assert ws["A1"].value == "Danh sách hòa giải viên" and ws["A1"].font.bold
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADERS
    assert all(c.font.bold for c in ws[2])
    assert [c.value for c in ws[3]] == [
        "HGV01", "Nguyễn Thị Hường", 1965, "Nữ", dt.datetime(2020, 1, 20), "Có", "=SUM(A1:A2)",
    ]  # fmt: skip
    assert ws["B3"].value == unicodedata.normalize("NFC", "Nguyễn Thị Hường")  # stored NFC
    assert ws["G3"].data_type == "s"  # a person's "=…" stays text
    assert ws["E3"].number_format == "dd/mm/yyyy"
    assert [c.value for c in ws[4]] == ["HGV02", "Lò Văn Cương", None, "Nam", None, "Không", "bản Pù"]
    assert ws.max_row == 4
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:G4"
    assert ws.print_title_rows == "$2:$2"


def test_widths_given_or_measured(tmp_path: Path) -> None:
    rows = [["a" * 100, "x"]]
    out = write_list_xlsx(tmp_path / "w.xlsx", "T", ["Tên", "Mã"], rows)
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert ws.column_dimensions["A"].width == 60  # capped
    assert ws.column_dimensions["B"].width == 6  # at least the minimum ("Mã" + 2 = 4)
    out = write_list_xlsx(tmp_path / "w2.xlsx", "T", ["Tên", "Mã"], rows, widths=[30, None])
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["B"].width == 6


def test_empty_list_still_has_title_header_and_filter(tmp_path: Path) -> None:
    out = write_list_xlsx(tmp_path / "empty", "Vụ việc: tháng 6/2026", ["Mã vụ việc", "Nội dung"], [])
    assert out.name == "empty.xlsx"  # the ending is added
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert ws.title == "Vụ việc  tháng 6 2026"  # ':' and '/' are not allowed in sheet names
    assert ws.max_row == 2 and ws.auto_filter.ref == "A2:B2"
    assert not list(tmp_path.glob(".*tmp*"))  # no temporary file left behind


def test_sheet_name_is_cut_to_31_characters() -> None:
    assert sheet_name("Danh sách tổ hòa giải và hòa giải viên toàn xã") == "Danh sách tổ hòa giải và hòa gi"
    assert sheet_name("[]") == "Sheet1"


def test_a_folder_as_target_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").mkdir()
    with pytest.raises(UserError):
        write_list_xlsx(tmp_path / "x.xlsx", "T", ["A"], [[1]])
