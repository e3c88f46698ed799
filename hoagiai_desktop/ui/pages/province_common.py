"""What the province's pages share (DOMAIN §8): the period they show, their read-only tables, and saving a
province paper from a page (the same services as ``hoagiai province report``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_reports
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import PROVINCE_STICK_FOLDER


def default_period(today: dt.date) -> str:
    """The period a province is most likely collecting: last year's until July, then this year's first half."""
    return str(today.year - 1) if today.month < 7 else f"{today.year}-H1"


def period_edit(on_change: Callable[[], None]) -> QLineEdit:
    """The period field; left empty, :func:`with_period` fills it before the first load."""
    edit = QLineEdit()
    edit.setObjectName("period")
    edit.setMaximumWidth(140)
    edit.editingFinished.connect(on_change)
    return edit


def with_period(ctx: UiContext, edit: QLineEdit, load: Callable[[str], None]) -> None:
    """``load(period)`` with the period typed, or — the first time — the period of the package received last (the
    one being collected), else the usual one for today."""
    typed = edit.text().strip()
    if typed:
        load(typed)
        return

    def found(period: str | None) -> None:
        edit.setText(period or default_period(dt.date.today()))
        load(edit.text())

    ctx.run(province_reports.latest_period, on_done=found)


def table(columns: int, name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table; the spare width goes to column ``stretch`` (default: the last one)."""
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.verticalHeader().hide()
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    t.setWordWrap(False)
    # a little room after each cell's text: without it a word ending in a stacked mark ("thế") measured at 150 %
    # text was drawn a few pixels wider than its column
    t.setStyleSheet("QTableWidget::item { padding-right: 6px; }")
    return t


def fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for n, values in enumerate(rows):
        for col, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            t.setItem(n, col, item)


def day(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def save_paper(
    ctx: UiContext,
    parent: QWidget,
    writer: Callable[..., Any],
    period: str,
    suggested: str,
    *,
    on_error: Callable[[BaseException], None],
    path: Path | None = None,
) -> None:
    """Ask where to save a province paper (unless ``path`` is given) and write it on the worker;
    ``writer(db, period, out)`` returns (path, pages)."""
    if path is None:
        start = Path(PROVINCE_STICK_FOLDER.get(ctx.settings) or str(Path.home())) / suggested
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the paper"), str(start), _("PDF (*.pdf)")
        )
        if not chosen:
            return
        path = Path(chosen)

    def done(result: tuple[Path, int]) -> None:
        ctx.status(_("Wrote {path} ({pages} pages).").format(path=result[0], pages=result[1]))

    ctx.run(writer, period, path, on_done=done, on_error=on_error)
