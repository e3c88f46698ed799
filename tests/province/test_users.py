"""Server mode: users with roles enforced in the services, scrypt hashes, lock-out after five wrong passwords,
and ``--user`` on the command line."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.province import keys
from hoagiai_desktop.services import province_receive as pr
from hoagiai_desktop.services import province_registry, user_admin, users
from hoagiai_desktop.storage.opening import open_database
from tests.province.helpers import FINALISED, make_package

PASSWORD = "mật khẩu tốt 2026"


def _as(db: Any, name: str, password: str = PASSWORD) -> Any:
    users.login(db, name, password)
    return db


def test_hashes_are_salted_scrypt_and_check_the_password() -> None:
    one, two = users.hash_password(PASSWORD), users.hash_password(PASSWORD)
    assert one != two and one.startswith("scrypt$32768$8$1$") and PASSWORD not in one
    assert users.password_matches(PASSWORD, one) and not users.password_matches("sai", one)
    assert not users.password_matches(PASSWORD, "scrypt$2$1$1$AAAA$AAAA")  # parameters out of bounds


def test_roles_are_enforced_in_the_services(province: Any, tmp_path: Path) -> None:
    user_admin.add_user(province, "admin", users.ADMIN, PASSWORD)
    with pytest.raises(UserError):  # users exist now: nobody is logged in
        pr.receive(province, [make_package(tmp_path / "a", "26734")])
    _as(province, "admin")
    user_admin.add_user(province, "lan", users.OFFICER, PASSWORD)
    user_admin.add_user(province, "xem", users.VIEWER, PASSWORD)
    with pytest.raises(UserError):
        user_admin.add_user(province, "lan", users.VIEWER, PASSWORD)  # the name is taken
    first = make_package(tmp_path / "b", "26734")
    _as(province, "xem")
    with pytest.raises(UserError, match=r"quản trị|administrator|chỉ xem|read only"):
        pr.receive(province, [first])
    assert pr.preview(province, [first])[0].status == pr.STORED  # reading is allowed
    _as(province, "lan")
    assert pr.receive(province, [first]).value[0].status == pr.STORED
    changed = make_package(
        tmp_path / "c", "26734", keys.new_signing_pair(), finalised_at=FINALISED + dt.timedelta(1)
    )
    with pytest.raises(UserError):  # trusting a new key is the administrator's
        pr.receive(province, [changed], accept_new_key={"26734"})
    with pytest.raises(UserError):
        user_admin.add_user(province, "khac", users.OFFICER, PASSWORD)
    _as(province, "admin")
    assert pr.receive(province, [changed], accept_new_key={"26734"}).value[0].status == pr.STORED
    with province.reading() as s:
        who = set(s.scalars(select(m.AuditEntry.who).where(m.AuditEntry.entity == "received_package")))
    assert who == {"lan", "admin"}  # every write is audited with its user


def test_five_wrong_passwords_lock_the_account(province: Any) -> None:
    user_admin.add_user(province, "admin", users.ADMIN, PASSWORD)
    for _ in range(5):
        with pytest.raises(UserError, match=r"mật khẩu|password"):
            users.login(province, "admin", "sai mật khẩu")
    with pytest.raises(UserError, match=r"khóa|locked"):
        users.login(province, "admin", PASSWORD)  # even the right password, for 15 minutes
    with province.transaction() as s:
        s.scalars(select(m.AppUser)).one().locked_until = dt.datetime.now() - dt.timedelta(minutes=1)
    users.login(province, "admin", PASSWORD)


def test_the_first_user_must_be_an_administrator(province: Any) -> None:
    with pytest.raises(UserError):
        user_admin.add_user(province, "lan", users.OFFICER, PASSWORD)
    with pytest.raises(UserError):
        user_admin.add_user(province, "admin", users.ADMIN, "short")


def _command(db_path: str, tmp_path: Path) -> tuple[Any, Path, Path]:
    """``hoagiai --db db_path …`` as a subprocess, and the files holding the right and a wrong password."""
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("sai mật khẩu\n", encoding="utf-8")
    env = dict(os.environ, PYTHONUTF8="1")

    def hoagiai(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hoagiai_desktop", "--db", db_path, *args],
                              capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)  # fmt: skip

    return hoagiai, secret, wrong


def test_user_on_the_command_line(province: Any, tmp_path: Path) -> None:
    db_path = province.target  # a file, or postgresql+psycopg://… on the cluster
    province.dispose()
    hoagiai, secret, wrong = _command(db_path, tmp_path)

    added = hoagiai("users", "add", "admin", "--role", "quan-tri", "--new-password-file", str(secret))
    assert added.returncode == 0, added.stderr
    refused = hoagiai("province", "communes", "list")
    assert refused.returncode != 0 and "--user" in refused.stderr
    bad = hoagiai("--user", "admin", "--password-file", str(wrong), "province", "communes", "list")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    ok = hoagiai("--user", "admin", "--password-file", str(secret), "province", "communes", "list")
    assert ok.returncode == 0 and "26734" in ok.stdout, ok.stderr
    listed = hoagiai("--user", "admin", "--password-file", str(secret), "users", "list")
    assert "admin\tquan-tri" in listed.stdout


def test_managing_users_on_the_command_line(tmp_path: Path) -> None:
    """The users page's actions as commands (the same services; their rules on both backends are
    test_user_admin's — here the commands, on a SQLite file only, each is a program start)."""
    db_path = str(tmp_path / "province.sqlite3")
    db = open_database(db_path)
    province_registry.init_province(db, "Cao Bằng", "04")
    db.dispose()
    hoagiai, secret, _wrong = _command(db_path, tmp_path)
    assert (
        hoagiai("users", "add", "admin", "--role", "quan-tri", "--new-password-file", str(secret)).returncode
        == 0
    )
    admin = ("--user", "admin", "--password-file", str(secret), "users")
    assert (
        hoagiai(*admin, "add", "lan", "--role", "chi-xem", "--new-password-file", str(secret)).returncode == 0
    )
    assert hoagiai(*admin, "role", "lan", "--role", "can-bo").returncode == 0
    db = open_database(db_path)
    for _n in range(
        users.MAX_FAILURES
    ):  # Lan locks herself out (in-process: five program starts cost seconds)
        with pytest.raises(UserError):
            users.login(db, "lan", "sai mật khẩu")
    db.dispose()
    assert re.search(r"lan\tcan-bo\t(locked|đang tạm khóa)", hoagiai(*admin, "list").stdout)
    assert hoagiai(*admin, "unlock", "lan").returncode == 0
    short = tmp_path / "short.txt"
    short.write_text("ngắn\n", encoding="utf-8")
    too_short = hoagiai(*admin, "password", "lan", "--new-password-file", str(short))
    assert too_short.returncode != 0 and "8" in too_short.stderr
    new = tmp_path / "new.txt"
    new.write_text("mật khẩu mới 2027\n", encoding="utf-8")
    assert hoagiai(*admin, "password", "lan", "--new-password-file", str(new)).returncode == 0
    assert "lan\tcan-bo\t\n" in hoagiai("--user", "lan", "--password-file", str(new), "users", "list").stdout
    refused = hoagiai("--user", "lan", "--password-file", str(new), "users", "disable", "admin")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr  # a cán bộ manages no user
    last = hoagiai(*admin, "role", "admin", "--role", "can-bo")
    assert last.returncode != 0 and "admin" in last.stderr  # the last administrator stays
    assert hoagiai(*admin, "disable", "lan").returncode == 0
    assert hoagiai(*admin, "enable", "lan").returncode == 0
