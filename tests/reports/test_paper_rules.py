"""The paper rules of DOMAIN §5 read back from every PDF: number, kind word, separators, no program talk, the
signature never alone on a page, and texts longer than a page printed whole."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.unit_names import bare_province, province_phrase, split_commune
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.reports.paper import document_number, fmt_value
from hoagiai_desktop.reports.render import render_report
from hoagiai_desktop.services.unit import UnitInput, get_unit, save_unit
from tests.reports.conftest import pdf_text

ALL = [
    ("thong-ke", "2026", {}),
    ("so-theo-doi", "2026", {"team_code": "T01"}),
    ("bao-cao", "2026", {"narrative": {"kho_khan": "Kinh phí hỗ trợ tổ hòa giải còn thấp."}}),
    ("de-an", "2026", {}),
    ("danh-sach", "2026", {}),
    ("tap-huan", None, {"event_code": "E01"}),
    ("van-ban-hgt", None, {"case_code": "C01"}),
]
# What opens the signature block on each paper (the first words after the content).
SIGN_START = ("Người lập biểu", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "TỔ TRƯỞNG TỔ HÒA GIẢI", "BÊN 1", "BÊN")


@pytest.mark.parametrize(
    ("typed", "code", "printed"),
    [
        ("15", "BC-UBND", "15/BC-UBND"),
        ("15/BC-UBND", "BC-UBND", "15/BC-UBND"),
        ("5", "BC-UBND", "05/BC-UBND"),
        ("5/bc-ubnd", "BC-UBND", "05/BC-UBND"),
        ("Số: 07/BC-UBND", "BC-UBND", "07/BC-UBND"),
        ("3", "DS-UBND", "03/DS-UBND"),
        ("1283", "BC-UBND", "1283/BC-UBND"),
    ],
)
def test_document_number_typed_either_way(typed: str, code: str, printed: str) -> None:
    assert document_number(typed, code) == printed


@pytest.mark.parametrize(
    ("typed", "bare", "kind"),
    [
        ("Xã Tân Hòa", "Tân Hòa", UnitKind.XA),
        ("xa Tân Hòa", "Tân Hòa", UnitKind.XA),
        ("UBND phường Ba Đình", "Ba Đình", UnitKind.PHUONG),
        ("Ủy ban nhân dân đặc khu Phú Quốc", "Phú Quốc", UnitKind.DAC_KHU),
        ("Tân Hòa", "Tân Hòa", None),
        ("Xuân Phương", "Xuân Phương", None),  # "Xuân" starts like "xa" but is a name
        ("Phường", "Phường", None),  # nothing after the word: it is the name
    ],
)
def test_kind_word_typed_into_the_name_is_recognised(typed: str, bare: str, kind: UnitKind | None) -> None:
    assert split_commune(typed) == (bare, kind)


def test_province_printed_once_with_its_kind() -> None:
    assert bare_province("Tỉnh Thái Nguyên") == "Thái Nguyên"
    assert province_phrase("Tỉnh Thái Nguyên") == "tỉnh Thái Nguyên"
    assert province_phrase("TP. Hà Nội") == "thành phố Hà Nội"
    assert province_phrase("Huế") == "thành phố Huế"
    assert province_phrase("Tình Hải") == "tỉnh Tình Hải"  # a name that merely looks like the word


def test_vietnamese_separators_and_the_rate_of_nothing() -> None:
    assert fmt_value(1283) == "1.283" and fmt_value(1234567) == "1.234.567"
    assert fmt_value(72.14, "percent") == "72,1" and fmt_value(1283.5) == "1.283,5"
    assert fmt_value(None, "percent") == "—" and fmt_value(0) == "0"


def _retype_unit(db: Any) -> None:
    """The officer typed the kind words into the fields (as many do)."""
    unit = get_unit(db)
    assert unit is not None
    save_unit(db, UnitInput(province="Tỉnh Phú Thọ", name="Xã Tân Lập", kind=UnitKind.PHUONG,
                            place_name="Xã Tân Lập", chairman_name=unit.chairman_name,
                            vice_chairman_name=unit.vice_chairman_name, signer_is_vice=True))  # fmt: skip


def test_the_service_stores_the_bare_name_and_the_typed_kind(commune: Any) -> None:
    _retype_unit(commune)
    unit = get_unit(commune)
    assert unit is not None
    assert (unit.name, unit.kind, unit.province, unit.place_name) == (
        "Tân Lập",
        UnitKind.XA,
        "Phú Thọ",
        "Tân Lập",
    )


def _pages(path: Path) -> list[str]:
    return [" ".join(p.split()) for p in pdf_text(path, layout=False).split("\f") if p.strip()]


def _content_before_signature(page: str) -> str:
    """What a page holds before its signature block starts (the page number removed)."""
    page = re.sub(r"^\d+ ", "", page)
    cut = min((page.find(s) for s in SIGN_START if s in page), default=len(page))
    return page[:cut].strip()


@pytest.mark.parametrize(("form", "period", "kw"), ALL, ids=[f for f, _, _ in ALL])
def test_every_paper_follows_the_rules(
    commune: Any, tmp_path: Path, form: str, period: str | None, kw: dict[str, Any]
) -> None:
    with commune.transaction() as s:  # data saved before the rule, with the kind word in the name
        unit = s.query(m.Unit).one()
        unit.name, unit.province, unit.place_name = "Xã Tân Lập", "Tỉnh Phú Thọ", "Xã Tân Lập"
    out = tmp_path / f"{form}.pdf"
    render_report(commune, form, period, out, number="15/BC-UBND" if form != "danh-sach" else "7", **kw)
    pages = _pages(out)
    text = " ".join(pages)
    assert "XÃ XÃ" not in text.upper() and "tỉnh Tỉnh" not in text and "Xã Tân Lập, ngày" not in text
    assert "TÂN LẬP" in text
    if form in ("thong-ke", "bao-cao", "de-an", "tap-huan"):
        assert "Số: 15/BC-UBND" in text and "BC-UBND/BC-UBND" not in text
    if form == "danh-sach":
        assert "Số: 07/DS-UBND" in text
    if form not in ("so-theo-doi", "van-ban-hgt", "thong-ke"):
        assert "./." in text  # the body ends with "./."
    for program_talk in ("hoagiai", "TT03-2019", "2026-H1", "Mẫu tham khảo", "forms import"):
        assert program_talk not in text, program_talk
    assert not re.search(r"\b0 (lớp|đại biểu|tổ hòa giải|hòa giải viên)\b", text)
    last = pages[-1]
    assert _content_before_signature(last), f"the signature block stands alone on the last page of {form}"


@pytest.mark.parametrize("lines", range(0, 26, 2))
def test_signature_never_alone_whatever_the_length_of_the_text(
    commune: Any, tmp_path: Path, lines: int
) -> None:
    """Longer and longer proposals push the end of the report past the page break at some length."""
    text = "\n".join(
        f"Đề xuất thứ {i + 1}: tăng kinh phí hỗ trợ cho tổ hòa giải ở thôn." for i in range(lines)
    )
    out = tmp_path / "bc.pdf"
    render_report(commune, "bao-cao", "2026", out, narrative={"de_xuat": text} if text else {})
    pages = _pages(out)
    assert _content_before_signature(pages[-1])
    assert "./." in pages[-1]  # the last paragraph moved with the signatures


def _long_agreement() -> str:
    parts, i = [], 0
    while sum(len(p) + 1 for p in parts) < 20_000:
        i += 1
        parts.append(f"Khoản {i:04d}: hai bên cam kết thực hiện đúng phần việc của mình.")
    return " ".join(parts)


@pytest.mark.parametrize(("form", "kw"), [("so-theo-doi", {"period": "2026", "team_code": "T01"}),
                                          ("van-ban-hgt", {"period": None, "case_code": "C01"})])  # fmt: skip
def test_an_agreement_longer_than_a_page_prints_whole(
    commune: Any, tmp_path: Path, form: str, kw: dict[str, Any]
) -> None:
    agreement = _long_agreement()
    assert len(agreement) >= 20_000
    with commune.transaction() as s:
        s.query(m.Case).filter_by(code="C01").one().agreement = agreement
    out = tmp_path / f"{form}.pdf"
    kw = dict(kw)
    result = render_report(commune, form, kw.pop("period"), out, **kw)
    text = " ".join(_pages(out))
    numbers = [int(n) for n in re.findall(r"Khoản (\d{4}):", text)]
    count = agreement.count("Khoản ")
    assert numbers == list(range(1, count + 1)), "a part of the agreement is missing or out of order"
    assert result.pages > 3
    assert _content_before_signature(_pages(out)[-1])


TABULAR = [("thong-ke", "2026-H1", {}), ("so-theo-doi", "2026", {"team_code": "T01"}), ("de-an", "2026", {}),
           ("danh-sach", "2026", {}), ("tap-huan", None, {"event_code": "E01"})]  # fmt: skip


@pytest.mark.parametrize(("form", "period", "kw"), TABULAR, ids=[f for f, _, _ in TABULAR])
def test_the_xlsx_twin_carries_the_paper_frame(
    commune: Any, tmp_path: Path, form: str, period: str | None, kw: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    xl = tmp_path / f"{form}.xlsx"
    render_report(commune, form, period, tmp_path / f"{form}.pdf", xlsx=xl, number="15", **kw)
    for ws in load_workbook(xl).worksheets:
        values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
        texts = {str(v) for v in values}
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Độc lập - Tự do - Hạnh phúc" in texts
        assert any(t.startswith("Tân Lập, ngày") for t in texts)
        if form == "so-theo-doi":
            assert "TỔ TRƯỞNG TỔ HÒA GIẢI" in texts and "Nguyễn Thị Hường" in texts
        else:
            assert "ỦY BAN NHÂN DÂN" in texts and "XÃ TÂN LẬP" in texts
            assert ("Số: 15/DS-UBND" if form == "danh-sach" else "Số: 15/BC-UBND") in texts
            assert "TM. ỦY BAN NHÂN DÂN" in texts and "Trần Thị Bình" in texts  # the vice-chairman signs
        assert not any(isinstance(v, str) and re.fullmatch(r"\d[\d.]*(,\d+)?\*?", v) for v in values), (
            "a figure was written as text"
        )
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(
            ws.PAPERSIZE_A4
        )
        assert ws.print_title_rows  # the header rows repeat on every printed page


def test_estimated_cells_are_numbers_marked_by_style_and_comment(commune: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    xl = tmp_path / "tk.xlsx"
    result = render_report(commune, "thong-ke", "2026-H1", tmp_path / "tk.pdf", xlsx=xl)
    assert result.estimated_cells > 0
    ws = load_workbook(xl).active
    marked = [c for row in ws.iter_rows() for c in row if c.comment is not None]
    assert 0 < len(marked) <= result.estimated_cells  # a rate of nothing ("—") is no number to mark
    assert all(isinstance(c.value, int | float) and c.fill.fgColor.rgb.endswith("FFF2CC") for c in marked)
    assert all("ước tính" in c.comment.text for c in marked)


def test_logbook_summary_rows_add_up(commune: Any, tmp_path: Path) -> None:
    """Part II of the logbook read back: every row's total is the sum of its results, and the categories add
    up to the grand total (a row that does not add up fails)."""
    out = tmp_path / "so.pdf"
    render_report(commune, "so-theo-doi", "2026", out, team_code="T01")
    part2 = pdf_text(out).split("PHẦN II")[-1]
    rows: dict[str, list[int]] = {}
    for line in part2.splitlines():
        found = re.match(r"^\s*(\S.*?\S)\s+((?:\d[\d.]*\s+){5}\d[\d.]*)\s*$", line)
        if found:
            rows[found.group(1)] = [int(x.replace(".", "")) for x in found.group(2).split()]
    assert "Tổng cộng" in rows and len(rows) >= 6, rows
    for label, (total, *parts) in rows.items():
        assert total == sum(parts), f"{label}: {total} ≠ {parts}"
    categories = ("Mâu thuẫn", "Dân sự", "Hôn nhân", "Vi phạm", "Khác", "Ngoài phạm vi")
    by_category = [v for k, v in rows.items() if k.startswith(categories)]
    assert [sum(col) for col in zip(*by_category, strict=True)] == rows["Tổng cộng"]
    assert rows["Tổng cộng"][0] == 4  # C01–C04 of T01 in 2026


def test_a_team_heading_never_ends_a_page_of_the_roster(commune: Any, tmp_path: Path) -> None:
    """Add teams until some team's heading row would fall last on a page: it always moves with its members."""
    from hoagiai_desktop.domain.enums import Sex

    with commune.transaction() as s:
        village = s.query(m.Village).filter_by(code="V01").one()
        for t in range(4, 16):
            team = m.Team(
                code=f"T{t:02d}",
                name=f"Tổ hòa giải số {t}",
                village=village,
                decision_date=dt.date(2020, 1, 1),
            )
            s.add(team)
            for k in range(t % 5 + 3):
                person = m.Mediator(
                    code=f"N{t:02d}{k}", full_name=f"Người Thứ {t}-{k}", sex=Sex.NU, birth_year=1980
                )
                s.add(m.Membership(mediator=person, team=team, start_date=dt.date(2020, 1, 1)))
    out = tmp_path / "ds.pdf"
    render_report(commune, "danh-sach", "2026", out)
    for page in pdf_text(out, layout=False).split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines and not re.match(r"^\d+\. Tổ hòa giải", lines[-1]), (
            f"a team heading ends a page: {lines[-1]}"
        )


def test_the_roster_of_one_team_says_nothing_about_the_whole_commune(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "ds.pdf"
    render_report(commune, "danh-sach", "2026", out, team_code="T02")
    text = " ".join(pdf_text(out).split())
    assert "Tổ hòa giải bản Mường Ẳng có 2 hòa giải viên; tổ chưa đủ thành phần theo quy định." in text
    assert "Trên địa bàn" not in text and "Tổ hòa giải thôn Đông" not in text
    with pytest.raises(UserError):
        render_report(commune, "danh-sach", "2026", out, team_code="T99")
