"""Restoring a backup: preview first, then all or nothing.

``preview(path)`` reads a backup (plain or encrypted) and says what it holds — date, unit, row counts — without
changing anything. ``restore(db, path)`` then:

1. prepares a verified copy of the backup beside the data file (decrypted if needed; integrity_check ok, a
   HoaGiai schema this version knows, row counts equal to the preview);
2. protects every backup that exists now from thinning, and backs up the current data (reason ``restore``);
3. closes the database, checkpoints its journal and swaps the prepared copy in with one atomic rename;
4. reopens and migrates it. If anything fails after the swap, the safety backup is put back.

Before step 3 the data file is untouched; a failure anywhere leaves it as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from hoagiai_desktop.errors import DatabaseTooNew, UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.paths import backup_dir_for
from hoagiai_desktop.storage.backup import (
    BackupInfo,
    copy_sqlite,
    list_backups,
    make_backup,
    parse_backup_name,
    read_stamp,
    row_counts,
    verify_sqlite,
)
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.safe_files import fsync_dir

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupPreview:
    """What a backup holds, shown before anything changes."""

    path: Path
    created: dt.datetime | None
    reason: str | None
    unit: str | None  # "Phường Việt Hòa (Hà Nội)"
    counts: dict[str, int] = field(default_factory=dict)
    revision: str | None = None
    encrypted: bool = False
    size: int = 0
    sealed: bool = False  # carries a digest that matched; False: an older backup, checked by structure only


@dataclass
class RestoreResult:
    db: Database  # the reopened database: use this one from now on
    safety_backup: BackupInfo | None  # the data as it was just before the restore
    preview: BackupPreview
    damaged_kept_as: Path | None = None  # when the current file was damaged: where it was moved, unchanged


def _not_a_backup(path: Path) -> UserError:
    return UserError(
        _("{path} is not a HoaGiai backup or data file; choose another file.").format(path=path.name)
    )


def _damaged(path: Path) -> UserError:
    return UserError(
        _("The backup {path} is damaged and cannot be restored; choose another (older) backup.").format(
            path=path.name
        )
    )


def _describe_unit(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT kind, name, province FROM unit ORDER BY id LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    if not row:
        return None
    from hoagiai_desktop.domain.enums import UnitKind

    member = UnitKind.parse(row[0])
    kind = member.vi if member else str(row[0] or "")
    text = f"{kind} {row[1]}".strip()
    return f"{text} ({row[2]})" if row[2] else text


def _inspect_plain(
    path: Path, source: Path
) -> tuple[dict[str, int], str | None, str | None, dict[str, str], bool]:
    """Counts, schema revision, unit, stamp and seal of a plain SQLite file; refuses what is not a good, unaltered
    HoaGiai file: the seal first (digest over every byte), then integrity, revision and the exact schema."""
    from hoagiai_desktop.storage import schema_check
    from hoagiai_desktop.storage.seal import check_seal, fingerprint, schema_rows

    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise UserError(_("Cannot read {path}; check that the file exists.").format(path=source)) from exc
    if head != SQLITE_MAGIC:
        raise _not_a_backup(source)
    try:
        sealed = check_seal(path, source)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise _damaged(source) from exc
    try:
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise _damaged(source) from exc
        if ok != "ok":
            raise _damaged(source)
        if "alembic_version" not in tables or "case_file" not in tables:
            raise _not_a_backup(source)
        try:
            revision_row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(revision_row[0]) if revision_row else None
            _check_revision(revision, source)
            assert revision is not None
            schema_check.check(con, revision, source)
            if sealed.sealed and sealed.schema != fingerprint(schema_rows(con)):
                raise _damaged(source)
            return row_counts(con), revision, _describe_unit(con), read_stamp(con), sealed.sealed
        except sqlite3.DatabaseError as exc:
            raise _damaged(source) from exc
    finally:
        con.close()


def _check_revision(revision: str | None, source: Path) -> None:
    from alembic.script import ScriptDirectory

    from hoagiai_desktop.storage.migrate import alembic_config

    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision is None or revision not in known:
        raise DatabaseTooNew(
            _(
                "The backup {path} was made by a newer version of HoaGiai; install the newer version to restore it."
            ).format(path=source.name)
        )


@contextmanager
def _plain_copy(source: Path, password: str | None, work: Path) -> Iterator[tuple[Path, bool]]:
    """A private copy of the backup in ``work`` as a plain SQLite file (decrypted when it is encrypted).

    Everything after this reads the copy, never the chosen file again: what was checked is what is restored,
    even if the file on the USB stick changes meanwhile.
    """
    from hoagiai_desktop.storage.crypto import decrypt_file, is_encrypted
    from hoagiai_desktop.storage.private import open_private

    if not source.exists():
        raise UserError(_("The file {path} does not exist.").format(path=source))
    if source.is_dir():
        raise UserError(_("{path} is a folder; give the path of a backup file.").format(path=source))
    plain = work / "backup.sqlite3"
    encrypted = is_encrypted(source)
    if encrypted:
        if password is None:
            raise UserError(
                _("The backup {path} is encrypted; give its password (--password-file).").format(
                    path=source.name
                )
            )
        decrypt_file(source, plain, password)
    else:
        with source.open("rb") as src:
            try:
                dst = open_private(plain)
            except OSError as exc:
                raise _data_drive(exc, work) from exc
            with dst:
                _copy_blocks(src, dst, work)
    yield plain, encrypted


def _copy_blocks(src: BinaryIO, dst: BinaryIO, work: Path) -> None:
    """Copy, telling a failing read (the backup's drive) from a failing write (the data file's drive)."""
    while True:
        block = src.read(1024 * 1024)  # an OSError here is the backup's: ``_reading`` says so
        if not block:
            break
        try:
            dst.write(block)
        except OSError as exc:
            raise _data_drive(exc, work) from exc
    try:
        dst.flush()
    except OSError as exc:
        raise _data_drive(exc, work) from exc


def _data_drive(exc: BaseException, work: Path) -> UserError:
    """A fault while preparing the restore beside the data file: the data file's drive, in one sentence."""
    from hoagiai_desktop.storage.faults import errno_of
    from hoagiai_desktop.storage.safe_files import drive_error

    code = errno_of(exc) or 0
    return UserError(
        _("The restore could not be prepared ({error}); nothing was changed.").format(
            error=drive_error(OSError(code, os.strerror(code)), work.parent / "data.sqlite3").message
        )
    )


