"""Province papers (DOMAIN §8), every one issued by the Sở Tư pháp under NĐ 30 (the commune papers' rules):

* the statistical report — the province total, then one row per commune, with the columns of the same form
  definition the communes used — laid out by the commune paper's own layout;
* the Đề án report — the province's indicators against the QĐ 315 targets and a per-commune table;
* the completeness list of a period.

Every figure comes from :func:`province_reports.figures` (sums of the stored commune rows), never typed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import targets as targets_table
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_dashboard, province_registry, province_reports, users
from hoagiai_desktop.storage.database import Database


def _definition(db: Database, period_code: str) -> dict[str, Any]:
    """The definition most counted packages of the period were made with (its raw JSON)."""
    from hoagiai_desktop.reports import definitions

    with db.reading() as s:
        versions = Counter(
            s.scalars(
                select(m.ReceivedPackage.definition_version).where(
                    m.ReceivedPackage.period == period_code, m.ReceivedPackage.counted.is_(True)
                )
            )
        )
    if not versions:
        raise UserError(_("No commune has reported for {period} yet.").format(period=period_code))
    version = versions.most_common(1)[0][0]
    found = next((d for d in definitions.all_definitions(db) if d.version == version), None)
    if found is None:
        raise UserError(_("The form definition {version} is not known here.").format(version=version))
    raw = dict(found.raw)
    raw["rows"] = dict(raw.get("rows") or {}, label_header="Tên xã, phường, đặc khu", total_label="Toàn tỉnh")
    raw["receiver"] = "Bộ Tư pháp"  # the commune's form goes to the Sở; the Sở's goes to the Ministry
    return raw


def _unit(db: Database) -> dict[str, Any]:
    """What the papers print about the issuing province (its director signs; DOMAIN §8)."""
    unit = province_registry.province_unit(db)
    return {"province": unit.province or unit.name, "kind_vi": UnitKind.TINH.vi, "name": unit.name,
            "place_name": unit.place_name or unit.name, "chairman_name": unit.chairman_name or "",
            "vice_chairman_name": unit.vice_chairman_name or "", "signer_is_vice": bool(unit.signer_is_vice) and bool(unit.vice_chairman_name),
            "justice_officer_name": unit.justice_officer_name or ""}  # fmt: skip


def _period_fields(period_code: str, issued_on: dt.date | None) -> dict[str, Any]:
    period = parse_period(period_code)
    return {"period": period.code, "period_label": period.label_vi(), "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(), "issued_on": (issued_on or dt.date.today()).isoformat(),
            "number": None}  # fmt: skip


def statistical_data(db: Database, period_code: str, issued_on: dt.date | None = None) -> dict[str, Any]:
    """What the statistical layout draws, for the province."""
    users.require(db, users.VIEWER)
    province_registry.province_unit(db)
    period = parse_period(period_code)
    result = province_reports.figures(db, period.code)
    names = {c.code: c.full_name for c in province_registry.list_communes(db)}
    definition = _definition(db, period.code)
    rows: list[dict[str, Any]] = [
        {"label": "Tổng số toàn tỉnh", "team_code": None, "values": dict(result.total), "estimated": [],
         "overridden": []},
    ]  # fmt: skip
    for code, values in result.communes.items():
        rows.append({"label": names.get(code, code), "team_code": code, "values": dict(values),
                     "estimated": result.estimated.get(code, []), "overridden": []})  # fmt: skip
    return {
        "form": "thong-ke", "period": period.code, "period_label": period.label_vi(),
        "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
        "actual_to": period.actual_to.isoformat(), "issued_on": (issued_on or dt.date.today()).isoformat(),
        "number": None, "preparer": None, "checker": None, "definition": definition,
        "definition_version": definition.get("version", ""), "figures": {}, "rows": rows,
        "unit": _unit(db),
        "has_estimate": any(r["estimated"] for r in rows),
    }  # fmt: skip


def write_statistical_report(db: Database, period_code: str, out_pdf: str | Path) -> tuple[Path, int]:
    from hoagiai_desktop.reports.render import render_collected

    result = render_collected(statistical_data(db, period_code), out_pdf, None)
    return result.pdf, result.pages


def de_an_data(db: Database, period_code: str, issued_on: dt.date | None = None) -> dict[str, Any]:
    """What the province's Đề án report draws: the indicators for the province, then one row per commune of the
    registry (the counts behind each indicator and its percentage; None for a commune that has not reported)."""
    board = province_dashboard.dashboard(db, period_code)
    indicators = [{"key": r.key, "official": r.official, "target": r.target, "actual": r.actual, "count": r.count,
                   "base": r.base, "communes_met": r.communes_met, "communes_counted": r.communes_counted}
                  for r in board.indicators]  # fmt: skip

    def row(values: dict[str, int | float]) -> dict[str, tuple[float, float | None]]:
        out = {}
        for r in board.indicators:
            t = targets_table.BY_KEY[r.key]
            count = float(values.get(t.count or r.key, 0)) if t.percent else float(values.get(r.key, 0))
            out[r.key] = (count, province_dashboard.actual(r.key, values))
        return out

    communes = [{"code": c.code, "name": c.full_name,
                 "values": row(board.communes[c.code]) if c.code in board.communes else None}
                for c in province_registry.list_communes(db)]  # fmt: skip
    return {
        "form": "de-an-tinh", **_period_fields(period_code, issued_on), "unit": _unit(db),
        "legal_basis": targets_table.LEGAL_BASIS, "indicators": indicators, "province_row": row(board.total),
        "communes": communes, "reported": board.reported, "communes_total": board.communes_total,
        "not_reported": [name for _code, name in board.not_reported],
    }  # fmt: skip


def completeness_data(db: Database, period_code: str, issued_on: dt.date | None = None) -> dict[str, Any]:
    """What the completeness list draws: every commune of the registry with its status, dates and numbers."""
    users.require(db, users.VIEWER)
    due, rows = province_reports.completeness(db, period_code)
    counts = {s: sum(r.status == s for r in rows) for s in province_reports.STATUS_LABELS}
    return {
        "form": "danh-sach-nop", **_period_fields(period_code, issued_on), "unit": _unit(db),
        "deadline": due.isoformat() if due else None, "counts": counts,
        "rows": [{"code": r.code, "name": r.full_name or r.name, "status": r.status, "status_vi": r.status_vi,
                  "received_on": r.received_at.date().isoformat() if r.received_at else None,
                  "counted_on": r.counted_at.date().isoformat() if r.counted_at else None,
                  "receipt_number": r.receipt_number, "report_number": r.report_number} for r in rows],
    }  # fmt: skip


def _write(data: dict[str, Any], layout: Any, out_pdf: str | Path) -> tuple[Path, int]:
    from hoagiai_desktop.output import check_target
    from hoagiai_desktop.reports import nd30
    from hoagiai_desktop.reports.files import write_atomic

    check_target(out_pdf)
    lay = layout(data)
    pdf, pages = nd30.build_pdf(lay.story, is_landscape=lay.landscape, title=data["form"],
                                author=nd30.UnitInfo.from_dict(data["unit"]).full_name)  # fmt: skip
    return write_atomic(out_pdf, pdf), pages


def write_de_an_report(db: Database, period_code: str, out_pdf: str | Path) -> tuple[Path, int]:
    from hoagiai_desktop.reports import province_papers as layouts

    return _write(de_an_data(db, period_code), layouts.de_an_layout, out_pdf)


def write_completeness_list(db: Database, period_code: str, out_pdf: str | Path) -> tuple[Path, int]:
    from hoagiai_desktop.reports import province_papers as layouts

    return _write(completeness_data(db, period_code), layouts.completeness_layout, out_pdf)


# The province papers by the name ``hoagiai province report --form`` takes (DOMAIN §5/§8 names).
WRITERS = {
    "thong-ke": write_statistical_report,
    "de-an": write_de_an_report,
    "danh-sach-nop": write_completeness_list,
}
