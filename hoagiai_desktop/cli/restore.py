"""``hoagiai restore PATH [--yes] [--password-file F]``: put a backup back, after showing what it holds."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "restore",
        help=_("put a backup back in place of the current data"),
        description=_(
            "Show what a backup holds, ask, then replace the current data with it (all or nothing). "
            "The current data is backed up first."
        ),
    )
    parser.add_argument(
        "path", metavar="PATH", help=_("the backup file (.sqlite3, or .hgbak when encrypted)")
    )
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    parser.add_argument(
        "--password-file", metavar="F", help=_("file whose first line is the backup's password")
    )
    parser.set_defaults(func=run)


def confirm(question: str, *, yes: bool) -> bool:
    """True when the person agreed (or ``--yes``). Without a terminal (or in CI) ``--yes`` is required."""
    if yes:
        return True
    if os.environ.get("CI") or sys.stdin is None or not sys.stdin.isatty():
        raise UserError(_("Nothing was changed: add --yes to confirm when running without a terminal."))
    try:
        answer = input(question + " " + _("[y/N]") + " ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes", "c", "co", "có"}


def print_preview(info: Any) -> None:
    from hoagiai_desktop.storage.backup import describe_counts, reason_label

    print(_("Backup: {path}").format(path=info.path))
    when = info.created.strftime("%H:%M %d/%m/%Y") if info.created else "?"
    why = f" ({reason_label(info.reason)})" if info.reason else ""
    print(_("Made on: {when}").format(when=when) + why)
    print(_("Unit: {unit}").format(unit=info.unit or _("(not entered)")))
    print(_("Records: {counts}").format(counts=describe_counts(info.counts)))
    if info.encrypted:
        print(_("Encrypted: yes (password checked)"))


def password_from(args: argparse.Namespace) -> str | None:
    if not getattr(args, "password_file", None):
        return None
    from hoagiai_desktop.storage.crypto import read_password_file

    return read_password_file(Path(args.password_file))


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services.bulk import restore_backup
    from hoagiai_desktop.storage import restore

    password = password_from(args)
    info = restore.preview(args.path, password=password)
    print_preview(info)
    if not confirm(_("Replace the current data with this backup?"), yes=args.yes):
        print(_("Nothing was changed."))
        return 1
    db = ctx.open_db()
    try:
        result = restore_backup(db, args.path, password=password).value  # a read-only login is refused
    except BaseException:
        db.dispose()
        raise
    result.db.dispose()
    if result.damaged_kept_as is not None:
        print(
            _("The damaged file was kept as {aside}; the backup is now in use.").format(
                aside=result.damaged_kept_as
            )
        )
    else:
        print(_("Restored. The data as it was just before is kept in {path}.").format(
            path=result.safety_backup.path if result.safety_backup else "-"
        ))  # fmt: skip
    return 0
