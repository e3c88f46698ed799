"""Every other output of DOMAIN §5 read back from the PDF (and the .xlsx), plus finalising and the commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hoagiai_desktop.cli import main
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Category, Result
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import set_language
from hoagiai_desktop.reports.finalise import changes_since_finalised, finalise, render_finalised
from hoagiai_desktop.reports.render import CHANGED_NOTICE, FORMS, render_report
from tests.reports.conftest import page_sizes, pdf_fonts, pdf_text

ALL = [
    ("thong-ke", {"period": "2026"}),
    ("so-theo-doi", {"period": "2026", "team_code": "T01"}),
    ("bao-cao", {"period": "2026", "narrative": {"kho_khan": "Kinh phí hỗ trợ tổ hòa giải còn thấp."}}),
    ("de-an", {"period": "2026"}),
    ("danh-sach", {"period": "2026"}),
    ("tap-huan", {"period": None, "event_code": "E01"}),
    ("van-ban-hgt", {"period": None, "case_code": "C01"}),
]


@pytest.mark.parametrize(("form", "kw"), ALL, ids=[f for f, _ in ALL])
def test_every_output_is_an_nd30_a4_pdf(commune: Any, tmp_path: Path, form: str, kw: dict[str, Any]) -> None:
    out = tmp_path / f"{form}.pdf"
    kw = dict(kw)
    result = render_report(commune, form, kw.pop("period"), out, **kw)
    assert result.pages >= 1 and out.read_bytes().startswith(b"%PDF")
    sizes = page_sizes(out)
    assert len(sizes) == result.pages
    assert all(size in ((595, 842), (842, 595)) for size in sizes)
    fonts = pdf_fonts(out)
    assert fonts and all("LiberationSerif" in line and " yes yes yes " in line for line in fonts), fonts
    text = pdf_text(out)
    if form != "so-theo-doi":  # the logbook opens with its own cover
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    if result.pages > 1:
        second = text.split("\f")[1]
        assert second.strip().splitlines()[0].strip() == "2"  # page number centred at the top from page 2
    first = text.split("\f")[0]
    assert not first.strip().splitlines()[0].strip().isdigit()  # …but not on page 1
    assert form in FORMS


def test_logbook_shows_only_its_teams_cases(commune: Any, tmp_path: Path) -> None:
    t1, t2 = tmp_path / "t1.pdf", tmp_path / "t2.pdf"
    render_report(commune, "so-theo-doi", "2026", t1, team_code="T01", xlsx=tmp_path / "t1.xlsx")
    render_report(commune, "so-theo-doi", "2026", t2, team_code="T02")
    one, two = (" ".join(pdf_text(p, layout=False).split()) for p in (t1, t2))
    assert "SỔ THEO DÕI HOẠT ĐỘNG" in one and "PHẦN I" in one and "PHẦN II" in one
    assert "Trịnh Văn Ẩn" in one and "vụ việc C01" in one and "Hai bên thống nhất trả lại 2 m² đất" in one
    assert "Đánh nhau gây thương tích" not in one
    assert "Đánh nhau gây thương tích" in two and "C01" not in two and "Trịnh Văn Ẩn" not in two
    assert "Hướng dẫn đến Tòa án nhân dân" in two  # out-of-scope case with its guidance
    # 2026 logbook of T01: C04 (carried), C01, C02, C03; C03 open with a mediator assigned → đang giải quyết
    assert one.count("Hòa giải thành") >= 2 and "Đang giải quyết" in one
    wb = load_workbook(tmp_path / "t1.xlsx")
    assert wb.sheetnames == ["Phần I - Vụ việc", "Phần II - Tổng hợp"]
    codes = [c.value for c in wb["Phần I - Vụ việc"]["A"] if isinstance(c.value, int)]
    assert codes == [1, 2, 3, 4]


def test_roster_lists_members_and_compliance_warnings(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "ds.pdf"
    render_report(commune, "danh-sach", "2026", out, xlsx=tmp_path / "ds.xlsx")
    text = pdf_text(out)
    for name in (
        "Nguyễn Thị Hường",
        "Đặng Văn Ẩn",
        "Phạm Thị Ngọc Ánh",
        "Vũ Văn Đức",
        "Lò Văn Sơn",
        "Hoàng Văn Tuấn",
    ):
        assert name in text
    assert "Bùi Văn Cũ" not in text  # membership ended with the dissolved team
    flat = " ".join(text.split())
    assert "Tổ chỉ có 2 hòa giải viên (tối thiểu 3 người)" in flat
    assert "Tổ chưa có hòa giải viên nữ" in flat
    assert "chưa có hòa giải viên là người dân tộc thiểu số" in flat
    assert "Tổ đủ thành phần theo Điều 12" in flat  # T01
    assert "1 tổ chưa đủ thành phần" in flat
    cells = [c.value for row in load_workbook(tmp_path / "ds.xlsx").active.iter_rows() for c in row]
    assert "Lò Văn Sơn" in cells and "Có" in cells and "Chưa" in cells


def test_training_report_and_sign_in_sheet(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "th.pdf"
    render_report(commune, "tap-huan", None, out, event_code="E01", xlsx=tmp_path / "th.xlsx")
    text = pdf_text(out)
    flat = " ".join(text.split())
    assert "DANH SÁCH HỌC VIÊN THAM DỰ" in text and "Ký tên" in text
    assert "3/3 hòa giải viên được triệu tập có mặt; 1 đại biểu" in flat
    assert "từ ngày 14/03/2026 đến ngày 15/03/2026, thời lượng 8 giờ" in flat
    assert "Tổ hòa giải thôn Đông 4 3 75,0" in flat and "Tổ hòa giải bản Mường Ẳng 2 0 0,0" in flat
    ws = load_workbook(tmp_path / "th.xlsx")["Danh sách ký"]
    rows = [[c.value for c in row] for row in ws.iter_rows() if isinstance(row[0].value, int)]
    assert [r[1] for r in rows] == ["Phạm Thị Ngọc Ánh", "Đặng Văn Ẩn", "Nguyễn Thị Hường", "Lê Thị Hường"]
    assert all(r[4] is None for r in rows)  # blank signature column
    with pytest.raises(UserError):
        render_report(commune, "tap-huan", None, out, event_code="NOPE")


def test_record_of_successful_mediation(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "vb.pdf"
    render_report(commune, "van-ban-hgt", None, out, case_code="C01")
    flat = " ".join(pdf_text(out).split())
    for point in ("a) Căn cứ tiến hành hòa giải", "b) Thông tin cơ bản về các bên", "c) Nội dung chủ yếu của vụ, việc",
                  "d) Diễn biến của quá trình hòa giải", "đ) Thỏa thuận đạt được và giải pháp thực hiện",
                  "e) Quyền và nghĩa vụ của các bên", "g) Phương thức, thời hạn thực hiện thỏa thuận",
                  "h) Chữ ký hoặc điểm chỉ"):  # fmt: skip
        assert point in flat, point
    assert "Trịnh Văn Ẩn, sinh năm 1965, địa chỉ: Thôn Đông" in flat
    assert (
        "Trả đất trước ngày 30/01/2026" in flat
        and "Điểm chỉ" in flat
        and "Tân Lập, ngày 20 tháng 01 năm 2026" in flat
    )
    set_language("en")
    with pytest.raises(UserError, match="not mediated successfully"):
        render_report(commune, "van-ban-hgt", None, out, case_code="C02")


def test_narrative_report_fills_figures_and_own_text(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "bc.pdf"
    render_report(commune, "bao-cao", "2026", out, number="07",
                  narrative={"kho_khan": "Kinh phí hỗ trợ còn thấp.", "de_xuat": "Đề nghị Sở Tư pháp mở lớp chuyên sâu."})  # fmt: skip
    flat = " ".join(pdf_text(out).split())
    assert "Số: 07/BC-UBND" in flat
    assert "hiện có 2 tổ hòa giải với 6 hòa giải viên" in flat
    assert "Kết quả: 3 vụ, việc hòa giải thành; 1 vụ, việc hòa giải không thành" in flat
    assert "Tỷ lệ hòa giải thành đạt 60,0%." in flat
    assert " 0 " not in flat.replace("Số: 07", "")  # prose never says "0 …" (DOMAIN §5)
    assert "Kinh phí hỗ trợ còn thấp." in flat and "Đề nghị Sở Tư pháp mở lớp chuyên sâu." in flat
    with pytest.raises(UserError):
        render_report(commune, "bao-cao", "2026", out, narrative={"lung_tung": "x"})


def test_de_an_compares_with_targets(commune: Any, tmp_path: Path) -> None:
    with commune.transaction() as s:
        s.add(m.Target(plan="KH 12/KH-UBND", legal_basis="Kế hoạch số 12/KH-UBND", indicator="cases.success_rate",
                       value=55.0, year_from=2025, year_to=2030))  # fmt: skip
        s.add(m.Target(plan="KH 12/KH-UBND", legal_basis="Kế hoạch số 12/KH-UBND", indicator="teams.compliant",
                       value=90.0, year_from=2025, year_to=2030))  # fmt: skip
    out = tmp_path / "da.pdf"
    render_report(commune, "de-an", "2026", out, xlsx=tmp_path / "da.xlsx")
    flat = " ".join(pdf_text(out, layout=False).split())
    assert "Tỷ lệ hòa giải thành KH 12/KH-UBND 55,0 60,0 Đạt" in flat
    assert "50,0 Chưa đạt" in flat  # 1 of 2 teams compliant against 90 %
    assert "1/2 chỉ tiêu đạt mục tiêu" in flat and "Mục tiêu (%)" in flat


def test_finalise_reexports_exactly_and_reports_later_changes(commune: Any, tmp_path: Path) -> None:
    fid = finalise(commune, "thong-ke", "2026-H1", number="21", issued_on=dt.date(2026, 6, 20),
                   preparer="Lê Thị Hường", checker="Phan Văn Kiểm",
                   estimates={"cases.new_by_category.dan_su": 3})  # fmt: skip
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first = render_finalised(commune, fid, a)
    assert first.changes == [] and first.notice is None
    with commune.transaction() as s:
        team = s.query(m.Team).filter_by(code="T02").one()
        s.add(m.Case(code="C99", team=team, received_on=dt.date(2026, 2, 2), category=Category.KHAC,
                     result=Result.THANH, ended_on=dt.date(2026, 2, 3), agreement="Đã thỏa thuận."))  # fmt: skip
        s.query(m.Unit).one().vice_chairman_name = "Người Khác"
    second = render_finalised(commune, fid, b)
    assert pdf_text(a) == pdf_text(b)  # byte-identical text: the frozen figures, names and date
    assert a.read_bytes() == b.read_bytes()
    text = pdf_text(b)
    assert "Số: 21/BC-UBND" in text and "ngày 20 tháng 6 năm 2026" in text and "Trần Thị Bình" in text
    assert "Phan Văn Kiểm" in text
    changes = {c.key: (c.old, c.new) for c in changes_since_finalised(commune, fid)}
    # C99 is received and ended within the actual data (to 31/05): successful 3 → 4 actual, estimated 4 → 5
    assert changes["total/cases.successful"] == (4, 5)
    assert changes["T02/cases.successful_by_category.khac"] == (0, 1)
    assert (
        "total/cases.by_category.dan_su" not in changes
    )  # made of the officer's leaf: 3 + carried 1 both times
    assert second.notice is not None and second.notice.startswith(CHANGED_NOTICE)
    assert "total/cases.successful: 4 → 5" in second.notice


def test_cli_report_and_forms(
    commune: Any, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.pdf"
    code = main(["--db", str(db_path), "report", "thong-ke", "--period", "2026-H1", "--out", str(out),
                 "--xlsx", str(tmp_path / "cli.xlsx"), "--estimate", "T01:cases.unsuccessful=1", "--number", "3"])  # fmt: skip
    assert code == 0 and out.exists() and (tmp_path / "cli.xlsx").exists()
    assert "Số: 03/BC-UBND" in pdf_text(out)  # the leading zero of NĐ 30
    capsys.readouterr()
    for argv in (
        ["report", "bogus", "--period", "2026", "--out", str(out)],
        ["report", "thong-ke", "--period", "2026-H3", "--out", str(out)],
        ["report", "so-theo-doi", "--period", "2026", "--team", "T99", "--out", str(out)],
        ["report", "thong-ke", "--period", "2026", "--out", str(out), "--estimate", "cases.new"],
    ):
        assert main(["--db", str(db_path), *argv]) != 0
        err = capsys.readouterr().err.strip()
        assert err and "\n" not in err and "Traceback" not in err, err
    form = tmp_path / "f.json"
    form.write_text(json.dumps({
        "format": "hoagiai-form/1", "form_id": "thong-ke", "version": "CLI-1", "name": "n", "title": "t",
        "legal_basis": "b", "valid_from": "2030-01-01", "columns": [{"label": "x", "indicator": "cases.new"}],
    }), encoding="utf-8")  # fmt: skip
    assert main(["--db", str(db_path), "forms", "import", str(form)]) == 0
    assert main(["--db", str(db_path), "forms", "list"]) == 0
    listed = capsys.readouterr().out
    assert "CLI-1" in listed and "TT03-2019-tham-khao" in listed and "mẫu tham khảo" in listed.lower()
    fin = tmp_path / "fin.pdf"
    assert main(["--db", str(db_path), "report", "bao-cao", "--period", "2026", "--out", str(fin), "--finalise",
                 "--preparer", "Lê Thị Hường"]) == 0  # fmt: skip
    assert "--finalised 1" in capsys.readouterr().out


def test_empty_selections_still_render(commune: Any, tmp_path: Path) -> None:
    """A team without cases in the period, a year before any team existed: header-only tables, no crash."""
    out = tmp_path / "empty.pdf"
    result = render_report(commune, "so-theo-doi", "2019", out, team_code="T02")
    assert result.pages == 3 and "PHẦN II" in pdf_text(out)
    result = render_report(commune, "danh-sach", "2019", out)
    assert "chưa có tổ hòa giải nào đang hoạt động" in " ".join(pdf_text(out).split())


@pytest.mark.parametrize(
    ("form", "period"), [("bao-cao", "2026"), ("thong-ke", "2026"), ("danh-sach", "2026")]
)
def test_text_stays_inside_the_nd30_margins(commune: Any, tmp_path: Path, form: str, period: str) -> None:
    """Left 30 mm, right 15 mm, top and bottom 20 mm (page numbers sit in the top margin)."""
    import re
    import subprocess

    out = tmp_path / "m.pdf"
    render_report(commune, form, period, out)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    mm = 72 / 25.4
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert pages
    for width, height, body in pages:
        w, h = float(width), float(height)
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body
        ):
            assert float(x0) >= 30 * mm - 1 and float(x1) <= w - 15 * mm + 1, word
            if not word.isdigit():
                assert float(y0) >= 20 * mm - 1 and float(y1) <= h - 20 * mm + 1, word


def test_cli_bao_cao_prints_the_paragraphs_written_in_the_window(
    commune: Any, db_path: Path, tmp_path: Path
) -> None:
    """The window keeps the officer's paragraphs in the data file; the command line prints the same bao-cao."""
    from hoagiai_desktop.services.narrative import save_narrative

    save_narrative(commune, "2026", {"kho_khan": "Thiếu kinh phí in tài liệu cho các tổ hòa giải."})
    out = tmp_path / "bc-cli.pdf"
    assert main(["--db", str(db_path), "report", "bao-cao", "--period", "2026", "--out", str(out)]) == 0
    assert "Thiếu kinh phí in tài liệu cho các tổ hòa giải." in " ".join(pdf_text(out).split())
    given = tmp_path / "own.json"
    given.write_text(json.dumps({"kho_khan": "Đoạn văn từ tệp."}), encoding="utf-8")
    assert main(["--db", str(db_path), "report", "bao-cao", "--period", "2026", "--out", str(out),
                 "--narrative", str(given)]) == 0  # fmt: skip
    flat = " ".join(pdf_text(out).split())
    assert "Đoạn văn từ tệp." in flat and "Thiếu kinh phí" not in flat  # a file given on the line wins
