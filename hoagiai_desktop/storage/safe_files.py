"""Writing files so that nothing is ever half-written under its final name (DESIGN rule 10).

Every file is created readable by the user only (0600, ``storage.private``) and goes to a temporary name beside its target, is flushed and fsynced, renamed, and — for copies to a
removable drive — read back and compared by SHA-256. A drive that is pulled out, full or read-only gives one
plain sentence (``DriveError``, a ``UserError``) and leaves no file under the final name.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.faults import DENIED, FULL, GONE, READ_ONLY, _read_only_fs
from hoagiai_desktop.storage.private import make_private_dir, open_private

CHUNK = 1024 * 1024

_FULL = FULL
# On Windows a write-protected stick answers "access denied"; on POSIX that is a permission, said apart.
_READ_ONLY = READ_ONLY | (DENIED if os.name == "nt" else frozenset())
_GONE = GONE


class DriveError(UserError):
    """The target drive or folder cannot take the file (full, read-only, removed)."""


def drive_error(exc: OSError, target: Path) -> DriveError:
    """One plain sentence for an OSError met while writing to ``target``'s drive."""
    code = exc.errno
    folder = target.parent if target.suffix else target
    if code in _FULL:
        return DriveError(
            _("The drive at {path} is full; free some space or use another drive, then try again.").format(
                path=folder
            )
        )
    if code in DENIED and not (folder.exists() and _read_only_fs(folder)) and code not in _READ_ONLY:
        return DriveError(
            _(
                "You do not have permission to write in {path}; choose another folder, or ask whoever manages "
                "this computer, then try again."
            ).format(path=folder)
        )
    if code in _READ_ONLY or code in DENIED:
        return DriveError(
            _(
                "The drive at {path} is read-only or write-protected; unlock it or choose another folder, then try again."
            ).format(path=folder)
        )
    if code in _GONE:
        return DriveError(
            _("The drive at {path} was removed or cannot be reached; plug it in again and try again.").format(
                path=folder
            )
        )
    return DriveError(
        _("Could not write to {path} ({error}); check the drive and try again.").format(
            path=folder, error=exc.strerror or exc
        )
    )


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (a no-op on Windows, where directories cannot be fsynced)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def temp_name_for(target: Path) -> Path:
    """A hidden temporary name beside ``target`` (same folder, so the final rename is atomic); it carries the
    process id so the next start can remove it if this process is killed (``private.clean_leftovers``)."""
    from hoagiai_desktop.storage.private import part_name

    return part_name(target)


def _drop_cache(fh: BinaryIO) -> None:
    """Ask the OS to forget cached pages so a read-back comes from the drive where it can."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with suppress(OSError):
            advise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


@contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """``with atomic_writer(path) as fh: fh.write(...)`` — the file appears under ``path`` only when complete.

    Any OSError on the way becomes a ``DriveError``; the temporary file is removed.
    """
    target = Path(target)
    tmp = temp_name_for(target)
    try:
        fh = open_private(tmp)
    except OSError as exc:
        raise drive_error(exc, target) from exc
    ok = False
    try:
        try:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fh.close()
        os.replace(tmp, target)
        fsync_dir(target.parent)
        ok = True
    except OSError as exc:
        raise drive_error(exc, target) from exc
    finally:
        if not ok:
            _remove_quietly(tmp)


def _remove_quietly(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_writer(target) as fh:
        fh.write(data)


def write_files_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Several files, each complete or absent under its final name, like :func:`write_bytes_atomic` — every
    file is written to its temporary name and fsynced before any is renamed — but with one fsync per folder
    after the renames instead of one per file (a receipt is two files side by side, and the province writes
    thousands of them)."""
    written: list[tuple[Path, Path]] = []
    target = Path(files[0][0]) if files else Path()
    try:
        for target, data in ((Path(t), d) for t, d in files):
            tmp = temp_name_for(target)
            written.append((tmp, target))
            with open_private(tmp) as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        while written:
            tmp, target = written[0]
            os.replace(tmp, target)
            written.pop(0)
        for folder in dict.fromkeys(Path(t).parent for t, _d in files):
            target = folder
            fsync_dir(folder)
    except OSError as exc:
        for tmp, _target in written:
            _remove_quietly(tmp)
        raise drive_error(exc, target) from exc


def copy_verified(
    source: Path, target: Path, *, progress: Callable[[int], None] | None = None, overwrite: bool = True
) -> str:
    """Copy ``source`` to ``target`` safely and prove the copy: returns the SHA-256 both share.

    Written to a temporary name, fsynced, read back and compared by SHA-256 *before* the rename, so a copy that
    does not match is never seen under its final name.
    """
    source, target = Path(source), Path(target)
    if target.exists() and not overwrite:
        raise UserError(_("{path} already exists; choose another name.").format(path=target))
    tmp = temp_name_for(target)
    expected = hashlib.sha256()
    try:
        src = source.open("rb")
    except OSError as exc:
        raise UserError(_("Cannot read {path}; check that the file exists.").format(path=source)) from exc
    done = False
    try:
        with src:
            try:
                dst = open_private(tmp)
            except OSError as exc:
                raise drive_error(exc, target) from exc
            with dst:
                written = 0
                while block := src.read(CHUNK):
                    expected.update(block)
                    dst.write(block)
                    written += len(block)
                    if progress is not None:
                        progress(written)
                dst.flush()
                os.fsync(dst.fileno())
                _drop_cache(dst)
        if sha256_of(tmp) != expected.hexdigest():
            raise DriveError(
                _(
                    "The copy on {path} does not match the original; the drive may be failing, use another one."
                ).format(path=target.parent)
            )
        os.replace(tmp, target)
        fsync_dir(target.parent)
        done = True
    except OSError as exc:
        raise drive_error(exc, target) from exc
    finally:
        if not done:
            _remove_quietly(tmp)
    return expected.hexdigest()


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    sha256: str
    size: int


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def safe_folder_name(*parts: str) -> str:
    """A folder name that every drive format accepts: ``HoaGiai_Phuong-Viet-Hoa_2025-H1``."""
    cleaned = []
    for part in parts:
        text = re.sub(r"[^A-Za-z0-9]+", "-", _ascii(part or "")).strip("-")
        if text:
            cleaned.append(text)
    return "_".join(["HoaGiai", *cleaned])


def export_files(files: Iterable[Path], target_root: Path, folder_name: str) -> list[ExportedFile]:
    """Copy ``files`` into ``target_root/folder_name`` (e.g. a USB stick), each verified by SHA-256 read-back.

    Stops at the first problem with one ``DriveError`` sentence; files already copied stay (each one complete),
    nothing half-written remains.
    """
    target_root = Path(target_root)
    if not target_root.exists():
        raise DriveError(
            _("The drive at {path} was removed or cannot be reached; plug it in again and try again.").format(
                path=target_root
            )
        )
    folder = target_root / folder_name
    try:
        make_private_dir(folder)
    except OSError as exc:
        raise drive_error(exc, folder / "x") from exc
    out = []
    for source in files:
        source = Path(source)
        target = folder / source.name
        digest = copy_verified(source, target)
        out.append(ExportedFile(path=target, sha256=digest, size=target.stat().st_size))
    return out
