"""The import wizard driven like an officer would: choose a file, read the check, import, cancel, save problems.

Workbooks are built here cell by cell (headers of the standard workbook, rows keyed by header), so the expected
counts are worked out by hand: 2 villages, 1 team, 3 mediators, 1 case.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hoagiai_desktop import i18n
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.interchange import Problem, import_workbook, reading
from hoagiai_desktop.interchange.importer import ERROR, WARNING
from hoagiai_desktop.interchange.schema import SHEETS, standard_columns
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.import_page import ImportPage
from hoagiai_desktop.ui.pages.import_problems import SORT_ROLE, ProblemsModel
from hoagiai_desktop.ui.worker import DbWorker

Rows = dict[str, list[dict[str, Any]]]


def good_rows() -> Rows:
    member = {"Năm sinh": 1970, "Dân tộc": "Kinh", "Mã tổ": "THG01", "Ngày công nhận": "20/01/2020"}
    return {
        "ThonTo": [
            {"Mã thôn": "T01", "Tên thôn": "Thôn Đông", "Loại": "Thôn", "Số hộ": 120},
            {"Mã thôn": "T02", "Tên thôn": "Bản Pù", "Loại": "Bản", "Vùng dân tộc thiểu số": "Có", "Số hộ": 80},
        ],
        "ToHoaGiai": [{"Mã tổ": "THG01", "Tên tổ": "Tổ hòa giải thôn Đông", "Mã thôn": "T01"}],
        "HoaGiaiVien": [
            {**member, "Mã HGV": "HGV01", "Họ và tên": "Nguyễn Văn An", "Giới tính": "Nam", "Vai trò": "Tổ trưởng"},
            {**member, "Mã HGV": "HGV02", "Họ và tên": "Trần Thị Bình", "Giới tính": "Nữ"},
            {**member, "Mã HGV": "HGV03", "Họ và tên": "Lê Văn Cường", "Giới tính": "Nam"},
        ],
        "VuViec": [
            {"Mã vụ việc": "VV01", "Mã tổ": "THG01", "Ngày tiếp nhận": "05/02/2025", "Lĩnh vực": "Dân sự",
             "Nội dung": "Tranh chấp ranh giới đất", "Các bên": "Nguyễn Văn Xuân, 1960; Trần Văn Yên, 1962"},
        ],
    }  # fmt: skip


def write_workbook(path: Path, rows: Rows) -> Path:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        headers = [c.header for c in standard_columns(sheet)]
        ws.append(headers)
        for row in rows.get(sheet.name, []):
            assert set(row) <= set(headers), set(row) - set(headers)
            ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def snapshot(db_path: Path) -> dict[str, int]:
    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                            "'fts_%' AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


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
def page(ctx: UiContext, qtbot: QtBot) -> ImportPage:
    widget = ImportPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def choose(page: ImportPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Pick ``path`` in the (patched) file dialog with the keyboard-reachable button and wait for the check."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.busy is None, timeout=20_000)


def counts_table(page: ImportPage) -> dict[str, list[str]]:
    t = page.counts

    def text(r: int, c: int) -> str:
        item = t.item(r, c)
        assert item is not None
        return item.text()

    return {text(r, 0): [text(r, c) for c in range(1, 5)] for r in range(t.rowCount())}


def problem_rows(page: ImportPage) -> list[list[str]]:
    m = page.problems_table.model()
    return [[m.index(r, c).data() for c in range(6)] for r in range(m.rowCount())]


class Blocker:
    """A job that holds the DB worker until released, so a cancel can be pressed before the work starts."""

    def __init__(self, ctx: UiContext) -> None:
        self.release = threading.Event()
        ctx.run(lambda _db: self.release.wait(20))


def test_a_good_workbook_is_checked_and_the_counts_shown(
    page: ImportPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path
) -> None:
    before = snapshot(db_path)
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "good.xlsx", good_rows()))
    assert page.file_label.text() == str(tmp_path / "good.xlsx")
    assert page.results.isVisible() and page.message.isVisible()
    assert page.message_kind == "ok"
    counts = counts_table(page)
    assert counts["ThonTo"] == ["2", "0", "0", "0"]
    assert counts["ToHoaGiai"] == ["1", "0", "0", "0"]
    assert counts["HoaGiaiVien"] == ["3", "0", "0", "0"]
    assert counts["VuViec"] == ["1", "0", "0", "0"]
    assert counts["TapHuan"] == ["0", "0", "0", "0"] and counts["DiemDanh"] == ["0", "0", "0", "0"]
    assert list(counts.values())[-1] == ["7", "0", "0", "0"]  # the total row
    assert not page.counts_note.isVisible() and not page.conversion.isVisible()
    assert page.problems_model.rowCount() == 0 and not page.problems_table.isVisible()
    assert page.import_button.isEnabled() and not page.save_problems_button.isEnabled()
    assert snapshot(db_path) == before  # a check writes nothing


def test_a_workbook_with_an_error_lists_it_and_keeps_import_disabled(
    page: ImportPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path
) -> None:
    rows = good_rows()
    rows["HoaGiaiVien"][1]["Giới tính"] = "Không rõ"  # Excel row 3
    rows["VuViec"][0]["Mã tổ"] = "THG99"  # Excel row 2: unknown team
    before = snapshot(db_path)
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "bad.xlsx", rows))
    assert page.message_kind == "error" and page.message.isVisible()
    found = problem_rows(page)
    # sorted by sheet in workbook order, then row: HoaGiaiVien before VuViec
    assert [r[:3] for r in found] == [["HoaGiaiVien", "3", "Giới tính"], ["VuViec", "2", "Mã tổ"]]
    assert all(r[3] and r[4] for r in found)  # every problem has a message and a suggestion
    counts = counts_table(page)
    assert counts["HoaGiaiVien"] == ["—", "—", "—", "1"] and counts["VuViec"] == ["—", "—", "—", "1"]
    assert counts["ThonTo"][3] == "0"
    assert page.counts_note.isVisible()
    assert not page.import_button.isEnabled() and page.save_problems_button.isEnabled()
    page.start_import()  # even called directly, nothing runs
    assert page.busy is None
    page.problems_table.setFocus()
    page.problems_table.selectRow(1)
    assert "THG99" in page.problem_detail.text()
    # sortable: by row, descending
    page.problems_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [r[:2] for r in problem_rows(page)] == [["HoaGiaiVien", "3"], ["VuViec", "2"]]
    page.problems_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [r[:2] for r in problem_rows(page)] == [["VuViec", "2"], ["HoaGiaiVien", "3"]]
    assert snapshot(db_path) == before


def test_the_problems_are_saved_as_a_workbook(
    page: ImportPage, ctx: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = good_rows()
    rows["ThonTo"][1]["Số hộ"] = "nhiều"  # ThonTo row 3
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "bad.xlsx", rows))
    target = tmp_path / "loi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(ctx.status_message, timeout=10_000) as status:
        qtbot.mouseClick(page.save_problems_button, Qt.MouseButton.LeftButton)
    assert str(target) in status.args[0]
    ws = openpyxl.load_workbook(target).active
    assert ws is not None
    assert [c.value for c in ws[2]][:3] == ["ThonTo", 3, "Số hộ"]


def test_garbage_is_one_sentence_in_the_page(
    page: ImportPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    garbage = tmp_path / "danh sach.xlsx"
    garbage.write_bytes(b"this is not a spreadsheet at all\x00\x01" * 40)
    with pytest.raises(UserError) as expected:
        reading.read_workbook(garbage)
    choose(page, qtbot, monkeypatch, garbage)
    assert page.message.text() == expected.value.message
    assert "Traceback" not in page.message.text() and page.message.text().count("\n") == 0
    assert page.message_kind == "error" and page.message.isVisible()
    assert not page.results.isVisible() and not page.import_button.isEnabled()
    assert page.recheck_button.isEnabled()  # the officer can fix the file and check again


def test_a_good_import_changes_the_database_and_tells_every_page(
    page: ImportPage, ctx: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Any,
    db_path: Path,
) -> None:  # fmt: skip
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "good.xlsx", good_rows()))
    with qtbot.waitSignal(ctx.changes_made, timeout=20_000) as changed:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert changed.args == [Changes.all()]
    after = snapshot(db_path)
    assert (after["village"], after["team"], after["mediator"], after["membership"], after["case_file"]) == (
        2, 1, 3, 3, 1)  # fmt: skip
    assert page.imported and page.message_kind == "ok"
    assert "7" in page.message.text()  # 7 rows added
    assert counts_table(page)["HoaGiaiVien"] == ["3", "0", "0", "0"]
    assert not page.import_button.isEnabled()  # done; importing again would change nothing
    # checking the same file again: everything is unchanged, nothing to import
    qtbot.mouseClick(page.recheck_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.busy is None, timeout=20_000)
    assert counts_table(page)["HoaGiaiVien"] == ["0", "0", "3", "0"]
    assert page.message_kind == "info" and not page.import_button.isEnabled()
    assert snapshot(db_path) == after


def test_cancelling_the_import_writes_nothing(
    page: ImportPage,
    ctx: UiContext,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    db_path: Path,
) -> None:
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "good.xlsx", good_rows()))
    before = snapshot(db_path)
    blocker = Blocker(ctx)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.busy == "import" and not page.progress_box.isVisible()  # not before ~600 ms
    assert not page.import_button.isEnabled() and not page.choose_button.isEnabled()
    qtbot.waitUntil(page.progress_box.isVisible, timeout=5_000)
    assert page.cancel_button.isEnabled()
    page.cancel()
    assert not page.cancel_button.isEnabled()
    blocker.release.set()
    qtbot.waitUntil(lambda: page.busy is None, timeout=20_000)
    assert not page.progress_box.isVisible()
    assert page.message_kind == "info" and page.message.text()
    assert snapshot(db_path) == before
    assert page.import_button.isEnabled()  # the check still stands; the officer may try again


def test_cancelling_the_check_shows_no_counts(
    page: ImportPage, ctx: UiContext, qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = Blocker(ctx)
    page.open_file(write_workbook(tmp_path / "good.xlsx", good_rows()))
    assert page.busy == "analyse"
    page.cancel()
    blocker.release.set()
    qtbot.waitUntil(lambda: page.busy is None, timeout=20_000)
    assert page.report is None and not page.results.isVisible() and page.message.isVisible()
    assert not page.import_button.isEnabled()


def test_text_typed_in_tcvn3_is_converted_and_said_so(
    page: ImportPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = good_rows()
    rows["ThonTo"][0]["Tên thôn"] = "Th«n §«ng"
    rows["HoaGiaiVien"][1]["Họ và tên"] = "TrÇn ThÞ B×nh"
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "tcvn3.xlsx", rows))
    assert page.report is not None and page.report.converted_cells == 2
    assert page.conversion.isVisible()
    text = page.conversion.text()
    assert text.startswith("2 ") and "«Th«n §«ng» → «Thôn Đông»" in text


def test_language_change_retranslates_the_shown_check(
    page: ImportPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = good_rows()
    rows["ThonTo"][0]["Số hộ"] = -5
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "bad.xlsx", rows))
    i18n.set_language("en")
    page.retranslate()
    assert page.title.text() == "Import from Excel"
    assert page.problems_heading.text() == "Problems: 1 error"
    assert page.problems_table.model().headerData(0, Qt.Orientation.Horizontal) == "Sheet"
    assert page.problems_table.model().index(0, 5).data() == "Error"
    header = page.counts.horizontalHeaderItem(4)
    assert header is not None and header.text() == "Refused (rows with errors)"


def test_problems_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = ProblemsModel()
    model.set_problems(
        [
            Problem("VuViec", 7, "Mã tổ", "Mã THG99 không có.", "Sửa mã."),
            Problem("ThonTo", None, None, "Thiếu trang tính.", "", ERROR),
            Problem("Khac", None, None, "Trang tính lạ.", "", WARNING),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == "" and model.index(0, 1).data() == "7"
    assert model.index(0, 0).data(SORT_ROLE) > model.index(1, 0).data(SORT_ROLE)  # ThonTo before VuViec


def test_an_import_into_data_takes_a_backup_first_and_says_where(
    page: ImportPage, ctx: UiContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Any
) -> None:
    import_workbook(db, write_workbook(tmp_path / "first.xlsx", good_rows()))
    rows = good_rows()
    rows["ThonTo"][0]["Số hộ"] = 125  # one village changes
    choose(page, qtbot, monkeypatch, write_workbook(tmp_path / "second.xlsx", rows))
    assert counts_table(page)["ThonTo"] == ["0", "1", "1", "0"]
    with qtbot.waitSignal(ctx.changes_made, timeout=20_000):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.report is not None and page.report.backup_path is not None
    assert page.report.backup_path.exists()
    assert page.report.backup_path.name in page.message.text()
    with db.reading() as s:
        assert s.scalar(select(m.Village.households).where(m.Village.code == "T01")) == 125


def test_a_workbook_dropped_on_the_page_is_checked(page: ImportPage, qtbot: QtBot, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "keo tha.xlsx", good_rows())

    def drop(target: Path) -> QDropEvent:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(target))])
        event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip
        page.dropEvent(event)
        return event

    drop(tmp_path / "notes.docx")  # not a workbook: ignored
    assert page.path is None and page.busy is None
    drop(path)
    qtbot.waitUntil(lambda: page.busy is None, timeout=20_000)
    assert page.path == path and counts_table(page)["ThonTo"] == ["2", "0", "0", "0"]
