"""Build any output of DOMAIN §5 to a path: the one entry point for the command line and the window."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypedDict, Unpack

from hoagiai_desktop.domain import periods
from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.output import check_target
from hoagiai_desktop.reports import definitions, nd30
from hoagiai_desktop.reports.base import Layout, Request
from hoagiai_desktop.reports.estimates import parse_overrides
from hoagiai_desktop.reports.files import write_atomic
from hoagiai_desktop.reports.outputs import FORMS as FORMS
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc

TABULAR_FORMS = frozenset({"thong-ke", "danh-sach", "so-theo-doi", "tap-huan", "de-an"})
_MODULES = {
    "thong-ke": "thong_ke",
    "so-theo-doi": "so_theo_doi",
    "bao-cao": "bao_cao",
    "de-an": "de_an",
    "danh-sach": "danh_sach",
    "tap-huan": "tap_huan",
    "van-ban-hgt": "van_ban_hgt",
}
CHANGED_NOTICE = "Số liệu đã thay đổi sau khi chốt"


def form_label(form: str) -> str:
    return _(FORMS[form])


@dataclass(frozen=True)
class Change:
    key: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.key}: {self.old} → {self.new}"


@dataclass
class RenderResult:
    form: str
    period: str
    pdf: Path
    pages: int
    xlsx: Path | None = None
    definition_version: str | None = None
    reference_layout: bool = False
    estimated_cells: int = 0
    finalised_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def notice(self) -> str | None:
        """ "Số liệu đã thay đổi sau khi chốt" with what changed, when a finalised report's data moved on."""
        if not self.changes:
            return None
        lines = [f"{CHANGED_NOTICE}:"] + [f"  {c}" for c in self.changes[:50]]
        if len(self.changes) > 50:
            lines.append(f"  … (+{len(self.changes) - 50})")
        return "\n".join(lines)


def module_for(form: str) -> ModuleType:
    if form not in _MODULES:
        raise UserError(
            _("Unknown report “{form}”; choose one of: {forms}.").format(form=form, forms=", ".join(FORMS))
        )
    return importlib.import_module(f"hoagiai_desktop.reports.{_MODULES[form]}")


def as_period(period: Period | str, regime: str | None = None) -> Period:
    return period if isinstance(period, Period) else parse_period(period, regime)


STATISTICAL_FORMS = frozenset({"thong-ke", "bao-cao", "de-an"})  # DOMAIN §4: only for a period that is over
DE_AN_YEARS = (2024, 2030)  # Đề án of QĐ 315/QĐ-TTg: the years it is evaluated for


def _printable_instead(period: Period, today: dt.date) -> Period:
    """The latest report that can be printed today instead (the first annual, the 6-month or last year's)."""
    for code in (f"{today.year}-Y1", f"{today.year}-H1", str(today.year - 1)):
        candidate = parse_period(code, period.regime or None)
        if candidate.actual_to <= today:
            return candidate
    return parse_period(str(today.year - 1))


def check_dates(form: str, period: Period, issued_on: dt.date, today: dt.date) -> None:
    """DOMAIN §4: a statistical report only for a period whose actual data are in, dated no earlier than them;
    the Đề án only for its years."""
    if form not in STATISTICAL_FORMS:
        return
    if period.actual_to > today:
        instead = _printable_instead(period, today)
        raise UserError(
            _(
                "The report for {period} can be made only once its data up to {date} are in; print the report "
                "for {instead} ({code}) or a custom range from {first} up to today instead."
            ).format(
                period=period.label_vi(),
                date=period.actual_to.strftime("%d/%m/%Y"),
                instead=instead.label_vi(),
                code=instead.code,
                first=dt.date(today.year, 1, 1).strftime("%d/%m/%Y"),
            )
        )
    if issued_on < period.actual_to:
        raise UserError(
            _(
                "The document date {issued} is before the end of the data it reports ({date}); date it later."
            ).format(issued=issued_on.strftime("%d/%m/%Y"), date=period.actual_to.strftime("%d/%m/%Y"))
        )
    first, last = DE_AN_YEARS
    if form == "de-an" and not (first <= period.start.year and period.end.year <= last):
        raise UserError(
            _("The Đề án covers the years {first}–{last}; choose a period within them.").format(
                first=first, last=last
            )
        )


def normalise_overrides(estimates: Mapping[str, int] | None) -> dict[str | None, dict[str, int]]:
    if not estimates:
        return {}
    return parse_overrides(f"{k}={v}" for k, v in estimates.items())


PERIODLESS_FORMS = frozenset({"tap-huan", "van-ban-hgt"})  # dated by their event / case


class RequestOptions(TypedDict, total=False):
    """What a report request may say besides its form and period (keywords of :func:`make_request`,
    :func:`render_report` and ``finalise``; every one optional, None = not given)."""

    team_code: str | None
    case_code: str | None
    event_code: str | None
    estimates: Mapping[str, int] | None
    narrative: Mapping[str, str] | None
    number: str | None
    issued_on: dt.date | None
    preparer: str | None
    checker: str | None
    regime: str | None  # reporting regime id; None = the one chosen in Settings, else the default by year


