"""Fixtures for the window tests: a commune of sample data made once per session and copied per test, and the
main window on it with errors captured (an error dialog would block an offscreen test)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication

from hoagiai_desktop.services import province_registry, user_admin, users
from hoagiai_desktop.storage.opening import open_database


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hoagiai_desktop.demo import generate

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(path)
    generate(db, size="commune", seed=1)
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_db_master: Path, tmp_path: Path) -> Iterator[Any]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    db = open_database(path)
    yield db
    db.dispose()


@pytest.fixture
def ui_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the window would have shown in a dialog."""
    shown: list[BaseException] = []
    monkeypatch.setattr("hoagiai_desktop.ui.context.show_error", lambda parent, exc: shown.append(exc))
    monkeypatch.setattr(
        "hoagiai_desktop.ui.widgets.error_dialog.show_error", lambda parent, exc: shown.append(exc)
    )
    return shown


def settle(window: Any, rounds: int = 4) -> None:
    """Let queued database jobs and the results they trigger finish."""
    for _ in range(rounds):
        QCoreApplication.processEvents()
        assert window.ctx.worker.wait_idle(30_000)
        assert window.ctx.reader.wait_idle(30_000)


@pytest.fixture
def make_window(qtbot: Any, ui_errors: list[BaseException]) -> Iterator[Any]:
    from hoagiai_desktop.ui.application import build_window

    windows: list[Any] = []

    def make(db: Any, *, resize: bool = True) -> Any:
        window = build_window(db)
        qtbot.addWidget(window)
        if resize:
            window.resize(1280, 800)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        settle(window)
        window.ctx.worker.stop()
        window.ctx.reader.stop()
        window.close()
        # Delete the window here, on the GUI thread: left to Python's cycle collector it could be freed on a
        # worker thread (the collector runs wherever it is triggered), and Qt widgets die only on the GUI thread.
        shiboken6.delete(window)
    windows.clear()
    assert not ui_errors, [getattr(e, "details", repr(e)) for e in ui_errors]


PASSWORD = "mật khẩu đủ dài"  # Vietnamese on purpose: NFC, setText


def province_with_users(path: Path, *, viewer: bool = False) -> Path:
    """A province file with a quản trị (who made the others), a cán bộ "Lan" and, if asked, a chỉ xem "xem";
    nobody logged in when it is opened again."""
    db = open_database(path)
    try:
        province_registry.init_province(db, "Cao Bằng", "04")
        user_admin.add_user(db, "quản trị", users.ADMIN, PASSWORD)
        users.login(db, "quản trị", PASSWORD)
        user_admin.add_user(db, "Lan", users.OFFICER, PASSWORD)
        if viewer:
            user_admin.add_user(db, "xem", users.VIEWER, PASSWORD)
    finally:
        db.dispose()
    return path
