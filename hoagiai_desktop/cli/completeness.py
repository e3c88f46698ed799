"""``hoagiai completeness --period P [--json] [--deadline YYYY-MM-DD]``: who has reported (province)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "completeness",
        help=_("which communes have reported for a period (province)"),
        description=_(
            "List every commune of the registry as not sent, on time, late or replaced for a period."
        ),
    )
    parser.add_argument("--period", required=True, metavar="P", help=_("YYYY, YYYY-H1 or YYYY-Y1"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument(
        "--deadline", metavar="YYYY-MM-DD", help=_("set the province's deadline for this period first")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_reports as rep

    day = None
    if args.deadline:
        try:
            day = dt.date.fromisoformat(args.deadline)
        except ValueError:
            raise UserError(
                _("The date {text} is not a date; write it as YYYY-MM-DD.").format(text=args.deadline)
            ) from None
    with opened_db(ctx, reader=day is None) as db:
        if day is not None:
            rep.set_deadline(db, args.period, day)
        due, rows = rep.completeness(db, args.period)
    if args.json:
        doc = {
            "period": args.period,
            "deadline": due.isoformat() if due else None,
            "communes": {
                r.code: {
                    "name": r.name,
                    "status": r.status,
                    "status_vi": r.status_vi,
                    "packages": r.packages,
                    "received_at": r.received_at.isoformat() if r.received_at else None,
                }  # fmt: skip
                for r in rows
            },
            "counts": {s: sum(r.status == s for r in rows) for s in rep.STATUS_LABELS},
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(_("Deadline: {day}").format(day=due.strftime("%d/%m/%Y") if due else "—"))
    for r in rows:
        when = r.received_at.strftime("%d/%m/%Y") if r.received_at else ""
        print(f"{r.code}\t{r.name}\t{r.status_label}\t{when}")
    counts = ", ".join(
        f"{_(label)}: {sum(r.status == s for r in rows)}" for s, (_vi, label) in rep.STATUS_LABELS.items()
    )
    print(counts)
    return 0
