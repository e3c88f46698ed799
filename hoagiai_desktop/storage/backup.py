"""Verified backups with SQLite's online backup API.

A backup is written to a temporary name, checked (opens, ``integrity_check`` is ok, row counts equal the source
at the moment of copying), fsynced and only then renamed to its final name; a backup that fails the check is
deleted and the failure raised.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from hoagiai_desktop.domain.tables import COUNTED_TABLES
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
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
    return {
        t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES if t in existing
    }


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_sqlite(source: Path, target: Path, *, stamp: dict[str, str] | None = None) -> dict[str, int]:
    """Copy ``source`` into ``target`` (which must not exist) with the online backup API, verified.

    Returns the row counts of the copy. The source is read inside one transaction so the counts compared
    are of the same snapshot that was copied. ``stamp`` (e.g. when and why) is written into the copy's
    ``setting`` table under ``backup.*`` keys, so a renamed or moved copy still says what it is, and then the
    copy is sealed with its own digest and schema fingerprint (``storage.seal``). The copy is written under a
    private temporary name (0600) that names this process, so a crash leaves nothing the next start keeps.
    """
    from hoagiai_desktop.storage.private import open_private, part_name
    from hoagiai_desktop.storage.seal import check_seal, seal

    tmp = part_name(target)
    try:
        open_private(tmp).close()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.execute("BEGIN")
            expected = row_counts(src)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                if stamp:
                    _write_stamp(dst, stamp)
            finally:
                dst.close()
            src.execute("COMMIT")
        finally:
            src.close()
        if stamp:
            seal(tmp)
            check_seal(tmp)
        verify_sqlite(tmp, expected)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
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
        raise UserError(
            _("The backup copy cannot be read ({error}); it was discarded.").format(error=exc)
        ) from exc
    if result != "ok":
        raise UserError(_("The backup copy failed its integrity check; it was discarded."))
    if expected is not None and counts != expected:
        raise UserError(_("The backup copy does not hold the same number of records; it was discarded."))
    return counts


STAMP_PREFIX = "backup."
# ``<data file stem>--hoagiai-<date>-<time>-<reason>[-n].sqlite3``: the owner part ties a backup to its data file,
# so data files sharing one folder keep separate lists; names without it were written by older versions.
_NAME = re.compile(r"^(?:(?P<owner>.+)--)?hoagiai-(\d{8})-(\d{6})-([a-z0-9_]+?)(?:-(\d+))?\.sqlite3$")

# Why a backup was made (the ``reason`` part of its name); the window shows the label.
REASON_LABELS = {
    "manual": N_("made by hand"),
    "auto": N_("automatic (every 30 minutes of work)"),
    "close": N_("when the app was closed"),
    "migration": N_("before an update of the data file"),
    "import": N_("before an import"),
    "restore": N_("before a restore"),
    "repair": N_("before a repair"),
    "export": N_("copy for taking away"),
}


# What each counted table holds, for previews ("Records: 12 teams, 350 cases, …").
COUNT_LABELS = {
    "unit": N_("unit"),
    "village": N_("villages"),
    "team": N_("teams"),
    "mediator": N_("mediators"),
    "membership": N_("memberships"),
    "case_file": N_("cases"),
    "party": N_("parties"),
    "assignment": N_("assignments"),
    "invitee": N_("invited persons"),
    "mediation_session": N_("mediation sessions"),
    "follow_up": N_("follow-ups"),
    "training_event": N_("training events"),
    "attendance": N_("attendance records"),
    "guest_attendee": N_("guest attendees"),
    "target": N_("targets"),
}


def describe_counts(counts: dict[str, int]) -> str:
    """``12 teams, 80 mediators, 350 cases, …`` in the current language (tables with rows only)."""
    parts = [f"{n} {_(COUNT_LABELS.get(table, table))}" for table, n in counts.items() if n]
    return ", ".join(parts) if parts else _("no records")


def reason_label(reason: str) -> str:
    label = REASON_LABELS.get(reason)
    return _(label) if label else reason


def _write_stamp(con: sqlite3.Connection, stamp: dict[str, str]) -> None:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "setting" not in tables:
        return
    with con:
        for key, value in stamp.items():
            con.execute(
                "INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (STAMP_PREFIX + key, value)
            )


def read_stamp(con: sqlite3.Connection) -> dict[str, str]:
    """The ``backup.*`` settings a backup carries (empty for a plain data file)."""
    try:
        rows = con.execute("SELECT key, value FROM setting WHERE substr(key, 1, 7) = 'backup.'").fetchall()
    except sqlite3.DatabaseError:
        return {}
    return {k.removeprefix(STAMP_PREFIX): v for k, v in rows if v is not None}


def parse_backup_name(path: Path) -> tuple[dt.datetime, str] | None:
    """``hoagiai-20261122-143000-auto.sqlite3`` → (22/11/2026 14:30:00, "auto"); None for other names."""
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        created = dt.datetime.strptime(m.group(2) + m.group(3), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return created, m.group(4)


def backup_owner(path: Path) -> str | None:
    """The stem of the data file a backup belongs to (``xa-tan-lap`` for ``xa-tan-lap--hoagiai-….sqlite3``);
    None for a backup named by an older version, which did not record it."""
    m = _NAME.match(path.name)
    return m.group("owner") if m else None


def backup_order_key(info: BackupInfo) -> tuple[dt.datetime, int, str]:
    m = _NAME.match(info.path.name)
    return info.created, int(m.group(5) or 1) if m else 0, info.path.name


def list_backups(
    db_path: Path, *, directory: Path | None = None, every_file: bool = False
) -> list[BackupInfo]:
    """The backups of the data file ``db_path`` in its backups folder, newest first (counts are not read: cheap).

    Several data files may share one folder: only this file's backups are listed, plus those of older versions
    whose names do not say whose they are (a restore names the unit of the backup before anything changes).
    ``every_file`` lists all of them (the folder's housekeeping)."""
    folder = directory or backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path)
        if parsed is None or not path.is_file():
            continue
        owner = backup_owner(path)
        if every_file or owner is None or owner == db_path.stem:
            found.append(BackupInfo(path=path, created=parsed[0], reason=parsed[1]))
    found.sort(key=backup_order_key, reverse=True)
    return found


