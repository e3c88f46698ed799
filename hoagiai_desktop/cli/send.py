"""``hoagiai send --period P --out DIR``: write the signed package of the finalised report for the province."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send",
        help=_("write the signed report package for the province"),
        description=_(
            "Write the signed package (.hgp) of the finalised statistical report for a period to a folder or USB "
            "stick, for the Department of Justice."
        ),
    )
    parser.add_argument("--period", required=True, metavar="P", help=_("YYYY, YYYY-H1 or YYYY-Y1"))
    parser.add_argument("--out", required=True, metavar="DIR", help=_("folder or USB stick to write to"))
    parser.add_argument(
        "--papers", default="thong-ke", metavar="LIST",
        help=_("papers to include, comma-separated: thong-ke,bao-cao,de-an (each must be finalised)"),
    )  # fmt: skip
    parser.add_argument(
        "--roster", action="store_true",
        help=_("also send the mediators' roster, encrypted to the province's key (no addresses or phones)"),
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import sending

    papers = [p.strip() for p in args.papers.split(",") if p.strip()]
    with opened_db(ctx) as db:
        result = sending.send(db, args.period, args.out, papers=papers, roster=args.roster).value
    print(_("Wrote {path}.").format(path=result.path))
    print(_("Key fingerprint: {fingerprint}").format(fingerprint=result.fingerprint))
    if result.resent:
        print(
            _("This finalisation was sent before; the package has the same id, the province counts it once.")
        )
    return 0
