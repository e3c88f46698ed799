"""``hoagiai export OUT.xlsx``: the whole database as the standard workbook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _, ngettext


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help=_("write all data as the standard workbook"),
        description=_("Write all villages, teams, mediators, cases and trainings as the standard workbook."),
    )
    parser.add_argument("out", metavar="OUT.xlsx", type=Path, help=_("workbook to write"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.interchange import export_workbook

    with opened_db(ctx, reader=True) as db:
        summary = export_workbook(db, args.out)
    print(_("Wrote {path}.").format(path=summary.path))
    for sheet, n in summary.rows.items():
        print("  " + ngettext("{sheet}: {n} row", "{sheet}: {n} rows", n).format(sheet=sheet, n=n))
    return 0
