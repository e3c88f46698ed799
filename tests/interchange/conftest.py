"""Helpers for the workbook tests: build small workbooks row by row, and snapshot a database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hoagiai_desktop.interchange.schema import SHEETS, standard_columns

Rows = list[list[Any]]

HEADERS = {s.name: [c.header for c in standard_columns(s)] for s in SHEETS}


def sample_rows() -> dict[str, Rows]:
    """A small commune: 2 villages, 2 teams, 4 mediators (one in two teams), 5 cases, 1 training."""
    return {
        "ThonTo": [
            ["T01", "Thôn Đông", "Thôn", "Không", 120],
            ["T02", "Bản Pù", "Bản", "Có", 80],
        ],
        "ToHoaGiai": [
            ["THG01", "Tổ hòa giải thôn Đông", "T01", "12/QĐ-UBND", "15/01/2020", "Có", "Lê Văn Luật", None],
            ["THG02", "Tổ hòa giải bản Pù", "T02", "13/QĐ-UBND", "15/01/2020", "Không", None, "vùng cao"],
        ],
        "HoaGiaiVien": [
            [
                "HGV01",
                "Nguyễn Văn An",
                1965,
                "Nam",
                "Kinh",
                "thôn Đông",
                "0912345678",
                "Không",
                "Người có uy tín",
                "THG01",
                "Tổ trưởng",
                "20/QĐ-UBND",
                "20/01/2020",
                None,
                None,
            ],
            [
                "HGV02",
                "Trần Thị Bình",
                1970,
                "Nữ",
                "Kinh",
                "thôn Đông",
                None,
                "Đại học",
                "Luật gia",
                "THG01",
                "Hòa giải viên",
                "20/QĐ-UBND",
                "20/01/2020",
                None,
                None,
            ],
            [
                "HGV03",
                "Lò Văn Cương",
                1975,
                "Nam",
                "Thái",
                "bản Pù",
                None,
                "Không",
                None,
                "THG02",
                "Tổ trưởng",
                "21/QĐ-UBND",
                "20/01/2020",
                None,
                None,
            ],
            [
                "HGV03",
                "Lò Văn Cương",
                1975,
                "Nam",
                "Thái",
                "bản Pù",
                None,
                "Không",
                None,
                "THG01",
                "Hòa giải viên",
                "30/QĐ-UBND",
                "01/03/2021",
                "01/06/2023",
                "Theo nguyện vọng",
            ],
            [
                "HGV04",
                "Lò Thị Dung",
                1980,
                "Nữ",
                "Thái",
                "bản Pù",
                None,
                None,
                None,
                "THG02",
                None,
                "21/QĐ-UBND",
                "20/01/2020",
                None,
                None,
            ],
        ],
        "VuViec": [
            [
                "VV01",
                "THG01",
                "05/02/2025",
                "Các bên yêu cầu",
                "Dân sự",
                "Tranh chấp ranh giới đất",
                "Nguyễn Văn Xuân, 1960, thôn Đông; Trần Văn Yên, 1962, xóm 2, thôn Đông",
                "HGV01; HGV02",
                "06/02/2025",
                "08/02/2025",
                "Thành",
                "08/02/2025",
                "Hai bên thống nhất cắm lại mốc giới",
                None,
            ],
            [
                "VV02",
                "THG02",
                "10/03/2025",
                "Hòa giải viên chứng kiến",
                "Hôn nhân và gia đình",
                "Mâu thuẫn vợ chồng",
                "Lò Văn Ên, 1990, bản Pù; Lò Thị Phương, 1992, bản Pù",
                "HGV03",
                "11/03/2025",
                None,
                None,
                None,
                None,
                None,
            ],
            [
                "VV03",
                "THG01",
                "15/03/2025",
                None,
                "Mâu thuẫn giữa các bên",
                "Tiếng ồn",
                "Hộ ông Giang",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                "VV04",
                "THG02",
                "01/04/2025",
                "Tổ trưởng phân công",
                "Vi phạm pháp luật",
                "Chăn thả gia súc",
                "Lò Văn Hùng, 1970",
                "HGV03; HGV04",
                "02/04/2025",
                "03/04/2025",
                "Không thành",
                "20/04/2025",
                None,
                None,
            ],
            [
                "VV05",
                "THG01",
                "05/05/2025",
                None,
                "Ngoài phạm vi",
                "Tranh chấp hợp đồng thương mại",
                "Công ty ABC",
                None,
                None,
                None,
                None,
                None,
                None,
                "hướng dẫn đến tòa án",
            ],
        ],
        "TapHuan": [
            [
                "L01",
                "Tập huấn kỹ năng hòa giải",
                "Cơ bản",
                "Xã",
                "10/06/2025",
                "11/06/2025",
                8,
                "Hội trường UBND xã",
            ],
        ],
        "DiemDanh": [
            ["L01", "HGV01", "Có"],
            ["L01", "HGV02", "x"],
            ["L01", "HGV03", 0],
        ],
    }


def write_workbook(
    path: Path,
    rows: dict[str, Rows] | None = None,
    *,
    headers: dict[str, list[str]] | None = None,
    above: dict[str, Rows] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """A workbook with the standard sheets (minus ``drop``), optional title rows ``above`` the header."""
    data = sample_rows() if rows is None else rows
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name in HEADERS:
        if name in drop:
            continue
        ws = wb.create_sheet(name)
        for row in (above or {}).get(name, []):
            ws.append(row)
        ws.append((headers or {}).get(name, HEADERS[name]))
        for row in data.get(name, []):
            ws.append(row)
    wb.save(path)
    return path


def snapshot(db_path: Path) -> dict[str, Any]:
    """Row counts of every table (audit entries included) — what "nothing was written" compares."""
    con = sqlite3.connect(db_path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'fts_%'"
                " AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(rows: dict[str, Rows] | None = None, **kwargs: Any) -> Path:
        return write_workbook(tmp_path / f"wb{next(counter)}.xlsx", rows, **kwargs)

    return make
