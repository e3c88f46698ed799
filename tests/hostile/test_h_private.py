"""Created for the user only: the data file, its -wal/-shm, backups and their folder, USB copies, the log and the
data folder are 0600 / 0700 even when the session's umask is the usual 022."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.storage import backup, private
from hoagiai_desktop.storage.opening import open_database
from tests.safety.conftest import fill

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_made_in_process_are_private_even_with_umask_022(tmp_path: Path, private_umask: Any) -> None:
    private_umask(0o022)
    db_path = tmp_path / "data" / "hoagiai.sqlite3"
    db = open_database(db_path)
    try:
        fill(db)
        info = backup.make_backup(db)
        usb = tmp_path / "usb"
        usb.mkdir()
        plain = backup.backup_to(db, usb)
        encrypted = backup.backup_to(db, usb / "b.hgbak", password="pw")
        wal = db_path.with_name(db_path.name + "-wal")
        checked = {
            db_path: 0o600,
            db_path.parent: 0o700,
            info.path: 0o600,
            info.path.parent: 0o700,
            plain: 0o600,
            encrypted: 0o600,
        }
        if wal.exists():
            checked[wal] = 0o600
        for path, want in checked.items():
            assert _mode(path) == want, f"{path.name}: {_mode(path):o}"
    finally:
        db.dispose()


def test_an_older_world_readable_data_file_is_made_private_when_opened(tmp_path: Path) -> None:
    db_path = tmp_path / "old.sqlite3"
    open_database(db_path).dispose()
    os.chmod(db_path, 0o644)
    open_database(db_path).dispose()
    assert _mode(db_path) == 0o600


def test_the_command_line_makes_everything_private(tmp_path: Path) -> None:
    """A fresh process with umask 022: data folder, data file, backups, the USB copy and the log."""
    data = tmp_path / "appdata"
    db_path = data / "hoagiai.sqlite3"
    usb = tmp_path / "usb"
    usb.mkdir()
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(data), "PYTHONUTF8": "1"}

    def run(*args: str) -> None:
        subprocess.run(["hoagiai", "--db", str(db_path), *args], env=env, check=True, capture_output=True,
                       preexec_fn=lambda: os.umask(0o022))  # fmt: skip

    run("demo")
    run("backup")
    run("backup", "--out", str(usb) + os.sep)
    assert _mode(data) == 0o700 and _mode(db_path) == 0o600
    backups = list((data / "backups").iterdir())
    assert backups and all(_mode(p) == 0o600 for p in backups if p.is_file())
    assert _mode(data / "backups") == 0o700
    assert [_mode(p) for p in usb.iterdir()] == [0o600]
    log = data / "logs" / "hoagiai.log"
    assert _mode(log.parent) == 0o700 and _mode(log) == 0o600


def test_open_private_and_make_private_dir(tmp_path: Path, private_umask: Any) -> None:
    private_umask(0o000)
    with private.open_private(tmp_path / "f") as fh:
        fh.write(b"x")
    assert _mode(tmp_path / "f") == 0o600
    assert _mode(private.make_private_dir(tmp_path / "a" / "b")) == 0o700
    with pytest.raises(FileExistsError):
        private.open_private(tmp_path / "f")
