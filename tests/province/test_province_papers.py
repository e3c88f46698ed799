"""The province statistical report: the total row is the sum of the communes' rows, one row per commune."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from hoagiai_desktop.province import keys
from hoagiai_desktop.services import province_papers, province_registry
from hoagiai_desktop.services import province_receive as pr
from tests.province.helpers import FINALISED, make_package, registry_xlsx


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


def _text(pdf: Path, layout: bool = False) -> str:
    mode = "layout" if layout else "plain"
    return "\n".join(page.extract_text(extraction_mode=mode) for page in PdfReader(pdf).pages)


def _numbers(line: str) -> list[str]:
    return re.findall(r"\d[\d.,]*|—", line)


def _received(province: Any, tmp_path: Path) -> dict[str, dict[str, Any]]:
    from tests.province.test_province_dashboard import MIDDLE, WEAK, figures

    sent = {"26734": figures(1, **MIDDLE), "26750": figures(3, **WEAK)}
    for code, values in sent.items():
        make_package(tmp_path / "usb", code, PAIRS[code], values=values)
    pr.receive(province, [tmp_path / "usb"])
    return sent


PAIRS = {code: keys.new_signing_pair() for code in ("26734", "26750")}
SO_RECIPIENTS = ("Bộ Tư pháp (Cục Phổ biến, giáo dục pháp luật)", "UBND tỉnh Cao Bằng", "Lưu: VT, PBGDPL")


def _issued_by_the_so(text: str) -> None:
    """The Sở Tư pháp's paper: its issuer, number code, director and recipients — none of the commune's."""
    for words in ("UBND TỈNH CAO BẰNG", "SỞ TƯ PHÁP", "GIÁM ĐỐC", "Nơi nhận:", *SO_RECIPIENTS):
        assert words in text, words
    for words in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "TT Đảng ủy", "Lưu: VT, Tư pháp", "(để báo cáo);\n- TT"):
        assert words not in text, words
    assert text == unicodedata.normalize("NFC", text)  # no decomposed marks on paper


def test_the_de_an_report_has_a_row_per_commune_and_the_province_row_is_their_sum(
    province: Any, tmp_path: Path
) -> None:
    sent = _received(province, tmp_path)
    data = province_papers.de_an_data(province, "2025")
    assert [c["code"] for c in data["communes"]] == ["26734", "26740", "26750"]  # the whole registry
    for r in data["indicators"]:
        assert data["province_row"][r["key"]][0] == sum(
            c["values"][r["key"]][0] for c in data["communes"] if c["values"] is not None
        )
    pdf, pages = province_papers.write_de_an_report(province, "2025", tmp_path / "de-an.pdf")
    text = _text(pdf)
    assert pages == len(PdfReader(pdf).pages)
    _issued_by_the_so(text)
    assert "BC-STP" in text and "Quyết định số 315/QĐ-TTg" in text
    lines = [line.strip() for line in _text(pdf, layout=True).splitlines()]  # one table row a line
    total = next(_numbers(line) for line in lines if line.startswith("Toàn tỉnh "))
    rows = {name: next(_numbers(line.split(name, 1)[1]) for line in lines if name in line and line[:1].isdigit())
            for name in ("Xã Tiên Phong", "Đặc khu Cô Tô")}  # fmt: skip
    assert len(total) == 12 and all(len(r) == 12 for r in rows.values())
    for col in range(0, 12, 2):  # the counts: the province's is the communes' sum, column by column
        assert int(total[col]) == sum(int(r[col]) for r in rows.values())
    assert "Phường Hòa Bình (chưa nộp báo cáo)" in " ".join(
        text.split()
    )  # every commune of the registry is on the paper
    assert int(total[0]) == sent["26734"]["teams.compliant"] + sent["26750"]["teams.compliant"]
    assert total[1] == "50,0"  # 12 of the 24 teams: the ratio of the sums


def test_the_completeness_list_names_every_commune_with_its_status_dates_and_receipt(
    province: Any, tmp_path: Path
) -> None:
    # a registry typed with decomposed marks (as some keyboards and PDFs give them): the paper still prints NFC
    province_registry.import_communes(
        province,
        registry_xlsx(
            tmp_path / "nfd.xlsx", [("26740", unicodedata.normalize("NFD", "Hòa Bình"), "phường", "")]
        ),
    )
    _received(province, tmp_path)
    newer = make_package(tmp_path / "again", "26734", PAIRS["26734"], seed=9, finalised_id=2,
                         finalised_at=FINALISED + dt.timedelta(days=3))  # fmt: skip
    pr.receive(province, [newer])
    data = province_papers.completeness_data(province, "2025")
    by_code = {r["code"]: r for r in data["rows"]}
    assert [by_code[c]["status"] for c in ("26734", "26740", "26750")] == ["da_thay_the", "chua_nop", "muon"]
    pdf, _pages = province_papers.write_completeness_list(province, "2025", tmp_path / "danh-sach.pdf")
    text = _text(pdf)
    _issued_by_the_so(text)
    assert "DS-STP" in text and "Hạn nộp báo cáo: ngày 20/01/2026" in text
    for code, name in (("26734", "Xã Tiên Phong"), ("26740", "Phường Hòa Bình"), ("26750", "Đặc khu Cô Tô")):
        line = next(line for line in _text(pdf, layout=True).splitlines() if code in line)
        assert name in line, line
        receipt = by_code[code]["receipt_number"]
        if receipt:
            assert receipt in line and dt.date.today().strftime("%d/%m/%Y") in line
    assert "Đã thay thế" in text and "Chưa nộp" in text and "Muộn" in text
    assert "đã nộp 2 (đúng hạn 0, muộn 1, đã thay thế 1); chưa nộp 1" in " ".join(text.split())


def test_the_statistical_report_is_the_departments_and_goes_to_the_ministry(
    province: Any, tmp_path: Path
) -> None:
    _received(province, tmp_path)
    pdf, _pages = province_papers.write_statistical_report(province, "2025", tmp_path / "thong-ke.pdf")
    text = _text(pdf)
    _issued_by_the_so(text)
    assert "Đơn vị báo cáo: Sở Tư pháp tỉnh Cao Bằng" in text and "Đơn vị nhận báo cáo: Bộ Tư pháp" in text
    assert "UBND tỉnh Cao Bằng\nĐơn vị" not in text  # the reporting unit is the Sở, not the province's UBND


def test_province_report_command_writes_each_paper(province: Any, tmp_path: Path) -> None:
    _received(province, tmp_path)
    province.dispose()
    for form in ("thong-ke", "de-an", "danh-sach-nop"):
        out = tmp_path / f"{form}.pdf"
        # the target, not .path: on PostgreSQL there is no file (str(None) made a SQLite file called "None")
        done = subprocess.run(["hoagiai", "--db", province.target, "province", "report", "--form", form,
                               "--period", "2025", "--out", str(out)], capture_output=True, text=True,
                              cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "Cục Phổ biến, giáo dục pháp luật" in _text(out)
