"""Writing output files without ever leaving a half-written one (DESIGN rule 10)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(
            _("The folder {folder} does not exist; choose another place to save.").format(folder=folder)
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(
            _("Cannot write in the folder {folder}; choose another place to save.").format(folder=folder)
        ) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UserError(
            _("Cannot save {path}; it may be open in another program. Close it and try again.").format(
                path=target
            )
        ) from exc
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target