def make_request(form: str, period: Period | str | None, **options: Unpack[RequestOptions]) -> Request:
    """The checked, NFC-normalised request for ``form`` (a periodless form without a period is dated today)."""
    module_for(form)
    if period is None or (isinstance(period, str) and not period.strip()):
        if form not in PERIODLESS_FORMS:
            raise UserError(_("Give the period of the report, for example --period 2026-H1."))
        day = periods.today().isoformat()
        period = f"{day}:{day}"
    req = Request(
        form=form,
        period=as_period(period, options.get("regime")),
        team_code=nfc(options.get("team_code")) or None,
        case_code=nfc(options.get("case_code")) or None,
        event_code=nfc(options.get("event_code")) or None,
        overrides=normalise_overrides(options.get("estimates")),
        narrative={k: v for k, v in (options.get("narrative") or {}).items() if v},
        number=nfc(options.get("number")) or None,
        issued_on=options.get("issued_on") or periods.today(),
        preparer=nfc(options.get("preparer")) or None,
        checker=nfc(options.get("checker")) or None,
    )
    check_dates(form, req.period, req.issued_on, periods.today())
    return req


def with_regime(db: Database, options: RequestOptions) -> RequestOptions:
    """``options`` with the regime chosen in Settings when the caller named none."""
    if options.get("regime"):
        return options
    from hoagiai_desktop.domain.periods_regimes import stored_regime

    with db.reading() as s:
        return {**options, "regime": stored_regime(s)}


def collect(db: Database, req: Request, *, definition: definitions.FormDef | None = None) -> dict[str, Any]:
    """Everything the output prints, as JSON values (what a finalised report stores)."""
    module = module_for(req.form)
    if req.form in definitions.DATA_FORMS and definition is None:
        definition = definitions.definition_for(db, req.form, req.period)
    with db.reading() as s:
        data: dict[str, Any] = module.collect(s, req, definition) if definition else module.collect(s, req)
    data["request"] = {
        "team_code": req.team_code,
        "case_code": req.case_code,
        "event_code": req.event_code,
        "overrides": {k or "": v for k, v in req.overrides.items()},
        "narrative": req.narrative,
        "regime": req.period.regime,
    }
    return data


def layout(data: dict[str, Any]) -> Layout:
    result: Layout = module_for(data["form"]).layout(data)
    return result


def write_outputs(
    data: dict[str, Any], out_pdf: str | Path, xlsx: str | Path | None
) -> tuple[Path, int, Path | None]:
    form = data["form"]
    if xlsx is not None and form not in TABULAR_FORMS:
        raise UserError(
            _("The report {form} has no table to save as .xlsx; leave out --xlsx.").format(form=form)
        )
    check_target(out_pdf)  # a missing folder is said before the paper is laid out
    if xlsx is not None:
        check_target(xlsx)
    lay = layout(data)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    pdf_bytes, pages = nd30.build_pdf(
        lay.story, is_landscape=lay.landscape, title=form, author=f"UBND {unit.full_name}"
    )
    pdf_path = write_atomic(out_pdf, pdf_bytes)
    xlsx_path = None
    if xlsx is not None:
        from hoagiai_desktop.reports.xlsx import frame_for, write_workbook

        xlsx_path = write_workbook(xlsx, lay.grids, frame_for(data))
    return pdf_path, pages, xlsx_path


def _result(data: dict[str, Any], pdf: Path, pages: int, xlsx: Path | None) -> RenderResult:
    defn = data.get("definition")
    return RenderResult(
        form=data["form"],
        period=data["period"],
        pdf=pdf,
        pages=pages,
        xlsx=xlsx,
        definition_version=data.get("definition_version"),
        reference_layout=bool(defn and defn.get("reference")),
        estimated_cells=sum(len(r.get("estimated", [])) for r in data.get("rows", [])),
        data=data,
    )


def render_report(
    db: Database,
    form: str,
    period: Period | str | None,
    out_pdf: str | Path,
    *,
    xlsx: str | Path | None = None,
    **options: Unpack[RequestOptions],
) -> RenderResult:
    """Build ``form`` for ``period`` to ``out_pdf`` (and ``xlsx``). A finalised report is printed by
    ``finalise.render_finalised`` instead, from its stored figures."""
    data = collect(db, make_request(form, period, **with_regime(db, options)))
    return render_collected(data, out_pdf, xlsx)


def render_collected(data: dict[str, Any], out_pdf: str | Path, xlsx: str | Path | None) -> RenderResult:
    """Write already-collected figures (today's, or the ones frozen when the report was finalised)."""
    pdf, pages, xl = write_outputs(data, out_pdf, xlsx)
    return _result(data, pdf, pages, xl)
