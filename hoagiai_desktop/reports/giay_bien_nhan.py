"""The printable receipt (Giấy biên nhận) the province writes beside each package it received (DOMAIN §8).

NĐ 30 layout like every paper: the issuer "UBND TỈNH … / SỞ TƯ PHÁP" with its short rule, the Quốc hiệu and
Tiêu ngữ with theirs, "Số: …/GBN-STP", the italic place-and-date line, the title with its short rule; then what
was received (commune, period, the report's number, date and signer), the package id, the commune's key
fingerprint to compare by phone, whether it counts, and the receiving officer's signature. Vietnamese only.

The province writes one per package — 3,321 for the whole country in one run — so the page is drawn straight on
the canvas at the positions the NĐ 30 frame (:mod:`nd30`) gives its heading, not laid out by platypus, and the
regular face starts with the whole alphabet so every receipt shares one cached font subset (:mod:`fonts`).
The paper is made from plain values (:class:`ReceiptPaper`), so it can be drawn away from the database.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from hoagiai_desktop.i18n import administrative_date
from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.nd30 import esc
from hoagiai_desktop.reports.paper import document_number
from hoagiai_desktop.text import nfc

if TYPE_CHECKING:
    from hoagiai_desktop.domain.enums import UnitKind
    from hoagiai_desktop.province.receipt import Receipt

NUMBER_SUFFIX = "GBN-STP"
TITLE = "Giấy biên nhận"
SUBTITLE = "Báo cáo định kỳ công tác hòa giải ở cơ sở"


def _province_title(name: str) -> str:
    return name if name.lower().startswith(("tỉnh", "thành phố")) else f"tỉnh {name}"


def issuer_lines(province_name: str) -> tuple[str, str]:
    return (f"UBND {_province_title(province_name)}".upper(), "SỞ TƯ PHÁP")


class ReceivedFields(Protocol):
    """What the receipt reads of a stored package (a plain row: receiving stores with Core, not the ORM)."""

    @property
    def sender_code(self) -> str: ...
    @property
    def report_number(self) -> str | None: ...
    @property
    def report_date(self) -> dt.date | None: ...
    @property
    def signer(self) -> str | None: ...
    @property
    def key_fingerprint(self) -> str: ...
    @property
    def manifest(self) -> str: ...


class CommuneFields(Protocol):
    """What the receipt reads of the registry's commune."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> UnitKind: ...


@dataclass(frozen=True)
class ReceiptPaper:
    """Everything the receipt prints, as text (no database object)."""

    province_name: str
    number: str
    received_at: dt.datetime
    lines: tuple[tuple[str, str], ...]  # (label, value) rows of the table


def paper_for(rec: Receipt, row: ReceivedFields, commune: CommuneFields) -> ReceiptPaper:
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
    received = dt.datetime.fromisoformat(rec.received_at)
    lines = (
        ("Đơn vị gửi:", f"{commune.kind.vi} {sender} (mã {commune.code})"),
        ("Kỳ báo cáo:", _period_label(row) or rec.period),
        ("Văn bản:", report),
        ("Người ký:", row.signer or "—"),
        ("Mã gói báo cáo:", rec.package_id),
        ("Dấu vân tay khóa ký của xã:", row.key_fingerprint),
        ("Thời điểm nhận:", received.strftime("%H:%M ngày %d/%m/%Y")),
        ("Tình trạng:", status),
    )
    return ReceiptPaper(
        province_name=nfc(rec.province_name),
        number=rec.number,
        received_at=received,
        lines=tuple((nfc(k), nfc(v)) for k, v in lines),
    )


