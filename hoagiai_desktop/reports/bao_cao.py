"""``bao-cao``: the narrative report (Báo cáo kết quả công tác hòa giải ở cơ sở) with the figures filled in.

The officer's own paragraphs come as ``narrative`` = {section: text}; :data:`SECTIONS` lists the sections, each
with a UI label. Figures of H1/Y1 periods are estimated like the statistical form and the report says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, Paragraph
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.reports import nd30
from hoagiai_desktop.reports.base import Layout, Request, common, fmt_number, heading, period_line
from hoagiai_desktop.reports.estimates import estimate_figures

# section key → UI label (the window shows one text box per section)
SECTIONS: dict[str, str] = {
    "to_chuc": N_("Organisation: more on the teams and mediators"),
    "ket_qua": N_("Results: more on the mediation work"),
    "tap_huan": N_("Training: more on training and support"),
    "danh_gia": N_("Overall assessment"),
    "kho_khan": N_("Difficulties and obstacles"),
    "de_xuat": N_("Proposals and recommendations"),
}
PLACEHOLDER = "…" * 30


def check_narrative(narrative: Mapping[str, str]) -> None:
    for key in narrative:
        if key not in SECTIONS:
            raise UserError(
                _("Unknown section “{key}” of the narrative report; use one of: {keys}.").format(
                    key=key, keys=", ".join(SECTIONS)
                )
            )


def collect(session: Session, req: Request) -> dict[str, Any]:
    check_narrative(req.narrative)
    period = req.period
    basis = period.actual() if period.has_estimate else period
    figures, est = estimate_figures(indicators.compute(session, basis), period, req.overrides.get(None))
    data = common(session, req)
    data.update(
        {
            "indicators": figures,
            "estimated": sorted(est),
            "actual_to": basis.end.isoformat(),
            "narrative": {k: req.narrative[k] for k in SECTIONS if k in req.narrative},
            "figures": dict(figures),
        }
    )
    return data


def _n(f: Mapping[str, Any], key: str) -> str:
    return fmt_number(f.get(key, 0), "percent" if "rate" in key or "pct" in key else "int")


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(False)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    f = data["indicators"]
    nar = data["narrative"]
    place = unit.inline_name
    story: list[Flowable] = nd30.heading_flowables(
        heading(data, "Báo cáo kết quả công tác hòa giải ở cơ sở", [period_line(data)]), width
    )

    def para(text: str) -> None:
        story.append(Paragraph(text, nd30.BODY))

    def own(key: str, *, placeholder: bool = False) -> None:
        text = nar.get(key)
        if text:
            for line in text.strip().splitlines():
                if line.strip():
                    para(nd30.esc(line.strip()))
        elif placeholder:
            para(PLACEHOLDER)

    para(f"Ủy ban nhân dân {nd30.esc(place)} báo cáo kết quả công tác hòa giải ở cơ sở "
         f"{nd30.esc(data['period_label'])} như sau:")  # fmt: skip
    story.append(Paragraph("I. TÌNH HÌNH TỔ CHỨC VÀ HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ", nd30.HEADING))
    story.append(Paragraph("1. Về tổ chức tổ hòa giải và đội ngũ hòa giải viên", nd30.HEADING))
    para(
        f"Trên địa bàn {nd30.esc(place)} hiện có {_n(f, 'teams.total')} tổ hòa giải với {_n(f, 'mediators.total')} "
        f"hòa giải viên, trong đó: {_n(f, 'mediators.female')} hòa giải viên nữ; {_n(f, 'mediators.ethnic_minority')} "
        f"hòa giải viên là người dân tộc thiểu số; {_n(f, 'mediators.legal_background')} hòa giải viên có trình độ, "
        f"chuyên môn pháp luật; {_n(f, 'mediators.leaders')} tổ trưởng tổ hòa giải. Số tổ hòa giải đủ thành phần theo "
        f"quy định: {_n(f, 'teams.compliant')} tổ; chưa đủ thành phần: {_n(f, 'teams.noncompliant')} tổ; "
        f"{_n(f, 'teams.legal_support')} tổ có người có chuyên môn pháp luật hỗ trợ."
    )
    para(
        f"Trong kỳ, đã công nhận mới {_n(f, 'mediators.recognised')} hòa giải viên và cho thôi làm hòa giải viên "
        f"{_n(f, 'mediators.terminated')} người."
    )
    own("to_chuc")
    story.append(Paragraph("2. Kết quả hoạt động hòa giải", nd30.HEADING))
    para(
        f"Tổng số vụ, việc các tổ hòa giải tiếp nhận trong kỳ: {_n(f, 'cases.handled')} vụ, việc (kỳ trước chuyển sang "
        f"{_n(f, 'cases.carried')}, mới tiếp nhận {_n(f, 'cases.new')}); chia theo lĩnh vực: mâu thuẫn giữa các bên "
        f"{_n(f, 'cases.by_category.mau_thuan')}; tranh chấp dân sự {_n(f, 'cases.by_category.dan_su')}; hôn nhân và "
        f"gia đình {_n(f, 'cases.by_category.hon_nhan_gia_dinh')}; vi phạm pháp luật chưa đến mức xử lý "
        f"{_n(f, 'cases.by_category.vi_pham')}; khác {_n(f, 'cases.by_category.khac')}."
    )
    para(
        f"Kết quả: hòa giải thành {_n(f, 'cases.successful')} vụ, việc (đạt tỷ lệ {_n(f, 'cases.success_rate')}%); "
        f"hòa giải không thành {_n(f, 'cases.unsuccessful')}; đang giải quyết {_n(f, 'cases.ongoing')}; chưa giải "
        f"quyết {_n(f, 'cases.pending')}. Ngoài ra, {_n(f, 'cases.out_of_scope')} vụ, việc không thuộc phạm vi hòa "
        "giải ở cơ sở đã được hướng dẫn đến cơ quan có thẩm quyền."
    )
    own("ket_qua")
    story.append(Paragraph("3. Công tác tập huấn, bồi dưỡng hòa giải viên", nd30.HEADING))
    para(
        f"Trong kỳ, tổ chức {_n(f, 'training.events')} lớp tập huấn, bồi dưỡng với {_n(f, 'training.trained_in_period')} "
        f"hòa giải viên tham dự. Đến nay có {_n(f, 'training.trained')} hòa giải viên đã được tập huấn "
        f"(đạt {_n(f, 'training.pct_trained')}% tổng số hòa giải viên); {_n(f, 'training.leaders_in_depth')} tổ trưởng "
        f"được tập huấn chuyên sâu; hòa giải viên mới công nhận trong kỳ: {_n(f, 'training.new')}, trong đó "
        f"{_n(f, 'training.new_trained_6m')} người đã được tập huấn trong 06 tháng, {_n(f, 'training.new_overdue')} "
        "người quá hạn chưa được tập huấn."
    )
    own("tap_huan")
    if data["estimated"]:
        actual_to = dt.date.fromisoformat(data["actual_to"])
        story.append(Paragraph(
            f"(Số liệu thực tế tính đến ngày {actual_to:%d/%m/%Y}; số liệu đến hết kỳ báo cáo là số liệu ước tính.)",
            nd30.NOTE))  # fmt: skip
    story.append(Paragraph("II. ĐÁNH GIÁ CHUNG", nd30.HEADING))
    own("danh_gia", placeholder=True)
    story.append(Paragraph("III. KHÓ KHĂN, VƯỚNG MẮC", nd30.HEADING))
    own("kho_khan", placeholder=True)
    story.append(Paragraph("IV. ĐỀ XUẤT, KIẾN NGHỊ", nd30.HEADING))
    own("de_xuat", placeholder=True)
    para(f"Trên đây là báo cáo kết quả công tác hòa giải ở cơ sở {nd30.esc(data['period_label'])} của Ủy ban nhân "
         f"dân {nd30.esc(place)}./.")  # fmt: skip
    story.append(nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width))
    return Layout(story=story, landscape=False)
