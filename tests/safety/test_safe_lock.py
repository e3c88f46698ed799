"""One writer at a time: a second process is refused (or opens read-only); a crash's lock is recovered."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoagiai_desktop.errors import DatabaseLocked, UserError
from hoagiai_desktop.storage import lock as lockmod
from hoagiai_desktop.storage.lock import WriterLock, lock_path_for, lock_status
from hoagiai_desktop.storage.opening import open_database

HOLDER = """
import sys, time
from hoagiai_desktop.storage.opening import open_database
db = open_database(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def other_process(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    open_database(db_path).dispose()  # create and migrate first
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_second_instance_is_told_and_may_open_read_only(
    db_path: Path, other_process: subprocess.Popen[str]
) -> None:
    with pytest.raises(DatabaseLocked, match="already open for writing") as err:
        open_database(db_path)
    assert socket.gethostname() in str(err.value)
    assert err.value.exit_code == 5
    status = lock_status(db_path)
    assert not status.held_here and status.owner is not None and status.owner.pid == other_process.pid
    ro = open_database(db_path, read_only=True)
    try:
        with ro.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM case_file").scalar() == 0
    finally:
        ro.dispose()


def test_lock_left_by_a_crash_is_recovered(db_path: Path, other_process: subprocess.Popen[str]) -> None:
    os.kill(other_process.pid, signal.SIGKILL)
    other_process.wait()
    assert lock_path_for(db_path).exists()  # the crash left the file behind …
    lock = WriterLock(db_path).acquire()  # … but not the OS lock
    try:
        assert lock.recovered_from is not None and lock.recovered_from.pid == other_process.pid
        owner = json.loads(lock_path_for(db_path).read_text())
        assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
    finally:
        lock.release()
    assert not lock_path_for(db_path).exists()


def test_same_process_shares_the_lock_and_dispose_releases_it(db_path: Path) -> None:
    first = open_database(db_path)
    second = open_database(db_path)  # e.g. the window and a command it runs
    assert lock_status(db_path).held_here
    first.dispose()
    assert lock_status(db_path).held_here
    second.dispose()
    assert lock_status(db_path).free and not lock_path_for(db_path).exists()


def test_without_os_locks_the_pid_and_host_decide(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockmod, "_try_os_lock", lambda fd: None)  # e.g. a network share without locks
    path = lock_path_for(db_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path.write_text(
        json.dumps({"pid": dead.pid, "host": socket.gethostname(), "started": "2026-01-01T08:00:00"})
    )
    lock = WriterLock(db_path).acquire()  # dead pid on this host: stale, taken over
    assert lock.recovered_from is not None and lock.recovered_from.pid == dead.pid
    lock.release()
    path.write_text(json.dumps({"pid": os.getppid(), "host": socket.gethostname(), "started": None}))
    with pytest.raises(DatabaseLocked):
        WriterLock(db_path).acquire()  # a live pid holds it
    path.write_text(json.dumps({"pid": 1, "host": "another-pc", "started": None}))
    with pytest.raises(DatabaseLocked, match="another-pc"):
        WriterLock(db_path).acquire()  # another computer: cannot tell, so it is respected


def test_a_folder_that_cannot_take_the_lock_file_gives_one_sentence(tmp_path: Path) -> None:
    """A data file on a read-only drive (a real read-only tmpfs as root, a chmod-ed folder otherwise)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db_path = folder / "d.sqlite3"
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    if os.geteuid() == 0 and not mounted:
        pytest.skip("root without mount: a read-only folder cannot be made")
    try:
        open_database(db_path).dispose()
        con = sqlite3.connect(
            db_path
        )  # a plain rollback-journal file, which SQLite can read on read-only media
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
        else:
            folder.chmod(0o555)
        with pytest.raises(UserError, match="open it read-only"):
            open_database(db_path)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)
