"""``tap-huan``: the report of one training event and its sign-in sheet (blank signature column).

The report gives the event's facts, attendance and the coverage per team (active members of each team at the
event's end who attended); the sign-in sheet lists every registered attendee — mediators first, then guests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain.models import Attendance, Membership, TrainingEvent
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports import nd30
from hoagiai_desktop.reports.base import Layout, Request, active_teams, common, fmt_number, heading
from hoagiai_desktop.reports.keep import end_with
from hoagiai_desktop.reports.paper import end_mark, fmt_int
from hoagiai_desktop.reports.tables import Grid, measure, paged_tables, pdf_table, simple_header


def find_event(session: Session, code: str | None) -> TrainingEvent:
    if not code:
        raise UserError(_("Choose a training event with --event CODE for this report."))
    event = session.scalars(
        select(TrainingEvent)
        .where(TrainingEvent.code == code)
        .options(
            selectinload(TrainingEvent.attendances).selectinload(Attendance.mediator),
            selectinload(TrainingEvent.guests),
        )  # fmt: skip
    ).first()
    if event is None:
        raise UserError(_("There is no training event with the code {code}.").format(code=code))
    return event


def collect(session: Session, req: Request) -> dict[str, Any]:
    event = find_event(session, req.event_code)
    on = event.end_on
    memberships = list(
        session.scalars(
            select(Membership).where(Membership.start_date <= on).options(selectinload(Membership.team))
        )
    )
    team_of: dict[int, str] = {}
    active_by_team: dict[int, set[int]] = {}
    for ms in memberships:
        if ms.is_active(on):
            team_of.setdefault(ms.mediator_id, ms.team.name)
            active_by_team.setdefault(ms.team_id, set()).add(ms.mediator_id)
    present = {a.mediator_id for a in event.attendances if a.present}
    everyone = set().union(*active_by_team.values()) if active_by_team else set()
    coverage = []
    for team in active_teams(session, on):
        members = active_by_team.get(team.id, set())
        coverage.append({"team": team.name, "members": len(members), "attended": len(members & present)})
    attendees = sorted(event.attendances, key=lambda a: (a.mediator.sort_key, a.mediator.code))
    sheet = [{"name": a.mediator.full_name, "unit": team_of.get(a.mediator_id, ""), "role": "Hòa giải viên",
              "present": a.present} for a in attendees]  # fmt: skip
    sheet += [
        {"name": g.name, "unit": g.unit or "", "role": g.role or "", "present": g.present}
        for g in event.guests
    ]
    data = common(session, req)
    data.update(
        {
            "event": {
                "code": event.code,
                "title": event.title,
                "kind": event.kind.vi,
                "organiser": event.organiser_level.vi,
                "start_on": event.start_on.isoformat(),
                "end_on": event.end_on.isoformat(),
                "hours": event.hours,
                "venue": event.venue or "",
                "trainers": event.trainers or "",
                "materials": event.materials or "",
            },  # fmt: skip
            "coverage": coverage,
            "coverage_total": {
                "members": len(everyone),
                "attended": len(everyone & present),
                "in_two_teams": sum(
                    1 for p in everyone if sum(p in ms for ms in active_by_team.values()) > 1
                ),
            },
            "attendees": sheet,
            "figures": {
                "mediators_present": len(present),
                "mediators_registered": len(event.attendances),
                "guests_present": sum(1 for g in event.guests if g.present),
                **{f"coverage/{c['team']}": c["attended"] for c in coverage},
            },
        }
    )
    return data


def _share(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole`` with a decimal comma ("—" when there is nobody)."""
    return fmt_number(part * 100 / whole, "percent") if whole else "—"


def attendance_phrase(f: Mapping[str, Any]) -> str:
    """Who came, in words: never "0 đại biểu" (DOMAIN §5)."""
    present, called = f["mediators_present"], f["mediators_registered"]
    if not called:
        text = "không có hòa giải viên nào được triệu tập"
    elif not present:
        text = f"{fmt_int(called)} hòa giải viên được triệu tập nhưng không có ai có mặt"
    else:
        text = f"{fmt_int(present)}/{fmt_int(called)} hòa giải viên được triệu tập có mặt"
    if f["guests_present"]:
        text += f"; {fmt_int(f['guests_present'])} đại biểu, cán bộ khác"
    return text


def coverage_notes(data: Mapping[str, Any]) -> list[str]:
    """The notes under the coverage table; the last ends the report's body with "./."."""
    out = []
    twice = data["coverage_total"].get("in_two_teams", 0)
    if twice:
        out.append(
            f"Ghi chú: {fmt_int(twice)} hòa giải viên tham gia hai tổ hòa giải trở lên được tính ở mỗi tổ; "
            "ở dòng Tổng cộng, mỗi người chỉ được tính một lần."
        )
    out.append(end_mark("Trên đây là báo cáo kết quả tổ chức lớp tập huấn"))
    return out


