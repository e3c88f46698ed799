"""``hoagiai report FORM --period P --out OUT.pdf``: build an official output of DOMAIN §5 (and its .xlsx)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.cli.stats import add_regime_option
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

if TYPE_CHECKING:  # ReportLab and the database layer load only when a report is built, not for --help
    from hoagiai_desktop.reports.render import RequestOptions
    from hoagiai_desktop.storage.database import Database


def register(subparsers: Any) -> None:
    from hoagiai_desktop.reports.outputs import FORMS

    forms = ", ".join(FORMS)
    parser = subparsers.add_parser(
        "report",
        help=_("build an official report as PDF (and .xlsx)"),
        description=_(
            "Build an official report as an A4 PDF in the layout of Decree 30/2020. Reports: {forms}."
        ).format(forms=forms),
    )
    parser.add_argument("form", metavar="FORM", help=_("which report: {forms}").format(forms=forms))
    parser.add_argument("--period", metavar="P", help=_("YYYY, YYYY-H1, YYYY-Y1 or YYYY-MM-DD:YYYY-MM-DD"))
    parser.add_argument("--out", metavar="OUT.pdf", help=_("where to write the PDF"))
    parser.add_argument("--team", metavar="CODE", help=_("team code (logbook; roster of one team)"))
    parser.add_argument("--case", metavar="CODE", help=_("case code (record of successful mediation)"))
    parser.add_argument("--event", metavar="CODE", help=_("training event code (training report)"))
    parser.add_argument("--xlsx", metavar="OUT.xlsx", help=_("also write the table as an .xlsx workbook"))
    parser.add_argument(
        "--estimate", metavar="KEY=VALUE", action="append", default=[],
        help=_("replace an estimated figure (repeatable); TEAMCODE:KEY=VALUE for a team row"),
    )  # fmt: skip
    parser.add_argument("--number", metavar="N", help=_("document number printed as “Số: N/BC-UBND”"))
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", help=_("date printed on the document (default: today)")
    )
    parser.add_argument(
        "--narrative", metavar="FILE.json",
        help=_("the officer's own paragraphs for the narrative report, as a JSON object section → text"),
    )  # fmt: skip
    parser.add_argument(
        "--finalise", action="store_true", help=_("freeze the figures (finalise) before writing")
    )
    parser.add_argument("--preparer", metavar="NAME", help=_("who prepared the report (Người lập biểu)"))
    parser.add_argument("--checker", metavar="NAME", help=_("who checked the report (Người kiểm tra)"))
    parser.add_argument(
        "--finalised", metavar="ID", type=int, help=_("re-export the finalised report with this number")
    )
    parser.add_argument(
        "--list-finalised", action="store_true", help=_("list the finalised reports and stop")
    )
    add_regime_option(parser)
    parser.set_defaults(func=run)


def _estimates(items: list[str]) -> dict[str, int]:
    from hoagiai_desktop.reports.estimates import parse_overrides

    parsed = parse_overrides(items)
    return {
        (f"{team}:{key}" if team else key): value
        for team, keys in parsed.items()
        for key, value in keys.items()
    }


def _narrative(path: str | None) -> dict[str, str] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError(_("The file {path} does not exist.").format(path=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(
            _("The file {path} is not a JSON object of section → text.").format(path=path)
        ) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise UserError(_("The file {path} is not a JSON object of section → text.").format(path=path))
    return {str(k): v for k, v in data.items()}


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            _("The date {text} is not a date; write it as YYYY-MM-DD.").format(text=text)
        ) from None


def _stored_narrative(db: Database, args: argparse.Namespace) -> dict[str, str] | None:
    """The paragraphs the officer wrote for this period in the window (kept in the data file), when no
    --narrative file is given: the command line prints the same bao-cao as the window."""
    if args.form != "bao-cao" or args.narrative or not args.period:
        return None
    from hoagiai_desktop.domain.periods import parse_period
    from hoagiai_desktop.services.narrative import get_narrative

    return get_narrative(db, parse_period(args.period, args.regime).code) or None


def _request_options(args: argparse.Namespace, db: Database) -> RequestOptions:
    """The report request the command line asked for (the same for finalising and for printing)."""
    from hoagiai_desktop.reports.render import RequestOptions

    narrative = _narrative(args.narrative) or _stored_narrative(db, args)
    return RequestOptions(
        team_code=args.team, case_code=args.case, event_code=args.event, estimates=_estimates(args.estimate),
        narrative=narrative, number=args.number, issued_on=_date(args.date),
        preparer=args.preparer, checker=args.checker, regime=args.regime,
    )  # fmt: skip


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.reports import finalise as fin
    from hoagiai_desktop.reports import render

    render.module_for(args.form)  # a bad form name fails before the database is opened
    with opened_db(ctx, reader=not args.finalise) as db:  # finalising writes, so it needs the writer lock
        if args.list_finalised:
            from hoagiai_desktop.services.sending import sent_status

            for row in fin.list_finalised(db, args.form):
                sent = sent_status(
                    db, row.id
                )  # "Đã gửi ngày …, biên nhận số …" once the province's receipt is in
                print(f"{row.id}\t{row.form}\t{row.period}\t{row.team_code or ''}\t{row.number or ''}\t"
                      f"{row.issued_on:%d/%m/%Y}\t{row.finalised_at:%d/%m/%Y %H:%M}"
                      f"\t{sent.describe() if sent else ''}")  # fmt: skip
            return 0
        if not args.out:
            raise UserError(_("Give the PDF file to write with --out OUT.pdf."))
        finalised_id = args.finalised
        if args.finalise:
            finalised_id = fin.finalise(db, args.form, args.period, **_request_options(args, db))
            print(_("Finalised as number {id}; re-export it with --finalised {id}.").format(id=finalised_id))
        if finalised_id is not None:
            result = fin.render_finalised(db, finalised_id, args.out, xlsx=args.xlsx)
        else:
            result = render.render_report(
                db, args.form, args.period, args.out, xlsx=args.xlsx, **_request_options(args, db)
            )
    print(_("Wrote {path} ({pages} pages).").format(path=result.pdf, pages=result.pages))
    if result.xlsx:
        print(_("Wrote {path}.").format(path=result.xlsx))
    if result.reference_layout:
        print(_("The statistical form uses the reference layout (Mẫu tham khảo) {version}.").format(
            version=result.definition_version))  # fmt: skip
    if result.estimated_cells:
        print(_("{n} cells are estimated and marked with * on the paper.").format(n=result.estimated_cells))
    if result.notice:
        print(result.notice)
    return 0
