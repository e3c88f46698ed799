"""The "Export to Excel" action of every list: ask where, re-query the whole list on the worker, write, report.

A list page calls::

    export_rows_dialog(ctx, self, _("Mediators"), headers, fetch_rows)

``headers`` are the column titles as shown; ``fetch_rows(db) -> list[list[Any]]`` runs on the DB worker thread and
returns every row of the current filter and sort order (no paging limit). For a list built on the lazy
``ids_fn(db, filter)`` / ``rows_fn(db, ids)`` pair, :func:`lazy_list_fetcher` makes that function (the filter is
taken now, on the GUI thread; rows are fetched in chunks so a province list never exceeds SQLite's parameter limit). The file is written by
:func:`hoagiai_desktop.interchange.list_xlsx.write_list_xlsx` on the same thread; when it is done the status bar
says "Saved N rows to FILE". Errors (file open in Excel, folder not writable) are shown as one sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from hoagiai_desktop.i18n import _, ngettext
from hoagiai_desktop.interchange.list_xlsx import write_list_xlsx
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import EXPORT_FOLDER
from hoagiai_desktop.ui.worker import Job

FetchRows = Callable[[Any], list[list[Any]]]
_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def default_file_name(title: str, today: dt.date | None = None) -> str:
    """The name "<title> <yyyy-mm-dd>.xlsx", with characters Windows refuses in file names replaced."""
    day = (today or dt.date.today()).isoformat()
    name = re.sub(r"\s+", " ", _BAD_FILE_CHARS.sub(" ", nfc(title))).strip(" .") or "danh-sach"
    return f"{name[:80]} {day}.xlsx"


def lazy_list_fetcher(
    ids_fn: Callable[[Any, Any], list[int]],
    rows_fn: Callable[[Any, list[int]], Mapping[int, Any]],
    filter_value: Any,
    values: Sequence[Callable[[Any], Any]],
    *,
    chunk: int = 500,
) -> FetchRows:
    """``fetch_rows`` for a lazy list: every id of ``filter_value`` in order, each row turned into ``values``."""

    def fetch(db: Any) -> list[list[Any]]:
        ids = ids_fn(db, filter_value)
        out: list[list[Any]] = []
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            rows = rows_fn(db, part)
            out.extend([value(rows[i]) for value in values] for i in part if i in rows)
        return out

    return fetch


def _start_folder(ctx: UiContext) -> Path:
    saved = EXPORT_FOLDER.get(ctx.settings)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def _fetch_and_write(
    db: Any, fetch_rows: FetchRows, path: Path, title: str, headers: Sequence[str]
) -> tuple[int, Path]:
    rows = fetch_rows(db)
    written = write_list_xlsx(path, title, headers, rows)
    return len(rows), written


def saved_message(n: int, path: Path) -> str:
    return ngettext("Saved {n} row to {file}", "Saved {n} rows to {file}", n).format(n=n, file=str(path))


def export_rows_dialog(
    ctx: UiContext,
    parent: QWidget | None,
    title: str,
    headers: Sequence[str],
    fetch_rows: FetchRows,
    *,
    on_saved: Callable[[int, Path], None] | None = None,
) -> Job | None:
    """Ask for a file name, then export; returns the worker job, or None when the person cancelled."""
    start = _start_folder(ctx) / default_file_name(title)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Export to Excel"), str(start), _("Excel workbook (*.xlsx)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    EXPORT_FOLDER.set(ctx.settings, str(path.parent))
    ctx.status(_("Exporting {title}…").format(title=title))

    def done(result: tuple[int, Path]) -> None:
        n, written = result
        ctx.status(saved_message(n, written))
        if on_saved is not None:
            on_saved(n, written)

    def failed(exc: BaseException) -> None:
        ctx.status(_("The list was not saved."))
        ctx.show_error(exc, parent)

    return ctx.run(_fetch_and_write, fetch_rows, path, title, list(headers), on_done=done, on_error=failed)
