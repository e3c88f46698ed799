"""``hoagiai unit`` and the ``DonVi`` sheet: a commune set up and reporting without opening the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.interchange.exporter import export_workbook
from hoagiai_desktop.interchange.importer import import_workbook
from hoagiai_desktop.interchange.template import write_template
from hoagiai_desktop.services.unit import get_unit
from hoagiai_desktop.storage.opening import open_database
from tests.reports.conftest import pdf_text


def hoagiai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hoagiai_desktop", *args], capture_output=True, text=True, timeout=120
    )


def test_set_up_a_commune_and_report_from_the_command_line(db_path: Path, tmp_path: Path) -> None:
    db = str(db_path)
    shown = hoagiai("--db", db, "unit")
    assert (
        shown.returncode != 0 and shown.stderr.count("\n") == 1 and "hoagiai unit --province" in shown.stderr
    )
    partial = hoagiai("--db", db, "unit", "--name", "Tân Hòa")
    assert partial.returncode != 0 and "--province" in partial.stderr and "Traceback" not in partial.stderr
    made = hoagiai("--db", db, "unit", "--province", "Tỉnh Thái Nguyên", "--name", "Xã Tân Hòa",
                   "--chairman", "Nguyễn Văn An", "--officer", "Lê Thị Hường")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Thái Nguyên" in made.stdout and "Xã Tân Hòa" in made.stdout and "Xã Xã" not in made.stdout
    no_vice = hoagiai("--db", db, "unit", "--signer", "vice")
    assert no_vice.returncode != 0 and no_vice.stderr.count("\n") == 1
    changed = hoagiai("--db", db, "--lang", "en", "unit", "--kind", "phuong", "--vice-chairman", "Trần Thị Bình",
                      "--signer", "vice", "--phone", "0208 3855 123", "--code", "05500")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert (
        "Commune-level unit: Phường Tân Hòa" in changed.stdout
        and "Signs the reports: vice-chairman" in changed.stdout
    )
    bad = hoagiai("--db", db, "unit", "--kind", "huyen")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    database = open_database(db_path)
    unit = get_unit(database)
    database.dispose()
    assert unit is not None
    assert (unit.province, unit.name, unit.kind, unit.chairman_name, unit.vice_chairman_name, unit.signer_is_vice,
            unit.phone, unit.code, unit.place_name) == ("Thái Nguyên", "Tân Hòa", UnitKind.PHUONG, "Nguyễn Văn An",
            "Trần Thị Bình", True, "0208 3855 123", "05500", "Tân Hòa")  # fmt: skip
    out = tmp_path / "ds.pdf"
    report = hoagiai(
        "--db", db, "report", "danh-sach", "--period", "2025", "--out", str(out), "--number", "4"
    )
    assert report.returncode == 0, report.stderr
    text = " ".join(pdf_text(out).split())
    assert "PHƯỜNG TÂN HÒA" in text and "Số: 04/DS-UBND" in text and "Sở Tư pháp tỉnh Thái Nguyên" in text
    assert "KT. CHỦ TỊCH" in text and "Trần Thị Bình" in text


def test_the_donvi_sheet_sets_up_the_commune_all_or_nothing(db_path: Path, tmp_path: Path) -> None:
    template = write_template(tmp_path / "mau.xlsx")
    wb = load_workbook(template)
    assert wb.sheetnames[1] == "DonVi"
    ws = wb["DonVi"]
    assert [c.value for c in ws[1]][:3] == ["Tỉnh", "Tên xã", "Loại"]
    ws.append(["Tỉnh Cao Bằng", "Xã Tiên Phong", None, "01234", None, "Nông Văn Lực", None, "Chủ tịch",
               "Hà Thị Hằng", "0206 3852 000"])  # fmt: skip
    wb.save(tmp_path / "donvi.xlsx")
    db = open_database(db_path)
    try:
        report = import_workbook(db, tmp_path / "donvi.xlsx")
        assert report.ok, report.problems
        assert report.counts["DonVi"].added == 1
        unit = get_unit(db)
        assert unit is not None
        assert (unit.province, unit.name, unit.kind, unit.code, unit.chairman_name, unit.signer_is_vice) == (
            "Cao Bằng", "Tiên Phong", UnitKind.XA, "01234", "Nông Văn Lực", False)  # fmt: skip
        again = import_workbook(db, tmp_path / "donvi.xlsx")
        assert again.counts["DonVi"].unchanged == 1 and not again.written
        export_workbook(db, tmp_path / "xuat.xlsx")
        row = [c.value for c in load_workbook(tmp_path / "xuat.xlsx")["DonVi"][2]]
        assert row[:3] == ["Cao Bằng", "Tiên Phong", "Xã"] and row[7] == "Chủ tịch"
        # a bad row (the vice-chairman signs but has no name; two rows) changes nothing at all
        ws.cell(row=2, column=8, value="Phó Chủ tịch")
        ws.cell(row=2, column=1, value="Bắc Kạn")
        wb.save(tmp_path / "sai.xlsx")
        refused = import_workbook(db, tmp_path / "sai.xlsx")
        assert not refused.ok and any(p.sheet == "DonVi" and p.column == "Người ký" for p in refused.errors)
        ws.cell(row=2, column=8, value="Chủ tịch")
        ws.append(["Hà Giang", "Xã Khác"])
        wb.save(tmp_path / "hai.xlsx")
        assert any(p.sheet == "DonVi" for p in import_workbook(db, tmp_path / "hai.xlsx").errors)
        unit = get_unit(db)
        assert unit is not None and unit.province == "Cao Bằng"
    finally:
        db.dispose()
