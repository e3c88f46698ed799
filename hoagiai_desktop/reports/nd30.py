"""The document frame of Nghị định 30/2020/NĐ-CP (Phụ lục I) for every official output.

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm (the same in landscape, the bound edge stays left);
issuer block top-left in bold with a short rule; Quốc hiệu and Tiêu ngữ top-right with a rule as long as the
motto; "Số: …"; the italic place-and-date line; the title in bold capitals; body 13 pt; page numbers centred at
the top from page 2; the "Nơi nhận:" list and the signature block at the end. Output is deterministic
(``invariant=1``) so a finalised report re-exports identically.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.models import Unit
from hoagiai_desktop.domain.unit_names import bare_province, province_phrase, split_commune
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, administrative_date
from hoagiai_desktop.reports import fonts
from hoagiai_desktop.reports.paper import document_number
from hoagiai_desktop.text import fold, nfc

MARGIN_TOP: float = 20 * mm
MARGIN_BOTTOM: float = 20 * mm
MARGIN_LEFT: float = 30 * mm
MARGIN_RIGHT: float = 15 * mm
BODY_SIZE = 13
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def esc(value: object) -> str:
    """Text for a Paragraph: NFC, XML-escaped, line breaks kept."""
    return escape(nfc(str(value)) if value is not None else "").replace("\n", "<br/>")


def esc_multiline(value: str | None) -> str:
    if not value:
        return ""
    import unicodedata

    lines = unicodedata.normalize("NFC", value).strip().splitlines()
    return "<br/>".join(escape(line.strip()) for line in lines)


def style(
    name: str,
    size: float = BODY_SIZE,
    *,
    bold: bool = False,
    italic: bool = False,
    align: int = TA_LEFT,
    leading: float | None = None,
    space_after: float = 0,
    first_indent: float = 0,
) -> ParagraphStyle:
    fonts.register()
    font = {
        (False, False): fonts.REGULAR,
        (True, False): fonts.BOLD,
        (False, True): fonts.ITALIC,
        (True, True): fonts.BOLD_ITALIC,
    }[(bold, italic)]
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading if leading is not None else size * 1.2,
        alignment=align,
        spaceAfter=space_after,
        firstLineIndent=first_indent,
    )


BODY = style("body", align=TA_JUSTIFY, leading=BODY_SIZE * 1.3, space_after=6, first_indent=10 * mm)
BODY_LEFT = style("body_left", leading=BODY_SIZE * 1.3, space_after=3)
HEADING = style("heading", bold=True, leading=BODY_SIZE * 1.3, space_after=4)
TITLE = style("title", 14, bold=True, align=TA_CENTER, leading=17)
SUBTITLE = style("subtitle", 13, bold=True, align=TA_CENTER, leading=16)
CENTER = style("center", align=TA_CENTER)
CENTER_ITALIC = style("center_italic", italic=True, align=TA_CENTER)
NOTE = style("note", 11, italic=True, leading=13)
CELL = style("cell", 10, leading=12)
CELL_CENTER = style("cell_center", 10, align=TA_CENTER, leading=12)
CELL_HEAD = style("cell_head", 10, bold=True, align=TA_CENTER, leading=12)


@dataclass(frozen=True)
class UnitInfo:
    """What the documents print about the commune; stored with a finalised report so it re-exports unchanged."""

    province: str
    kind_vi: str
    name: str
    place_name: str
    chairman_name: str
    vice_chairman_name: str
    signer_is_vice: bool
    justice_officer_name: str

    @property
    def is_province(self) -> bool:
        """The unit is a province's Department of Justice (DOMAIN §8): its papers are the Sở Tư pháp's."""
        return self.kind_vi == UnitKind.TINH.vi

    @property
    def full_name(self) -> str:
        if self.is_province:
            return f"Sở Tư pháp {province_phrase(self.province or self.name)}"
        return f"{self.kind_vi} {self.name}"

    @property
    def reporting_unit(self) -> str:
        """ "UBND xã Tân Lập" / "Sở Tư pháp tỉnh Cao Bằng" — who reports, as the form's header line says it."""
        return self.full_name if self.is_province else f"UBND {self.inline_name}"

    @property
    def inline_name(self) -> str:
        """ "xã Tân Lập" — the name inside a sentence."""
        return f"{self.kind_vi.lower()} {self.name}"

    @property
    def issuer(self) -> tuple[str, str]:
        if self.is_province:  # the superior body, then the issuing department (NĐ 30 Phụ lục I)
            return (f"UBND {province_phrase(self.province or self.name)}".upper(), "SỞ TƯ PHÁP")
        return ("ỦY BAN NHÂN DÂN", f"{self.kind_vi} {self.name}".upper())

    @property
    def superior_lines(self) -> int:
        """How many issuer lines name the superior body (printed upright): the province's UBND above a Sở."""
        return 1 if self.is_province else 0

    @property
    def signer_lines(self) -> list[str]:
        """The signature block's titles: the commune's chairman signs for the UBND, the director for the Sở."""
        if self.is_province:
            return ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] if self.signer_is_vice else ["GIÁM ĐỐC"]
        return ["TM. ỦY BAN NHÂN DÂN"] + (
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if self.signer_is_vice else ["CHỦ TỊCH"]
        )

    @property
    def signer_name(self) -> str:
        return self.vice_chairman_name if self.signer_is_vice else self.chairman_name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UnitInfo:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__}).cleaned()

    def cleaned(self) -> UnitInfo:
        """The same unit with a kind word typed into the name or province recognised ("Xã Tân Hòa" → "Tân
        Hòa", kind "Xã"), so the papers print the kind exactly once — also for data saved before the rule."""
        name, kind = split_commune(self.name)
        kind_vi = kind.vi if kind is not None else self.kind_vi
        place = self.place_name if fold(self.place_name) != fold(self.name) else name
        return replace(
            self, name=name, kind_vi=kind_vi, province=bare_province(self.province), place_name=place
        )