def make_backup(db: Database, *, reason: str = "manual", directory: Path | None = None) -> BackupInfo:
    """Back up the SQLite database of ``db`` into its backups folder (or ``directory``), verified."""
    if db.path is None:
        raise UserError(_("Backups of a server database are made on the server."))
    return backup_file(db.path, reason=reason, directory=directory)


def backup_file(db_path: Path, *, reason: str = "manual", directory: Path | None = None) -> BackupInfo:
    """Back up the SQLite file ``db_path`` (verified) — also usable while no ``Database`` is open."""
    from hoagiai_desktop.storage.private import make_private_dir

    folder = directory or backup_dir_for(db_path)
    try:
        make_private_dir(folder)
    except OSError as exc:
        raise UserError(_("Cannot create the backups folder {path}.").format(path=folder)) from exc
    now = dt.datetime.now().replace(microsecond=0)
    owner = f"{db_path.stem}--"  # whose backup it is: data files in one folder share the backups folder
    target = folder / f"{owner}hoagiai-{now:%Y%m%d-%H%M%S}-{reason}{BACKUP_SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{owner}hoagiai-{now:%Y%m%d-%H%M%S}-{reason}-{n}{BACKUP_SUFFIX}"
    try:
        counts = copy_sqlite(db_path, target, stamp={"created": now.isoformat(), "reason": reason})
    except OSError as exc:
        from hoagiai_desktop.storage.safe_files import drive_error

        raise UserError(
            _("The backup could not be written ({error}); nothing was changed.").format(
                error=drive_error(exc, target).message
            )
        ) from exc
    except sqlite3.DatabaseError as exc:
        from hoagiai_desktop.storage.faults import DENIED, FULL, READ_ONLY, errno_of
        from hoagiai_desktop.storage.safe_files import drive_error

        code = errno_of(exc)
        if code is not None and (code in FULL or code in READ_ONLY or code in DENIED):
            # SQLite said it while writing the copy (the data file is only read): the backups drive is at fault
            raise UserError(
                _("The backup could not be written ({error}); nothing was changed.").format(
                    error=drive_error(OSError(code, os.strerror(code)), target).message
                )
            ) from exc
        raise UserError(
            _("The data file cannot be read to back it up ({error}); run “hoagiai check”.").format(error=exc)
        ) from exc
    return BackupInfo(path=target, created=now, reason=reason, counts=counts)


