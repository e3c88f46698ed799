"""The "Backup & USB" page driven offscreen: back up, check, restore (preview → confirm → reopened data), USB."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Sex
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.storage import backup
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.backup_page import BackupPage, install_autobackup
from hoagiai_desktop.ui.worker import DbWorker


@pytest.fixture
def page(filled: Any, qtbot: Any, tmp_path: Path) -> Iterator[BackupPage]:
    worker = DbWorker(filled)
    ctx = UiContext(filled, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    widget = BackupPage(ctx)
    widget.errors = errors  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.refresh()
    assert worker.wait_idle()
    yield widget
    worker.wait_idle()
    worker.stop()
    ctx.db.dispose()


def _texts(table: Any, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_back_up_now_lists_the_backup(page: BackupPage, qtbot: Any) -> None:
    assert page.table.rowCount() == 0 and "only one writing" in page.where.text()
    qtbot.mouseClick(page.backup_button, qtbot_left())
    assert page.ctx.worker.wait_idle()
    assert page.ctx.worker.wait_idle()
    assert page.table.rowCount() == 1 and _texts(page.table, 1) == ["made by hand"]


def test_check_shows_findings_with_what_to_do(page: BackupPage, qtbot: Any) -> None:
    with page.ctx.db.transaction() as s:
        s.add(m.Mediator(code="HGV77", full_name="Đinh Văn Lộc", sex=Sex.NAM))
    qtbot.mouseClick(page.check_button, qtbot_left())
    assert page.ctx.worker.wait_idle()
    assert _texts(page.findings, 1) == ["Mediator HGV77 belongs to no team."]
    assert _texts(page.findings, 0) == ["Note"] and "Add a membership" in _texts(page.findings, 2)[0]
    assert page.check_summary.text() == "0 errors, 0 warnings."


def test_restore_previews_asks_and_reopens_the_data(
    page: BackupPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_db = page.ctx.db
    info = backup.make_backup(old_db)
    with old_db.transaction() as s:
        s.query(m.Party).delete()
        s.query(m.Assignment).delete()
        s.query(m.Case).delete()
    page.refresh()
    assert page.ctx.worker.wait_idle()
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda text, default_yes=True: asked.append(text) or False)
    page.table.selectRow(0)
    page.restore_selected()
    assert page.ctx.worker.wait_idle()
    assert "Unit: Phường Việt Hòa (Hà Nội)" in asked[0] and "6 cases" in asked[0]
    assert page.ctx.db is old_db  # declined: nothing changed
    monkeypatch.setattr(page, "confirm", lambda text, default_yes=True: True)
    changed: list[Changes] = []
    page.ctx.changes_made.connect(changed.append)
    page.start_restore(info.path)
    assert page.ctx.worker.wait_idle()
    assert page.ctx.db is not old_db and page.ctx.worker.db is page.ctx.db and changed == [Changes.all()]
    result: list[int] = []
    page.ctx.worker.submit(_count_cases, on_done=result.append)
    assert page.ctx.worker.wait_idle() and result == [6]  # the worker reads the restored data
    assert page.errors == []  # type: ignore[attr-defined]


def test_usb_copy_is_encrypted_when_a_password_is_given(
    page: BackupPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(page, "choose_folder", lambda: usb)
    asked: list[str] = []
    answers = iter(
        ["bí mật", "bí mậT", "bí mật", "bí mật"]
    )  # a typo in the repeat is caught, then asked again
    monkeypatch.setattr(page, "ask_password", lambda label: asked.append(label) or next(answers))
    told: list[str] = []
    monkeypatch.setattr(page, "tell", told.append)
    page.backup_to_usb()
    assert page.ctx.worker.wait_idle()
    (copy,) = list(usb.iterdir())
    assert copy.suffix == ".hgbak" and b"Nguy" not in copy.read_bytes()
    assert len(asked) == 4 and "forgotten" in asked[0] and "not the same" in asked[2]
    # success is a dialog naming the whole path and how to restore it, not a truncated status-bar line
    assert len(told) == 1 and str(copy) in told[0] and "Restore from a file" in told[0]


def test_the_backup_list_is_this_data_files_and_another_units_backup_defaults_to_no(
    page: BackupPage, filled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoagiai_desktop.storage import thinning
    from hoagiai_desktop.storage.opening import open_database

    own = thinning.backup_now(page.ctx.db)
    other_path = filled.path.parent / "xa-khac.sqlite3"  # another commune's data file in the same folder
    backup.copy_sqlite(filled.path, other_path)  # (the WAL included)
    other = open_database(other_path)
    try:
        with other.transaction() as s:
            s.query(m.Unit).one().name = "Tân Lập"
        theirs = thinning.backup_now(other)
        assert [b.path for b in backup.list_backups(other_path)] == [theirs.path]
    finally:
        other.dispose()
    page.refresh()
    assert page.ctx.worker.wait_idle()
    assert [page.table.item(r, 2).text() for r in range(page.table.rowCount())] == [own.path.name]
    asked: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        page, "confirm", lambda text, default_yes=True: asked.append((text, default_yes)) or False
    )
    page.start_restore(theirs.path)  # e.g. picked with "Restore from a file…"
    assert page.ctx.worker.wait_idle()
    text, default_yes = asked[0]
    assert "another unit" in text and "Tân Lập" in text and "Việt Hòa" in text
    assert default_yes is False  # a hasty Enter keeps the data
    page.start_restore(own.path)
    assert page.ctx.worker.wait_idle()
    assert "another unit" not in asked[1][0] and asked[1][1] is True


def test_autobackup_follows_changes_and_the_restored_database(page: BackupPage) -> None:
    policy = install_autobackup(page.ctx, interval=0)
    assert install_autobackup(page.ctx) is policy
    assert not policy.due()
    page.ctx.changes_made.emit(Changes(cases=True))
    assert policy.due()
    info = policy.on_close()
    assert info is not None and info.reason == "close"
    con = sqlite3.connect(info.path)
    assert con.execute("SELECT COUNT(*) FROM case_file").fetchone()[0] == 6
    con.close()


def _count_cases(db: Any) -> int:
    with db.reading() as s:
        return int(s.query(m.Case).count())


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
