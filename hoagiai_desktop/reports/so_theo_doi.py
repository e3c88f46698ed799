"""``so-theo-doi``: the logbook of one team (Sổ theo dõi hoạt động hòa giải ở cơ sở).

Cover (province, commune, village, team, book number, opened/closed dates); Part I one row per case the team
handled in the period (received by the end and not ended before the start, out-of-scope cases included);
Part II the leader's summary by mediator, by category and by result.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain.enums import CaseState, Category, Role
from hoagiai_desktop.domain.models import Assignment, Case, Membership
from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.base import Layout, Request, age_on, case_state_vi, common, find_team, fmt_date
from hoagiai_desktop.reports.keep import end_with
from hoagiai_desktop.reports.tables import Grid, measure, paged_tables, pdf_table, simple_header


def _cases(session: Session, team_id: int, start: dt.date, end: dt.date) -> list[Case]:
    stmt = (
        select(Case)
        .where(
            Case.team_id == team_id,
            Case.received_on <= end,
            or_(Case.ended_on.is_(None), Case.ended_on >= start),
        )
        .order_by(Case.received_on, Case.code)
        .options(
            selectinload(Case.parties),
            selectinload(Case.assignments).selectinload(Assignment.mediator),
            selectinload(Case.invitees),
            selectinload(Case.sessions),
        )
    )
    return list(session.scalars(stmt))


def collect(session: Session, req: Request) -> dict[str, Any]:
    team = find_team(session, req.team_code)
    start, end = req.period.start, req.period.end
    cases = _cases(session, team.id, start, end)
    leader = session.scalars(
        select(Membership)
        .where(Membership.team_id == team.id, Membership.role == Role.TO_TRUONG, Membership.start_date <= end)
        .order_by(Membership.start_date.desc())
        .options(selectinload(Membership.mediator))
    ).first()
    rows: list[dict[str, Any]] = []
    for c in cases:
        mediators = [a.mediator.full_name for a in c.assignments]
        invited = [f"{i.name} ({i.note})" if i.note else i.name for i in c.invitees]
        parties = []
        for p in c.parties:
            bits = [p.name]
            if p.birth_year:
                bits.append(f"{age_on(p.birth_year, end)} tuổi")
            if p.address:
                bits.append(p.address)
            parties.append(", ".join(bits))
        state = case_state_vi(c, end)
        if c.category == Category.NGOAI_PHAM_VI:
            outcome = c.guidance or ""
        elif state == CaseState.THANH.vi:
            outcome = c.agreement or ""
        else:
            outcome = "; ".join(
                f"{p.name}: {p.position.strip().rstrip('.;')}" for p in c.parties if p.position
            ) or (c.referral or "")
        rows.append(
            {
                "code": c.code,
                "received_on": c.received_on.isoformat(),
                "mediators": mediators,
                "invited": invited,
                "parties": parties,
                "category": c.category.vi,
                "summary": c.summary or "",
                "outcome": outcome,
                "state": state,
                "notes": c.notes or "",
            }
        )
    by_mediator: dict[str, Counter[str]] = {}
    for c, r in zip(cases, rows, strict=True):
        for name in r["mediators"]:
            by_mediator.setdefault(name, Counter())[r["state"]] += 1
        del c
    data = common(session, req)
    village = team.village
    data.update(
        {
            "team": {
                "code": team.code,
                "name": team.name,
                "village": village.name if village else "",
                "leader": leader.mediator.full_name if leader else "",
            },
            "cases": rows,
            "by_mediator": {k: dict(v) for k, v in sorted(by_mediator.items())},
            "figures": {
                **{f"state/{k}": v for k, v in sorted(Counter(r["state"] for r in rows).items())},
                **{f"category/{k}": v for k, v in sorted(Counter(r["category"] for r in rows).items())},
                "cases": len(rows),
            },
        }
    )
    return data


_STATES = (CaseState.THANH.vi, CaseState.KHONG_THANH.vi, CaseState.DANG.vi, CaseState.CHUA.vi)


def part1_grid(data: Mapping[str, Any]) -> Grid:
    head = ["STT", "Ngày tiếp nhận", "Hòa giải viên; người được mời", "Các bên (họ tên, tuổi, địa chỉ)",
            "Nội dung chủ yếu", "Thỏa thuận hoặc ý kiến của các bên", "Kết quả", "Chữ ký của hòa giải viên",
            "Ghi chú"]  # fmt: skip
    rows: list[list[Any]] = []
    for i, r in enumerate(data["cases"], start=1):
        who = "; ".join(r["mediators"])
        if r["invited"]:
            who += ("; " if who else "") + "Mời: " + "; ".join(r["invited"])
        rows.append([i, fmt_date(r["received_on"]), who, "; ".join(r["parties"]),
                     f"{r['summary']} ({r['category']})", r["outcome"], r["state"], "", r["notes"]])  # fmt: skip
    return Grid(
        header=simple_header(head),
        header_rows=1,
        rows=rows,
        widths_mm=[9, 19, 32, 38, 48, 48, 20, 19, 19],
        sheet_title="Phần I - Vụ việc",
        heading=[
            "SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ",
            f"{data['team']['name']} — {data['period_label']}",
            "PHẦN I. THEO DÕI VỤ, VIỆC HÒA GIẢI",
        ],  # fmt: skip
        align=["CENTER", "CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "CENTER", "LEFT", "LEFT"],
        font_size=9.5,
    )


def part2_grid(data: Mapping[str, Any]) -> Grid:
    head = ["Nội dung", "Tổng số", *_STATES, "Ngoài phạm vi"]
    rows: list[list[Any]] = []
    span: set[int] = set()
    if data["by_mediator"]:  # no heading without rows under it
        span.add(len(rows))
        rows.append(["1. Theo hòa giải viên", "", "", "", "", "", ""])
    for name, counts in data["by_mediator"].items():
        rows.append([name, sum(counts.values()), *(counts.get(s, 0) for s in _STATES),
                     sum(v for k, v in counts.items() if k not in _STATES)])  # fmt: skip
    span.add(len(rows))
    rows.append([f"{len(span)}. Theo lĩnh vực", "", "", "", "", "", ""])
    by_cat: dict[str, Counter[str]] = {}
    for r in data["cases"]:
        by_cat.setdefault(r["category"], Counter())[r["state"]] += 1
    order = [c.vi for c in Category]
    for cat in order:
        counts = by_cat.get(cat, Counter())
        rows.append([cat, sum(counts.values()), *(counts.get(s, 0) for s in _STATES),
                     sum(v for k, v in counts.items() if k not in _STATES)])  # fmt: skip
    total: Counter[str] = Counter(r["state"] for r in data["cases"])
    rows.append(["Tổng cộng", sum(total.values()), *(total.get(s, 0) for s in _STATES),
                 sum(v for k, v in total.items() if k not in _STATES)])  # fmt: skip
    return Grid(
        header=simple_header(head),
        header_rows=1,
        rows=rows,
        widths_mm=[70, 22, 26, 26, 26, 26, 26],
        sheet_title="Phần II - Tổng hợp",
        heading=["PHẦN II. TỔNG HỢP KẾT QUẢ HÒA GIẢI", f"{data['team']['name']} — {data['period_label']}"],
        span_rows=span,
        bold_rows=span | {len(rows) - 1},
        font_size=10,
    )


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(True)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    team = data["team"]
    big = nd30.style("cover_title", 20, bold=True, align=TA_CENTER, leading=26)
    line = nd30.style("cover_line", 14, align=TA_CENTER, leading=22)
    story: list[Flowable] = [
        Paragraph(
            f"ỦY BAN NHÂN DÂN {nd30.esc(unit.full_name.upper())}",
            nd30.style("cover_top", 14, bold=True, align=TA_CENTER),
        ),
        Paragraph(nd30.esc(team["name"].upper()), nd30.style("cover_top2", 14, bold=True, align=TA_CENTER)),
        Spacer(1, 30 * mm),
        Paragraph("SỔ THEO DÕI HOẠT ĐỘNG<br/>HÒA GIẢI Ở CƠ SỞ", big),
        Spacer(1, 14 * mm),
        Paragraph(f"Tỉnh/thành phố: {nd30.esc(unit.province)}", line),
        Paragraph(f"{nd30.esc(unit.kind_vi)}: {nd30.esc(unit.name)}", line),
        Paragraph(f"Thôn/tổ dân phố: {nd30.esc(team['village'])}", line),
        Paragraph(f"Tổ hòa giải: {nd30.esc(team['name'])}", line),
        Paragraph(f"Quyển số: {nd30.esc(data.get('number') or '…' * 6)}", line),
        Paragraph(
            f"Mở sổ ngày: {fmt_date(data['period_start'])} — Khóa sổ ngày: {fmt_date(data['period_end'])}",
            line,
        ),
        PageBreak(),
    ]
    g1 = part1_grid(data)
    head: list[Flowable] = [Paragraph("PHẦN I. THEO DÕI VỤ, VIỆC HÒA GIẢI", nd30.SUBTITLE), Spacer(1, 3 * mm)]
    height = nd30.frame_height(True)
    story += head + paged_tables(g1, width, height - measure(head, width, height), height) + [PageBreak()]
    g2 = part2_grid(data)
    story += [Paragraph("PHẦN II. TỔNG HỢP KẾT QUẢ HÒA GIẢI", nd30.SUBTITLE),
              Paragraph(f"(Kỳ: {nd30.esc(data['period_label'])})", nd30.CENTER_ITALIC), Spacer(1, 3 * mm),
              pdf_table(g2, width)]  # fmt: skip
    sign = nd30.style("leader_sign", 13, bold=True, align=TA_CENTER)
    block = [
        Paragraph("TỔ TRƯỞNG TỔ HÒA GIẢI", sign),
        Paragraph("(Ký, ghi rõ họ tên)", nd30.CENTER_ITALIC),
        Spacer(1, 20 * mm),
        Paragraph(nd30.esc(team["leader"]) or "&nbsp;", sign),
    ]
    right = Table([["", block]], colWidths=[width - 90 * mm, 90 * mm])
    right.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story = end_with(story, [Spacer(1, 8 * mm), right])  # the leader signs under the last rows, never alone
    return Layout(story=story, landscape=True, grids=[g1, g2])
