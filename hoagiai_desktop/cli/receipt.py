"""``hoagiai receipt FILE.hgr``: record the province's receipt for a package this commune sent."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "receipt",
        help=_("record the province's receipt (.hgr)"),
        description=_("Record the receipt (.hgr) the province wrote for a report package this commune sent."),
    )
    parser.add_argument("file", metavar="FILE.hgr", help=_("the receipt file"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import sending

    with opened_db(ctx) as db:
        result = sending.record_receipt(db, args.file).value
    print(
        _("Sent on {day}, receipt number {number}.").format(
            day=result.received_at.strftime("%d/%m/%Y"), number=result.number
        )
    )
    if not result.counted:
        print(_("The province already had a newer finalisation of {period}; this one is kept as history.").format(
            period=result.period))  # fmt: skip
    if result.first_key:
        print(_("The key of {province} is now known; later receipts must carry the same key.").format(
            province=result.province_name))  # fmt: skip
    return 0