def _preview_of(source: Path, plain: Path, encrypted: bool) -> BackupPreview:
    counts, revision, unit, stamp, sealed = _inspect_plain(plain, source)
    created: dt.datetime | None = None
    reason = stamp.get("reason")
    if stamp.get("created"):
        with contextlib.suppress(ValueError):
            created = dt.datetime.fromisoformat(stamp["created"])
    parsed = parse_backup_name(source)
    if created is None and parsed:
        created, reason = parsed
    if created is None:
        created = dt.datetime.fromtimestamp(source.stat().st_mtime).replace(microsecond=0)
    return BackupPreview(
        path=source,
        created=created,
        reason=reason,
        unit=unit,
        counts=counts,
        revision=revision,
        encrypted=encrypted,
        size=source.stat().st_size,
        sealed=sealed,
    )


@contextmanager
def _reading(source: Path) -> Iterator[None]:
    """A backup that cannot be read half-way (a USB stick pulled out, a bad sector) gives one sentence."""
    try:
        yield
    except UserError:
        raise
    except PermissionError as exc:
        raise UserError(
            _(
                "You do not have permission to read the backup {path}, so nothing was changed; copy it to a folder "
                "of yours or ask whoever manages this computer."
            ).format(path=source.name)
        ) from exc
    except (OSError, sqlite3.DatabaseError) as exc:
        raise UserError(
            _(
                "The backup {path} could not be read ({error}); if it is on a USB stick, check that it is plugged "
                "in, then try again. Nothing was changed."
            ).format(path=source.name, error=exc)
        ) from exc


