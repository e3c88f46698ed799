"""``hoagiai key show``: this unit's key fingerprint (made on first use), to compare by phone."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "key",
        help=_("show this unit's signing key fingerprint"),
        description=_(
            "Show the fingerprint of this unit's signing key (made on first use and kept in the data file), "
            "so the province and the commune can compare it by phone."
        ),
    )
    parser.add_argument("action", choices=("show",), help=_("what to do: show"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import unit_keys

    with opened_db(ctx) as db:
        public = unit_keys.public_keys(db)
    print(_("Key fingerprint: {fingerprint}").format(fingerprint=public.fingerprint))
    return 0
