"""Export to Excel from a list: the (patched) save dialog, rows re-queried on the DB worker, status "Saved N rows"."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import registry
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.list_export import (
    default_file_name,
    export_rows_dialog,
    lazy_list_fetcher,
    saved_message,
)
from hoagiai_desktop.ui.worker import DbWorker

HEADERS = ["Mã thôn", "Tên thôn", "Số hộ"]
threads: list[threading.Thread] = []  # the threads fetch_villages ran on


@pytest.fixture
def ctx(db: Any, qapp: QApplication) -> Iterator[UiContext]:
    worker = DbWorker(db)
    context = UiContext(db, worker, appearance.open_settings())
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    yield context
    worker.wait_idle()
    worker.stop()
    assert not errors, errors


@pytest.fixture
def villages(db: Any) -> None:
    for name, households in (("Thôn Đông", 120), ("Bản Pù", 80), ("Tổ dân phố số 5", None)):
        registry.create_village(db, registry.VillageInput(name=name, households=households))


def fetch_villages(db: Any) -> list[list[Any]]:
    threads.append(threading.current_thread())
    with db.reading() as s:
        rows = s.scalars(select(m.Village).order_by(m.Village.households.desc())).all()
        return [[v.code, v.name, v.households] for v in rows]


def test_rows_are_fetched_on_the_worker_and_saved(
    ctx: UiContext, villages: None, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[str] = []

    def fake_dialog(parent: Any, caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "thon"), filters  # no ending typed: .xlsx is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    parent = QWidget()
    qtbot.addWidget(parent)
    threads.clear()
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    job = export_rows_dialog(ctx, parent, "Danh sách thôn/tổ", HEADERS, fetch_villages)
    assert job is not None
    qtbot.waitUntil(ctx.worker.is_idle, timeout=10_000)
    out = tmp_path / "thon.xlsx"
    assert messages[-1] == saved_message(3, out)
    assert "3" in messages[-1] and str(out) in messages[-1]
    assert Path(asked[0]).name == default_file_name("Danh sách thôn/tổ")
    assert threads and threads[0] is not threading.main_thread()
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert ws["A1"].value == "Danh sách thôn/tổ"
    assert [c.value for c in ws[2]] == HEADERS
    assert [[c.value for c in row][1:] for row in ws.iter_rows(min_row=3)] == [
        ["Thôn Đông", 120], ["Bản Pù", 80], ["Tổ dân phố số 5", None]]  # fmt: skip
    assert ctx.settings.value("export/last_dir") == str(tmp_path)


def test_cancelled_dialog_does_nothing(ctx: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    called: list[Any] = []

    def fetch(db: Any) -> list[list[Any]]:
        called.append(db)
        return []

    assert export_rows_dialog(ctx, None, "Vụ việc", ["Mã"], fetch) is None
    assert ctx.worker.is_idle() and called == []


def test_a_file_that_cannot_be_written_is_one_sentence(
    ctx: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "busy.xlsx").mkdir()  # a folder where the file should go
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "busy.xlsx"), ""))
    shown: list[BaseException] = []
    monkeypatch.setattr(ctx, "show_error", lambda exc, parent=None: shown.append(exc))
    export_rows_dialog(ctx, None, "Vụ việc", ["Mã"], lambda db: [["VV01"]])
    qtbot.waitUntil(ctx.worker.is_idle, timeout=10_000)
    assert len(shown) == 1 and isinstance(shown[0], UserError)


def test_default_file_name_keeps_vietnamese_and_drops_what_windows_refuses() -> None:
    assert (
        default_file_name("Danh sách thôn/tổ: 2026?", dt.date(2026, 6, 30))
        == "Danh sách thôn tổ 2026 2026-06-30.xlsx"
    )
    assert default_file_name("  ", dt.date(2026, 1, 2)) == "danh-sach 2026-01-02.xlsx"


def test_lazy_list_fetcher_keeps_the_order_and_asks_in_chunks() -> None:
    asked: list[list[int]] = []
    seen_filter: list[Any] = []

    def ids_fn(db: Any, f: Any) -> list[int]:
        seen_filter.append(f)
        return [5, 3, 9, 1, 7]

    def rows_fn(db: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
        asked.append(list(ids))
        return {i: {"code": f"T{i:02d}", "n": i * 10} for i in ids if i != 9}  # 9 was deleted meanwhile

    fetch = lazy_list_fetcher(ids_fn, rows_fn, "filter", [lambda r: r["code"], lambda r: r["n"]], chunk=2)
    assert fetch(None) == [["T05", 50], ["T03", 30], ["T01", 10], ["T07", 70]]
    assert asked == [[5, 3], [9, 1], [7]] and seen_filter == ["filter"]
