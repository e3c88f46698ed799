"""``hoagiai check [--yes]``: is the data file sound and do the records make sense?

A damaged file is never overwritten: the check offers the newest good backup, moves the damaged file aside
(``<name>.damaged-<time>``) and puts the backup in its place.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help=_("check the data file and the records"),
        description=_(
            "Check that the data file is sound, that records refer to each other correctly, that the figures add "
            "up and that teams meet the law's composition. Offers to restore a backup if the file is damaged."
        ),
    )
    parser.add_argument("--yes", action="store_true", help=_("restore the newest good backup without asking"))
    parser.set_defaults(func=run)


def print_findings(report: Any) -> None:
    labels = {"error": _("Error"), "warning": _("Warning"), "info": _("Note")}
    for finding in report.findings:
        print(f"[{labels[finding.severity]}] {finding.message}")
        print(f"    → {finding.action}")


def _repair(path: Path, yes: bool) -> int:
    from hoagiai_desktop.cli.restore import confirm, print_preview
    from hoagiai_desktop.storage.lock import WriterLock
    from hoagiai_desktop.storage.restore import newest_good_backup, replace_damaged

    found = newest_good_backup(path)
    if found is None:
        print(
            _("No good backup was found. Keep the damaged file as it is and ask for help; do not delete it.")
        )
        return 1
    _info, preview = found
    print(_("The newest good backup is:"))
    print_preview(preview)
    if not confirm(
        _("Put this backup in place of the damaged file (the damaged file is kept aside)?"), yes=yes
    ):
        print(_("Nothing was changed."))
        return 1
    with WriterLock(path):
        aside, _restored = replace_damaged(path, preview.path)
    print(_("The damaged file was kept as {aside}; the backup is now in use.").format(aside=aside))
    return 0


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.storage import integrity, migrate

    target = ctx.db_target
    if "://" not in target:
        path = Path(target)
        report = integrity.check_file(path)
        if report.damaged:
            print_findings(report)
            return _repair(path, args.yes)
        if not report.ok or any(f.code == "empty" for f in report.findings):
            print_findings(report)
            return 0 if report.ok else 1
    db = ctx.open_db(migrate=False, read_only=True)
    if migrate.needs_upgrade(db):
        db.dispose()
        db = ctx.open_db()
    try:
        report = integrity.check_database(db)
    finally:
        db.dispose()
    if not report.findings:
        print(_("The data file is sound and no problems were found."))
        return 0
    print_findings(report)
    errors, warnings = len(report.errors), len(report.warnings)
    print(_("{errors} errors, {warnings} warnings.").format(errors=errors, warnings=warnings))
    return 0 if report.ok else 1
