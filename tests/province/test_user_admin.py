"""Managing users (``services.user_admin``, DOMAIN §8): only a logged-in quản trị adds users, resets passwords,
changes roles, unlocks and disables; the last quản trị stays; every change is audited with the acting user. On
SQLite and on the PostgreSQL cluster (the ``province`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import user_admin, users
from hoagiai_desktop.services.changes import Changes

PASSWORD = "mật khẩu tốt 2026"
NEW_PASSWORD = "mật khẩu mới 2027"


def _office(db: Any) -> None:
    """An administrator (logged in), a cán bộ and a chỉ xem."""
    user_admin.add_user(db, "admin", users.ADMIN, PASSWORD)
    users.login(db, "admin", PASSWORD)
    user_admin.add_user(db, "lan", users.OFFICER, PASSWORD)
    user_admin.add_user(db, "xem", users.VIEWER, PASSWORD)


def _user(db: Any, name: str) -> m.AppUser:
    with db.reading() as s:
        user = s.scalars(select(m.AppUser).where(m.AppUser.name == name)).one()
        s.expunge(user)
        return user


def _audit(db: Any) -> list[tuple[str, str | None, str]]:
    with db.reading() as s:
        rows = s.execute(
            select(m.AuditEntry.who, m.AuditEntry.entity_code, m.AuditEntry.fields)
            .where(m.AuditEntry.entity == "app_user")
            .order_by(m.AuditEntry.id)
        )
        return [(who, code, fields or "") for who, code, fields in rows]


def _lock(db: Any, name: str) -> None:
    for _n in range(users.MAX_FAILURES):
        with pytest.raises(UserError):
            users.login(db, name, "sai mật khẩu")


def test_an_administrator_manages_users_and_each_change_is_audited(province: Any) -> None:
    _office(province)
    assert user_admin.reset_password(province, "lan", NEW_PASSWORD).changes == Changes(users=True)
    users.login(province, "lan", NEW_PASSWORD)
    with pytest.raises(UserError):
        users.login(province, "lan", PASSWORD)  # the old password no longer opens
    users.login(province, "admin", PASSWORD)
    user_admin.set_role(province, "xem", users.OFFICER)
    assert _user(province, "xem").role == users.OFFICER
    _lock(province, "lan")
    rows = {r.name: r for r in users.list_users(province)}
    assert rows["lan"].locked() and not rows["xem"].locked()
    user_admin.unlock_user(province, "lan")
    assert not users.list_users(province)[1].locked()
    users.login(province, "lan", NEW_PASSWORD)
    users.login(province, "admin", PASSWORD)
    user_admin.disable_user(province, "xem")
    with pytest.raises(UserError):
        users.login(province, "xem", PASSWORD)
    user_admin.enable_user(province, "xem")
    users.login(province, "xem", PASSWORD)
    entries = _audit(province)
    changes = [(who, code) for who, code, _fields in entries]
    # the first user is added before anyone can log in (the audit says "?"); every later change names the admin
    assert changes[1:] == [("admin", "lan"), ("admin", "xem"), ("admin", "lan"), ("admin", "xem"),
                           ("admin", "lan"), ("admin", "xem"), ("admin", "xem")]  # fmt: skip
    assert "password_hash" in entries[3][2] and PASSWORD not in str(entries)  # field names, never values


def test_a_reset_password_ends_a_lock_out_and_keeps_the_length_rule(province: Any) -> None:
    _office(province)
    _lock(province, "lan")
    users.login(province, "admin", PASSWORD)
    with pytest.raises(UserError, match=str(users.MIN_PASSWORD)):
        user_admin.reset_password(province, "lan", "ngắn")
    user_admin.reset_password(province, "lan", NEW_PASSWORD)
    users.login(province, "lan", NEW_PASSWORD)


@pytest.mark.parametrize("who", ["lan", "xem"])
def test_officers_and_readers_are_refused(province: Any, who: str) -> None:
    _office(province)
    users.login(province, who, PASSWORD)
    for attempt in (
        lambda: user_admin.add_user(province, "moi", users.VIEWER, PASSWORD),
        lambda: user_admin.reset_password(province, "admin", NEW_PASSWORD),
        lambda: user_admin.set_role(province, who, users.ADMIN),  # nobody promotes themselves
        lambda: user_admin.unlock_user(province, "admin"),
        lambda: user_admin.disable_user(province, "admin"),
        lambda: user_admin.enable_user(province, "admin"),
    ):
        with pytest.raises(UserError, match=r"quản trị|administrator"):
            attempt()
    assert _user(province, who).role != users.ADMIN
    assert users.password_matches(PASSWORD, _user(province, "admin").password_hash)


def test_the_last_administrator_stays(province: Any) -> None:
    _office(province)
    with pytest.raises(UserError, match="admin"):
        user_admin.set_role(province, "admin", users.OFFICER)
    with pytest.raises(UserError, match="admin"):
        user_admin.disable_user(province, "admin")
    user_admin.set_role(province, "lan", users.ADMIN)
    user_admin.set_role(province, "admin", users.VIEWER)  # another administrator remains now
    assert users.current_user(province) == ("admin", users.VIEWER)  # the session's rights follow at once
    with pytest.raises(UserError):
        user_admin.set_role(province, "admin", users.ADMIN)
    users.login(province, "lan", PASSWORD)
    user_admin.disable_user(province, "xem")
    with pytest.raises(UserError, match="lan"):  # a disabled administrator does not count as one who remains
        user_admin.disable_user(province, "lan")


def test_the_first_administrator_made_in_the_window_logs_in(province: Any) -> None:
    with pytest.raises(UserError):
        user_admin.add_first_admin(province, "Nguyễn Thị Hoa", "ngắn")
    assert not users.has_users(province)
    user_admin.add_first_admin(province, "Nguyễn Thị Hoa", PASSWORD)
    assert users.current_user(province) == ("Nguyễn Thị Hoa", users.ADMIN)
    user_admin.add_user(province, "lan", users.OFFICER, PASSWORD)  # acting as the new administrator
    assert _audit(province)[-1][:2] == ("Nguyễn Thị Hoa", "lan")
    with pytest.raises(UserError):
        user_admin.add_first_admin(province, "khac", PASSWORD)


def test_unknown_names_and_roles_are_one_sentence(province: Any) -> None:
    _office(province)
    with pytest.raises(UserError, match="ai-do"):
        user_admin.reset_password(province, "ai-do", NEW_PASSWORD)
    with pytest.raises(UserError, match="quan-tri"):
        user_admin.set_role(province, "lan", "vua")
    assert _user(province, "lan").role == users.OFFICER
