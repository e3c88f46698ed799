"""Verified backups with SQLite's online backup API.

A backup is written to a temporary name, checked (opens, ``integrity_check`` is ok, row counts equal the source
at the moment of copying), fsynced and only then renamed to its final name; a backup that fails the check is
deleted and the failure raised.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from hoagiai_desktop.domain.models import COUNTED_TABLES
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.paths import backup_dir_for
from hoagiai_desktop.storage.database import Database

BACKUP_SUFFIX = ".sqlite3"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    counts: dict[str, int] = field(default_factory=dict)


def row_counts(con: sqlite3.Connection) -> dict[str, int]:
    existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES if t in existing}


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_sqlite(source: Path, target: Path) -> dict[str, int]:
    """Copy ``source`` into ``target`` (which must not exist) with the online backup API, verified.

    Returns the row counts of the copy. The source is read inside one transaction so the counts compared
    are of the same snapshot that was copied.
    """
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        src.execute("BEGIN")
        expected = row_counts(src)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    try:
        verify_sqlite(tmp, expected)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return expected


def verify_sqlite(path: Path, expected: dict[str, int] | None = None) -> dict[str, int]:
    """Open ``path`` read-only, run integrity_check and compare row counts; raise UserError if anything is off."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            counts = row_counts(con)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(_("The backup copy cannot be read ({error}); it was discarded.").format(error=exc)) from exc
    if result != "ok":
        raise UserError(_("The backup copy failed its integrity check; it was discarded."))
    if expected is not None and counts != expected:
        raise UserError(_("The backup copy does not hold the same number of records; it was discarded."))
    return counts


def make_backup(db: Database, *, reason: str = "manual", directory: Path | None = None) -> BackupInfo:
    """Back up the SQLite database of ``db`` into its backups folder (or ``directory``), verified."""
    if db.path is None:
        raise UserError(_("Backups of a server database are made on the server."))
    folder = directory or backup_dir_for(db.path)
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now()
    target = folder / f"hoagiai-{now:%Y%m%d-%H%M%S}-{reason}{BACKUP_SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"hoagiai-{now:%Y%m%d-%H%M%S}-{reason}-{n}{BACKUP_SUFFIX}"
    counts = copy_sqlite(db.path, target)
    return BackupInfo(path=target, created=now, reason=reason, counts=counts)
