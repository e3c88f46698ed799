"""The users page (server mode, DOMAIN §8) driven in the real window: a logged-in quản trị adds a user (password typed
twice), sets a new password, changes a role, unlocks and disables; the last quản trị is refused in one sentence; a
cán bộ or chỉ xem never sees the page; on a province file without users the page makes the first quản trị, after
which the file asks for a login; a commune's file has no users page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import province_registry, user_admin, users
from hoagiai_desktop.storage.opening import open_database
from tests.ui.conftest import PASSWORD, province_with_users, settle

NEW_PASSWORD = "mật khẩu mới 2027"
TIMEOUT = 30_000


@pytest.fixture
def province_file(tmp_path: Path) -> Path:
    """A province file with an administrator, a cán bộ (Lan) and a chỉ xem; nobody logged in."""
    return province_with_users(tmp_path / "province.sqlite3", viewer=True)


@pytest.fixture
def opened(province_file: Path) -> Iterator[Any]:
    dbs: list[Any] = []

    def open_as(name: str) -> Any:
        db = open_database(province_file)
        users.login(db, name, PASSWORD)
        dbs.append(db)
        return db

    yield open_as
    for db in dbs:
        db.dispose()


def _page(qtbot: Any, window: Any) -> Any:
    window.show_page("users")
    page = window.pages["users"]
    settle(window)
    qtbot.waitUntil(lambda: bool(page.rows) or page.first_user, timeout=TIMEOUT)
    return page


def _click(qtbot: Any, window: Any, page: Any, button: Any) -> None:
    with qtbot.waitSignal(page.done, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(window)


def _choose(page: Any, name: str) -> None:
    page.users_table.selectRow([r.name for r in page.rows].index(name))


def _row(page: Any, name: str) -> users.UserRow:
    return next(r for r in page.rows if r.name == name)


def _audit_who(db: Any) -> list[tuple[str, str | None]]:
    with db.reading() as s:
        rows = s.execute(
            select(m.AuditEntry.who, m.AuditEntry.entity_code).where(m.AuditEntry.entity == "app_user")
        )
        return [(who, code) for who, code in rows]


def test_an_administrator_adds_resets_changes_unlocks_and_disables(
    qtbot: Any, opened: Any, make_window: Any
) -> None:
    db = opened("quản trị")
    window = make_window(db)
    assert "users" in window.page_keys()
    page = _page(qtbot, window)
    assert [page.users_table.item(n, 0).text() for n in range(page.users_table.rowCount())] == [
        r.name for r in page.rows
    ] and {r.name for r in page.rows} == {"quản trị", "Lan", "xem"}

    # add: the two passwords must match, and the service's length rule holds
    page.add_name.setText("Trần Văn Bình")
    page.add_role.setCurrentIndex(page.add_role.findData(users.OFFICER))
    page.add_password.setText(PASSWORD)
    page.add_password_again.setText(PASSWORD + "x")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.message.isVisible() and "Trần Văn Bình" not in {r.name for r in page.rows}
    page.add_password.setText(PASSWORD)
    page.add_password_again.setText(PASSWORD)
    _click(qtbot, window, page, page.add_button)
    qtbot.waitUntil(lambda: "Trần Văn Bình" in {r.name for r in page.rows}, timeout=TIMEOUT)
    assert _row(page, "Trần Văn Bình").role == users.OFFICER
    texts = [page.users_table.item(n, 0).text() for n in range(page.users_table.rowCount())]
    assert "Trần Văn Bình" in texts

    # a new password for Lan, who then logs in with it only
    _choose(page, "Lan")
    page.new_password.setText(NEW_PASSWORD)
    page.new_password_again.setText(NEW_PASSWORD)
    _click(qtbot, window, page, page.reset_button)
    check = open_database(db.path)
    try:
        users.login(check, "Lan", NEW_PASSWORD)
        with pytest.raises(UserError):
            users.login(check, "Lan", PASSWORD)
        # change xem's role to cán bộ
        _choose(page, "xem")
        page.role.setCurrentIndex(page.role.findData(users.OFFICER))
        _click(qtbot, window, page, page.role_button)
        qtbot.waitUntil(lambda: _row(page, "xem").role == users.OFFICER, timeout=TIMEOUT)
        # Lan locks herself out; the page shows it and unlocks her
        for _n in range(users.MAX_FAILURES):
            with pytest.raises(UserError):
                users.login(check, "Lan", "sai mật khẩu")
    finally:
        check.dispose()
    window.pages["users"].refresh()
    settle(window)
    qtbot.waitUntil(lambda: _row(page, "Lan").locked(), timeout=TIMEOUT)
    _choose(page, "Lan")
    assert page.unlock_button.isEnabled()
    names = [r.name for r in page.rows]
    state = page.users_table.item(names.index("Lan"), 2).text()
    assert state != page.users_table.item(names.index("quản trị"), 2).text()  # "locked until …" / "active"
    assert _row(page, "Lan").locked_until.strftime("%H:%M") in state
    _click(qtbot, window, page, page.unlock_button)
    qtbot.waitUntil(lambda: not _row(page, "Lan").locked(), timeout=TIMEOUT)
    # disable xem
    _choose(page, "xem")
    _click(qtbot, window, page, page.disable_button)
    qtbot.waitUntil(lambda: _row(page, "xem").disabled, timeout=TIMEOUT)
    check = open_database(db.path)
    try:
        with pytest.raises(UserError):
            users.login(check, "xem", PASSWORD)
    finally:
        check.dispose()
    assert set(_audit_who(db)[3:]) == {
        ("quản trị", "Trần Văn Bình"),
        ("quản trị", "Lan"),
        ("quản trị", "xem"),
    }


def test_the_last_administrator_is_refused_in_one_sentence(qtbot: Any, opened: Any, make_window: Any) -> None:
    db = opened("quản trị")
    window = make_window(db)
    page = _page(qtbot, window)
    _choose(page, "quản trị")
    page.role.setCurrentIndex(page.role.findData(users.VIEWER))
    _click(qtbot, window, page, page.role_button)
    assert page.message.isVisible() and "quản trị" in page.message.text()
    assert page.message.text().count(".") == 1
    _click(qtbot, window, page, page.disable_button)
    assert page.message.isVisible()
    assert _row(page, "quản trị").role == users.ADMIN and not _row(page, "quản trị").disabled
    assert users.current_user(db) == ("quản trị", users.ADMIN)


def test_an_administrator_who_makes_themselves_an_officer_loses_the_page_at_once(
    qtbot: Any, opened: Any, make_window: Any
) -> None:
    db = opened("quản trị")
    window = make_window(db)
    page = _page(qtbot, window)
    _choose(page, "Lan")
    page.role.setCurrentIndex(page.role.findData(users.ADMIN))
    _click(qtbot, window, page, page.role_button)
    qtbot.waitUntil(lambda: _row(page, "Lan").role == users.ADMIN, timeout=TIMEOUT)
    _choose(page, "quản trị")
    page.role.setCurrentIndex(page.role.findData(users.OFFICER))
    _click(qtbot, window, page, page.role_button)
    qtbot.waitUntil(lambda: "users" not in window.page_keys(), timeout=TIMEOUT)
    assert users.current_user(db) == ("quản trị", users.OFFICER)
    settle(window)
    assert window.current_page() is not None and "users" not in window.pages
    assert "cán bộ" in window.user_label.text() or "officer" in window.user_label.text()


@pytest.mark.parametrize("who", ["Lan", "xem"])
def test_an_officer_or_reader_does_not_see_the_page(opened: Any, make_window: Any, who: str) -> None:
    db = opened(who)
    window = make_window(db)
    assert "users" not in window.page_keys()
    assert window.show_page("users") is None  # not even by name
    with pytest.raises(UserError):  # and the service refuses anyway
        user_admin.add_user(db, "moi", users.VIEWER, PASSWORD)


def test_a_province_file_without_users_makes_the_first_administrator(
    qtbot: Any, tmp_path: Path, make_window: Any
) -> None:
    path = tmp_path / "province.sqlite3"
    db = open_database(path)
    try:
        province_registry.init_province(db, "Cao Bằng", "04")
        window = make_window(db)
        page = _page(qtbot, window)
        assert page.first_user and not page.users_table.isVisible() and not page.add_role.isEnabled()
        assert page.add_role.currentData() == users.ADMIN and page.intro.text()
        page.add_name.setText("Nguyễn Thị Hoa")
        page.add_password.setText(PASSWORD)
        page.add_password_again.setText(PASSWORD)
        _click(qtbot, window, page, page.add_button)
        qtbot.waitUntil(lambda: not page.first_user, timeout=TIMEOUT)
        assert [r.name for r in page.rows] == ["Nguyễn Thị Hoa"]
        assert users.current_user(db) == ("Nguyễn Thị Hoa", users.ADMIN)  # this session goes on as her
        assert "Nguyễn Thị Hoa" in window.user_label.text() and "users" in window.page_keys()
    finally:
        db.dispose()
    again = open_database(path)  # the next start: the file has users, so the login dialog is asked
    try:
        assert users.has_users(again) and users.current_user(again) is None
    finally:
        again.dispose()


def test_a_commune_file_has_no_users_page(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    assert "users" not in window.page_keys()
