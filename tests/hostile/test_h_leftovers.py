"""No clear text left behind: a process SIGKILLed at the worst moment leaves its temporary copies only in a
private work folder beside the data file, and the next start removes them; nothing goes to the system temp folder.

Each kill is deterministic: a forked child runs the real operation with one step replaced by ``SIGKILL`` to
itself — after the clear-text copy of an encrypted export was written, after a backup's ``.part`` was written,
after a restore was staged, while a preview decrypted a backup. The parent then checks that the leftover is
there (and really holds names in clear), opens the data file as the next start does, and finds it gone.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.storage import backup, private, restore, safe_files
from hoagiai_desktop.storage.opening import open_database
from tests.hostile.conftest import SECRETS, LogCapture

pytestmark = pytest.mark.usefixtures("english")


def _die(*_args: Any, **_kwargs: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _in_child(db_path: Path, step: Callable[[Any, pytest.MonkeyPatch], None]) -> int:
    """Run ``step`` in a forked child that opens the data file as the app does; return its wait status."""
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 1
        try:
            mp = pytest.MonkeyPatch()
            db = open_database(db_path)
            step(db, mp)
            code = 0
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return status


def _holds_clear_text(path: Path) -> bool:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    needle = SECRETS[0].encode("utf-8")
    return any(needle in p.read_bytes() for p in files)


def _temp_entries() -> set[str]:
    """What the storage layer ever put in the system temp folder (other engineers' tests run beside us, so only
    these names count; ``test_nothing_uses_the_system_temp_folder`` forbids the temp-folder API outright)."""
    kinds = ("hoagiai-preview-", "hoagiai-export-", "hoagiai-restore-", ".hoagiai")
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith(kinds)}


def _export_killed_after_the_clear_copy(db: Any, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(safe_files, "copy_verified", _die)  # encrypted copy made; the clear one still beside it
    usb = db.path.parent.parent / "usb"
    usb.mkdir(exist_ok=True)
    backup.backup_to(db, usb, password="mật khẩu")


def _backup_killed_before_the_rename(db: Any, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(backup, "verify_sqlite", _die)
    backup.make_backup(db)


def _restore_killed_after_staging(db: Any, mp: pytest.MonkeyPatch) -> None:
    info = backup.make_backup(db)
    mp.setattr(restore, "_to_wal", _die)
    restore.restore(db, info.path)


def _preview_killed_while_decrypting(db: Any, mp: pytest.MonkeyPatch) -> None:
    usb = db.path.parent.parent / "usb"
    usb.mkdir(exist_ok=True)
    out = backup.backup_to(db, usb / "b.hgbak", password="pw")
    import hoagiai_desktop.storage.restore as r

    real = r._preview_of

    def die_after_decrypting(source: Path, plain: Path, encrypted: bool) -> Any:
        _die()
        return real(source, plain, encrypted)

    mp.setattr(r, "_preview_of", die_after_decrypting)
    restore.preview(out, password="pw", work_base=db.path.parent)


MOMENTS = {
    "encrypted-export": _export_killed_after_the_clear_copy,
    "backup-part": _backup_killed_before_the_rename,
    "staged-restore": _restore_killed_after_staging,
    "preview-decrypt": _preview_killed_while_decrypting,
}


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_a_kill_at_the_worst_moment_leaves_nothing_after_the_next_start(
    hostile_db: Any, moment: str, clean_log: LogCapture
) -> None:
    db_path = hostile_db.path
    hostile_db.dispose()
    temp_before = _temp_entries()
    status = _in_child(db_path, MOMENTS[moment])
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    left = [*private.leftovers(db_path.parent), *private.leftovers(db_path.parent / "backups")]
    assert left, "the kill left nothing to clean: the moment was not the worst one"
    for path in left:
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path.name} is readable by others ({mode:o})"
    assert any(_holds_clear_text(p) for p in left)  # it really was clear text
    assert _temp_entries() <= temp_before  # nothing in the system temp folder

    db = open_database(db_path)  # the next start
    try:
        assert private.leftovers(db_path.parent) == []
        assert private.leftovers(db_path.parent / "backups") == []
        assert [p for p in left if p.exists()] == []
    finally:
        db.dispose()
    assert "removed" in clean_log.text()


def test_leftovers_of_a_live_process_are_not_touched(tmp_path: Path) -> None:
    """Another HoaGiai process still working (its pid alive) keeps its work folder."""
    live = private.new_work_dir(tmp_path)  # ours: this process is alive
    dead = tmp_path / f"{private.WORK_PREFIX}999999999-00ff"
    dead.mkdir()
    assert private.leftovers(tmp_path) == [dead]
    assert live.exists()


def test_nothing_uses_the_system_temp_folder(
    hostile_db: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Backup, encrypted export, preview and restore of an encrypted backup never call the temp-folder API."""

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the system temp folder was used")

    for name in ("mkdtemp", "mkstemp", "NamedTemporaryFile", "TemporaryDirectory", "TemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.make_backup(hostile_db)
    out = backup.backup_to(hostile_db, usb / "b.hgbak", password="pw")
    restore.preview(out, password="pw")
    result = restore.restore(hostile_db, out, password="pw")
    result.db.dispose()
