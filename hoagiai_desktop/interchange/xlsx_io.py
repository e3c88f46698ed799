"""Writing workbooks safely: a temporary name in the same folder, fsync, then rename (DESIGN rule 10)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

DATE_FORMAT = "dd/mm/yyyy"


def save_atomically(workbook: Any, path: str | Path) -> Path:
    """Save an openpyxl workbook to ``path`` without ever leaving a half-written file there."""
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        target = target.with_name(target.name + ".xlsx")
    if target.is_dir():
        raise UserError(_("{path} is a folder; give the name of the workbook to write.").format(path=target))
    if not target.parent.is_dir():  # a typo or an unplugged stick: say so rather than create folders
        raise UserError(
            _("The folder {path} does not exist; create it or choose another one.").format(path=target.parent)
        )
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsx")
    try:
        workbook.save(tmp)
        with tmp.open("rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            _("Cannot write {name}; close it in Excel (or choose another name) and try again.").format(
                name=target.name
            )
        ) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            _("Cannot write {name}: {error}.").format(name=target.name, error=exc.strerror or exc)
        ) from exc
    if os.name != "nt":
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return target
