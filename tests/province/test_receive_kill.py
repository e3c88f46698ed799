"""SIGKILL in the middle of ``hoagiai receive``: every package is stored whole or not at all, and receiving the
stick again afterwards stores exactly the rest — on a SQLite file and on the PostgreSQL server (server mode).

On SQLite a killed writer leaves a hot journal/WAL that the next opener rolls back; on PostgreSQL the server
aborts the dead client's open transaction when its socket closes. Both must leave no half package behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from hoagiai_desktop.province import receipt
from hoagiai_desktop.services import province_registry
from hoagiai_desktop.storage.opening import open_database
from tests.province.conftest import BACKENDS
from tests.province.helpers import commune_figures, make_package, registry_xlsx

COMMUNES = [f"{27000 + i}" for i in range(40)]
# Per stored package, its figure rows: a whole package has every key of the form, a torn one fewer.
STATE = sa.text(
    "SELECT p.package_id, count(f.id) FROM received_package p "
    "LEFT JOIN received_figure f ON f.package_id = p.id GROUP BY p.package_id ORDER BY p.package_id"
)


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A SQLite file, or a fresh database on the session's throw-away PostgreSQL cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "province.sqlite3")
    return str(request.getfixturevalue("pg_url"))


def _reader(target: str) -> tuple[Callable[[], list[tuple[str, int]]], sa.Engine]:
    """Read the stored packages straight from the database, beside the program under test (no pool: every poll
    is a fresh connection, so nothing of ours holds a lock or a snapshot the receiving process could wait on)."""
    url = target if "://" in target else f"sqlite:///{target}"
    engine = sa.create_engine(url, poolclass=NullPool)

    def state() -> list[tuple[str, int]]:
        with engine.connect() as conn:
            return [(str(pid), int(n)) for pid, n in conn.execute(STATE)]

    return state, engine


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_receive_keeps_each_package_whole(target: str, tmp_path: Path) -> None:
    db = open_database(target)
    province_registry.init_province(db, "Cao Bằng")
    province_registry.import_communes(
        db, registry_xlsx(tmp_path / "r.xlsx", [(c, f"Xã {c}", "xã", "") for c in COMMUNES])
    )
    db.dispose()
    usb = tmp_path / "usb"
    for i, code in enumerate(COMMUNES):
        make_package(usb, code, seed=i)
    keys_per_package = len(commune_figures(0))
    env = dict(os.environ, PYTHONUTF8="1")
    state, engine = _reader(target)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hoagiai_desktop", "--db", target, "receive", str(usb)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if len(state()) >= 3:
                    break
            except sa.exc.DBAPIError:
                pass  # the table is being created or locked for a moment
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        stored = state()
        assert 0 < len(stored) < len(COMMUNES), "the kill must land in the middle of the stick"
        assert all(count == keys_per_package for _pid, count in stored), stored
        for hgr in usb.glob("*.hgr"):  # a receipt under its final name is always complete (temp + rename)
            receipt.read(hgr)

        again = subprocess.run(
            [sys.executable, "-m", "hoagiai_desktop", "--db", target, "receive", str(usb)],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        final = state()
    finally:
        engine.dispose()
    assert len(final) == len(COMMUNES) and len({pid for pid, _ in final}) == len(COMMUNES)
    assert {pid for pid, _ in stored} <= {pid for pid, _ in final}  # what was stored before the kill stays
    assert all(count == keys_per_package for _pid, count in final)
    assert len(list(usb.glob("*.hgr"))) == len(COMMUNES)
