"""The paper rules of DOMAIN §5 read back from every PDF: number, kind word, separators, no program talk, the
signature never alone on a page, and texts longer than a page printed whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.unit_names import bare_province, province_phrase, split_commune
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
