"""Issue 7: a 100,000-row sheet is read whole, its one bad row is reported with its cell, and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.interchange import import_workbook
from tests.interchange.conftest import sample_rows, snapshot, write_workbook

ROWS = 100_000


@pytest.mark.slow
def test_a_100000_row_sheet_with_one_bad_row_writes_nothing(db: Any, tmp_path: Path) -> None:
    rows = sample_rows()
    template = rows["HoaGiaiVien"][1]  # HGV02, member of THG01
    people = [[f"HGV-{i:06d}", f"Nguyễn Thị Hường {i}", *template[2:]] for i in range(ROWS)]
    people[ROWS - 7][9] = "THG99"  # a team that exists nowhere
    keep = rows["HoaGiaiVien"]  # the sample's own mediators, which its cases and attendance refer to
    rows["HoaGiaiVien"] = keep + people
    path = write_workbook(tmp_path / "lon.xlsx", rows)
    before = snapshot(db.path)
    seen: list[tuple[int, int]] = []
    report = import_workbook(db, path, progress=lambda done, total: seen.append((done, total)))
    assert not report.ok and not report.written
    bad = [(p.sheet, p.row, p.column) for p in report.errors]
    assert bad == [("HoaGiaiVien", len(keep) + ROWS - 7 + 2, "Mã tổ")]  # header is row 1, data from row 2
    assert snapshot(db.path) == before
    assert len(seen) > 10 and seen[-1][0] >= ROWS  # progress was reported while the rows were read
