"""Copies to a USB stick: verified, never half-written; a full, read-only or pulled-out drive gives one sentence.

The full and read-only drives are real: a tiny tmpfs (64 KiB) and a read-only tmpfs, mounted for the test (we
are root on the test machines). Where mounting is impossible the same errors are simulated by making
``os.fsync`` raise ENOSPC / opening raise EROFS — the test names say which one ran.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.cli import main
from hoagiai_desktop.storage import backup, safe_files
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.storage.safe_files import DriveError, export_files, safe_folder_name


def _mount(path: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def full_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    drive = tmp_path / "full-usb"
    drive.mkdir()
    if _mount(drive, "size=64k"):
        yield drive
        _umount(drive)
        return
    real_fsync = os.fsync  # simulated: every fsync on the "drive" fails with ENOSPC

    def fsync(fd: int) -> None:
        if str(os.readlink(f"/proc/self/fd/{fd}")).startswith(str(drive)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    yield drive


@pytest.fixture
def read_only_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    drive = tmp_path / "ro-usb"
    drive.mkdir()
    if _mount(drive, "ro,size=64k"):
        yield drive
        _umount(drive)
        return
    if os.geteuid() != 0:
        drive.chmod(0o555)
        yield drive
        drive.chmod(0o755)
        return
    real_open = Path.open  # simulated: opening anything for writing on the "drive" fails with EROFS

    def fake_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(self).startswith(str(drive)) and any(c in mode for c in "wxa+"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    yield drive


def _files(tmp_path: Path, sizes: tuple[int, ...]) -> list[Path]:
    out = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"bao-cao-{i}.pdf"
        path.write_bytes(os.urandom(size))
        out.append(path)
    return out


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_export_copies_verified_files_into_a_folder_named_after_unit_and_period(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    files = _files(tmp_path, (10, 300_000))
    name = safe_folder_name("Phường Việt Hòa", "2025-H1")
    assert name == "HoaGiai_Phuong-Viet-Hoa_2025-H1"
    done = export_files(files, usb, name)
    assert [d.path for d in done] == [usb / name / f.name for f in files]
    for d, f in zip(done, files, strict=True):
        assert d.path.read_bytes() == f.read_bytes() and d.sha256 == safe_files.sha256_of(f)
    assert _everything_under(usb) == [f"{name}/bao-cao-0.pdf", f"{name}/bao-cao-1.pdf"]


def test_full_drive_gives_one_sentence_and_no_half_file(tmp_path: Path, full_drive: Path) -> None:
    files = _files(tmp_path, (200_000,))
    with pytest.raises(DriveError, match="is full; free some space"):
        export_files(files, full_drive, "HoaGiai_x")
    assert _everything_under(full_drive) == []


def test_read_only_drive_gives_one_sentence(tmp_path: Path, read_only_drive: Path) -> None:
    with pytest.raises(DriveError, match="read-only or write-protected"):
        export_files(_files(tmp_path, (100,)), read_only_drive, "HoaGiai_x")


def test_pulled_out_drive_gives_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "usb-gone"
    with pytest.raises(DriveError, match="removed or cannot be reached"):
        export_files(_files(tmp_path, (100,)), gone, "HoaGiai_x")
    usb = tmp_path / "usb"
    usb.mkdir()
    real_fsync = os.fsync
    calls = {"n": 0}

    def pulled(fd: int) -> None:  # the stick goes away in the middle of the second file
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", pulled)
    with pytest.raises(DriveError, match="removed or cannot be reached"):
        export_files(_files(tmp_path, (100, 100)), usb, "HoaGiai_x")
    assert _everything_under(usb) == ["HoaGiai_x/bao-cao-0.pdf"]  # the first is complete, the second absent


def test_a_copy_that_reads_back_differently_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(safe_files, "sha256_of", lambda path: "0" * 64)
    with pytest.raises(DriveError, match="does not match the original"):
        export_files(_files(tmp_path, (1000,)), usb, "HoaGiai_x")
    assert _everything_under(usb) == []


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.mark.parametrize("which", ["full", "read_only"])
def test_cli_backup_out_to_a_bad_drive(
    filled: Any,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    which: str,
) -> None:
    drive: Path = request.getfixturevalue(f"{which}_drive")
    path = filled.path
    filled.dispose()
    before = _dump(path)
    pw = tmp_path / "pw"
    pw.write_text("bí mật\n", encoding="utf-8")
    for extra in ([], ["--password-file", str(pw)]):
        rc = main(["--lang", "en", "--db", str(path), "backup", "--out", str(drive) + "/", *extra])
        err = capsys.readouterr().err
        assert rc != 0 and len(err.strip().splitlines()) == 1
        assert ("is full" if which == "full" else "read-only") in err
        assert _everything_under(drive) == []
    assert _dump(path) == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith("hoagiai-export")] == []


def test_cli_backup_out_writes_a_verified_copy(
    filled: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = filled.path
    filled.dispose()
    usb = tmp_path / "usb"
    usb.mkdir()
    rc = main(["--lang", "en", "--db", str(path), "backup", "--out", str(usb)])
    assert rc == 0 and "written and verified" in capsys.readouterr().out
    (copy,) = list(usb.iterdir())
    assert copy.name.startswith("HoaGiai_Phuong-Viet-Hoa_") and copy.suffix == ".sqlite3"
    assert backup.export_folder_name(open_database(path, read_only=True), "2025-H1") == (
        "HoaGiai_Phuong-Viet-Hoa_2025-H1"
    )
    con = sqlite3.connect(copy)
    assert con.execute("SELECT COUNT(*) FROM case_file").fetchone()[0] == 6
    con.close()


def test_files_written_together_are_each_whole_and_the_folder_is_synced_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync, synced = os.fsync, []

    def counting(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting)
    pair = [(tmp_path / "goi.hgr", b"receipt"), (tmp_path / "goi_bien-nhan.pdf", b"%PDF-1.4 paper")]
    safe_files.write_files_atomic(pair)
    assert [p.read_bytes() for p, _data in pair] == [b"receipt", b"%PDF-1.4 paper"]
    assert _everything_under(tmp_path) == ["goi.hgr", "goi_bien-nhan.pdf"]  # no temporary left
    assert synced.count(str(tmp_path)) == 1 and len(synced) == 3  # each file, then the folder once


def test_files_written_together_leave_nothing_when_one_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync, calls = os.fsync, {"n": 0}

    def pulled(fd: int) -> None:  # the drive goes away while the second file is synced
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", pulled)
    with pytest.raises(DriveError, match="removed or cannot be reached"):
        safe_files.write_files_atomic([(tmp_path / "a.hgr", b"a"), (tmp_path / "a.pdf", b"b")])
    assert _everything_under(tmp_path) == []  # nothing renamed before both were whole
