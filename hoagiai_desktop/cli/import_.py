"""``hoagiai import FILE.xlsx [--dry-run] [--errors OUT.xlsx]``: import the standard workbook, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _, ngettext

SHOWN_PROBLEMS = 50
EXIT_PROBLEMS = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help=_("import the standard workbook (all or nothing)"),
        description=_(
            "Import the standard workbook. Nothing is written if any row has an error; importing the same "
            "workbook twice changes nothing."
        ),
    )
    parser.add_argument("file", metavar="FILE.xlsx", type=Path, help=_("workbook to import"))
    parser.add_argument(
        "--dry-run", action="store_true", help=_("only check the workbook and show what would change")
    )
    parser.add_argument(
        "--errors", metavar="OUT.xlsx", type=Path, help=_("also write the list of problems to this workbook")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.interchange import write_error_report
    from hoagiai_desktop.services.bulk import import_workbook

    with opened_db(ctx) as db:
        report = import_workbook(db, args.file, dry_run=args.dry_run).value
    out = sys.stdout
    if report.converted_cells and report.conversion_example:
        before, after = report.conversion_example
        print(
            ngettext(
                "{n} cell typed in an old Vietnamese font was converted to Unicode, e.g. “{before}” → “{after}”.",
                "{n} cells typed in an old Vietnamese font were converted to Unicode, e.g. “{before}” → “{after}”.",
                report.converted_cells,
            ).format(n=report.converted_cells, before=before, after=after),
            file=out,
        )
    for problem in report.problems[:SHOWN_PROBLEMS]:
        label = _("Error") if problem.severity == "error" else _("Warning")
        line = f"{label}: {problem.location()}: {problem.message}"
        if problem.suggestion:
            line += f" → {problem.suggestion}"
        print(line, file=sys.stderr if problem.severity == "error" else out)
    hidden = len(report.problems) - SHOWN_PROBLEMS
    if hidden > 0:
        print(
            ngettext("… and {n} more problem.", "… and {n} more problems.", hidden).format(n=hidden),
            file=sys.stderr,
        )
    if args.errors is not None and report.problems:
        path = write_error_report(report.problems, args.errors)
        print(_("The list of problems was written to {path}.").format(path=path), file=out)
    if not report.ok:
        n = len(report.errors)
        print(
            ngettext(
                "The workbook has {n} error; nothing was imported. Correct it and import again.",
                "The workbook has {n} errors; nothing was imported. Correct them and import again.",
                n,
            ).format(n=n),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for sheet, counts in report.counts.items():
        print(
            _("{sheet}: {added} added, {updated} updated, {unchanged} unchanged").format(
                sheet=sheet, added=counts.added, updated=counts.updated, unchanged=counts.unchanged
            ),
            file=out,
        )
    if report.dry_run:
        print(_("Check only (--dry-run): nothing was written."), file=out)
    elif not report.written:
        print(_("The data file already holds everything in this workbook; nothing was changed."), file=out)
    else:
        if report.backup_path is not None:
            print(_("A backup was made first: {path}").format(path=report.backup_path), file=out)
        print(_("Import finished."), file=out)
    return 0
