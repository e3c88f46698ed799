"""Importing the standard workbook (DOMAIN §6): tolerant reading, full validation, then one all-or-nothing write.

The import runs in four steps:

1. read every sheet (``reading``), convert TCVN3 / VNI text to Unicode (``legacy``), find each sheet's header row
   (the row among the first 15 that matches most headers — title rows above it are skipped);
2. read every cell into typed records, reporting each problem as (sheet, row, column, message, suggestion);
3. resolve codes against the workbook and the database, check the BLOCK rules, and plan, per row, whether it
   adds, updates or leaves a record unchanged (codes are the keys, so a second import changes nothing);
4. unless there is an error or it is a dry run: back up, then write everything in ONE transaction with bulk
   statements, rebuild the search index and add one summary audit entry.

Nothing is ever deleted except the parties / assignments of a case whose "Các bên" / "Mã HGV" cell now says
otherwise. Columns a workbook leaves out are left alone in the database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import reading, unit_sheet
from hoagiai_desktop.interchange.import_apply import apply_plan
from hoagiai_desktop.interchange.import_cells import Cells, PartyRec, format_parties, parse_parties
from hoagiai_desktop.interchange.import_existing import db_is_empty, load_existing
from hoagiai_desktop.interchange.import_plan import plan_import
from hoagiai_desktop.interchange.import_rows import READERS, Rec
from hoagiai_desktop.interchange.import_run import (
    ERROR,
    WARNING,
    CancelFn,
    ImportCancelled,
    ImportReport,
    ImportRun,
    Problem,
    ProgressFn,
    SheetCounts,
)
from hoagiai_desktop.interchange.import_sheets import map_sheets
from hoagiai_desktop.interchange.schema import DON_VI, SHEETS
from hoagiai_desktop.storage.database import Database

# What callers import from here (the report types, the "Các bên" format); the steps live in the import_* modules.
__all__ = [
    "ERROR",
    "WARNING",
    "ImportCancelled",
    "ImportReport",
    "PartyRec",
    "Problem",
    "SheetCounts",
    "format_parties",
    "import_workbook",
    "parse_parties",
]


def import_workbook(
    db: Database,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    today: dt.date | None = None,
    backup: bool = True,
) -> ImportReport:
    """Import the standard workbook at ``path`` into ``db``, all or nothing.

    Returns the report: problems (every one with its sheet, row and column), per-sheet counts of rows added /
    updated / unchanged, legacy-text conversions. When the report has errors, or ``dry_run`` is set, nothing is
    written. ``progress(done, total)`` is called now and then (``total`` 0 while the file is being read);
    ``cancel()`` returning True stops the import (``ImportCancelled``) and nothing is written.
    A file that is not a workbook raises ``UserError`` with one sentence.
    """
    path = Path(path)
    report = ImportReport(path=path, dry_run=dry_run)
    run = ImportRun(report, today or dt.date.today(), progress, cancel)
    sheets = reading.read_workbook(path, (lambda n: progress(n, 0)) if progress is not None else None)
    run.check_cancel()
    found = map_sheets(run, sheets)
    for sheet in SHEETS:
        report.counts[sheet.name] = SheetCounts()
    parsed = {name: ps for name, (ps, _e) in found.items() if ps is not None}
    run.total = 2 * sum(len(ps.rows) for ps in parsed.values())
    records: dict[str, list[Rec]] = {}
    for sheet in SHEETS:
        ps = parsed.get(sheet.name)
        records[sheet.name] = READERS[sheet.name](run, ps, found[sheet.name][1]) if ps is not None else []
        if ps is not None:
            ps.rows = []
    unit = unit_sheet.read_unit(run, parsed.get(DON_VI.name), found.get(DON_VI.name, (None, False))[1], Cells)
    run.check_cancel()
    with db.reading() as session:
        existing = load_existing(session)
        was_empty = db_is_empty(session)
        unit_status = unit_sheet.status(session, unit[1]) if unit is not None else "unchanged"
    plan = plan_import(run, existing, records)
    run.check_cancel()
    if report.errors:
        for counts in report.counts.values():
            counts.added = counts.updated = counts.unchanged = 0
        return report
    if unit is not None:
        report.counts[DON_VI.name] = SheetCounts(**{unit_status: 1})
    if dry_run or (plan.size() == 0 and unit_status == "unchanged"):
        return report  # a dry run, or the same workbook again: nothing to write (no backup, no audit entry)
    run.total = run.done + plan.size()
    if backup and db.path is not None and db.path.exists() and not was_empty:
        from hoagiai_desktop.storage.backup import make_backup

        report.backup_path = make_backup(db, reason="import").path
    try:
        apply_plan(db, run, plan, report, path, unit)
    except IntegrityError as exc:  # the data changed between checking and writing (e.g. edited in the window)
        raise UserError(
            _(
                "The data changed while the workbook was being imported; nothing was imported. Import it again."
            )
        ) from exc
    report.written = True
    if progress is not None:
        progress(run.total, run.total)
    return report