def unit_info(session: Session) -> UnitInfo:
    unit = session.scalars(select(Unit).order_by(Unit.id)).first()
    if unit is None:
        raise UserError(_("Enter the commune's details (name, province, signers) before printing reports."))
    return UnitInfo(
        province=nfc(unit.province),
        kind_vi=unit.kind.vi,
        name=nfc(unit.name),
        place_name=nfc(unit.place_name) or nfc(unit.name),
        chairman_name=nfc(unit.chairman_name),
        vice_chairman_name=nfc(unit.vice_chairman_name),
        signer_is_vice=bool(unit.signer_is_vice) and bool(nfc(unit.vice_chairman_name)),
        justice_officer_name=nfc(unit.justice_officer_name),
    ).cleaned()


@dataclass(frozen=True)
class Heading:
    """The top of a document: issuer, number, date line, title."""

    issuer: Sequence[str]
    place: str
    date: dt.date
    title: str
    subtitles: Sequence[str] = ()
    number: str | None = None
    number_suffix: str | None = "BC-UBND"
    superior_lines: int = 0  # leading issuer lines naming the superior body (printed upright, not bold)


class CenteredRule(Flowable):
    """A thin horizontal line of a fixed length centred in the space it is given (the rules under the headers)."""

    def __init__(self, length: float, thickness: float = 0.6, space: float = 3) -> None:
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.space = space
        self._avail = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.space + self.thickness

    def draw(self) -> None:
        x0 = (self._avail - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, self.space / 2, x0 + self.length, self.space / 2)


def _rule(width: float) -> Flowable:
    return CenteredRule(width, space=5)


def heading_flowables(head: Heading, avail_width: float) -> list[Flowable]:
    left_w = min(avail_width * 0.4, 75 * mm)
    right_w = avail_width - left_w
    issuer_style = style("issuer", 13, align=TA_CENTER, leading=15)
    issuer_bold = style("issuer_b", 13, bold=True, align=TA_CENTER, leading=15)
    qh_style = style("qh", 12.5, bold=True, align=TA_CENTER, leading=15)
    tn_style = style("tn", 13.5, bold=True, align=TA_CENTER, leading=16)
    issuer_lines = list(head.issuer)
    left: list[Flowable] = []
    for i, line in enumerate(issuer_lines):
        left.append(Paragraph(esc(line), issuer_style if i < head.superior_lines else issuer_bold))
    longest_issuer = max(stringWidth(line, fonts.BOLD, 13) for line in issuer_lines[-1:])
    left.append(_rule(min(longest_issuer * 0.45, 30 * mm)))
    if head.number_suffix is not None:
        left.append(Paragraph("Số: " + esc(document_number(head.number, head.number_suffix)), CENTER))
    right: list[Flowable] = [
        Paragraph(QUOC_HIEU, qh_style),
        Paragraph(TIEU_NGU, tn_style),
        _rule(stringWidth(TIEU_NGU, fonts.BOLD, 13.5)),
        Paragraph(esc(administrative_date(head.date, head.place)), CENTER_ITALIC),
    ]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    out: list[Flowable] = [table, Spacer(1, 8 * mm), Paragraph(esc(head.title).upper(), TITLE)]
    out.extend(Paragraph(esc(s), SUBTITLE) for s in head.subtitles)
    out.append(CenteredRule(30 * mm, space=6))  # the short rule under the title (NĐ 30 Phụ lục I)
    out.append(Spacer(1, 4 * mm))
    return out


