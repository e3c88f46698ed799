"""Saving where it cannot be saved: a full drive, a read-only drive, a folder that is not there or vanishes
while writing, a folder the account may not write in. Export, template, report (PDF and xlsx) and list exports
each say the one true sentence — on the command line and in the window — leave no file under the final name, no
temporary file beside it, nothing in the system temp folder, and the data file unchanged.

The full and read-only drives are real tmpfs mounts (we are root on the test machines; elsewhere those tests are
skipped and say why). Permission denied cannot be produced for root by file modes, so opening the temporary file
is made to fail with EACCES, as it does for a normal account; the vanishing folder is really removed mid-save.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop import i18n
from hoagiai_desktop.cli import main
from hoagiai_desktop.interchange.list_xlsx import write_list_xlsx
from hoagiai_desktop.output import TargetError
from hoagiai_desktop.storage import private
from tests.hostile.conftest import LogCapture, tmpfs
from tests.hostile.data_files import fresh_copy, make_demo, one_sentence, private_text, sha256

FULL = "is full"
READ_ONLY = "is read-only"
MISSING = "does not exist"
DENIED = "not allowed to write"
VANISHED = "no longer there"

# command → argv after "--db DATA" (OUT is the target file); the report writes a PDF and its xlsx twin
COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "export": lambda out: ["export", out],
    "template": lambda out: ["template", out],
    "report pdf": lambda out: ["report", "thong-ke", "--period", "2024", "--out", out],
    "report xlsx": lambda out: [
        "report",
        "thong-ke",
        "--period",
        "2024",
        "--out",
        out + ".pdf",
        "--xlsx",
        out,
    ],
}


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_language("en")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def data(demo: Path, tmp_path: Path) -> Path:
    return fresh_copy(demo, tmp_path / "data")


def _system_temp_leftovers() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("openpyxl.")}


def _cli(data: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["hoagiai", "--lang", "en", "--db", str(data), *argv], capture_output=True, text=True, timeout=300
    )


def _assert_refused(done: subprocess.CompletedProcess[str], expected: str, folder: Path) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert one_sentence(done.stderr), done.stderr  # no traceback, no "Exception ignored" noise
    assert expected in done.stderr, done.stderr
    if folder.is_dir():
        assert [p.name for p in folder.iterdir() if p.name != "lost+found"] == []


@pytest.fixture
def full_drive(tmp_path: Path) -> Iterator[Path]:
    drive = tmp_path / "full"
    with tmpfs(drive, "size=8k") as mounted:
        if not mounted:
            pytest.skip("a full drive needs a tmpfs mount (root on Linux); not possible here")
        (drive / "filler").write_bytes(b"x" * 4096)  # leave less room than the smallest workbook needs
        yield drive


@pytest.fixture
def read_only_drive(tmp_path: Path) -> Iterator[Path]:
    drive = tmp_path / "ro"
    with tmpfs(drive, "ro,size=64k") as mounted:
        if not mounted:
            pytest.skip("a read-only drive needs a tmpfs mount (root on Linux); not possible here")
        yield drive


@pytest.mark.parametrize("command", list(COMMANDS))
def test_full_drive(command: str, data: Path, full_drive: Path) -> None:
    before, temp = sha256(data), _system_temp_leftovers()
    done = _cli(data, COMMANDS[command](str(full_drive / "out.xlsx")))
    assert done.returncode == 2, done.stdout + done.stderr
    assert one_sentence(done.stderr) and FULL in done.stderr, done.stderr
    assert sorted(p.name for p in full_drive.iterdir()) == ["filler"]
    assert sha256(data) == before and _system_temp_leftovers() <= temp


@pytest.mark.parametrize("command", list(COMMANDS))
def test_read_only_drive(command: str, data: Path, read_only_drive: Path) -> None:
    before = sha256(data)
    _assert_refused(
        _cli(data, COMMANDS[command](str(read_only_drive / "out.xlsx"))), READ_ONLY, read_only_drive
    )
    assert sha256(data) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_missing_folder(command: str, data: Path, tmp_path: Path) -> None:
    before = sha256(data)
    gone = tmp_path / "stick-that-was-pulled-out"
    _assert_refused(_cli(data, COMMANDS[command](str(gone / "out.xlsx"))), MISSING, gone)
    assert sha256(data) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_permission_denied(
    command: str,
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clean_log: LogCapture,
) -> None:
    """The command run in-process (same code as the console script) with the temporary file refused (EACCES)."""
    target = tmp_path / "theirs"
    target.mkdir()
    real_open = private.open_private

    def refuse(path: Path, mode: str = "xb") -> Any:
        if Path(path).parent == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, mode)

    monkeypatch.setattr(private, "open_private", refuse)
    before = sha256(data)
    code = main(["--lang", "en", "--db", str(data), *COMMANDS[command](str(target / "out.xlsx"))])
    err = capsys.readouterr().err
    assert code == 2 and one_sentence(err) and DENIED in err, err
    assert list(target.iterdir()) == []
    assert sha256(data) == before
    clean_log.assert_clean(private_text(data))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_folder_vanishes_while_saving(
    command: str,
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clean_log: LogCapture,
) -> None:
    """The folder is really removed just before the final rename (a stick pulled out mid-save)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    real_replace = os.replace

    def pull_out(src: Any, dst: Any) -> None:
        if Path(dst).parent == stick:
            shutil.rmtree(stick)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", pull_out)
    before = sha256(data)
    code = main(["--lang", "en", "--db", str(data), *COMMANDS[command](str(stick / "out.xlsx"))])
    err = capsys.readouterr().err
    assert code == 2 and one_sentence(err) and VANISHED in err, err
    assert not stick.exists()
    assert sha256(data) == before
    clean_log.assert_clean(private_text(data))


def test_list_export_says_the_same(full_drive: Path, read_only_drive: Path, tmp_path: Path) -> None:
    rows = [["T01", "Thôn Đông", 120]] * 200
    for folder, expected in ((full_drive, FULL), (read_only_drive, READ_ONLY), (tmp_path / "gone", MISSING)):
        with pytest.raises(TargetError) as err:
            write_list_xlsx(folder / "list.xlsx", "Danh sách thôn", ["Mã", "Tên", "Số hộ"], rows)
        assert expected in str(err.value) and one_sentence(str(err.value))


def test_the_file_written_is_private(data: Path, tmp_path: Path) -> None:
    """Exports and papers are for the user only (0600), whatever the umask of the session."""
    old = os.umask(0o022)
    try:
        for command, make in COMMANDS.items():
            out = tmp_path / f"{command.replace(' ', '-')}.xlsx"
            assert main(["--lang", "en", "--db", str(data), *make(str(out))]) == 0
            assert out.stat().st_mode & 0o777 == 0o600, command
    finally:
        os.umask(old)
