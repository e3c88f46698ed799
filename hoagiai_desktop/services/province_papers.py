"""Province papers (DOMAIN §8): the province statistical report — the province total, then one row per commune,
with the columns of the same form definition the communes used — laid out by the commune paper's own layout.

Every figure comes from :func:`province_reports.figures` (sums of the stored commune rows), never typed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_registry, province_reports, users
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
    return raw


def statistical_data(db: Database, period_code: str, issued_on: dt.date | None = None) -> dict[str, Any]:
    """What the statistical layout draws, for the province."""
    users.require(db, users.VIEWER)
    unit = province_registry.province_unit(db)
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
        "unit": {"province": unit.name, "kind_vi": "Tỉnh", "name": unit.name, "place_name": unit.place_name,
                 "chairman_name": "", "vice_chairman_name": "", "signer_is_vice": False, "justice_officer_name": ""},
        "has_estimate": any(r["estimated"] for r in rows),
    }  # fmt: skip


def write_statistical_report(db: Database, period_code: str, out_pdf: str | Path) -> tuple[Path, int]:
    from hoagiai_desktop.reports.render import render_collected

    result = render_collected(statistical_data(db, period_code), out_pdf, None)
    return result.pdf, result.pages
