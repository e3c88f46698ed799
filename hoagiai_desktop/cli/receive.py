"""``hoagiai receive PATH... [--receipts DIR] [--accept-new-key CODE]``: check and store packages (province)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _, ngettext


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "receive",
        help=_("check and store communes' report packages (province)"),
        description=_(
            "Check every report package (.hgp) in the files or folders given and store those that pass; write a "
            "signed receipt (.hgr) and a printable receipt (PDF) beside each. A refused package changes nothing."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_("package files or folders (a USB stick)"))
    parser.add_argument(
        "--receipts", metavar="DIR", help=_("write the receipts here instead of beside each package")
    )
    parser.add_argument(
        "--accept-new-key", metavar="CODE", action="append", default=[],
        help=_("trust a commune's new key after comparing its fingerprint by phone (repeatable)"),
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_receive as pr

    with opened_db(ctx) as db:
        outcomes = pr.receive(
            db, args.paths, receipts_dir=args.receipts, accept_new_key=set(args.accept_new_key)
        ).value
    for outcome in outcomes:
        print(outcome.message, file=sys.stderr if outcome.status == pr.REFUSED else sys.stdout)
    stored = sum(o.status == pr.STORED for o in outcomes)
    refused = sum(o.status == pr.REFUSED for o in outcomes)
    print(ngettext("{n} package stored", "{n} packages stored", stored).format(n=stored) + "; "
          + ngettext("{n} refused.", "{n} refused.", refused).format(n=refused))  # fmt: skip
    return 1 if refused else 0
