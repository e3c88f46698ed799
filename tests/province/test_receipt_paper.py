"""The printable receipt (Giấy biên nhận) drawn straight on the canvas: what it says, read back with pypdf, and
the shared font subset that makes 3,321 of them cheap."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pypdf import PdfReader

from hoagiai_desktop.reports import fonts
from hoagiai_desktop.reports.giay_bien_nhan import ReceiptPaper, build

FINGERPRINT = "3f2a 91c0 1234 5678 9abc def0 1234 5678"


def _paper(commune: str, signer: str, number: str = "000007", counted: bool = True) -> ReceiptPaper:
    status = "Được tính vào số liệu tổng hợp của kỳ báo cáo." if counted else "Lưu làm lịch sử."
    return ReceiptPaper(
        province_name="Cao Bằng",
        number=number,
        received_at=dt.datetime(2026, 1, 5, 9, 30),
        lines=(
            ("Đơn vị gửi:", f"Xã {commune} (mã 26734)"),
            ("Kỳ báo cáo:", "Năm 2025"),
            ("Văn bản:", "Báo cáo thống kê số 05/BC-UBND ngày 02/01/2026"),
            ("Người ký:", signer),
            ("Mã gói báo cáo:", "5d41402abc4b2a76b9719d911017c592"),
            ("Dấu vân tay khóa ký của xã:", FINGERPRINT),
            ("Thời điểm nhận:", "09:30 ngày 05/01/2026"),
            ("Tình trạng:", status),
        ),
    )


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join((p.extract_text() or "") for p in reader.pages)


def _font_files(pdf: bytes) -> dict[str, bytes]:
    """Base font name (without the subset tag) → the embedded font program."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    out: dict[str, bytes] = {}
    for ref in page["/Resources"]["/Font"].values():
        font: Any = ref.get_object()
        name = str(font["/BaseFont"]).split("+", 1)[1]
        out[name] = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    return out


def test_the_receipt_says_who_sent_what_and_when_on_one_page() -> None:
    pages, text = _text(build(_paper("Tiên Phong", "Nông Thị Hường")))
    assert pages == 1
    for words in (
        "UBND TỈNH CAO BẰNG", "SỞ TƯ PHÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 07/GBN-STP", "Cao Bằng, ngày 05 tháng 01 năm 2026", "GIẤY BIÊN NHẬN", "Xã Tiên Phong (mã 26734)",
        "Nông Thị Hường", "5d41402abc4b2a76b9719d911017c592", FINGERPRINT, "NGƯỜI NHẬN", "(Ký, ghi rõ họ tên)",
    ):  # fmt: skip
        assert words in text, words
    assert "hoagiai" not in text.lower()  # nothing on paper speaks of the program


def test_a_long_name_wraps_inside_its_cell_and_nothing_is_lost() -> None:
    signer = "Nguyễn Thị Phương Thảo Ngọc Ánh Hồng Nhung Lê Võ Hoàng Phạm Đặng Bùi Khổng Minh Châu Ỷ Lan"
    pages, text = _text(build(_paper("Đông Bắc Thượng Nguyên Trung Hạ Xuân Thu Lâm Sơn Hải Đảo", signer)))
    assert pages == 1
    flat = " ".join(text.split())
    assert signer in flat and "Đông Bắc Thượng Nguyên Trung Hạ Xuân Thu Lâm Sơn Hải Đảo" in flat


def test_receipts_for_different_communes_embed_one_and_the_same_font_subset() -> None:
    first = build(_paper("Tiên Phong", "Hoàng Văn Ất"))
    second = build(_paper("Hòa Bình Ưng Ỹ", "Đặng Thị Ngọc Ẩn", number="000123", counted=False))
    a, b = _font_files(first), _font_files(second)
    assert set(a) >= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}
    assert a["LiberationSerif"] == b["LiberationSerif"]  # the alphabet comes first: names do not change it
    assert build(_paper("Tiên Phong", "Hoàng Văn Ất")) == first  # deterministic


def test_a_letter_outside_the_vietnamese_alphabet_still_prints() -> None:
    assert "Ñ" not in fonts.ALPHABET
    _pages, text = _text(build(_paper("Tiên Phong", "Ñúñez Đỗ")))
    assert "Ñúñez Đỗ" in text
