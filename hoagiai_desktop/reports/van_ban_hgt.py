"""``van-ban-hgt``: the record of a successful mediation (văn bản hòa giải thành, Điều 24 Luật Hòa giải ở cơ sở).

Points a)–h) of Điều 24(2): basis, the parties, main content, course of the mediation, agreement and how it is
carried out, rights and obligations, method and deadline, and boxes for each party's and each mediator's
signature or fingerprint (điểm chỉ).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain.enums import PartyRole, Result
from hoagiai_desktop.domain.models import Assignment, Case
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.base import Layout, Request, common, fmt_date, heading
from hoagiai_desktop.reports.keep import StoryBuilder
from hoagiai_desktop.reports.paper import end_mark

BLANK = "…" * 30


def collect(session: Session, req: Request) -> dict[str, Any]:
    if not req.case_code:
        raise UserError(_("Choose a case with --case CODE for this report."))
    case = session.scalars(
        select(Case)
        .where(Case.code == req.case_code)
        .options(
            selectinload(Case.parties),
            selectinload(Case.assignments).selectinload(Assignment.mediator),
            selectinload(Case.sessions),
            selectinload(Case.team),
        )  # fmt: skip
    ).first()
    if case is None:
        raise UserError(_("There is no case with the code {code}.").format(code=req.case_code))
    if case.result != Result.THANH:
        raise UserError(
            _(
                "The case {code} was not mediated successfully; a record of successful mediation needs a successful case."
            ).format(code=case.code)
        )
    data = common(session, req)
    team = case.team
    data.update(
        {
            "case": {
                "code": case.code,
                "team": team.name,
                "village": team.village.name if team.village else "",
                "received_on": case.received_on.isoformat(),
                "ended_on": case.ended_on.isoformat() if case.ended_on else None,
                "basis": case.basis.vi,
                "category": case.category.vi,
                "subtype": case.subtype or "",
                "summary": case.summary or "",
                "agreement": case.agreement or "",
                "rights_obligations": case.rights_obligations or "",
                "execution_method": case.execution_method or "",
                "place": case.place or "",
                "parties": [
                    {
                        "name": p.name,
                        "birth_year": p.birth_year,
                        "address": p.address or "",
                        "kind": p.kind.vi,
                        "related": p.role == PartyRole.LIEN_QUAN,
                    }  # fmt: skip
                    for p in case.parties
                ],
                "mediators": [a.mediator.full_name for a in case.assignments],
                "sessions": [
                    {"on": x.held_on.isoformat(), "place": x.place or "", "note": x.note or ""}
                    for x in case.sessions
                ],  # fmt: skip
            },
            "figures": {"case": case.code},
        }
    )
    if case.ended_on:
        data["issued_on"] = case.ended_on.isoformat()  # the record is dated on the day the parties agreed
    return data


def _person_cell(title: str, person: str, width: float) -> list[Flowable]:
    head = nd30.style("vb_box_head", 11, bold=True, align=1, leading=13)
    name = nd30.style("vb_box_name", 11, align=1, leading=13)
    label = nd30.style("vb_box_label", 10, italic=True, align=1, leading=12)
    inner = Table(
        [[Paragraph("Chữ ký", label), Paragraph("Điểm chỉ", label)], ["", ""]],
        colWidths=[width * 0.55, width * 0.35],
        rowHeights=[None, 24 * mm],
    )
    inner.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))  # fmt: skip
    return [Paragraph(nd30.esc(title), head), Spacer(1, 1 * mm), inner, Spacer(1, 1 * mm),
            Paragraph(nd30.esc(person), name)]  # fmt: skip


def _boxes(people: list[str], title: str, width: float) -> Flowable:
    cols = 2
    col_w = width / cols
    cells: list[list[Any]] = []
    row: list[Any] = []
    for i, person in enumerate(people, start=1):
        label = f"{title} {i}" if len(people) > 1 else title
        row.append(_person_cell(label, person, col_w - 8))
        if len(row) == cols:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (cols - len(row)))
    if not cells:
        cells = [[_person_cell(title, BLANK, col_w - 8), ""]]
    t = Table(cells, colWidths=[col_w] * cols)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))  # fmt: skip
    return t


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(False)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    c = data["case"]
    head = heading(
        data, "Văn bản hòa giải thành", [f"Vụ, việc: {c['subtype'] or c['category']}"], number_suffix=None
    )
    head = nd30.Heading(issuer=(f"UBND {unit.full_name.upper()}", c["team"].upper()), place=head.place,
                        date=head.date, title=head.title, subtitles=head.subtitles, number_suffix=None,
                        superior_lines=1)  # fmt: skip
    story = StoryBuilder(nd30.heading_flowables(head, width))
    body = nd30.BODY
    h = nd30.HEADING

    def section(title: str, text: str) -> None:
        story.heading(Paragraph(title, h))
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()] or [BLANK]
        story.add(*(Paragraph(nd30.esc(line), body) for line in lines))

    story.add(Paragraph("Căn cứ Luật Hòa giải ở cơ sở ngày 20 tháng 6 năm 2013;", body))
    story.add(Paragraph(f"Hôm nay, tại {nd30.esc(c['place'] or c['village'] or unit.place_name)}, "
                           f"{nd30.esc(c['team'])} lập văn bản hòa giải thành như sau:", body))  # fmt: skip
    section(
        "a) Căn cứ tiến hành hòa giải",
        f"{c['basis']}; vụ, việc được tiếp nhận ngày {fmt_date(c['received_on'])}.",
    )
    story.heading(Paragraph("b) Thông tin cơ bản về các bên", h))
    for i, p in enumerate(c["parties"], start=1):
        bits = [p["name"]]
        if p["birth_year"]:
            bits.append(f"sinh năm {p['birth_year']}")
        if p["address"]:
            bits.append(f"địa chỉ: {p['address']}")
        role = " (người có quyền và nghĩa vụ liên quan)" if p["related"] else ""
        story.add(Paragraph(f"{i}. " + nd30.esc(", ".join(bits)) + role + ".", nd30.BODY_LEFT))
    section("c) Nội dung chủ yếu của vụ, việc", c["summary"])
    course = [f"Hòa giải viên tham gia: {', '.join(c['mediators'])}." if c["mediators"] else ""]
    for x in c["sessions"]:
        where = f" tại {x['place']}" if x["place"] else ""
        note = f": {x['note'].strip().rstrip('.;')}" if x["note"] else ""
        course.append(f"Ngày {fmt_date(x['on'])}{where}, tiến hành hòa giải{note}.")
    if c["ended_on"]:
        course.append(f"Ngày {fmt_date(c['ended_on'])}, các bên đạt được thỏa thuận.")
    section("d) Diễn biến của quá trình hòa giải", "\n".join(x for x in course if x))
    section("đ) Thỏa thuận đạt được và giải pháp thực hiện", c["agreement"])
    section("e) Quyền và nghĩa vụ của các bên", c["rights_obligations"])
    section("g) Phương thức, thời hạn thực hiện thỏa thuận", c["execution_method"])
    story.heading(Paragraph("h) Chữ ký hoặc điểm chỉ của các bên và của hòa giải viên", h))
    story.add(Paragraph(end_mark("Văn bản này được lập thành các bản có giá trị như nhau, mỗi bên giữ 01 bản, "
                                 "tổ hòa giải lưu 01 bản"), body))  # fmt: skip
    tail = [
        KeepTogether([_boxes([p["name"] for p in c["parties"]], "BÊN", width)]),
        Spacer(1, 4 * mm),
        KeepTogether([_boxes(c["mediators"], "HÒA GIẢI VIÊN", width)]),
    ]
    return Layout(story=story.finish(tail), landscape=False)
