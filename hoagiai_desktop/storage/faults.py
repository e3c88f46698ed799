"""The one true sentence when the drive of the data file fails: full, read-only, permission denied or gone.

SQLite and the OS say it in their own words (``database or disk is full``, ``attempt to write a readonly
database``, ``disk I/O error``, an ``OSError``), wrapped by SQLAlchemy. ``explain(exc, db_path)`` looks through the
chain of causes for one of these and returns a ``UserError`` naming the real cause, or None when the failure is
something else (the caller then shows its generic message). Used by the command line and the window's error
handler, so no disk fault ends in "something unexpected" or blames the wrong thing.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
READ_ONLY = frozenset({errno.EROFS})
DENIED = frozenset({errno.EACCES, errno.EPERM})
GONE = frozenset(
    {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR, errno.ESTALE, errno.ENOMEDIUM}
)

# SQLite's primary result codes (the low byte of an extended code) and the OS error each one stands for.
_SQLITE = {
    13: errno.ENOSPC,  # SQLITE_FULL
    8: errno.EROFS,  # SQLITE_READONLY
    3: errno.EACCES,  # SQLITE_PERM
    23: errno.EACCES,  # SQLITE_AUTH
    10: errno.EIO,  # SQLITE_IOERR
    14: errno.ENOENT,  # SQLITE_CANTOPEN
}


def errno_of(exc: BaseException) -> int | None:
    """The OS error behind ``exc`` or any exception it was raised from (None: not a drive fault)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno is not None:
            return current.errno
        if isinstance(current, sqlite3.Error):
            code = getattr(current, "sqlite_errorcode", None)
            if isinstance(code, int) and (code & 0xFF) in _SQLITE:
                return _SQLITE[code & 0xFF]
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError keeps the driver's error here
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
    return None


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def data_file_error(code: int, db_path: Path) -> UserError | None:
    """The sentence for an OS error ``code`` met while using the data file ``db_path``."""
    folder = db_path.parent
    if code in GONE and _no_space(
        folder
    ):  # SQLite reports a full drive as an I/O error when -shm cannot grow
        code = errno.ENOSPC
    if code in FULL:
        return UserError(
            _(
                "The drive of the data file ({path}) is full, so what you were doing was not saved (the data "
                "file is as it was); free some space there, then try again."
            ).format(path=folder)
        )
    if code in READ_ONLY or (
        code in DENIED and folder.exists() and not _writable(folder) and _read_only_fs(folder)
    ):
        return UserError(
            _(
                "The data file {path} is on a read-only drive, so nothing can be saved there; copy it to this "
                "computer and open the copy."
            ).format(path=db_path)
        )
    if code in DENIED:
        return UserError(
            _(
                "You do not have permission to change the data file {path} or its folder; ask whoever manages "
                "this computer, or copy the file to your own folder."
            ).format(path=db_path)
        )
    if code in GONE:
        if db_path.exists():
            return UserError(
                _(
                    "The drive of the data file {path} failed while it was being used (a read or write error); "
                    "run “hoagiai check” and make a backup on another drive."
                ).format(path=db_path)
            )
        return UserError(
            _(
                "The data file {path} can no longer be reached (was its drive removed?); plug it in again and "
                "restart HoaGiai."
            ).format(path=db_path)
        )
    return None


def _no_space(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        info = statvfs(folder)
    except OSError:
        return False
    return bool(info.f_bavail * info.f_frsize < 64 * 1024)


def _read_only_fs(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def explain(exc: BaseException, db_path: Path | None) -> UserError | None:
    """A sentence for ``exc`` when a drive fault of the data file is behind it; None otherwise."""
    if db_path is None or isinstance(exc, UserError):
        return None
    code = errno_of(exc)
    if code is None:
        return None
    return data_file_error(code, Path(db_path))