def signature_block(
    unit: UnitInfo,
    recipients: Sequence[str],
    *,
    avail_width: float,
    extra: Sequence[tuple[str, str]] = (),
) -> Flowable:
    """ "Nơi nhận:" on the left, the chairman's signature on the right; ``extra`` = (title, name) signers before it."""
    right_w = min(avail_width * 0.5, 85 * mm)
    left_w = avail_width - right_w
    sign_b = style("sign_b", 13, bold=True, align=TA_CENTER, leading=15)
    right: list[Flowable] = [Paragraph(line, sign_b) for line in unit.signer_lines]
    right.append(Spacer(1, 24 * mm))
    right.append(Paragraph(esc(unit.signer_name) or "&nbsp;", sign_b))
    nn_title = style("nn_title", 12, bold=True, italic=True, leading=14)
    nn_item = style("nn_item", 11, leading=13)
    left: list[Flowable] = [Paragraph("Nơi nhận:", nn_title)]
    left += [
        Paragraph("- " + esc(r) + ";" if i < len(recipients) - 1 else "- " + esc(r) + ".", nn_item)
        for i, r in enumerate(recipients)
    ]
    rows: list[list[Any]] = []
    if extra:
        cols = len(extra) + 1
        w = avail_width / cols
        cells: list[Any] = []
        for title, name in extra:
            cells.append(
                [
                    Paragraph(esc(title), sign_b),
                    Paragraph("(Ký, ghi rõ họ tên)", CENTER_ITALIC),
                    Spacer(1, 20 * mm),
                    Paragraph(esc(name) or "&nbsp;", sign_b),
                ]
            )
        cells.append(right)
        t = Table([cells], colWidths=[w] * cols)
        t.setStyle(
            TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        rows.append([t])
        rows.append([Spacer(1, 4 * mm)])
        rows.append([left])
        outer = Table(rows, colWidths=[avail_width])
    else:
        outer = Table([[left, right]], colWidths=[left_w, right_w])
    outer.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), outer])


def default_recipients(unit: UnitInfo) -> list[str]:
    """Where the paper goes: a commune reports to the Sở Tư pháp; the Sở Tư pháp reports to the Ministry of
    Justice's legal-education department and to the province's UBND (DOMAIN §8)."""
    province = province_phrase(unit.province)
    if unit.is_province:
        return [
            "Bộ Tư pháp (Cục Phổ biến, giáo dục pháp luật) (để báo cáo)",
            f"UBND {province} (để báo cáo)" if province else "UBND tỉnh (để báo cáo)",
            "Giám đốc, các Phó Giám đốc Sở",
            "Lưu: VT, PBGDPL",
        ]
    so = f"Sở Tư pháp {province}" if province else "Sở Tư pháp"
    return [
        f"{so} (để báo cáo)",
        "TT Đảng ủy, HĐND " + unit.kind_vi.lower(),
        "Chủ tịch, các PCT UBND " + unit.kind_vi.lower(),
        "Lưu: VT, Tư pháp",
    ]


def grid_style(header_rows: int, *, font_size: float = 10) -> list[tuple[Any, ...]]:
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, font_size),
        ("FONT", (0, 0), (-1, header_rows - 1), fonts.BOLD, font_size),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]


def page_size(is_landscape: bool) -> tuple[float, float]:
    size: tuple[float, float] = landscape(A4) if is_landscape else A4
    return size


def frame_width(is_landscape: bool) -> float:
    return page_size(is_landscape)[0] - MARGIN_LEFT - MARGIN_RIGHT


def frame_height(is_landscape: bool) -> float:
    return page_size(is_landscape)[1] - MARGIN_TOP - MARGIN_BOTTOM


class _NumberedDoc(BaseDocTemplate):
    pass


def _draw_page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    page = canvas.getPageNumber()
    if page < 2:
        return
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 13)
    width, height = canvas._pagesize
    canvas.drawCentredString(
        MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2, height - 12 * mm, str(page)
    )
    canvas.restoreState()


def build_pdf(
    story: list[Flowable], *, is_landscape: bool = False, title: str = "", author: str = ""
) -> tuple[bytes, int]:
    """Lay out ``story`` on NĐ 30 pages; return the PDF bytes (deterministic) and the number of pages."""
    fonts.register()
    size = page_size(is_landscape)
    buf = io.BytesIO()
    doc = _NumberedDoc(
        buf,
        pagesize=size,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        creator="HoaGiai Desktop",
        invariant=1,
        initialFontName=fonts.REGULAR,
        initialFontSize=BODY_SIZE,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        size[0] - MARGIN_LEFT - MARGIN_RIGHT,
        size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_page_number, pagesize=size)])
    doc.build(story)
    return buf.getvalue(), int(doc.page)
