"""``hoagiai backup [--out PATH] [--password-file F] [--list]``: a verified backup, here or to a drive."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup",
        help=_("make a verified backup of the data"),
        description=_(
            "Make a verified backup in the backups folder beside the data file, or write one to PATH "
            "(a file or a folder such as a USB stick), encrypted with --password-file."
        ),
    )
    parser.add_argument("--out", metavar="PATH", help=_("write the backup to this file or folder"))
    parser.add_argument(
        "--password-file", metavar="F", help=_("encrypt with the password on the first line of this file")
    )
    parser.add_argument("--list", action="store_true", help=_("list the backups in the backups folder"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.cli.restore import password_from
    from hoagiai_desktop.storage import backup, thinning

    if args.password_file and not args.out:
        raise UserError(_("An encrypted backup is for taking away: give --out PATH with --password-file."))
    password = password_from(args)
    with opened_db(ctx) as db:
        if args.list:
            if db.path is None:
                raise UserError(_("Backups of a server database are made on the server."))
            found = backup.list_backups(db.path)
            if not found:
                print(_("There are no backups yet."))
            for info in found:
                print(f"{info.created:%d/%m/%Y %H:%M:%S}  {backup.reason_label(info.reason)}  {info.path}")
            return 0
        if args.out:
            target = backup.backup_to(db, args.out, password=password)
            print(_("Backup written and verified: {path}").format(path=target))
            return 0
        info = thinning.backup_now(db, reason="manual")
    print(_("Backup made and verified: {path}").format(path=info.path))
    print(_("Records: {counts}").format(counts=backup.describe_counts(info.counts)))
    return 0