def coverage_grid(data: Mapping[str, Any]) -> Grid:
    rows: list[list[Any]] = []
    for i, c in enumerate(data["coverage"], start=1):
        rows.append([i, c["team"], c["members"], c["attended"], _share(c["attended"], c["members"])])
    tot_m = data["coverage_total"]["members"]  # a mediator of two teams counts once
    tot_a = data["coverage_total"]["attended"]
    rows.append(["", "Tổng cộng", tot_m, tot_a, _share(tot_a, tot_m)])
    return Grid(
        header=simple_header(["STT", "Tổ hòa giải", "Số hòa giải viên", "Số tham dự", "Tỷ lệ (%)"]),
        header_rows=1,
        rows=rows,
        widths_mm=[12, 80, 28, 28, 22],
        sheet_title="Tỷ lệ tham dự",
        heading=["TỶ LỆ HÒA GIẢI VIÊN THAM DỰ THEO TỔ HÒA GIẢI", data["event"]["title"]],
        notes=coverage_notes(data),
        bold_rows={len(rows) - 1},
        align=["CENTER", "LEFT", "CENTER", "CENTER", "CENTER"],
        font_size=11,
    )


def sheet_grid(data: Mapping[str, Any]) -> Grid:
    rows = [[i, a["name"], a["unit"], a["role"], ""] for i, a in enumerate(data["attendees"], start=1)]
    return Grid(
        header=simple_header(["STT", "Họ và tên", "Tổ hòa giải / Đơn vị", "Chức vụ, vai trò", "Ký tên"]),
        header_rows=1,
        rows=rows,
        widths_mm=[12, 52, 50, 32, 30],
        sheet_title="Danh sách ký",
        heading=["DANH SÁCH HỌC VIÊN THAM DỰ", data["event"]["title"]],
        align=["CENTER", "LEFT", "LEFT", "LEFT", "LEFT"],
        font_size=12,
        body_padding=7,
    )


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(False)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    ev = data["event"]
    start, end = dt.date.fromisoformat(ev["start_on"]), dt.date.fromisoformat(ev["end_on"])
    when = f"ngày {start:%d/%m/%Y}" if start == end else f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    story: list[Flowable] = nd30.heading_flowables(
        heading(data, "Báo cáo kết quả tổ chức lớp tập huấn hòa giải viên", [ev["title"]]), width
    )
    f = data["figures"]
    hours_text = f"{float(ev['hours']):g}".replace(".", ",") if ev["hours"] else ""
    hours = f", thời lượng {hours_text} giờ" if hours_text else ""
    paras = [
        f"Thực hiện kế hoạch tập huấn, bồi dưỡng hòa giải viên, Ủy ban nhân dân {nd30.esc(unit.inline_name)} báo cáo "
        "kết quả tổ chức lớp tập huấn như sau:",
        f"1. Thời gian, địa điểm: {when}{hours}, tại {nd30.esc(ev['venue']) or '…'}.",
        f"2. Hình thức: tập huấn {nd30.esc(ev['kind'].lower())}; cấp tổ chức: {nd30.esc(ev['organiser'])}.",
        f"3. Giảng viên, báo cáo viên: {nd30.esc(ev['trainers']) or '…'}.",
        f"4. Tài liệu phát cho học viên: {nd30.esc(ev['materials']) or '…'}.",
        "5. Thành phần tham dự: " + attendance_phrase(f) + ".",
        "6. Tỷ lệ hòa giải viên tham dự theo từng tổ hòa giải:",
    ]
    story += [Paragraph(p, nd30.BODY) for p in paras]
    g1 = coverage_grid(data)
    story.append(pdf_table(g1, width))
    tail: list[Flowable] = [Spacer(1, 2 * mm)]
    tail += [Paragraph(nd30.esc(note), nd30.NOTE) for note in g1.notes]
    tail.append(nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width))
    story = end_with(story, tail)
    story.append(PageBreak())
    start_sheet = len(story)
    story += [Paragraph("DANH SÁCH HỌC VIÊN THAM DỰ", nd30.TITLE),
              Paragraph(nd30.esc(ev["title"]), nd30.SUBTITLE),
              Paragraph(f"({when[0].upper()}{when[1:]}, tại {nd30.esc(ev['venue']) or '…'})", nd30.CENTER_ITALIC),
              Spacer(1, 4 * mm)]  # fmt: skip
    g2 = sheet_grid(data)
    height = nd30.frame_height(False)
    story += paged_tables(g2, width, height - measure(story[start_sheet:], width, height), height)
    return Layout(story=story, landscape=False, grids=[g2, g1])
