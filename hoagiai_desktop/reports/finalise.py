"""Finalising a report (chốt số liệu): freeze what it prints, re-export it exactly, tell what changed since.

The FinalisedReport row keeps the whole JSON the layout draws from (figures, labels, the form definition, the
commune's names and signers, number, date, preparer, checker), so a later export is the same document even after
the data, the definition or the signer changed. ``changes_since_finalised`` re-collects the same request from
today's data and lists every printed figure that would differ (key: old → new); ``render_finalised`` prints the
stored figures with those changes attached.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Unpack

from sqlalchemy import select

from hoagiai_desktop.domain.models import FinalisedReport
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports import definitions
from hoagiai_desktop.reports.render import (
    Change,
    RenderResult,
    RequestOptions,
    collect,
    make_request,
    render_collected,
    with_regime,
)
from hoagiai_desktop.services.common import writing
from hoagiai_desktop.storage.database import Database


def finalise(db: Database, form: str, period: Period | str, **options: Unpack[RequestOptions]) -> int:
    """Freeze the report's content now; returns the id to re-export it with (``finalised_id``)."""
    req = make_request(form, period, **with_regime(db, options))
    data = collect(db, req)
    unit = data["unit"]
    signer = unit["vice_chairman_name"] if unit["signer_is_vice"] else unit["chairman_name"]
    estimated = {
        (r.get("team_code") or "total"): r["estimated"] for r in data.get("rows", []) if r.get("estimated")
    }
    with writing(db) as s:  # a cán bộ finalises; a read-only login is refused
        row = FinalisedReport(
            form=form,
            period=req.period.code,
            team_code=req.team_code,
            definition_version=data.get("definition_version"),
            number=req.number,
            issued_on=req.issued_on,
            preparer=req.preparer,
            checker=req.checker,
            signer=signer or None,
            figures=json.dumps(data, ensure_ascii=False, sort_keys=True),
            estimates=json.dumps(
                {"overrides": data["request"]["overrides"], "estimated": estimated},
                ensure_ascii=False,
                sort_keys=True,
            ),
            narrative=json.dumps(req.narrative, ensure_ascii=False, sort_keys=True)
            if req.narrative
            else None,
            finalised_at=dt.datetime.now().replace(microsecond=0),
        )
        s.add(row)
        s.flush()
        return int(row.id)


def load_finalised(db: Database, finalised_id: int) -> FinalisedReport:
    with db.reading() as s:
        row = s.get(FinalisedReport, finalised_id)
        if row is None:
            raise UserError(_("There is no finalised report number {id}.").format(id=finalised_id))
        s.expunge(row)  # keep its loaded values readable after the read-only session rolls back
        return row


def list_finalised(db: Database, form: str | None = None) -> list[FinalisedReport]:
    with db.reading() as s:
        stmt = select(FinalisedReport).order_by(
            FinalisedReport.finalised_at.desc(), FinalisedReport.id.desc()
        )
        if form:
            stmt = stmt.where(FinalisedReport.form == form)
        rows = list(s.scalars(stmt))
        s.expunge_all()
        return rows


def _current(db: Database, row: FinalisedReport, stored: dict[str, Any]) -> dict[str, Any]:
    request = stored.get("request", {})
    overrides = {(None if k == "" else k): v for k, v in request.get("overrides", {}).items()}
    estimates = {
        (f"{team}:{key}" if team else key): value
        for team, keys in overrides.items()
        for key, value in keys.items()
    }
    req = make_request(
        row.form, row.period, team_code=request.get("team_code"), case_code=request.get("case_code"),
        event_code=request.get("event_code"), estimates=estimates, narrative=request.get("narrative"),
        number=row.number, issued_on=row.issued_on, preparer=row.preparer, checker=row.checker,
        regime=request.get("regime") or "tt03-2019",  # finalised before regimes were data: the only one then
    )  # fmt: skip
    defn = stored.get("definition")
    definition = definitions.parse_definition(defn, where=row.definition_version or "") if defn else None
    return collect(db, req, definition=definition)


def changes_since_finalised(db: Database, finalised_id: int) -> list[Change]:
    """Every printed figure whose value today differs from the finalised one (in the stored order)."""
    row = load_finalised(db, finalised_id)
    stored = json.loads(row.figures)
    try:
        now = _current(db, row, stored)
    except UserError:
        return [Change("*", "…", _("the report can no longer be built from the current data"))]
    old: dict[str, Any] = stored.get("figures", {})
    new: dict[str, Any] = now.get("figures", {})
    changes = [Change(k, v, new.get(k, "—")) for k, v in old.items() if new.get(k) != v]
    changes += [Change(k, "—", v) for k, v in new.items() if k not in old]
    return changes


def render_finalised(
    db: Database, finalised_id: int, out_pdf: str | Path, *, xlsx: str | Path | None = None
) -> RenderResult:
    """Print a finalised report exactly as it was frozen; ``changes`` lists what today's data would print
    differently."""
    row = load_finalised(db, finalised_id)
    result = render_collected(json.loads(row.figures), out_pdf, xlsx)
    result.finalised_id = finalised_id
    result.changes = changes_since_finalised(db, finalised_id)
    return result