def preview(
    source: str | Path, *, password: str | None = None, work_base: Path | None = None
) -> BackupPreview:
    """What ``source`` holds (date, unit, row counts); raises one plain sentence if it cannot be restored.

    The private copy it reads lives in ``work_base`` (default: the app's data folder), never the system temp
    folder."""
    from hoagiai_desktop.paths import data_dir
    from hoagiai_desktop.storage.private import work_dir

    source = Path(source)
    with (
        _reading(source),
        work_dir(work_base or data_dir()) as work,
        _plain_copy(source, password, work) as (
            plain,
            encrypted,
        ),
    ):
        return _preview_of(source, plain, encrypted)


def stage(source: Path, target_dir: Path, *, password: str | None = None) -> tuple[Path, BackupPreview]:
    """A verified plain copy of the backup in a private work folder in ``target_dir`` (same drive as the data
    file), ready to swap in. ``_discard(staged)`` removes the work folder with it."""
    from hoagiai_desktop.storage.private import new_work_dir

    with _reading(source):
        try:
            work = new_work_dir(target_dir)
        except OSError as exc:
            raise _data_drive(exc, target_dir / "work") from exc
        try:
            with _plain_copy(source, password, work) as (plain, encrypted):
                info = _preview_of(source, plain, encrypted)
            try:
                _clear_stamp(plain)
                verify_sqlite(plain, info.counts)
                _to_wal(plain)
                with plain.open("rb+") as fh:
                    os.fsync(fh.fileno())
            except (OSError, sqlite3.OperationalError) as exc:  # the copy is checked: what fails is the drive
                raise _data_drive(exc, work) from exc
        except BaseException:
            _discard(work / "backup.sqlite3")
            raise
    return plain, info


def _discard(path: Path) -> None:
    from hoagiai_desktop.storage.private import WORK_PREFIX, remove_tree

    for p in (path, *sidecars(path)):
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)
    if path.parent.name.startswith(WORK_PREFIX):
        remove_tree(path.parent)


def _clear_stamp(path: Path) -> None:
    """A restored file is data again, not a backup: drop the ``backup.*`` stamp."""
    from hoagiai_desktop.storage.seal import clear_stamp

    clear_stamp(path)


