"""``danh-sach``: roster of the active teams and their mediators at the period end, with compliance warnings.

The Vietnamese warnings follow DOMAIN rule 3.1 (Điều 12): at least 3 mediators, at least one woman, an
ethnic-minority mediator in an ethnic-area village, exactly one team leader. The verdict per team is the one of
:func:`hoagiai_desktop.domain.rules.team_compliance`; the wording is the official Vietnamese of this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import LegalQualification, Role, Sex
from hoagiai_desktop.domain.ethnic import is_minority
from hoagiai_desktop.domain.models import Attendance, Membership, Team, TrainingEvent
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports import nd30
from hoagiai_desktop.reports.base import Layout, Request, active_teams, common, fmt_date, heading, period_line
from hoagiai_desktop.reports.keep import end_with
from hoagiai_desktop.reports.paper import DS, end_mark, fmt_int
from hoagiai_desktop.reports.tables import Grid, measure, paged_tables, simple_header


def compliance_vi(team: Team, members: list[Membership], on: dt.date) -> list[str]:
    """Rule 3.1 reasons in official Vietnamese (empty = đủ thành phần)."""
    active = [ms for ms in members if ms.is_active(on)]
    people = {ms.mediator_id: ms.mediator for ms in active}
    out: list[str] = []
    if len(people) < rules.MIN_TEAM_SIZE:
        out.append(f"Tổ chỉ có {len(people)} hòa giải viên (tối thiểu 3 người)")
    if not any(p.sex == Sex.NU for p in people.values()):
        out.append("Tổ chưa có hòa giải viên nữ")
    if (
        team.village is not None
        and team.village.ethnic_area
        and not any(is_minority(p.ethnicity) for p in people.values())
    ):
        out.append(
            "Thôn, tổ dân phố vùng đồng bào dân tộc thiểu số nhưng tổ chưa có hòa giải viên là người dân tộc thiểu số"
        )
    leaders = {
        ms.mediator_id
        for ms in active
        if ms.role == Role.TO_TRUONG and (ms.leader_since is None or ms.leader_since <= on)
    }
    if not leaders:
        out.append("Tổ chưa có tổ trưởng")
    elif len(leaders) > 1:
        out.append(f"Tổ có {len(leaders)} tổ trưởng (chỉ được có 01 tổ trưởng)")
    if not out and not rules.is_compliant(team, members, on):
        out.append("Tổ chưa đủ thành phần theo Điều 12 Luật Hòa giải ở cơ sở")
    return out


def _background(ms: Membership) -> str:
    md = ms.mediator
    bits = []
    if md.legal_qualification and md.legal_qualification != LegalQualification.KHONG:
        bits.append(f"Trình độ pháp luật: {md.legal_qualification.vi}")
    if md.background is not None:
        bits.append(md.background.vi)
    return "; ".join(bits)


def collect(session: Session, req: Request) -> dict[str, Any]:
    on = req.period.end
    teams = active_teams(session, on)
    if req.team_code:
        teams = [t for t in teams if t.code == req.team_code]
        if not teams:
            raise UserError(
                _("There is no active team with the code {code} in this period.").format(code=req.team_code)
            )
    trained = set(
        session.scalars(
            select(Attendance.mediator_id)
            .join(TrainingEvent, TrainingEvent.id == Attendance.event_id)
            .where(Attendance.present.is_(True), TrainingEvent.end_on <= on)
        )
    )
    by_team: dict[int, list[Membership]] = {}
    for ms in session.scalars(
        select(Membership).where(Membership.start_date <= on).options(selectinload(Membership.mediator))
    ):
        by_team.setdefault(ms.team_id, []).append(ms)
    out_teams: list[dict[str, Any]] = []
    for team in teams:
        members = by_team.get(team.id, [])
        active = sorted(
            (ms for ms in members if ms.is_active(on)),
            key=lambda ms: (ms.role != Role.TO_TRUONG, ms.mediator.sort_key, ms.mediator.code),
        )
        out_teams.append(
            {
                "code": team.code,
                "name": team.name,
                "village": team.village.name if team.village else "",
                "legal_support": team.legal_support_name if team.legal_support else None,
                "warnings": compliance_vi(team, members, on),
                "members": [
                    {
                        "code": ms.mediator.code,
                        "name": ms.mediator.full_name,
                        "role": ms.role.vi,
                        "sex": ms.mediator.sex.vi,
                        "birth_year": ms.mediator.birth_year,
                        "ethnicity": ms.mediator.ethnicity,
                        "background": _background(ms),
                        "recognition": " ngày ".join(
                            x for x in (ms.recognition_no or "", fmt_date(ms.recognition_date)) if x
                        ),
                        "trained": ms.mediator_id in trained,
                    }
                    for ms in active
                ],
            }
        )
    data = common(session, req)
    data.update(
        {
            "teams": out_teams,
            "only_team": req.team_code,
            "figures": {
                **{f"{t['code']}/members": len(t["members"]) for t in out_teams},
                **{f"{t['code']}/warnings": len(t["warnings"]) for t in out_teams},
            },
        }
    )
    return data


def grid(data: Mapping[str, Any]) -> Grid:
    head = ["STT", "Họ và tên", "Vai trò", "Giới tính", "Năm sinh", "Dân tộc", "Trình độ, thành phần",
            "Quyết định công nhận", "Đã tập huấn"]  # fmt: skip
    rows: list[list[Any]] = []
    span: set[int] = set()
    bold: set[int] = set()
    for ti, team in enumerate(data["teams"], start=1):
        span.add(len(rows))
        bold.add(len(rows))
        extra = f" — Thôn/tổ dân phố: {team['village']}" if team["village"] else ""
        rows.append([f"{ti}. {team['name']} ({team['code']}){extra} — {len(team['members'])} hòa giải viên"])
        for i, mb in enumerate(team["members"], start=1):
            rows.append([i, mb["name"], mb["role"], mb["sex"], str(mb["birth_year"] or ""), mb["ethnicity"],
                         mb["background"], mb["recognition"], "Có" if mb["trained"] else "Chưa"])  # fmt: skip
        if team["legal_support"]:
            span.add(len(rows))
            rows.append([f"Người hỗ trợ có chuyên môn pháp luật: {team['legal_support']}"])
        if team["warnings"]:
            span.add(len(rows))
            rows.append(["Cảnh báo: " + "; ".join(team["warnings"]) + "."])
        else:
            span.add(len(rows))
            rows.append(["Tổ đủ thành phần theo Điều 12 Luật Hòa giải ở cơ sở."])
    return Grid(
        header=simple_header(head),
        header_rows=1,
        rows=rows,
        widths_mm=[10, 48, 24, 15, 15, 18, 44, 50, 18],
        sheet_title="Danh sách",
        heading=["DANH SÁCH TỔ HÒA GIẢI VÀ HÒA GIẢI VIÊN", period_line(data)],
        notes=notes(data),
        span_rows=span,
        bold_rows=bold,
        align=["CENTER", "LEFT", "LEFT", "CENTER", "CENTER", "CENTER", "LEFT", "LEFT", "CENTER"],
        font_size=10,
    )


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(True)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    on = dt.date.fromisoformat(data["period_end"])
    story: list[Flowable] = nd30.heading_flowables(
        heading(
            data, "Danh sách tổ hòa giải và hòa giải viên", [f"(Tính đến ngày {on:%d/%m/%Y})"], DS
        ),  # fmt: skip
        width,
    )
    story.append(Paragraph(nd30.esc(summary(data, unit.inline_name)), nd30.BODY))
    story.append(Spacer(1, 2 * mm))
    g = grid(data)
    height = nd30.frame_height(True)
    story += paged_tables(g, width, height - measure(story, width, height), height)
    tail: list[Flowable] = [Spacer(1, 2 * mm)]
    tail += [Paragraph(nd30.esc(note), nd30.NOTE) for note in g.notes]
    tail.append(nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width))
    return Layout(story=end_with(story, tail), landscape=True, grids=[g])


def in_two_teams(data: Mapping[str, Any]) -> int:
    """How many mediators are listed under more than one team (each listed once per team, counted once)."""
    seen: dict[str, int] = {}
    for t in data["teams"]:
        for code in {mb["code"] for mb in t["members"]}:
            seen[code] = seen.get(code, 0) + 1
    return sum(1 for n in seen.values() if n > 1)


def summary(data: Mapping[str, Any], place: str) -> str:
    """The sentence above the roster; for one team (``--team``) it speaks of that team only, never of the
    whole commune."""
    teams = data["teams"]
    if data.get("only_team") and teams:
        team = teams[0]
        people = len({mb["code"] for mb in team["members"]})
        who = f"{fmt_int(people)} hòa giải viên" if people else "chưa có hòa giải viên nào"
        verdict = "chưa đủ thành phần theo quy định" if team["warnings"] else "đủ thành phần theo quy định"
        return f"{team['name']} có {who}; tổ {verdict}."
    if not teams:
        return f"Trên địa bàn {place} chưa có tổ hòa giải nào đang hoạt động."
    members = len({mb["code"] for t in teams for mb in t["members"]})  # a person in two teams counts once
    noncompliant = sum(1 for t in teams if t["warnings"])
    verdict = (
        f"{fmt_int(noncompliant)} tổ chưa đủ thành phần theo quy định"
        if noncompliant
        else "tất cả các tổ đều đủ thành phần theo quy định"
    )
    who = f"{fmt_int(members)} hòa giải viên" if members else "chưa có hòa giải viên nào"
    return f"Trên địa bàn {place} có {fmt_int(len(teams))} tổ hòa giải với {who}; {verdict}."


def notes(data: Mapping[str, Any]) -> list[str]:
    """Notes under the table; the last one ends the body with "./."."""
    out = []
    twice = in_two_teams(data)
    if twice:
        out.append(
            f"Ghi chú: {fmt_int(twice)} hòa giải viên tham gia hai tổ hòa giải trở lên được ghi tên ở mỗi tổ; "
            "khi tính tổng số hòa giải viên, mỗi người chỉ được tính một lần."
        )
    out.append(f"Danh sách gồm {fmt_int(len(data['teams']))} tổ hòa giải.")
    out[-1] = end_mark(out[-1])
    return out
