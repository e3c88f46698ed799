"""Full, read-only, forbidden and vanished drives: each gives its one true sentence — for backup, restore, check,
a copy to a USB stick, saving and opening the data file — changes nothing, leaves nothing, and logs no data.

The drives are real: small tmpfs mounts (root), filled to the last byte or remounted read-only; permissions are
real too (a forked child drops to the ``nobody`` account). Where that is impossible the tests skip and say so;
simulated versions of the full and read-only USB drive stay in tests/safety/test_safe_export.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.storage import backup, private
from hoagiai_desktop.storage.opening import open_database
from tests.hostile.conftest import SECRETS, remount_read_only, sha256, tmpfs
from tests.safety.conftest import fill

pytestmark = [
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(os.name == "nt" or os.geteuid() != 0, reason="needs root to mount small real drives"),
]


def _texts(db_path: Path) -> list[str]:
    """Every name and case text in the data file: none may reach a log."""
    con = sqlite3.connect(db_path)
    try:
        rows = [r[0] for r in con.execute("SELECT name FROM party UNION SELECT full_name FROM mediator")]
        rows += [r[0] for r in con.execute("SELECT summary FROM case_file WHERE summary IS NOT NULL")]
    finally:
        con.close()
    return sorted({str(t) for t in rows if t} | set(SECRETS))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A data file with names in it, made the app's way, closed."""
    path = tmp_path / "src" / "hoagiai.sqlite3"
    db = open_database(path)
    fill(db)
    db.dispose()
    return path


