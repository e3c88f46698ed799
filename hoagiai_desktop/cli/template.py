"""``hoagiai template OUT.xlsx``: write the empty standard workbook (DOMAIN §6)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "template",
        help=_("write the empty standard workbook to fill in"),
        description=_("Write the empty standard workbook (six sheets, instructions, drop-down lists)."),
    )
    parser.add_argument("out", metavar="OUT.xlsx", type=Path, help=_("workbook to write"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.interchange import write_template

    path = write_template(args.out)
    print(_("Wrote the template {path}.").format(path=path))
    return 0
