"""Writes that fill or replace the whole data file: the standard workbook's import and a restore from a backup.

Both are all or nothing (the importer and ``storage.restore`` see to that); here they get the door every write has —
the role check before any work starts (a read-only login is refused before the workbook is even read) — and an
``Outcome`` whose ``Changes`` say that everything may differ, so every page of the window reloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from hoagiai_desktop.interchange import ImportReport
from hoagiai_desktop.interchange import import_workbook as _import_workbook
from hoagiai_desktop.services import users
from hoagiai_desktop.services.changes import NOTHING, Changes, Outcome
from hoagiai_desktop.storage import restore
from hoagiai_desktop.storage.database import Database


def import_workbook(
    db: Database,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    today: dt.date | None = None,
    backup: bool = True,
) -> Outcome[ImportReport]:
    """Check (``dry_run``) or import the workbook at ``path``; see ``interchange.importer.import_workbook``."""
    if not dry_run:
        users.require(db, users.OFFICER)
    report = _import_workbook(
        db, path, dry_run=dry_run, progress=progress, cancel=cancel, today=today, backup=backup
    )
    return Outcome(report, changes=Changes.all() if report.written else NOTHING)


def restore_backup(
    db: Database, source: str | Path, *, password: str | None = None
) -> Outcome[restore.RestoreResult]:
    """Replace the data with the backup ``source`` (``db`` is closed; use ``outcome.value.db`` afterwards)."""
    users.require(db, users.OFFICER)
    return Outcome(restore.restore(db, source, password=password), changes=Changes.all())
