"""SIGKILL in the middle of ``hoagiai receive``: every package is stored whole or not at all, and receiving the
stick again afterwards stores exactly the rest."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hoagiai_desktop.province import receipt
from hoagiai_desktop.services import province_registry
from hoagiai_desktop.storage.opening import open_database
from tests.province.helpers import commune_figures, make_package, registry_xlsx

COMMUNES = [f"{27000 + i}" for i in range(40)]


def _state(db_path: Path) -> list[tuple[str, int]]:
    con = sqlite3.connect(db_path)
    try:
        return con.execute(
            "SELECT p.package_id, count(f.id) FROM received_package p "
            "LEFT JOIN received_figure f ON f.package_id = p.id GROUP BY p.id"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_receive_keeps_each_package_whole(tmp_path: Path) -> None:
    db_path = tmp_path / "province.sqlite3"
    db = open_database(db_path)
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
    proc = subprocess.Popen(
        [sys.executable, "-m", "hoagiai_desktop", "--db", str(db_path), "receive", str(usb)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if len(_state(db_path)) >= 3:
                break
        except sqlite3.OperationalError:
            pass  # the table is being created or locked for a moment
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stored = _state(db_path)
    assert 0 < len(stored) < len(COMMUNES), "the kill must land in the middle of the stick"
    assert all(count == keys_per_package for _pid, count in stored)
    for hgr in usb.glob("*.hgr"):  # a receipt under its final name is always complete (temp + rename)
        receipt.read(hgr)

    again = subprocess.run(
        [sys.executable, "-m", "hoagiai_desktop", "--db", str(db_path), "receive", str(usb)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    final = _state(db_path)
    assert len(final) == len(COMMUNES) and len({pid for pid, _ in final}) == len(COMMUNES)
    assert all(count == keys_per_package for _pid, count in final)
    assert len(list(usb.glob("*.hgr"))) == len(COMMUNES)
