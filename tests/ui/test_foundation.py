"""The shared UI parts: the worker thread, the debounced search box, forms, filter bar, and the table models
(through pytest-qt's qtmodeltester)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.ui.widgets.filter_bar import FilterBar
from hoagiai_desktop.ui.widgets.forms import DateField, RecordForm, YearField, parse_date_text
from hoagiai_desktop.ui.widgets.lazy_table import Column, LazyTableModel, RowsTableModel
from hoagiai_desktop.ui.widgets.search_box import SearchBox
from hoagiai_desktop.ui.worker import DbWorker


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying the text (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def press(
    widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))


# ---- worker -----------------------------------------------------------------------------------------------------


def test_worker_runs_off_the_gui_thread_and_answers_on_it(qtbot: Any) -> None:
    worker = DbWorker("the-db")
    seen: dict[str, Any] = {}

    def job(db: str, n: int) -> tuple[str, int, bool]:
        return db, n * 2, threading.current_thread() is threading.main_thread()

    def done(result: Any) -> None:
        seen["result"] = result
        seen["on_main"] = threading.current_thread() is threading.main_thread()

    worker.submit(job, 21, on_done=done)
    assert worker.wait_idle()
    assert seen == {"result": ("the-db", 42, False), "on_main": True}
    worker.stop()


def test_worker_reports_errors_and_keeps_order(qtbot: Any) -> None:
    worker = DbWorker(None)
    order: list[Any] = []
    errors: list[BaseException] = []

    def fail(_db: Any) -> None:
        raise UserError("Choose a team.")

    worker.submit(lambda _db: order.append(1))
    worker.submit(fail, on_error=errors.append)
    worker.submit(lambda _db: order.append(2))
    assert worker.wait_idle()
    assert order == [1, 2]
    assert [str(e) for e in errors] == ["Choose a team."]
    assert "Traceback" in getattr(errors[0], "details", "")
    worker.stop()


def test_worker_drops_results_for_deleted_widgets_and_cancelled_jobs(qtbot: Any) -> None:
    worker = DbWorker(None)

    class Receiver(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.got: list[Any] = []

        def take(self, value: Any) -> None:
            self.got.append(value)

    gone = Receiver()
    worker.submit(lambda _db: 1, on_done=gone.take)
    import shiboken6

    shiboken6.delete(gone)
    kept: list[Any] = []
    job = worker.submit(lambda _db: 2, on_done=kept.append)
    job.cancel()
    worker.submit(lambda _db: 3, on_done=kept.append)
    assert worker.wait_idle()
    assert kept == [3]
    worker.stop()


# ---- search box -------------------------------------------------------------------------------------------------


def test_search_box_emits_once_after_typing_stops(qtbot: Any) -> None:
    box = SearchBox(delay_ms=50)
    qtbot.addWidget(box)
    got: list[str] = []
    box.search_changed.connect(got.append)
    with qtbot.waitSignal(box.search_changed, timeout=2000):
        type_text(box, "Hường")
    assert got == ["Hường"]
    press(box, Qt.Key.Key_Escape)
    assert got == ["Hường", ""]


def test_search_box_normalises_to_nfc(qtbot: Any) -> None:
    box = SearchBox(delay_ms=10)
    qtbot.addWidget(box)
    got: list[str] = []
    box.search_changed.connect(got.append)
    box.setText("  Nguye\u0302\u0303n  ")  # decomposed ễ, spaces around
    box.flush()
    assert got == ["Nguyễn"]


# ---- forms ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("05/03/2026", dt.date(2026, 3, 5)), ("5.3.2026", dt.date(2026, 3, 5)), ("2026-03-05", dt.date(2026, 3, 5)),
     ("05032026", dt.date(2026, 3, 5)), ("", None)],
)  # fmt: skip
def test_dates_typed_the_way_officers_write_them(text: str, expected: dt.date | None) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "5/3/26", "hôm nay"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date_text(text)


def test_form_enter_moves_to_the_next_field_and_errors_sit_under_fields(qtbot: Any) -> None:
    form = RecordForm()
    qtbot.addWidget(form)
    name = form.add("name", lambda: "Name", QLineEdit(), required=True)
    year = form.add("year", lambda: "Year", YearField())
    day = form.add("day", lambda: "Day", DateField())
    notes = form.add("notes", lambda: "Notes", QPlainTextEdit())
    form.show()
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    press(name, Qt.Key.Key_Return)
    assert year.hasFocus()
    press(year, Qt.Key.Key_Enter)
    assert day.hasFocus()
    press(day, Qt.Key.Key_Return)
    assert notes.hasFocus()
    press(notes, Qt.Key.Key_Return)  # a new line in a text box, focus stays
    assert notes.hasFocus()

    year.setText("19x")
    day.setText("30/02/2020")
    errors = form.input_errors()
    assert set(errors) == {"name", "year", "day"}
    assert form.set_errors(errors)
    assert form.error_text("name") == errors["name"]
    assert name.hasFocus()
    assert not form.set_errors({"unknown_field": "x"})


def test_form_tracks_unsaved_edits_but_not_loading(qtbot: Any) -> None:
    form = RecordForm()
    qtbot.addWidget(form)
    name = form.add("name", lambda: "Name", QLineEdit())
    with form.loading():
        name.setText("Thôn Bắc")
    assert not form.dirty
    name.setText("Thôn Nam")
    assert form.dirty
    form.set_clean()
    assert not form.dirty


def test_filter_bar_all_means_none(qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.add("status", lambda: "Status", [(lambda: "Active", "active"), ("Former", "former")])
    assert bar.values() == {"status": None}
    with qtbot.waitSignal(bar.changed):
        bar.set_value("status", "former")
    assert bar.value("status") == "former"
    bar.set_options("status", [("Active", "active")])  # "former" disappeared → back to All
    assert bar.value("status") is None


# ---- table models -----------------------------------------------------------------------------------------------


COLUMNS = [
    Column("name", lambda: "Name", lambda r: r["name"]),
    Column(
        "n",
        lambda: "N",
        lambda r: r["n"],
        Qt.AlignmentFlag.AlignRight,
        tone=lambda r: "warn" if r["n"] else None,
    ),
]


def test_rows_model_passes_qtmodeltester_and_sorts_vietnamese(qtmodeltester: Any) -> None:
    rows = [{"name": n, "n": i} for i, n in enumerate(["Ư", "Đặng", "An", "Ánh", "Dương", "Ăn"])]
    model = RowsTableModel(COLUMNS, rows)
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(6)] == ["An", "Ánh", "Ăn", "Dương", "Đặng", "Ư"]
    qtmodeltester.check(model)


def test_lazy_model_passes_qtmodeltester_and_fetches_blocks(qtbot: Any, qtmodeltester: Any) -> None:
    calls: list[list[int]] = []

    def load(_db: Any, ids: list[int]) -> dict[int, Any]:
        calls.append(list(ids))
        return {i: {"name": f"Người {i}", "n": i % 3} for i in ids}

    worker = DbWorker(None)
    model = LazyTableModel(COLUMNS, worker, load, block_size=10)
    model.set_ids(list(range(100, 125)))
    assert model.data(model.index(0, 0)) == "…"  # not loaded yet: asks for block 0
    qtbot.waitUntil(lambda: model.is_loaded(0))
    assert calls[0] == list(range(100, 110))
    assert model.data(model.index(3, 0)) == "Người 103"
    assert model.data(model.index(3, 0), Qt.ItemDataRole.UserRole + 1) == 103
    qtmodeltester.check(model)
    assert worker.wait_idle()
    sorts: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, desc: sorts.append((key, desc)))
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert sorts == [("n", True)]
    worker.stop()


def test_rows_model_sort_keeps_the_selection_on_the_same_row(qtbot: Any) -> None:
    from PySide6.QtWidgets import QTableView

    rows = [{"name": n, "n": i} for i, n in enumerate(["Bình", "An", "Cường"])]
    model = RowsTableModel(COLUMNS, rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(0)  # Bình
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert view.currentIndex().row() == 1
    assert model.row_object(view.currentIndex().row())["name"] == "Bình"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.row_object(view.currentIndex().row())["name"] == "Bình"
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["Cường", "Bình", "An"]