def _to_wal(path: Path) -> None:
    """Back in WAL mode, as the app keeps its data file, so that even a read-only opening finds it as expected.
    The connection is the only one, so closing it folds and removes ``-wal``/``-shm``."""
    for side in sidecars(path):
        side.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def _checkpoint(db_path: Path) -> None:
    """Fold the write-ahead log into the main file so nothing lives only in ``-wal`` when the file is swapped."""
    if not db_path.exists():
        return
    con = sqlite3.connect(db_path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")]


def swap_in(staged: Path, db_path: Path, *, keep_old_as: Path | None = None) -> None:
    """Put ``staged`` in place of ``db_path`` with one atomic rename; the old file is kept aside if asked."""
    if keep_old_as is not None and db_path.exists():
        os.replace(db_path, keep_old_as)
        for side in sidecars(db_path):
            if side.exists():
                os.replace(side, keep_old_as.with_name(keep_old_as.name + side.name[len(db_path.name) :]))
    else:
        for side in sidecars(db_path):
            side.unlink(missing_ok=True)
    os.replace(staged, db_path)
    fsync_dir(db_path.parent)


def _reopen(old: Database, db_path: Path) -> Database:
    from hoagiai_desktop.storage import migrate
    from hoagiai_desktop.storage.lock import LockedDatabase, WriterLock

    new: Database
    if isinstance(old, LockedDatabase):
        new = LockedDatabase(db_path, lock=WriterLock(db_path), actor=old.actor)
    else:
        new = Database(db_path, actor=old.actor)
    try:
        migrate.upgrade(new)
        with new.engine.connect() as conn:  # prove it opens and reads
            conn.exec_driver_sql("SELECT COUNT(*) FROM case_file").fetchone()
    except BaseException:
        new.dispose()
        raise
    return new


def restore(db: Database, source: str | Path, *, password: str | None = None) -> RestoreResult:
    """Replace the data of ``db`` with the backup ``source``, all or nothing. Use ``result.db`` afterwards;
    ``db`` is closed."""
    from hoagiai_desktop.storage.thinning import protect

    source = Path(source)
    if db.path is None:
        raise UserError(_("A server database is restored on the server."))
    if db.read_only:
        raise UserError(_("This data file is open read-only; close the other HoaGiai window first."))
    db_path = db.path
    staged, info = stage(source, db_path.parent, password=password)
    safety: BackupInfo | None = None
    aside: Path | None = None
    try:
        existing = [b.path.name for b in list_backups(db_path)]
        try:
            safety = make_backup(db, reason="restore")
        except UserError:
            from hoagiai_desktop.storage.integrity import check_file

            if not check_file(db_path).damaged:
                raise
            aside = damaged_name(db_path)  # a damaged file cannot be backed up: it is kept aside instead
        protect(backup_dir_for(db_path), [*existing, *([safety.path.name] if safety else [])])
        db.engine.dispose()
        if aside is None:
            _checkpoint(db_path)
        try:
            swap_in(staged, db_path, keep_old_as=aside)
        except OSError as exc:
            from hoagiai_desktop.storage.faults import data_file_error

            # Windows answers a file held open by another program with "access denied"
            busy = exc.errno in (errno.EBUSY, errno.ETXTBSY) or (
                os.name == "nt" and exc.errno == errno.EACCES
            )
            said = None if busy else data_file_error(exc.errno or 0, db_path)
            if said is not None:
                raise said from exc
            # e.g. another program holds the file open (Windows refuses the rename)
            raise UserError(
                _(
                    "The data file is in use by another program ({error}); close it and try again. "
                    "Nothing was changed."
                ).format(error=exc.strerror or exc)
            ) from exc
    except BaseException:
        _discard(staged)
        raise
    _discard(staged)  # the staged copy is the data file now: only its empty work folder goes
    try:
        new = _reopen(db, db_path)
    except BaseException as exc:
        if safety is not None:
            _put_back(safety.path, db_path)  # ``db`` stays usable: its engine reconnects to the data put back
            message = _(
                "The backup could not be opened after restoring ({error}); your data was put back as it was."
            )
        else:
            message = _(
                "The backup could not be opened after restoring ({error}); the damaged file is kept aside."
            )
        raise UserError(message.format(error=exc)) from exc
    db.dispose()
    return RestoreResult(db=new, safety_backup=safety, preview=info, damaged_kept_as=aside)


def _put_back(safety: Path, db_path: Path) -> None:
    from hoagiai_desktop.storage.private import work_dir

    with work_dir(db_path.parent) as work:
        staged = work / "putback.sqlite3"
        copy_sqlite(safety, staged)
        _clear_stamp(staged)
        _to_wal(staged)
        swap_in(staged, db_path)


def damaged_name(db_path: Path, when: dt.datetime | None = None) -> Path:
    when = when or dt.datetime.now()
    target = db_path.with_name(f"{db_path.name}.damaged-{when:%Y%m%d-%H%M%S}")
    n = 1
    while target.exists():
        n += 1
        target = db_path.with_name(f"{db_path.name}.damaged-{when:%Y%m%d-%H%M%S}-{n}")
    return target


def newest_good_backup(db_path: Path) -> tuple[BackupInfo, BackupPreview] | None:
    """The newest backup in the backups folder that passes the checks (plain backups only)."""
    for info in list_backups(db_path):
        try:
            return info, preview(info.path)
        except UserError:
            continue
    return None


def replace_damaged(
    db_path: Path, source: Path, *, password: str | None = None
) -> tuple[Path, BackupPreview]:
    """Move a damaged data file aside (``<name>.damaged-<time>``, never overwritten) and put the backup in its
    place. The caller holds the writer lock and has no ``Database`` open on the file."""
    staged, info = stage(Path(source), db_path.parent, password=password)
    try:
        from hoagiai_desktop.storage.thinning import protect

        protect(backup_dir_for(db_path), [b.path.name for b in list_backups(db_path)])
        aside = damaged_name(db_path)
        swap_in(staged, db_path, keep_old_as=aside)
    finally:
        _discard(staged)
    return aside, info
