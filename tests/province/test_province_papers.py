"""The province statistical report: the total row is the sum of the communes' rows, one row per commune."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from hoagiai_desktop.services import province_papers
from hoagiai_desktop.services import province_receive as pr
from tests.province.helpers import make_package


def test_province_statistical_report(province: Any, tmp_path: Path) -> None:
    paths = [make_package(tmp_path / "usb", code, seed=n) for n, code in enumerate(("26734", "26750"))]
    pr.receive(province, [tmp_path / "usb"])
    data = province_papers.statistical_data(province, "2025")
    values = [json.loads(zipfile.ZipFile(p).read("figures.json"))["commune"]["values"] for p in paths]
    total = data["rows"][0]["values"]
    assert [r["team_code"] for r in data["rows"]] == [None, "26734", "26750"]
    for key in ("cases.handled", "mediators.total", "teams.total"):
        assert total[key] == sum(v[key] for v in values)
    pdf, pages = province_papers.write_statistical_report(province, "2025", tmp_path / "tinh.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert pages == len(PdfReader(pdf).pages)
    for words in (
        "TỈNH CAO BẰNG",
        "Tổng số toàn tỉnh",
        "Tiên Phong",
        "Cô Tô",
        str(int(total["cases.handled"])),
    ):
        assert words in text, words
