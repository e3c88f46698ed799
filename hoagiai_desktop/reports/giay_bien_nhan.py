"""The printable receipt (Giấy biên nhận) the province writes beside each package it received (DOMAIN §8).

NĐ 30 layout like every paper: the issuer "ỦY BAN NHÂN DÂN TỈNH … / SỞ TƯ PHÁP", number, date line, title; then
what was received (commune, period, the report's number, date and signer), the package id, the commune's key
fingerprint to compare by phone, whether it counts, and the receiving officer's signature. Vietnamese only.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.nd30 import esc

if TYPE_CHECKING:
    from hoagiai_desktop.domain.models import Commune, ReceivedPackage
    from hoagiai_desktop.province.receipt import Receipt


def _province_title(name: str) -> str:
    return name if name.lower().startswith(("tỉnh", "thành phố")) else f"tỉnh {name}"


def issuer_lines(province_name: str) -> tuple[str, str]:
    return (f"UBND {_province_title(province_name)}".upper(), "SỞ TƯ PHÁP")


def _lines(rec: Receipt, row: ReceivedPackage, commune: Commune) -> list[tuple[str, str]]:
    sender = (
        commune.name
        if row.sender_code == commune.code
        else f"mã {row.sender_code} (nay thuộc {commune.name})"
    )
    report = "Báo cáo thống kê"
    if row.report_number:
        report += f" số {row.report_number}"
    if row.report_date:
        report += f" ngày {row.report_date:%d/%m/%Y}"
    status = (
        "Được tính vào số liệu tổng hợp của kỳ báo cáo."
        if rec.counted
        else "Lưu làm lịch sử (đã nhận bản chốt số liệu mới hơn của cùng kỳ)."
    )
    return [
        ("Đơn vị gửi:", f"{commune.kind.vi} {sender} (mã {commune.code})"),
        ("Kỳ báo cáo:", _period_label(row) or rec.period),
        ("Văn bản:", report),
        ("Người ký:", row.signer or "—"),
        ("Mã gói báo cáo:", rec.package_id),
        ("Dấu vân tay khóa ký của xã:", row.key_fingerprint),
        ("Thời điểm nhận:", dt.datetime.fromisoformat(rec.received_at).strftime("%H:%M ngày %d/%m/%Y")),
        ("Tình trạng:", status),
    ]


def _period_label(row: ReceivedPackage) -> str:
    try:
        return str(json.loads(row.manifest)["period"].get("label") or "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


def build(rec: Receipt, row: ReceivedPackage, commune: Commune) -> bytes:
    """The receipt PDF's bytes."""
    width = nd30.frame_width(False)
    received = dt.datetime.fromisoformat(rec.received_at)
    head = nd30.Heading(
        issuer=issuer_lines(rec.province_name), place=rec.province_name, date=received.date(),
        title="Giấy biên nhận", subtitles=("Báo cáo định kỳ công tác hòa giải ở cơ sở",),
        number=rec.number, number_suffix="GBN-STP", superior_lines=1,
    )  # fmt: skip
    story: list[Flowable] = nd30.heading_flowables(head, width)
    story.append(
        Paragraph(
            f"Sở Tư pháp {esc(_province_title(rec.province_name))} đã nhận gói báo cáo điện tử có chữ ký số "
            "của đơn vị dưới đây; nội dung gói đã được kiểm tra toàn vẹn và chữ ký trước khi lưu.",
            nd30.BODY,
        )
    )
    cell = nd30.style("gbn_cell", 12, leading=15)
    cell_b = nd30.style("gbn_cell_b", 12, bold=True, leading=15)
    table = Table(
        [[Paragraph(esc(k), cell_b), Paragraph(esc(v), cell)] for k, v in _lines(rec, row, commune)],
        colWidths=[width * 0.36, width * 0.64],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12)])
    )
    story += [table, Spacer(1, 6)]
    story.append(
        Paragraph(
            "Đơn vị gửi đối chiếu mã gói và dấu vân tay khóa ký với cán bộ Sở Tư pháp khi cần; tệp biên nhận "
            "điện tử (.hgr) đi kèm giấy này được nhập vào phần mềm của xã bằng lệnh “hoagiai receipt”.",
            nd30.NOTE,
        )
    )
    sign_b = nd30.style("gbn_sign", 13, bold=True, align=1, leading=15)
    signer = Table(
        [["", [Paragraph("NGƯỜI NHẬN", sign_b), Paragraph("(Ký, ghi rõ họ tên)", nd30.CENTER_ITALIC)]]],
        colWidths=[width * 0.5, width * 0.5],
    )
    story += [Spacer(1, 10), signer]
    pdf, _pages = nd30.build_pdf(story, title="Giấy biên nhận", author=f"Sở Tư pháp {rec.province_name}")
    return pdf
