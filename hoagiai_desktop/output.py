"""Saving a file the officer asked for (export, template, report PDF/xlsx, list export) — or one true sentence.

The file is written under a hidden temporary name beside the target (0600, named so the next start removes it
after a crash), flushed, fsynced, renamed over the target and the folder fsynced (DESIGN rule 13). Whatever goes
wrong becomes one sentence that says what happened to *this* target:

* the folder does not exist (a typo, a stick pulled out before saving);
* the drive is full (ENOSPC, quota, file too large for the drive);
* the drive is read-only (a write-protected stick, a read-only mount);
* the account may not write in that folder (permissions) — or, on Windows, the file is open in another program;
* the folder vanished while writing (the stick was pulled out).

``check_target`` runs first, before any work, so a wrong folder is said at once and not after a long export.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS}
_DENIED = {errno.EACCES, errno.EPERM}
_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR, errno.ESTALE, errno.ENOMEDIUM}


class TargetError(UserError):
    """The chosen file cannot be written there; ``str()`` says why and what to do."""


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def no_folder(target: Path) -> TargetError:
    return TargetError(
        _("The folder {path} does not exist; create it or choose another one.").format(path=_folder(target))
    )


def target_error(exc: OSError, target: Path) -> TargetError:
    """The one sentence for an OSError met while saving ``target``."""
    folder, code = _folder(target), exc.errno
    if code in _FULL:
        return TargetError(
            _(
                "The drive of {folder} is full, so {name} was not saved; free some space or choose another drive."
            ).format(folder=folder, name=target.name)
        )
    if code in _READ_ONLY:
        return TargetError(
            _(
                "The drive of {folder} is read-only (write-protected), so {name} was not saved; unlock it or choose another folder."
            ).format(folder=folder, name=target.name)
        )
    if code in _DENIED or isinstance(exc, PermissionError):
        if (
            os.name == "nt" and target.exists()
        ):  # Windows refuses to replace a file another program holds open
            return TargetError(
                _(
                    "{name} is open in another program (Excel?); close it there, or choose another name."
                ).format(name=target.name)
            )
        return TargetError(
            _(
                "You are not allowed to write in {folder}, so {name} was not saved; choose a folder of your own, such as Documents."
            ).format(folder=folder, name=target.name)
        )
    if code in _GONE or not folder.is_dir():
        return TargetError(
            _(
                "The folder {folder} is no longer there (was the drive removed?), so {name} was not saved; plug it in again or choose another folder."
            ).format(folder=folder, name=target.name)
        )
    return TargetError(
        _("{name} could not be saved in {folder} ({error}); choose another folder and try again.").format(
            name=target.name, folder=folder, error=exc.strerror or exc
        )
    )


def check_target(path: str | os.PathLike[str]) -> Path:
    """Refuse at once a target that cannot be written: its folder is missing, or it is itself a folder."""
    target = Path(path)
    if target.is_dir():
        raise TargetError(_("{path} is a folder; give the name of the file to write.").format(path=target))
    if not _folder(target).is_dir():
        raise no_folder(target)
    return target


def write_output(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(fh)`` on a private temporary file beside ``path``, then put it in place atomically."""
    from hoagiai_desktop.storage.private import open_private, part_name
    from hoagiai_desktop.storage.safe_files import fsync_dir

    target = check_target(path)
    tmp = part_name(target)
    try:
        fh = open_private(tmp)
    except OSError as exc:
        raise target_error(exc, target) from exc
    done = False
    try:
        with fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        done = True
        with suppress(
            OSError
        ):  # the file is complete and in place; a folder that cannot be synced is no error
            fsync_dir(_folder(target))
    except OSError as exc:
        raise target_error(exc, target) from exc
    finally:
        if not done:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
    return target
