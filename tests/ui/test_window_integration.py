"""Wiring between the window's parts: Excel export of a filtered list, the read-only window, auto-backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.text import fold
from tests.ui.conftest import settle


def test_export_to_excel_saves_the_list_as_filtered_and_sorted(
    demo_db: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(demo_db)
    window.show_page("mediators")
    settle(window)
    page = window.pages["mediators"]
    first = page.model.row_object(0).full_name
    page.search.setText(fold(first.split()[-1]))  # the given name without accents
    page.search.flush()
    settle(window)
    shown = [page.model.row_object(r).full_name for r in range(page.model.rowCount())]
    assert first in shown and len(shown) < 100
    target = tmp_path / "hgv.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_button.click()
    settle(window)
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header = rows[1]
    name_col = header.index(page.columns[0].title())
    assert [r[name_col] for r in rows[2:]] == shown  # same people, same Vietnamese order
    assert sheet.freeze_panes == "A3"


def test_a_read_only_window_explains_instead_of_writing(demo_db: Any, make_window: Any) -> None:
    path = demo_db.path
    reader = open_database(path, read_only=True, migrate=False)
    try:
        window = make_window(reader)
        settle(window)
        assert "read-only" in window.db_label.text() or "chỉ đọc" in window.db_label.text()
        with pytest.raises(UserError), reader.transaction():
            pass
    finally:
        reader.dispose()


def test_auto_backup_follows_changes(demo_db: Any, make_window: Any) -> None:
    from hoagiai_desktop.ui.pages.backup_page import install_autobackup

    window = make_window(demo_db)
    policy = install_autobackup(window.ctx)
    assert not policy.due()
    window.ctx.changes_made.emit(Changes(mediators=True))
    assert policy.pending_changes >= 1


def test_a_saved_size_that_comes_back_collapsed_falls_back_to_the_default(
    demo_db: Any, make_window: Any
) -> None:
    """A geometry saved on another screen can restore as a sliver; the officer must still get a usable window."""
    from PySide6.QtWidgets import QWidget

    from hoagiai_desktop.ui.appearance import open_settings

    tiny = QWidget()
    tiny.resize(300, 120)
    settings = open_settings()
    settings.setValue("window/geometry", tiny.saveGeometry())
    settings.sync()
    window = make_window(demo_db, resize=False)
    window.restore_layout()
    screen = window.screen().availableGeometry()
    assert window.width() >= min(640, screen.width() // 2)
    assert window.height() >= min(400, screen.height() // 2)
