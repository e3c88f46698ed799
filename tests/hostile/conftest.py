"""The hostile suite (issue 15): attacks on the data paths kept as tests.

Every attack runs against a fresh copy of small hand-made data (``hostile_db``) whose SHA-256 is compared before
and after (``unchanged``), and every hostile file is *made* by a generator in this folder (``gen_*.py``) — no
binary fixtures. Each fault test checks the log afterwards (``clean_log``): no name and no case text in it.

Shared by both halves of the issue: backups/restore/lock/leftovers (``gen_backups.py``, ``test_h_*``) and
workbooks (their own ``gen_*`` module). Add fixtures here, keep generators in their own modules.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.safety.conftest import SECRET_NAME, fill

# Text the data holds that must never reach a log file, an error message meant for the log, or a temp folder.
SECRETS = (SECRET_NAME, "Lê Văn Bình", "Trần Văn Đức", "Tranh chấp ranh giới", "Hai bên thống nhất")


@pytest.fixture
def english() -> None:
    """Messages asserted in English (the source strings): ``pytestmark = pytest.mark.usefixtures("english")``."""
    from hoagiai_desktop import i18n

    i18n.set_language("en")


@pytest.fixture
def hostile_db(db: Any) -> Any:
    """A migrated data file with two teams, six cases, names with diacritics (``SECRETS``)."""
    fill(db)
    return db


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@contextmanager
def unchanged(path: Path) -> Iterator[None]:
    """Assert the data file is byte-for-byte the same after the block (WAL folded first, as at the next start)."""
    import sqlite3

    def folded() -> str:
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        return sha256(path)

    before = folded()
    yield
    assert folded() == before, f"{path.name} was changed by a refused operation"


class LogCapture:
    """The app's log lines of one test, formatted by the app's own log formatter, in a file like the real one."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8") if self.path.exists() else ""

    def assert_clean(self, extra: tuple[str, ...] = ()) -> None:
        text = self.text()
        leaked = [s for s in (*SECRETS, *extra) if s and s in text]
        assert not leaked, f"the log holds data: {leaked}"


@pytest.fixture
def clean_log(tmp_path: Path) -> Iterator[LogCapture]:
    """Capture what the app logs during the test and fail if any name or case text reached it."""
    from hoagiai_desktop.logs import log_formatter

    path = tmp_path / "captured.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(log_formatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    capture = LogCapture(path)
    try:
        yield capture
        handler.flush()
        capture.assert_clean()
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def _run(args: list[str]) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@contextmanager
def tmpfs(path: Path, options: str) -> Iterator[bool]:
    """Mount a small real tmpfs on ``path`` (root only); yields False where that is impossible (the caller then
    falls back to a simulation and says so in its test id or skip reason)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = (
        os.name != "nt"
        and os.geteuid() == 0
        and _run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)])
    )
    try:
        yield mounted
    finally:
        if mounted:
            _run(["umount", "-l", str(path)])


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


@pytest.fixture
def private_umask() -> Iterator[Callable[[int], None]]:
    """Run with a chosen (loose) umask, as a user's desktop session may have, and restore it afterwards."""
    old = os.umask(0o022)
    os.umask(old)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    try:
        yield set_mask
    finally:
        os.umask(old)