def _fill_up(folder: Path, leave: int = 0) -> None:
    """Take every free byte of the drive (what a full USB stick or disk looks like), then give back ``leave``."""
    with (folder / "filler").open("wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    with contextlib.suppress(OSError), (folder / "filler2").open("wb") as fh:
        while True:
            fh.write(b"\0" * 512)
            fh.flush()
    if leave:
        filler = folder / "filler"
        os.truncate(filler, max(0, filler.stat().st_size - leave))


class Cli:
    def __init__(self, tmp_path: Path, names: list[str]) -> None:
        self.app_data = tmp_path / "appdata"
        self.names = names

    def __call__(self, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "HOAGIAI_DATA_DIR": str(self.app_data), "PYTHONUTF8": "1"}
        done = subprocess.run(
            ["hoagiai", "--lang", "en", "--db", str(db), *args], env=env, capture_output=True, text=True
        )
        err = done.stderr.strip()
        assert "Traceback" not in err and "unexpected" not in err, err
        log = self.app_data / "logs" / "hoagiai.log"
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        leaked = [n for n in self.names if n in text]
        assert not leaked, f"the log holds data: {leaked[:5]}"
        return done


@pytest.fixture
def cli(tmp_path: Path, source: Path) -> Cli:
    return Cli(tmp_path, _texts(source))


@pytest.fixture(params=["to-the-last-byte", "room-to-open-only"])
def full_drive(request: pytest.FixtureRequest, tmp_path: Path, source: Path) -> Iterator[Path]:
    """A 4 MB drive holding a copy of the data file and an empty migrated one, then filled: to the last byte
    (the opening itself fails), or with 96 KiB left (the file opens; the copy or the saving fails)."""
    drive = tmp_path / "full"
    with tmpfs(drive, "size=4m") as mounted:
        if not mounted:
            pytest.skip("tmpfs cannot be mounted here")
        shutil.copyfile(source, drive / "hoagiai.sqlite3")
        open_database(drive / "empty.sqlite3").dispose()
        _fill_up(drive, 0 if request.param == "to-the-last-byte" else 96 * 1024)
        yield drive


@pytest.fixture
def read_only_drive(tmp_path: Path, source: Path) -> Iterator[Path]:
    drive = tmp_path / "ro"
    with tmpfs(drive, "size=8m") as mounted:
        if not mounted:
            pytest.skip("tmpfs cannot be mounted here")
        shutil.copyfile(source, drive / "hoagiai.sqlite3")
        open_database(drive / "hoagiai.sqlite3").dispose()  # as the app leaves it (WAL folded)
        remount_read_only(drive)
        yield drive


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _no_leftovers(folder: Path) -> None:
    assert private.leftovers(folder) == []
    assert private.leftovers(folder / "backups") == []
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_backup_on_a_full_drive(full_drive: Path, cli: Cli) -> None:
    data = full_drive / "hoagiai.sqlite3"
    before = sha256(data)
    line = _one_line(cli(data, "backup"))
    assert "is full" in line and str(full_drive) in line
    assert "nothing was changed" in line or "the data file is as it was" in line
    assert sha256(data) == before
    _no_leftovers(full_drive)


def test_restore_on_a_full_drive(full_drive: Path, cli: Cli, source: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite3"
    db = open_database(source)
    try:
        backup.backup_to(db, good)
    finally:
        db.dispose()
    data = full_drive / "hoagiai.sqlite3"
    before = sha256(data)
    line = _one_line(cli(data, "restore", "--yes", str(good)))
    assert "is full" in line and str(full_drive) in line
    assert "nothing was changed" in line or "the data file is as it was" in line
    assert sha256(data) == before
    _no_leftovers(full_drive)


def test_saving_an_import_on_a_full_drive_says_so_and_logs_no_names(
    full_drive: Path, cli: Cli, source: Path, tmp_path: Path
) -> None:
    """The issue's case: after a disk-full import the log held case text and 23 names."""
    workbook = tmp_path / "all.xlsx"
    subprocess.run(["hoagiai", "--db", str(source), "export", str(workbook)], check=True, capture_output=True)
    empty = full_drive / "empty.sqlite3"
    before = sha256(empty)
    line = _one_line(cli(empty, "import", str(workbook)))
    assert "drive of the data file" in line and "is full" in line
    assert sha256(empty) == before


def test_the_data_file_on_a_read_only_drive(
    read_only_drive: Path, cli: Cli, tmp_path: Path, source: Path
) -> None:
    data = read_only_drive / "hoagiai.sqlite3"
    before = sha256(data)
    line = _one_line(cli(data, "backup"))
    assert "read-only drive" in line and "copy it to this computer" in line
    good = tmp_path / "good.sqlite3"
    db = open_database(source)
    try:
        backup.backup_to(db, good)
    finally:
        db.dispose()
    line = _one_line(cli(data, "restore", "--yes", str(good)))
    assert "read-only drive" in line
    checked = cli(data, "check")  # reading it there works: the check is not blocked by the drive
    assert checked.returncode in (0, 1) and "damaged" not in checked.stdout
    assert sha256(data) == before


@pytest.mark.parametrize("password", [None, "mật khẩu"], ids=["plain", "encrypted"])
def test_usb_copies_to_full_read_only_and_vanished_sticks(
    tmp_path: Path, source: Path, cli: Cli, password: str | None
) -> None:
    args = ["--password-file", str(_password_file(tmp_path, password))] if password else []
    with tmpfs(tmp_path / "full-usb", "size=64k") as full, tmpfs(tmp_path / "ro-usb", "size=64k") as ro:
        if not (full and ro):
            pytest.skip("tmpfs cannot be mounted here")
        remount_read_only(tmp_path / "ro-usb")
        said = {
            "full": _one_line(cli(source, "backup", "--out", str(tmp_path / "full-usb") + os.sep, *args)),
            "ro": _one_line(cli(source, "backup", "--out", str(tmp_path / "ro-usb") + os.sep, *args)),
            "gone": _one_line(cli(source, "backup", "--out", str(tmp_path / "gone-usb") + os.sep, *args)),
        }
        assert os.listdir(tmp_path / "full-usb") == []
    assert "is full" in said["full"]
    assert "read-only or write-protected" in said["ro"]
    assert "does not exist (is the USB stick plugged in?)" in said["gone"]
    assert not (tmp_path / "gone-usb").exists()
    _no_leftovers(source.parent)


def _password_file(tmp_path: Path, password: str | None) -> Path:
    path = tmp_path / "pw.txt"
    path.write_text(password or "", encoding="utf-8")
    return path


# ---- permission denied: a forked child runs as ``nobody`` ------------------------------------------------------

NOBODY = 65534


def _as_nobody(action: Any) -> str:
    """Run ``action()`` in a child as the ``nobody`` account; return the UserError sentence it raised ('' if none)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            from hoagiai_desktop.errors import UserError

            try:
                action()
                message = ""
            except UserError as err:
                message = err.message
            except BaseException as exc:
                message = f"UNEXPECTED {type(exc).__name__}"
            os.write(write_fd, message.encode("utf-8"))
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return b"".join(chunks).decode("utf-8")


@pytest.fixture
def shared(source: Path) -> Iterator[Path]:
    """A folder outside root's private temp folders that ``nobody`` can enter (the test's own, removed after)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="h15a-perm-", dir="/tmp"))
    os.chmod(folder, 0o755)
    # warm up: every lazy import the child needs is loaded now (it cannot read root's Python files later)
    from hoagiai_desktop.storage import restore

    restore.preview(source)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_permission_denied_each_has_its_sentence(shared: Path, source: Path) -> None:
    from hoagiai_desktop.storage import restore

    theirs = shared / "theirs"  # root's folder: nobody may read the file or write in the folder
    theirs.mkdir(mode=0o755)
    os.chmod(theirs, 0o755)
    locked = theirs / "hoagiai.sqlite3"
    shutil.copyfile(source, locked)
    os.chmod(locked, 0o600)
    good = theirs / "good.sqlite3"
    db = open_database(source)
    try:
        backup.backup_to(db, good)
    finally:
        db.dispose()
    os.chmod(good, 0o600)
    readable = theirs / "readable.sqlite3"
    shutil.copyfile(source, readable)
    os.chmod(readable, 0o644)
    mine = shared / "mine"  # nobody's own folder with nobody's own data file
    mine.mkdir()
    shutil.copyfile(source, mine / "hoagiai.sqlite3")
    os.chown(mine, NOBODY, NOBODY)
    os.chown(mine / "hoagiai.sqlite3", NOBODY, NOBODY)
    os.environ["HOAGIAI_DATA_DIR"] = str(
        mine / "appdata"
    )  # the child's data folder (the fixture restores it)

    said = _as_nobody(lambda: open_database(locked))
    assert said.startswith("You do not have permission to read the data file"), said

    def check_it() -> None:
        from hoagiai_desktop.errors import UserError
        from hoagiai_desktop.storage import integrity

        raise UserError(" | ".join(f.message for f in integrity.check_file(locked).findings))

    said = _as_nobody(check_it)
    assert said == "The data file cannot be read (Permission denied).", said  # not "damaged"
    said = _as_nobody(lambda: open_database(readable))
    assert said.startswith("You do not have permission to write in the folder of the data file"), said

    def restore_unreadable() -> None:
        db = open_database(mine / "hoagiai.sqlite3")
        try:
            restore.restore(db, good)
        finally:
            db.dispose()

    said = _as_nobody(restore_unreadable)
    assert said.startswith("You do not have permission to read the backup good.sqlite3, so nothing"), said

    def copy_to_their_folder() -> None:
        db = open_database(mine / "hoagiai.sqlite3")
        try:
            backup.backup_to(db, theirs / "copy.sqlite3")
        finally:
            db.dispose()

    said = _as_nobody(copy_to_their_folder)
    assert said.startswith(f"You do not have permission to write in {theirs}"), said
    assert not (theirs / "copy.sqlite3").exists()
