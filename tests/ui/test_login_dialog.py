"""The login dialog of server mode, driven for real: a province data file with users, the dialog filled in and
clicked (setText — keyClicks aborts on non-ASCII), the failure count and the lock-out read back from the file,
and ``application.run`` showing nothing before a login and quitting cleanly on Esc."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.services import users
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui import application
from hoagiai_desktop.ui.login_dialog import LoginDialog, ask_login
from tests.ui.conftest import PASSWORD, province_with_users, settle


@pytest.fixture
def province_file(tmp_path: Path) -> Path:
    return province_with_users(tmp_path / "province.sqlite3")


@pytest.fixture
def fresh_db(province_file: Path) -> Iterator[Any]:
    db = open_database(province_file)
    yield db
    db.dispose()


def _failures(db: Any, name: str) -> tuple[int, Any]:
    with db.reading() as s:
        user = s.scalar(select(m.AppUser).where(m.AppUser.name == name))
        assert user is not None
        return user.failed_logins, user.locked_until


def _attempt(qtbot: Any, dialog: LoginDialog, name: str, password: str) -> None:
    dialog.name.setText(name)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_a_wrong_password_is_one_sentence_and_counts_towards_the_lock_out(qtbot: Any, fresh_db: Any) -> None:
    dialog = LoginDialog(fresh_db)
    qtbot.addWidget(dialog)
    dialog.show()
    _attempt(qtbot, dialog, "Lan", "không đúng đâu")
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.error.isVisible()
    sentence = dialog.error.text()
    assert re.search(r"mật khẩu|password", sentence) and sentence.count(".") == 1  # one sentence
    assert dialog.password.text() == ""  # cleared for the next try, the name kept
    assert dialog.name.text() == "Lan"
    assert _failures(fresh_db, "Lan") == (1, None)
    assert users.current_user(fresh_db) is None  # nobody is logged in


def test_an_unknown_name_gets_the_same_sentence(qtbot: Any, fresh_db: Any) -> None:
    dialog = LoginDialog(fresh_db)
    qtbot.addWidget(dialog)
    _attempt(qtbot, dialog, "Lan", "không đúng đâu")
    wrong_password = dialog.error.text()
    _attempt(qtbot, dialog, "Không Có Ai", "không đúng đâu")
    assert dialog.error.text() == wrong_password  # does not tell which names exist
    _attempt(qtbot, dialog, "  ", "x")
    assert re.search(r"tên|name", dialog.error.text())


def test_the_fifth_wrong_password_locks_the_account_and_says_until_when(qtbot: Any, fresh_db: Any) -> None:
    dialog = LoginDialog(fresh_db)
    qtbot.addWidget(dialog)
    for _ in range(5):
        _attempt(qtbot, dialog, "Lan", "không đúng đâu")
    _count, locked_until = _failures(fresh_db, "Lan")
    assert locked_until is not None
    assert re.search(r"khóa|locked", dialog.error.text())
    assert locked_until.strftime("%H:%M") in dialog.error.text()
    _attempt(qtbot, dialog, "Lan", PASSWORD)  # even the right password, while locked
    assert re.search(r"khóa|locked", dialog.error.text()) and users.current_user(fresh_db) is None
    _attempt(qtbot, dialog, "quản trị", PASSWORD)  # another account is not locked
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert users.current_user(fresh_db) == ("quản trị", users.ADMIN)


def test_the_right_password_logs_in_with_return(qtbot: Any, fresh_db: Any) -> None:
    dialog = LoginDialog(fresh_db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Lan")
    dialog.password.setText(PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert users.current_user(fresh_db) == ("Lan", users.OFFICER)
    assert fresh_db.actor == "Lan"  # every write is audited with this user


def test_without_users_nobody_is_asked(tmp_path: Path) -> None:
    db = open_database(tmp_path / "commune.sqlite3")
    try:
        assert ask_login(db) is True  # no dialog shown: this would block otherwise
        assert users.current_user(db) is None
    finally:
        db.dispose()


def _when_the_dialog_shows(qtbot: Any, act: Any) -> list[str]:
    """Act on the login dialog once ``run`` has shown it (it runs its own event loop)."""
    seen: list[str] = []

    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(50, find)
            return
        seen.append(dialog.windowTitle())
        act(dialog)

    QTimer.singleShot(50, find)
    return seen


def _no_event_loop(monkeypatch: pytest.MonkeyPatch, built: list[Any], check: Any) -> None:
    real_build = application.build_window

    def build(db: Any, settings: Any = None, **options: Any) -> Any:
        built.append(real_build(db, settings, **options))
        return built[-1]

    def event_loop(*_args: Any) -> int:
        check(built[0])
        return 0

    monkeypatch.setattr(application, "build_window", build)
    monkeypatch.setattr(application, "_first_run_check", lambda _window: None)
    monkeypatch.setattr(QApplication, "exec", event_loop)


def _nothing_of_the_file(window: Any) -> None:
    """The window is still in its opening state: no page, no navigation, no user — nothing read from the file."""
    assert window.ctx.db is None and window.pages == {} and window.nav.count() == 0
    assert window.opening_panel is not None and window.stack.currentWidget() is window.opening_panel
    assert not window.user_label.isVisible()


def test_esc_on_the_login_quits_without_showing_any_data(
    qtbot: Any, province_file: Path, monkeypatch: pytest.MonkeyPatch, ui_errors: list[BaseException]
) -> None:
    built: list[Any] = []
    _no_event_loop(monkeypatch, built, lambda _w: pytest.fail("the window must not run"))

    def escape(dialog: LoginDialog) -> None:
        assert dialog.parentWidget() is built[0]  # over the window, which shows nothing of the file yet
        _nothing_of_the_file(built[0])
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = _when_the_dialog_shows(qtbot, escape)
    try:
        assert application.run(str(province_file)) == 0
        assert seen and len(built) == 1  # the dialog was shown
        _nothing_of_the_file(built[0])  # and the window never showed anything of the file
        assert not built[0].isVisible()
    finally:
        for window in built:
            shiboken6.delete(window)
    again = open_database(province_file)  # the file was released: it opens for writing again
    try:
        assert users.has_users(again)
    finally:
        again.dispose()
    assert ui_errors == []


def test_after_the_login_the_window_shows_who_is_logged_in(
    qtbot: Any, province_file: Path, monkeypatch: pytest.MonkeyPatch, ui_errors: list[BaseException]
) -> None:
    built: list[Any] = []
    status: list[str] = []

    def check(window: Any) -> None:
        qtbot.waitUntil(lambda: window.current_page() is not None, timeout=10_000)
        settle(window)
        assert window.user_label.isVisible()
        status.append(window.user_label.text())

    _no_event_loop(monkeypatch, built, check)

    def log_in(dialog: LoginDialog) -> None:
        _nothing_of_the_file(built[0])
        _attempt(qtbot, dialog, "Lan", "sai rồi")  # one wrong try first: the dialog stays
        assert dialog.isVisible()
        _attempt(qtbot, dialog, "Lan", PASSWORD)

    seen = _when_the_dialog_shows(qtbot, log_in)
    try:
        assert application.run(str(province_file)) == 0
    finally:
        for window in built:
            window.ctx.worker.stop()
            window.ctx.reader.stop()
            window.close()
            shiboken6.delete(window)
    assert seen and len(built) == 1
    assert "Lan" in status[0] and re.search(r"cán bộ|officer", status[0])
    assert ui_errors == []


def test_a_one_person_file_shows_no_user_in_the_status_bar(make_window: Any, tmp_path: Path) -> None:
    db = open_database(tmp_path / "commune.sqlite3")
    try:
        window = make_window(db)
        assert not window.user_label.isVisible() and window.user_label.text() == ""
    finally:
        db.dispose()
