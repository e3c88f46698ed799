"""Writing workbooks safely: a private temporary name in the same folder, fsync, then rename (DESIGN rule 13),
and a full, read-only, vanished or forbidden target said in one sentence (``hoagiai_desktop.output``)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from hoagiai_desktop.output import check_target, write_output

DATE_FORMAT = "dd/mm/yyyy"


def xlsx_name(path: str | Path) -> Path:
    """``path`` with ".xlsx" added when it has no workbook ending."""
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        target = target.with_name(target.name + ".xlsx")
    return target


def check_workbook_target(path: str | Path) -> Path:
    """The workbook's final name, refused at once when its folder is missing (before a long export)."""
    return check_target(xlsx_name(path))


def save_atomically(workbook: Any, path: str | Path) -> Path:
    """Save an openpyxl workbook to ``path`` without ever leaving a half-written file there."""
    target = check_workbook_target(path)
    # The workbook is packed in memory first (a province export is about 9 MB): a disk that fails half-way then
    # meets only plain bytes, not openpyxl's zip writer, which would be left open and complain when collected.
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except BaseException:
        discard(workbook)
        raise
    data = buffer.getvalue()
    return write_output(target, lambda fh: fh.write(data))


def discard(workbook: Any) -> None:
    """Close the write-only sheets of a workbook given up half-way and remove the temporary files openpyxl keeps
    their rows in (names and case text; openpyxl removes them only after a successful save). Without this, the
    unfinished sheet writers also print "Exception ignored" tracebacks when they are collected."""
    for ws in getattr(workbook, "worksheets", []):
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            ws.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def keep_rows_in(ws: Any, folder: Path) -> None:
    """Make a new write-only sheet keep its rows in ``folder`` (a private work folder of the data folder) rather
    than in the system temp folder, where a crash would leave names and case text readable by others."""
    from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

    out = folder / f"sheet-{len(ALL_TEMP_FILES)}-{id(ws):x}.xml"
    out.touch(mode=0o600)
    ALL_TEMP_FILES.append(str(out))  # openpyxl's cleanup() removes the name from this list
    ws._writer = WorksheetWriter(ws, out=str(out))
    ws._writer.write_top()