def unit_label(db: Database) -> str:
    """ "Phường Việt Hòa" — the unit's kind and name from the data file ("" when not entered yet)."""
    if db.path is None:
        with db.reading() as session:
            from hoagiai_desktop.domain.models import Unit

            unit = session.query(Unit).order_by(Unit.id).first()
            return unit.full_name if unit else ""
    con = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT kind, name FROM unit ORDER BY id LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        con.close()
    if not row:
        return ""
    from hoagiai_desktop.domain.enums import UnitKind

    kind = UnitKind.parse(row[0])
    return f"{kind.vi if kind else row[0]} {row[1]}"


def export_folder_name(db: Database, period_code: str) -> str:
    """The folder a USB export goes into, named after the unit and the period: ``HoaGiai_Phuong-Viet-Hoa_2025-H1``."""
    from hoagiai_desktop.storage.safe_files import safe_folder_name

    return safe_folder_name(unit_label(db), period_code)


def default_export_name(db: Database, *, encrypted: bool) -> str:
    """``HoaGiai_Phuong-Viet-Hoa_20261122-1430.hgbak`` — the unit's name, never a person's."""
    from hoagiai_desktop.storage.crypto import ENCRYPTED_SUFFIX
    from hoagiai_desktop.storage.safe_files import safe_folder_name

    stem = safe_folder_name(unit_label(db), dt.datetime.now().strftime("%Y%m%d-%H%M"))
    return stem + (ENCRYPTED_SUFFIX if encrypted else BACKUP_SUFFIX)


def backup_to(db: Database, out: str | Path, *, password: str | None = None) -> Path:
    """A verified backup written to ``out`` (a file name, or a folder such as a USB stick), encrypted if a
    password is given. Written under a temporary name, fsynced, read back by SHA-256, then renamed."""
    from hoagiai_desktop.storage.crypto import encrypt_file
    from hoagiai_desktop.storage.safe_files import copy_verified

    if db.path is None:
        raise UserError(_("Backups of a server database are made on the server."))
    as_folder = str(out).endswith(("/", os.sep))
    out = Path(out)
    if out.is_dir() or as_folder:
        if not out.exists():
            # Never create it: a missing folder is most often a USB stick that is not plugged in, and creating
            # the path would put the "USB" copy on the internal disk while reporting success.
            raise UserError(
                _(
                    "The folder {path} does not exist (is the USB stick plugged in?); choose a folder that exists."
                ).format(path=out)
            )
        target = out / default_export_name(db, encrypted=password is not None)
    else:
        target = out
        if not target.parent.exists():
            raise UserError(
                _("The folder {path} does not exist; create it or choose another one.").format(
                    path=target.parent
                )
            )
    from hoagiai_desktop.storage.private import work_dir

    # The clear-text copy (and the encrypted one before it goes out) stays in a private folder beside the data
    # file — never the system temp folder — and is removed on success, on failure, or at the next start.
    try:
        with work_dir(db.path.parent) as work:
            plain = work / "copy.sqlite3"
            copy_sqlite(
                db.path,
                plain,
                stamp={"created": dt.datetime.now().replace(microsecond=0).isoformat(), "reason": "export"},
            )
            payload = plain
            if password is not None:
                payload = work / "copy.hgbak"
                encrypt_file(plain, payload, password)
            copy_verified(payload, target)  # its own faults are the target drive's, said by DriveError
    except (OSError, sqlite3.Error) as exc:
        # the temporary copies are made beside the data file: a fault here is that drive's, not the USB stick's
        from hoagiai_desktop.storage.faults import errno_of
        from hoagiai_desktop.storage.safe_files import drive_error

        code = errno_of(exc)
        if code is None:
            raise
        raise UserError(
            _("The copy could not be prepared beside the data file ({error}); nothing was written.").format(
                error=drive_error(OSError(code, os.strerror(code)), db.path).message
            )
        ) from exc
    return target
