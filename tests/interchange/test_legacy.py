"""Text typed with the TCVN3 (.VnTime) and VNI-Windows fonts becomes Unicode; real Unicode, English and codes stay."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.interchange import import_workbook
from hoagiai_desktop.interchange.legacy import TCVN3_TO_UNICODE, VNI_PAIRS, convert, is_syllable
from hoagiai_desktop.storage.database import Database
from tests.interchange.conftest import sample_rows

# (as the cell shows it, what was meant) — strings as Excel shows them when typed with the legacy fonts.
TCVN3 = [
    ("NguyÔn V¨n Hµ", "Nguyễn Văn Hà"),
    ("TrÇn ThÞ Thu H\xad¬ng", "Trần Thị Thu Hương"),  # ư is byte AD, which Windows shows as a soft hyphen
    ("Hoµng §øc Th¾ng", "Hoàng Đức Thắng"),
    ("Th«n §«ng, x· Yªn L¹c, tØnh VÜnh Phóc", "Thôn Đông, xã Yên Lạc, tỉnh Vĩnh Phúc"),
    ("Tranh chÊp ®Êt ®ai gi÷a hai hé liÒn kÒ", "Tranh chấp đất đai giữa hai hộ liền kề"),
    ("Sè 12/Q§-UBND", "Số 12/QĐ-UBND"),
    ("NGUYÔN V¡N MINH", "NGUYỄN VĂN MINH"),  # typed in the capital font .VnTimeH
    ("Hßa gi¶i thµnh", "Hòa giải thành"),
]
VNI = [
    ("Nguyeãn Vaên Haø", "Nguyễn Văn Hà"),
    ("Traàn Thò Thu Höông", "Trần Thị Thu Hương"),
    ("Hoaøng Ñöùc Thaéng", "Hoàng Đức Thắng"),
    ("Thoân Ñoâng, xaõ Yeân Laïc, tænh Vónh Phuùc", "Thôn Đông, xã Yên Lạc, tỉnh Vĩnh Phúc"),
    ("Tranh chaáp ñaát ñai giöõa hai hoä lieàn keà", "Tranh chấp đất đai giữa hai hộ liền kề"),
    ("NGUYEÃN VAÊN MINH", "NGUYỄN VĂN MINH"),
    ("Lyù Thò Ngoïc Bích", "Lý Thị Ngọc Bích"),
]
UNTOUCHED = [
    "Nguyễn Văn Hà", "Trần Thị Thu Hương", "Hòa giải thành", "Lò Văn Cương", "Đắk Lắk", "Ê Đê", "H'Mông",
    "Thôn Đông, xã Yên Lạc", "Không", "Có", "x", "Meeting of the team leaders", "Müller & Söhne", "café",
    "THG01", "HGV-001", "12/QĐ-UBND", "0912345678", "VV-2025-0001", "Tòa án nhân dân", "Ông Ánh", "ó",
]  # fmt: skip


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3)
def test_tcvn3_is_converted(legacy: str, unicode: str) -> None:
    result = convert(legacy)
    assert (result.text, result.encoding) == (unicode, "TCVN3")


@pytest.mark.parametrize(("legacy", "unicode"), VNI)
def test_vni_is_converted(legacy: str, unicode: str) -> None:
    result = convert(legacy)
    assert (result.text, result.encoding) == (unicode, "VNI")


@pytest.mark.parametrize("text", UNTOUCHED)
def test_unicode_english_and_codes_are_left_alone(text: str) -> None:
    assert convert(text).encoding is None
    assert convert(text).text == text


def test_decomposed_unicode_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    result = convert(decomposed)
    assert result.encoding is None and result.text == "Nguyễn Thị Hường" and len(result.text) == 16


def test_tables_cover_all_134_toned_and_modified_letters() -> None:
    # TCVN3 VN3: 7 capitals + 7 small modified letters + 12 vowels × 5 tones; VNI: every (base, mark) pair.
    assert len(TCVN3_TO_UNICODE) == 7 + 7 + 60
    assert len(set(TCVN3_TO_UNICODE.values())) == 74
    assert VNI_PAIRS[("a", "ê")] == "ă" and VNI_PAIRS[("A", "Ä")] == "Ậ" and VNI_PAIRS[("ö", "ø")] == "ừ"


@pytest.mark.parametrize(("word", "ok"), [
    ("nguyễn", True), ("quốc", True), ("giữ", True), ("gì", True), ("khuếch", True), ("người", True),
    ("thuở", True), ("hoà", True), ("ngoặt", True), ("thìch", False), ("nguyÔn", False), ("hµ", False), ("abcê", False),
])  # fmt: skip
def test_syllable_check(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok


def test_import_converts_legacy_cells_and_reports_them(db: Database, tmp_path: Path) -> None:
    from tests.interchange.conftest import write_workbook

    rows = sample_rows()
    rows["ThonTo"][0][1] = "Th«n §«ng"  # TCVN3
    rows["HoaGiaiVien"][1][1] = "Traàn Thò Bình"  # VNI
    rows["HoaGiaiVien"][1][5] = "th«n §«ng"
    report = import_workbook(db, write_workbook(tmp_path / "cu.xlsx", rows))
    assert report.ok, report.problems
    assert report.converted_cells == 3
    assert report.conversion_encodings == {"TCVN3": 2, "VNI": 1}
    assert report.conversion_example == ("Th«n §«ng", "Thôn Đông")
    with db.reading() as s:
        assert s.scalars(select(m.Village.name).where(m.Village.code == "T01")).one() == "Thôn Đông"
        binh = s.scalars(select(m.Mediator).where(m.Mediator.code == "HGV02")).one()
        assert (binh.full_name, binh.address, binh.name_fold) == (
            "Trần Thị Bình",
            "thôn Đông",
            "tran thi binh hgv02",
        )


def test_plain_workbook_reports_no_conversion(db: Database, workbook: Callable[..., Path]) -> None:
    report = import_workbook(db, workbook())
    assert report.converted_cells == 0 and report.conversion_example is None


def test_a_column_typed_in_tcvn3_converts_its_ambiguous_cells_too(db: Database, tmp_path: Path) -> None:
    from tests.interchange.conftest import write_workbook

    rows = sample_rows()
    # "Lª V¨n Sè" is clear TCVN3; "Sè hé" would be valid Vietnamese as it stands (sè, hé) but means "Số hộ".
    rows["HoaGiaiVien"][0][5] = "Sè hé 5, th«n §«ng"
    rows["HoaGiaiVien"][1][5] = "Sè hé"
    rows["HoaGiaiVien"][2][5] = "b¶n Pï"
    rows["HoaGiaiVien"][3][5] = "b¶n Pï"
    rows["HoaGiaiVien"][4][5] = "Sè hé"
    report = import_workbook(db, write_workbook(tmp_path / "cu.xlsx", rows))
    assert report.ok, report.problems
    with db.reading() as s:
        addresses = dict(s.execute(select(m.Mediator.code, m.Mediator.address)).all())
    assert addresses == {"HGV01": "Số hộ 5, thôn Đông", "HGV02": "Số hộ", "HGV03": "bản Pù", "HGV04": "Số hộ"}


def test_a_unicode_column_keeps_its_cells_even_beside_one_tcvn3_cell(db: Database, tmp_path: Path) -> None:
    from tests.interchange.conftest import write_workbook

    rows = sample_rows()
    rows["HoaGiaiVien"][0][5] = "th«n §«ng"  # one legacy cell
    rows["HoaGiaiVien"][1][5] = "Hòa Bình"  # valid Unicode that TCVN3 would misread as "Hũa Bỡnh"
    report = import_workbook(db, write_workbook(tmp_path / "cu.xlsx", rows))
    assert report.ok, report.problems
    with db.reading() as s:
        addresses = dict(s.execute(select(m.Mediator.code, m.Mediator.address)).all())
    assert addresses["HGV01"] == "thôn Đông" and addresses["HGV02"] == "Hòa Bình"
    assert addresses["HGV03"] == "bản Pù"  # the sample's own Unicode cell (ư-free but with ả) is untouched
