"""``bao-cao``: the narrative report (Báo cáo kết quả công tác hòa giải ở cơ sở) with the figures filled in.

The officer's own paragraphs come as ``narrative`` = {section: text}; :data:`SECTIONS` lists the sections, each
with a UI label. Figures of H1/Y1 periods are estimated like the statistical form and the report says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Paragraph
from sqlalchemy.orm import Session

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.reports import nd30
from hoagiai_desktop.reports.base import Layout, Request, common, fmt_number, heading, period_line
from hoagiai_desktop.reports.estimates import period_figures
from hoagiai_desktop.reports.keep import StoryBuilder
from hoagiai_desktop.reports.paper import end_mark

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
    pf = period_figures(
        session, period, req.overrides
    )  # the same figures as stats and the thong-ke commune row
    figures, est = pf.total, pf.total_estimates
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


def _parts(f: Mapping[str, Any], items: list[tuple[str, str]]) -> list[str]:
    """ "39 hòa giải viên nữ" for each (key, words) whose figure is not 0 — papers never print "0 …"."""
    return [f"{_n(f, key)} {words}" for key, words in items if f.get(key, 0)]


def _organisation(f: Mapping[str, Any], place: str) -> list[str]:
    if not f.get("teams.total", 0):
        return [f"Trên địa bàn {place} chưa có tổ hòa giải nào được thành lập."]
    mediators = (
        f"{_n(f, 'mediators.total')} hòa giải viên"
        if f.get("mediators.total", 0)
        else "chưa có hòa giải viên nào"
    )
    among = _parts(f, [("mediators.female", "hòa giải viên nữ"),
                       ("mediators.ethnic_minority", "hòa giải viên là người dân tộc thiểu số"),
                       ("mediators.legal_background", "hòa giải viên có trình độ, chuyên môn pháp luật"),
                       ("mediators.leaders", "tổ trưởng tổ hòa giải")])  # fmt: skip
    first = f"Trên địa bàn {place} hiện có {_n(f, 'teams.total')} tổ hòa giải với {mediators}"
    first += (", trong đó: " + "; ".join(among) + ".") if among else "."
    comp = _parts(f, [("teams.compliant", "tổ đủ thành phần theo quy định"),
                      ("teams.noncompliant", "tổ chưa đủ thành phần"),
                      ("teams.legal_support", "tổ có người có chuyên môn pháp luật hỗ trợ")])  # fmt: skip
    out = [first + (" Về thành phần: " + "; ".join(comp) + "." if comp else "")]
    changes = _parts(f, [("mediators.recognised", "hòa giải viên được công nhận mới"),
                         ("mediators.terminated", "người thôi làm hòa giải viên")])  # fmt: skip
    out.append(
        "Trong kỳ, có " + " và ".join(changes) + "."
        if changes
        else "Trong kỳ, không có hòa giải viên nào được công nhận mới hoặc thôi làm hòa giải viên."
    )
    return out


def _results(f: Mapping[str, Any]) -> list[str]:
    if not f.get("cases.handled", 0):
        out = ["Trong kỳ, các tổ hòa giải chưa tiếp nhận vụ, việc nào thuộc phạm vi hòa giải ở cơ sở."]
    else:
        origin = _parts(
            f, [("cases.carried", "vụ, việc kỳ trước chuyển sang"), ("cases.new", "vụ, việc mới")]
        )
        cats = _parts(f, [("cases.by_category.mau_thuan", "mâu thuẫn giữa các bên"),
                          ("cases.by_category.dan_su", "tranh chấp dân sự"),
                          ("cases.by_category.hon_nhan_gia_dinh", "hôn nhân và gia đình"),
                          ("cases.by_category.vi_pham", "vi phạm pháp luật chưa đến mức xử lý"),
                          ("cases.by_category.khac", "khác")])  # fmt: skip
        text = f"Tổng số vụ, việc các tổ hòa giải thụ lý trong kỳ: {_n(f, 'cases.handled')} vụ, việc"
        text += f" ({'; '.join(origin)})" if origin else ""
        text += ("; chia theo lĩnh vực: " + "; ".join(cats)) if cats else ""
        out = [text + "."]
        results = _parts(f, [("cases.successful", "vụ, việc hòa giải thành"),
                             ("cases.unsuccessful", "vụ, việc hòa giải không thành"),
                             ("cases.ongoing", "vụ, việc đang giải quyết"),
                             ("cases.pending", "vụ, việc chưa giải quyết")])  # fmt: skip
        rate = (f" Tỷ lệ hòa giải thành đạt {_n(f, 'cases.success_rate')}%." if f.get("cases.successful", 0)
                else " Chưa có vụ, việc nào hòa giải thành.")  # fmt: skip
        out.append("Kết quả: " + "; ".join(results) + "." + rate)
    if f.get("cases.out_of_scope", 0):
        out.append(f"Ngoài ra, {_n(f, 'cases.out_of_scope')} vụ, việc không thuộc phạm vi hòa giải ở cơ sở đã được "
                   "hướng dẫn đến cơ quan có thẩm quyền.")  # fmt: skip
    return out


def _training(f: Mapping[str, Any]) -> list[str]:
    if not f.get("training.events", 0):
        first = "Trong kỳ, chưa tổ chức lớp tập huấn, bồi dưỡng nào cho hòa giải viên."
    else:
        first = f"Trong kỳ, tổ chức {_n(f, 'training.events')} lớp tập huấn, bồi dưỡng"
        first += (f" với {_n(f, 'training.trained_in_period')} hòa giải viên tham dự."
                  if f.get("training.trained_in_period", 0) else ".")  # fmt: skip
    if f.get("training.trained", 0):
        second = (f"Đến nay có {_n(f, 'training.trained')} hòa giải viên đã được tập huấn (đạt "
                  f"{_n(f, 'training.pct_trained')}% tổng số hòa giải viên)")  # fmt: skip
    else:
        second = "Đến nay chưa có hòa giải viên nào được tập huấn"
    if f.get("training.leaders_in_depth", 0):
        second += f"; {_n(f, 'training.leaders_in_depth')} tổ trưởng được tập huấn chuyên sâu"
    out = [first, second + "."]
    if f.get("training.new", 0):
        bits = _parts(f, [("training.new_trained_6m", "người đã được tập huấn trong 06 tháng"),
                          ("training.new_overdue", "người quá hạn chưa được tập huấn")])  # fmt: skip
        out.append(f"Hòa giải viên mới công nhận trong kỳ: {_n(f, 'training.new')} người"
                   + (", trong đó " + ", ".join(bits) if bits else "") + ".")  # fmt: skip
    return out


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(False)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    f = data["indicators"]
    nar = data["narrative"]
    place = unit.inline_name
    story = StoryBuilder(
        nd30.heading_flowables(
            heading(data, "Báo cáo kết quả công tác hòa giải ở cơ sở", [period_line(data)]), width
        )
    )

    def para(text: str) -> None:
        story.add(Paragraph(text, nd30.BODY))

    def head(text: str) -> None:
        story.heading(Paragraph(text, nd30.HEADING))

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
    head("I. TÌNH HÌNH TỔ CHỨC VÀ HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ")
    head("1. Về tổ chức tổ hòa giải và đội ngũ hòa giải viên")
    for text in _organisation(f, place):
        para(nd30.esc(text))
    own("to_chuc")
    head("2. Kết quả hoạt động hòa giải")
    for text in _results(f):
        para(nd30.esc(text))
    own("ket_qua")
    head("3. Công tác tập huấn, bồi dưỡng hòa giải viên")
    for text in _training(f):
        para(nd30.esc(text))
    own("tap_huan")
    if data["estimated"]:
        actual_to = dt.date.fromisoformat(data["actual_to"])
        story.add(Paragraph(
            f"(Số liệu thực tế tính đến ngày {actual_to:%d/%m/%Y}; số liệu đến hết kỳ báo cáo là số liệu ước tính.)",
            nd30.NOTE))  # fmt: skip
    head("II. ĐÁNH GIÁ CHUNG")
    own("danh_gia", placeholder=True)
    head("III. KHÓ KHĂN, VƯỚNG MẮC")
    own("kho_khan", placeholder=True)
    head("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    own("de_xuat", placeholder=True)
    para(nd30.esc(end_mark(f"Trên đây là báo cáo kết quả công tác hòa giải ở cơ sở {data['period_label']} "
                           f"của Ủy ban nhân dân {place}")))  # fmt: skip
    tail = [nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width)]
    return Layout(story=story.finish(tail), landscape=False)
