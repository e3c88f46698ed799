"""Opening a data file: refuse what is not ours, take the writer lock, bring the schema up to date.

The one way the command line, the window, the tests and the benchmarks open a database.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.database import Database


def open_database(
    target: str | Path, *, migrate: bool = True, read_only: bool = False, reader: bool = False
) -> Database:
    """Open the data file (creating it if needed) and bring its schema up to date.

    ``reader=True`` is for commands that only read (stats, report, export, check): when another instance holds
    the writer lock they read alongside it (WAL lets readers in) instead of being refused, as long as the schema
    is already current.
    """
    path = Path(str(target))
    if "://" not in str(target):
        _check_file(path, read_only)
    if "://" not in str(target) and not read_only:
        # One writer at a time: a second instance is told who holds the file (DatabaseLocked) and may open it
        # read-only instead; the lock is released by db.dispose() (and by the OS if the process dies).
        from hoagiai_desktop.errors import DatabaseLocked
        from hoagiai_desktop.storage.lock import LockedDatabase, WriterLock

        try:
            db: Database = LockedDatabase(target, lock=WriterLock(path))
        except DatabaseLocked:
            if not reader:
                raise
            return _reader_beside_writer(target)
        _private_and_clean(path)
    else:
        db = Database(target, read_only=read_only)
    if migrate and not read_only:
        from hoagiai_desktop.storage import migrate as migrations

        try:
            migrations.upgrade(db)
        except BaseException:
            db.dispose()
            raise
    return db


def _check_file(path: Path, read_only: bool) -> None:
    """Refuse a folder, a missing file to read, a folder that cannot be made, a file that cannot be read or is
    not ours — before anything is created or locked."""
    if path.is_dir():
        raise UserError(_("{path} is a folder; give the path of a data file.").format(path=path))
    if read_only and not path.exists():
        raise UserError(_("The data file {path} does not exist.").format(path=path))
    try:
        if not path.parent.exists():
            from hoagiai_desktop.storage.private import make_private_dir

            make_private_dir(path.parent)
    except OSError as exc:
        raise UserError(_("Cannot create the folder for the data file {path}.").format(path=path)) from exc
    try:
        if path.exists() and path.stat().st_size > 0 and not _looks_like_ours(path):
            raise UserError(_("This file is not a HoaGiai data file; choose another file."))
    except OSError as exc:
        raise _unreadable(exc, path) from exc


def _unreadable(exc: OSError, path: Path) -> UserError:
    """The data file cannot even be read: no permission, or its drive failed or went away."""
    from hoagiai_desktop.storage.faults import DENIED, data_file_error

    if exc.errno in DENIED:
        return UserError(
            _(
                "You do not have permission to read the data file {path}; ask whoever manages this computer, "
                "or open a copy you own."
            ).format(path=path)
        )
    return data_file_error(exc.errno or 0, path) or UserError(
        _("The data file {path} cannot be read ({error}); check the drive, then try again.").format(
            path=path, error=exc.strerror or exc
        )
    )


def _private_and_clean(path: Path) -> None:
    """With the writer lock held: the data file is for the user only, and temporary copies a killed process
    left beside it (staged restores, half-written backups, clear text of an encryption) are removed."""
    from hoagiai_desktop.storage.private import clean_leftovers, make_private, open_private

    if not path.exists():
        # SQLite would create it with the process umask; make it 0600 now. If that fails, the engine reports
        # the real cause with its own sentence when it connects.
        with contextlib.suppress(OSError):
            open_private(path).close()
    else:
        make_private(path)  # a file made by an older version may still be readable by everyone
    from hoagiai_desktop.storage.seal import unseal_data_file

    with contextlib.suppress(OSError, sqlite3.DatabaseError):  # a file that is not sound is the check's job
        unseal_data_file(path)  # a backup opened as the data file: from now on it is data
    removed = clean_leftovers(path)
    if removed:
        logging.getLogger(__name__).info("removed %d temporary copies left by an earlier run", len(removed))


def _reader_beside_writer(target: str | Path) -> Database:
    from hoagiai_desktop.errors import DatabaseLocked
    from hoagiai_desktop.storage import migrate as migrations

    db = Database(target)
    if migrations.needs_upgrade(db):
        db.dispose()
        raise DatabaseLocked(
            _(
                "The data file is open in another HoaGiai window and must be updated first; close that window and try again."
            )
        )
    return db


def _looks_like_ours(path: Path) -> bool:
    """Check a file without changing a byte of it: an SQLite file that is empty or has our version table."""
    import sqlite3

    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            return False
    for mode in ("ro", "ro&immutable=1"):  # immutable: a WAL file on a read-only drive cannot create its -shm
        try:
            con = sqlite3.connect(f"file:{path}?mode={mode}", uri=True)
            try:
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            finally:
                con.close()
        except sqlite3.DatabaseError:
            continue
        return not tables or "alembic_version" in tables
    return False
