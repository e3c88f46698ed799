"""What the reports page asks of the database worker, and the typed values it gets back.

Every function here takes the worker's database first and runs on the worker thread (``ctx.run``), never on the GUI
thread: the choices offered in the combo boxes, the finalised reports, the statistical form's definition in use,
building a report or a finalised one, finalising, importing a form definition; and the words for the figures that
changed since a report was finalised (:func:`notice_lines`, shared by the preview strip and the Finalised tab).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoagiai_desktop.domain.enums import CaseState
from hoagiai_desktop.domain.indicators import label as figure_label
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.reports import definitions
from hoagiai_desktop.reports.finalise import finalise, list_finalised
from hoagiai_desktop.reports.finalise import render_finalised as render_finalised_report
from hoagiai_desktop.reports.render import (
    Change,
    RenderResult,
    render_report,
)
from hoagiai_desktop.services import cases_read, reporting, teams_read, training_read


@dataclass(frozen=True)
class ReportParams:
    """Everything a report is built from, as read from the page (typed, NFC)."""

    form: str
    period: str | None
    team_code: str | None = None
    case_code: str | None = None
    event_code: str | None = None
    estimates: dict[str, int] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    number: str | None = None
    issued_on: dt.date | None = None
    preparer: str | None = None
    checker: str | None = None
    regime: str | None = None

    def options(self) -> dict[str, Any]:
        return {
            "team_code": self.team_code,
            "case_code": self.case_code,
            "event_code": self.event_code,
            "estimates": self.estimates or None,
            "narrative": self.narrative or None,
            "number": self.number,
            "issued_on": self.issued_on,
            "preparer": self.preparer,
            "checker": self.checker,
            "regime": self.regime,
        }


@dataclass(frozen=True)
class FinalisedRow:
    id: int
    form: str
    period: str
    team_code: str | None
    number: str | None
    issued_on: dt.date
    finalised_at: dt.datetime


@dataclass(frozen=True)
class Choices:
    teams: list[tuple[str, str]]  # (code, label)
    cases: list[tuple[str, str]]
    events: list[tuple[str, str]]
    regime: str = "auto"  # the reporting regime chosen in Settings


CASE_LIMIT = 2000  # successful cases offered for the Điều 24 record (latest first)


def load_choices(db: Any) -> Choices:
    teams = [
        (t.code, t.name if t.active else _("{name} (dissolved)").format(name=t.name))
        for t in teams_read.team_choices(db)
    ]
    cases = [
        (c.code, f"{c.code} — {format_date(c.ended_on or c.received_on)} — {c.parties}")
        for c in cases_read.case_list(db, cases_read.CaseFilter(state=CaseState.THANH), limit=CASE_LIMIT)
    ]
    events = [(e.code, f"{format_date(e.end_on)} — {e.title}") for e in training_read.list_events(db)]
    return Choices(teams, cases, events, reporting.get_regime(db))


def load_finalised(db: Any) -> list[FinalisedRow]:
    return [
        FinalisedRow(r.id, r.form, r.period, r.team_code, r.number, r.issued_on, r.finalised_at)
        for r in list_finalised(db)
    ]


def definition_in_use(db: Any, period: str) -> definitions.FormDef:
    return definitions.definition_for(db, "thong-ke", parse_period(period))


def render_params(db: Any, params: ReportParams, out_pdf: Path, xlsx: Path | None) -> RenderResult:
    return render_report(db, params.form, params.period, out_pdf, xlsx=xlsx, **params.options())


def render_finalised(db: Any, finalised_id: int, out_pdf: Path, xlsx: Path | None) -> RenderResult:
    return render_finalised_report(db, finalised_id, out_pdf, xlsx=xlsx)


def finalise_params(db: Any, params: ReportParams) -> int:
    return finalise(db, params.form, params.period or "", **params.options())


def import_definition_file(db: Any, path: Path) -> definitions.FormDef:
    return definitions.import_definition(db, path)


def change_line(change: Change, team_names: dict[str, str] | None = None) -> str:
    """One changed figure in words: "Commune total — Handled: Civil dispute: 13 → 12"."""
    scope, _sep, key = change.key.rpartition("/")
    what = figure_label(key)
    if scope == "total":
        what = f"{_('Commune total')} — {what}"
    elif scope:
        what = f"{(team_names or {}).get(scope, scope)} — {what}"
    return f"{what}: {change.old} → {change.new}"


def notice_lines(
    changes: list[Change], team_names: dict[str, str] | None = None, limit: int = 50
) -> list[str]:
    ordered = sorted(changes, key=lambda c: not c.key.startswith("total/"))  # the commune's row first
    lines = [change_line(c, team_names) for c in ordered[:limit]]
    if len(changes) > limit:
        lines.append(_("… and {n} more").format(n=len(changes) - limit))
    return lines
