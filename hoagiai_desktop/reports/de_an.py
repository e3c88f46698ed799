"""``de-an``: implementation of the Đề án (QĐ 315/QĐ-TTg and local plans) — each indicator against its target.

Targets are percentages of a base indicator (see :mod:`hoagiai_desktop.domain.targets`): the actual value is
``indicator ÷ base × 100`` (rates and ``pct`` figures are already percentages). Đạt when actual ≥ target. A bar
chart (reportlab.graphics, fonts embedded) shows target and actual side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import targets as targets_table
from hoagiai_desktop.domain.models import Target
from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.base import Layout, Request, common, fmt_number, heading, period_line
from hoagiai_desktop.reports.estimates import period_figures
from hoagiai_desktop.reports.keep import end_with
from hoagiai_desktop.reports.paper import end_mark, fmt_decimal, fmt_int
from hoagiai_desktop.reports.tables import Grid, pdf_table, simple_header

# The targets, their bases and their official wording: the one table of :mod:`hoagiai_desktop.domain.targets`.
actual_percent = targets_table.actual_percent


def _label(key: str) -> str:
    t = targets_table.BY_KEY.get(key)
    return t.official if t is not None else key


def _base(key: str) -> str | None:
    """The base whose estimate makes the actual value an estimate (None for a ready percentage)."""
    t = targets_table.BY_KEY.get(key)
    return None if t is None or t.percent else t.base


def collect(session: Session, req: Request) -> dict[str, Any]:
    period = req.period
    basis = period.actual() if period.has_estimate else period
    pf = period_figures(
        session, period, req.overrides
    )  # the same figures as stats and the thong-ke commune row
    figures, est = pf.total, pf.total_estimates
    year = period.end.year
    targets = [
        t for t in session.scalars(select(Target).order_by(Target.plan, Target.id))
        if (t.year_from is None or t.year_from <= year) and (t.year_to is None or year <= t.year_to)
    ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    if targets:
        for t in targets:
            rows.append({"plan": t.plan, "legal_basis": t.legal_basis or t.plan, "indicator": t.indicator,
                         "target": float(t.value)})  # fmt: skip
    else:
        rows = [{"plan": targets_table.PLAN, "legal_basis": targets_table.LEGAL_BASIS, "indicator": t.indicator,
                 "target": t.value} for t in targets_table.DEFAULTS]  # fmt: skip
    for r in rows:
        r["label"] = _label(r["indicator"])
        r["actual"] = actual_percent(r["indicator"], figures)
        r["met"] = None if r["actual"] is None else r["actual"] >= r["target"]
        r["estimated"] = r["indicator"] in est or _base(r["indicator"]) in est
    data = common(session, req)
    data.update(
        {
            "targets": rows,
            "indicators": figures,
            "actual_to": basis.end.isoformat(),
            "has_estimate": period.has_estimate,
            "figures": {f"{r['plan']}/{r['indicator']}": r["actual"] for r in rows},
        }
    )
    return data


def _verdict(row: Mapping[str, Any]) -> str:
    if row["met"] is None:
        return "Chưa phát sinh"
    return "Đạt" if row["met"] else "Chưa đạt"


def grid(data: Mapping[str, Any]) -> Grid:
    rows: list[list[Any]] = []
    for i, r in enumerate(data["targets"], start=1):
        actual = fmt_number(r["actual"], "percent") if r["actual"] is not None else "—"
        if r["estimated"] and r["actual"] is not None:
            actual += "*"
        rows.append([i, r["label"], r["plan"], fmt_number(r["target"], "percent"), actual, _verdict(r)])
    return Grid(
        header=simple_header(
            ["STT", "Chỉ tiêu", "Kế hoạch, đề án", "Mục tiêu (%)", "Thực hiện (%)", "Đánh giá"]
        ),
        header_rows=1,
        rows=rows,
        widths_mm=[10, 66, 36, 20, 20, 20],
        sheet_title="Chỉ tiêu Đề án",
        heading=["KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐỀ ÁN", period_line(data)],
        align=["CENTER", "LEFT", "LEFT", "CENTER", "CENTER", "CENTER"],
        font_size=10.5,
    )


def _comma(value: float) -> str:
    return fmt_decimal(value)


def chart(data: Mapping[str, Any], width: float) -> Drawing:
    rows = [r for r in data["targets"]]
    n = max(len(rows), 1)
    height = 22 * mm + n * 13 * mm
    d = Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=10)
    bc = HorizontalBarChart()
    bc.x = 12 * mm
    bc.y = 16 * mm
    bc.width = width - 32 * mm
    bc.height = height - 22 * mm
    bc.data = [
        [float(r["target"]) for r in reversed(rows)],
        [float(r["actual"] or 0) for r in reversed(rows)],
    ]
    bc.categoryAxis.categoryNames = [str(i) for i in range(len(rows), 0, -1)]
    bc.categoryAxis.labels.fontName = fonts.REGULAR
    bc.categoryAxis.labels.fontSize = 10
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueMax = 100
    bc.valueAxis.valueStep = 10
    bc.valueAxis.labels.fontName = fonts.REGULAR
    bc.valueAxis.labels.fontSize = 9
    bc.bars[0].fillColor = colors.HexColor("#9db4d0")
    bc.bars[1].fillColor = colors.HexColor("#2f5d8c")
    bc.barLabelFormat = _comma
    bc.barLabels.fontName = fonts.REGULAR
    bc.barLabels.fontSize = 8
    bc.barLabels.nudge = 8
    bc.groupSpacing = 6
    d.add(bc)
    legend = Legend()
    legend.fontName = fonts.REGULAR
    legend.fontSize = 10
    legend.alignment = "right"
    legend.x = 12 * mm
    legend.y = 7 * mm
    legend.columnMaximum = 1
    legend.deltax = 45 * mm
    legend.colorNamePairs = [(bc.bars[0].fillColor, "Mục tiêu (%)"), (bc.bars[1].fillColor, "Thực hiện (%)")]
    d.add(legend)
    d.add(String(0, height - 4 * mm, "Biểu đồ: mục tiêu và kết quả thực hiện (số thứ tự theo bảng trên)",
                 fontName=fonts.ITALIC, fontSize=10))  # fmt: skip
    return d


def layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(False)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    story: list[Flowable] = nd30.heading_flowables(
        heading(
            data,
            "Báo cáo kết quả thực hiện Đề án “Nâng cao năng lực đội ngũ hòa giải viên ở cơ sở giai đoạn 2024 - 2030”",
            [period_line(data)],
        ),  # fmt: skip
        width,
    )
    met = sum(1 for r in data["targets"] if r["met"])
    bases = sorted({r["legal_basis"] for r in data["targets"]})
    story.append(Paragraph("Căn cứ: " + "; ".join(nd30.esc(b) for b in bases) + ".", nd30.BODY))
    story.append(
        Paragraph(
            f"Ủy ban nhân dân {nd30.esc(unit.inline_name)} báo cáo kết quả thực hiện các chỉ tiêu của Đề án trên địa bàn: "
            f"{fmt_int(met)}/{fmt_int(len(data['targets']))} chỉ tiêu đạt mục tiêu. Kết quả cụ thể như sau:",
            nd30.BODY,
        )
    )
    g = grid(data)
    story += [pdf_table(g, width), Spacer(1, 3 * mm)]
    if any(r["estimated"] for r in data["targets"]):
        story.append(Paragraph("(*) Có số liệu ước tính đến hết kỳ báo cáo.", nd30.NOTE))
    story += [Spacer(1, 4 * mm), chart(data, width), Spacer(1, 3 * mm)]
    story.append(Paragraph(nd30.esc(end_mark(
        f"Trên đây là báo cáo kết quả thực hiện các chỉ tiêu của Đề án {data['period_label']} của Ủy ban nhân "
        f"dân {unit.inline_name}")), nd30.BODY))  # fmt: skip
    tail = [nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width)]
    return Layout(story=end_with(story, tail), landscape=False, grids=[g])