def _period_label(row: ReceivedFields) -> str:
    try:
        return str(json.loads(row.manifest)["period"].get("label") or "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


# -- drawing ---------------------------------------------------------------------------------------------------

_PAGE_W, _PAGE_H = A4
_X0 = nd30.MARGIN_LEFT
_WIDTH = _PAGE_W - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT
_TOP = _PAGE_H - nd30.MARGIN_TOP
_CELL_PAD = 6  # platypus' default cell padding left and right
_CELL_PAD_V = 3  # … and top and bottom


class _Pen:
    """Text drawn top-down: ``y`` is the top of the next line box (as in a platypus frame)."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas

    def centred(self, y: float, text: str, font: str, size: float, centre: float) -> None:
        self.c.setFont(font, size)
        self.c.drawCentredString(centre, y - size, text)

    def left(self, y: float, text: str, font: str, size: float, x: float) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x, y - size, text)

    def rule(self, y: float, length: float, centre: float, space: float) -> float:
        """A short rule like nd30's ``CenteredRule``: returns the height it takes."""
        self.c.setLineWidth(0.6)
        line_y = y - (space + 0.6) + space / 2
        self.c.line(centre - length / 2, line_y, centre + length / 2, line_y)
        return space + 0.6

    def paragraph(self, y: float, para: Paragraph, x: float, width: float) -> float:
        _w, h = para.wrap(width, _PAGE_H)
        para.drawOn(self.c, x, y - h)
        return float(h)


def _heading(pen: _Pen, paper: ReceiptPaper) -> float:
    """The NĐ 30 heading (nd30.heading_flowables' geometry); returns the top of what follows."""
    left_w = min(_WIDTH * 0.4, 75 * mm)
    right_w = _WIDTH - left_w
    left_c, right_c = _X0 + left_w / 2, _X0 + left_w + right_w / 2
    superior, issuer = issuer_lines(paper.province_name)
    y = _TOP - _CELL_PAD_V
    pen.centred(y, superior, fonts.REGULAR, 13, left_c)
    pen.centred(y - 15, issuer, fonts.BOLD, 13, left_c)
    y_left = y - 30
    y_left -= pen.rule(y_left, min(stringWidth(issuer, fonts.BOLD, 13) * 0.45, 30 * mm), left_c, 5)
    pen.centred(y_left, "Số: " + document_number(paper.number, NUMBER_SUFFIX), fonts.REGULAR, 13, left_c)
    y_left -= 13 * 1.2
    pen.centred(y, nd30.QUOC_HIEU, fonts.BOLD, 12.5, right_c)
    pen.centred(y - 15, nd30.TIEU_NGU, fonts.BOLD, 13.5, right_c)
    y_right = y - 31
    y_right -= pen.rule(y_right, stringWidth(nd30.TIEU_NGU, fonts.BOLD, 13.5), right_c, 5)
    place = administrative_date(paper.received_at.date(), paper.province_name)
    pen.centred(y_right, place, fonts.ITALIC, 13, right_c)
    y_right -= 13 * 1.2
    y = min(y_left, y_right) - _CELL_PAD_V - 8 * mm
    centre = _X0 + _WIDTH / 2
    pen.centred(y, TITLE.upper(), fonts.BOLD, 14, centre)
    pen.centred(y - 17, SUBTITLE, fonts.BOLD, 13, centre)
    y -= 17 + 16
    y -= pen.rule(y, 30 * mm, centre, 6)
    return float(y - 4 * mm)


def _table(pen: _Pen, y: float, lines: tuple[tuple[str, str], ...]) -> float:
    """Label and value rows in two columns (36 % / 64 %), values wrapped; returns the y below the table."""
    widths = (_WIDTH * 0.36, _WIDTH * 0.64)
    for label, value in lines:
        columns = ((fonts.BOLD, _X0, widths[0], label), (fonts.REGULAR, _X0 + widths[0], widths[1], value))
        tallest = 1
        for font, x, width, text in columns:
            rows = simpleSplit(text, font, 12, width - 2 * _CELL_PAD)
            for i, line in enumerate(rows):
                pen.left(y - _CELL_PAD_V - 15 * i, line, font, 12, x + _CELL_PAD)
            tallest = max(tallest, len(rows))
        y -= 15 * tallest + 2 * _CELL_PAD_V
    return y


def build(paper: ReceiptPaper) -> bytes:
    """The receipt PDF's bytes (one A4 page; deterministic for the same values)."""
    fonts.register()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, initialFontName=fonts.REGULAR, initialFontSize=13)
    canvas.setTitle(TITLE)
    canvas.setAuthor(f"Sở Tư pháp {paper.province_name}")
    canvas.setCreator("HoaGiai Desktop")
    fonts.prime(canvas._doc, fonts.REGULAR)  # names and numbers differ, the subset does not
    pen = _Pen(canvas)
    y = _heading(pen, paper)
    y -= pen.paragraph(
        y,
        Paragraph(
            f"Sở Tư pháp {esc(_province_title(paper.province_name))} đã nhận gói báo cáo điện tử có chữ ký số "
            "của đơn vị dưới đây; nội dung gói đã được kiểm tra toàn vẹn và chữ ký trước khi lưu.",
            nd30.BODY,
        ),
        _X0,
        _WIDTH,
    )
    y = _table(pen, y - 6, paper.lines) - 6
    y -= pen.paragraph(
        y,
        Paragraph(
            "Đơn vị gửi đối chiếu mã gói và dấu vân tay khóa ký với cán bộ Sở Tư pháp khi cần; tệp biên nhận "
            "điện tử (.hgr) đi kèm giấy này được nhập vào phần mềm của xã để ghi nhận đã gửi báo cáo.",
            nd30.NOTE,
        ),
        _X0,
        _WIDTH,
    )
    y -= 10 + _CELL_PAD_V
    sign_centre = _X0 + _WIDTH * 0.75
    pen.centred(y, "NGƯỜI NHẬN", fonts.BOLD, 13, sign_centre)
    pen.centred(y - 15, "(Ký, ghi rõ họ tên)", fonts.ITALIC, 13, sign_centre)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
