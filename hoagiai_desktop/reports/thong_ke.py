"""``thong-ke``: the commune's periodic statistical report — total row first, then one row per active team.

Columns, labels and numbering come from the form definition valid for the period; estimated cells carry an
asterisk and a footnote says which part of the period is estimated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain.indicators_estimates import CASE_COUNT_KEYS
from hoagiai_desktop.domain.models import Team
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.base import (
    Layout,
    Request,
    active_teams,
    common,
    fmt_number,
    heading,
    period_line,
    two_teams_note,
)
from hoagiai_desktop.reports.definitions import FormDef, parse_definition
from hoagiai_desktop.reports.estimates import period_figures
from hoagiai_desktop.reports.keep import end_with
from hoagiai_desktop.reports.paper import DASH, rate_of_nothing
from hoagiai_desktop.reports.tables import Grid, measure, paged_tables

ESTIMATE_MARK = "*"


def collect(session: Session, req: Request, definition: FormDef) -> dict[str, Any]:
    period = req.period
    basis = period.actual() if period.has_estimate else period
    active = active_teams(session, basis.end) if definition.per_team else []
    codes = {t.code for t in active}
    unknown = [c for c in req.overrides if c is not None and c not in codes]
    if unknown:
        raise UserError(
            _("There is no active team with the code {code} in this period.").format(code=unknown[0])
        )
    pf = period_figures(session, period, req.overrides, team_ids=[t.id for t in active])
    # A team dissolved before the end still has a row when it handled cases, so the commune row of every case
    # column is the sum of the rows printed under it.
    shown = list(active)
    if definition.per_team:
        shown_ids = {t.id for t in active}
        extra = [
            t for t in session.scalars(select(Team).order_by(Team.code))
            if t.id not in shown_ids and any(pf.row(t.id).get(k) for k in CASE_COUNT_KEYS)
        ]  # fmt: skip
        shown = sorted(active + extra, key=lambda t: t.code)
    keys = [leaf.indicator for leaf in definition.leaves() if leaf.indicator]
    rows: list[dict[str, Any]] = []

    def add(label: str, code: str | None, team_id: int | None) -> None:
        figures, est = pf.row(team_id), pf.estimates(team_id)
        rows.append(
            {
                "label": label,
                "team_code": code,
                "values": {k: figures[k] for k in keys},
                "estimated": sorted(k for k in keys if k in est),
                "overridden": sorted(k for k in keys if k in est and est[k].overridden),
            }
        )

    add(definition.total_label, None, None)
    for team in shown:
        add(team.name, team.code, team.id)
    data = common(session, req)
    data.update(
        {
            "definition": definition.raw,
            "definition_version": definition.version,
            "actual_to": basis.end.isoformat(),
            "has_estimate": period.has_estimate,
            "rows": rows,
            # people columns whose commune value is below the team sum (a mediator in two teams counts once)
            "counted_once": [k for k in pf.people_counted_once([t.id for t in shown]) if k in keys],
            "figures": {f"{r['team_code'] or 'total'}/{k}": v for r in rows for k, v in r["values"].items()},
        }
    )
    return data


def estimate_note(data: Mapping[str, Any]) -> str:
    actual_to = dt.date.fromisoformat(data["actual_to"])
    end = dt.date.fromisoformat(data["period_end"])
    first_est = actual_to + dt.timedelta(days=1)
    return (
        f"({ESTIMATE_MARK}) Số liệu ước tính: số liệu thực tế tính đến ngày {actual_to:%d/%m/%Y}; "
        f"số liệu từ ngày {first_est:%d/%m/%Y} đến ngày {end:%d/%m/%Y} là số liệu ước tính."
    )


def column_widths(
    definition: FormDef, rows: list[list[Any]], header_size: float, body_size: float, avail: float
) -> list[float]:
    """Millimetres per column: each figure column as wide as its longest header word or value, the rest to A."""
    pad = 5.0
    leaves = definition.leaves()
    out: list[float] = []
    for j, leaf in enumerate(leaves, start=1):
        words = [w for w in leaf.label.split() if w] or [""]
        need = max(stringWidth(w, fonts.BOLD, header_size) for w in words)
        need = max(need, stringWidth(f"({leaf.number})", fonts.BOLD, header_size))
        need = max([need] + [stringWidth(str(r[j]), fonts.BOLD, body_size) for r in rows])
        out.append(max(need + pad, 16.0) / mm)
    label_need = max([stringWidth(str(r[0]), fonts.BOLD, body_size) for r in rows] + [0]) + pad
    rest = avail / mm - sum(out)
    return [max(min(label_need / mm, rest), 28.0), *out]


def uses_estimates(data: Mapping[str, Any]) -> bool:
    return any(r["estimated"] for r in data["rows"])


def grid(data: Mapping[str, Any]) -> Grid:
    definition = parse_definition(data["definition"], where=data.get("definition_version", ""))
    leaves = definition.leaves()
    rows: list[list[Any]] = []
    for r in data["rows"]:
        cells: list[Any] = [r["label"]]
        for leaf in leaves:
            key = leaf.indicator or ""
            value = r["values"].get(key)
            text = fmt_number(None if rate_of_nothing(key, r["values"]) else value, leaf.fmt)
            if key in r["estimated"] and text != DASH:
                text += ESTIMATE_MARK
            cells.append(text)
        rows.append(cells)
    header_size, body_size = (7.5, 8.5) if len(leaves) > 14 else (9.0, 10.0)
    widths = column_widths(definition, rows, header_size, body_size, nd30.frame_width(len(leaves) > 8))
    unit = nd30.UnitInfo.from_dict(data["unit"])
    notes: list[str] = []  # the reference-layout notice is for the screen, never the paper (DOMAIN §5)
    numbers = [f"({leaf.number})" for leaf in leaves if leaf.indicator in data.get("counted_once", [])]
    two_teams = two_teams_note(numbers)
    if two_teams:
        notes.append(two_teams)
    if uses_estimates(data):
        notes.append(estimate_note(data))
    return Grid(
        header=definition.header_cells(),
        header_rows=definition.header_depth() + 1,
        rows=rows,
        widths_mm=widths,
        sheet_title="Thống kê",
        heading=[definition.title.upper(), period_line(data), f"Đơn vị báo cáo: {unit.reporting_unit}"],
        notes=notes,
        bold_rows={0},
        font_size=body_size,
        header_font_size=header_size,
    )


def layout(data: Mapping[str, Any]) -> Layout:
    definition = parse_definition(data["definition"], where=data.get("definition_version", ""))
    unit = nd30.UnitInfo.from_dict(data["unit"])
    landscape = len(definition.leaves()) > 8
    width = nd30.frame_width(landscape)
    story: list[Flowable] = nd30.heading_flowables(
        heading(data, definition.title, [period_line(data)]), width
    )
    small = nd30.style("tk_small", 11, leading=13)
    small_i = nd30.style("tk_small_i", 11, italic=True, leading=13)
    # the basis is the reporting regime's (TT 03/2019 or TT 17/2025), whatever layout file draws the table
    basis = data.get("regime_basis") or definition.legal_basis
    left = [Paragraph("Căn cứ: " + nd30.esc(basis), small_i)]
    right = [
        Paragraph(f"Đơn vị báo cáo: {nd30.esc(unit.reporting_unit)}", small),
        Paragraph("Đơn vị nhận báo cáo: " + nd30.esc(definition.receiver), small),
    ]
    if definition.unit_of_measure:
        right.append(Paragraph(nd30.esc(definition.unit_of_measure), small))
    info = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    info.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 12),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [info, Spacer(1, 3 * mm)]
    g = grid(data)
    first = nd30.frame_height(landscape) - measure(story, width, nd30.frame_height(landscape))
    story += paged_tables(g, width, first, nd30.frame_height(landscape))
    tail: list[Flowable] = [Spacer(1, 2 * mm)] + [Paragraph(nd30.esc(note), nd30.NOTE) for note in g.notes]
    tail.append(
        nd30.signature_block(
            unit,
            nd30.default_recipients(unit),
            avail_width=width,
            extra=[
                ("Người lập biểu", data.get("preparer") or ""),
                ("Người kiểm tra", data.get("checker") or ""),
            ],
        )
    )
    story = end_with(story, tail)  # the signatures never stand alone on the last page
    return Layout(story=story, landscape=landscape, grids=[g])
