"""The empty standard workbook: exact sheets and headers of DOMAIN §6, frozen header, lists, instructions."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from hoagiai_desktop.interchange import import_workbook, write_template

# Written out by hand from DOMAIN §6 so a change to the schema module cannot silently change the workbook.
EXPECTED = {
    "ThonTo": ["Mã thôn", "Tên thôn", "Loại", "Vùng dân tộc thiểu số", "Số hộ"],
    "ToHoaGiai": ["Mã tổ", "Tên tổ", "Mã thôn", "Số quyết định", "Ngày quyết định", "Hỗ trợ chuyên môn pháp luật",
                  "Người hỗ trợ", "Ghi chú"],
    "HoaGiaiVien": ["Mã HGV", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Địa chỉ", "Điện thoại",
                    "Trình độ pháp luật", "Thành phần", "Mã tổ", "Vai trò", "Số QĐ công nhận", "Ngày công nhận",
                    "Ngày thôi", "Lý do thôi"],
    "VuViec": ["Mã vụ việc", "Mã tổ", "Ngày tiếp nhận", "Căn cứ", "Lĩnh vực", "Nội dung", "Các bên", "Mã HGV",
               "Ngày phân công", "Ngày hòa giải", "Kết quả", "Ngày kết thúc", "Thỏa thuận", "Ghi chú"],
    "TapHuan": ["Mã lớp", "Tên lớp", "Loại", "Cấp tổ chức", "Từ ngày", "Đến ngày", "Số giờ", "Địa điểm"],
    "DiemDanh": ["Mã lớp", "Mã HGV", "Có mặt"],
}  # fmt: skip


def test_template_has_the_six_sheets_with_exact_headers(tmp_path: Path) -> None:
    path = write_template(tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "HuongDan"
    for name, headers in EXPECTED.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == headers
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1  # no data
        assert ws.column_dimensions["A"].width >= 10


def test_template_offers_the_closed_spellings_as_lists(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "mau.xlsx"))
    lists = wb["DanhMuc"]
    assert lists.sheet_state == "hidden"
    columns = {lists.cell(row=1, column=c).value: [lists.cell(row=r, column=c).value for r in range(2, lists.max_row + 1)]
               for c in range(1, lists.max_column + 1)}  # fmt: skip
    assert [v for v in columns["ThonTo - Loại"] if v] == [
        "Thôn", "Làng", "Ấp", "Bản", "Buôn", "Phum", "Sóc", "Tổ dân phố", "Khu phố", "Khối phố", "Khác"]  # fmt: skip
    assert [v for v in columns["VuViec - Kết quả"] if v] == [
        "Thành",
        "Không thành",
        "Đang giải quyết",
        "Chưa giải quyết",
    ]
    # The Giới tính column (D) of HoaGiaiVien validates against a list on the lists sheet.
    ws = wb["HoaGiaiVien"]
    ranges = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert ranges["D2:D5000"].startswith("DanhMuc!")
    guide = " ".join(str(c.value) for row in wb["HuongDan"].iter_rows() for c in row if c.value)
    assert "dd/mm/yyyy" in guide and "Các bên" in guide and "TCVN3" in guide


def test_the_empty_template_imports_as_nothing(tmp_path: Path, db: object) -> None:
    report = import_workbook(db, write_template(tmp_path / "mau.xlsx"))  # type: ignore[arg-type]
    assert report.ok and not report.written
    assert report.unknown_sheets == []
    assert all(c.total == 0 for c in report.counts.values())
