"""Verified backups, their listing, thinning and the auto-backup policy."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.storage import backup, thinning
from hoagiai_desktop.storage.autobackup import AutoBackup
from hoagiai_desktop.storage.backup import BackupInfo


def test_backup_is_verified_listed_and_stamped(filled: Any) -> None:
    info = thinning.backup_now(filled, reason="manual")
    assert info.counts["case_file"] == 6 and info.counts["mediator"] == 6
    assert info.path.parent == filled.path.parent / "backups"
    listed = backup.list_backups(filled.path)
    assert [b.path for b in listed] == [info.path]
    assert listed[0].reason == "manual"
    con = sqlite3.connect(info.path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert backup.read_stamp(con)["reason"] == "manual"
    finally:
        con.close()


def test_a_backup_that_fails_verification_is_discarded(filled: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = backup.row_counts
    calls = {"n": 0}

    def lying_counts(con: sqlite3.Connection) -> dict[str, int]:
        calls["n"] += 1
        counts = real(con)
        if calls["n"] == 2:  # the count of the copy
            counts["case_file"] -= 1
        return counts

    monkeypatch.setattr(backup, "row_counts", lying_counts)
    with pytest.raises(UserError, match="discarded"):
        backup.make_backup(filled)
    folder = filled.path.parent / "backups"
    assert list(folder.iterdir()) == []  # neither the copy nor its temporary file is left


def test_backup_names_parse_and_other_files_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in ("hoagiai-20260105-101500-auto.sqlite3", "hoagiai-20260105-101500-auto-2.sqlite3", "notes.txt",
                 "hoagiai-2026-bad.sqlite3", "hoagiai-20261399-000000-auto.sqlite3"):  # fmt: skip
        (folder / name).write_bytes(b"x")
    found = backup.list_backups(tmp_path / "db.sqlite3")
    assert [b.path.name for b in found] == [
        "hoagiai-20260105-101500-auto-2.sqlite3",
        "hoagiai-20260105-101500-auto.sqlite3",
    ]
    assert found[0].created == dt.datetime(2026, 1, 5, 10, 15)


def _info(when: str, reason: str = "auto") -> BackupInfo:
    created = dt.datetime.fromisoformat(when)
    return BackupInfo(
        path=Path(f"hoagiai-{created:%Y%m%d-%H%M%S}-{reason}.sqlite3"), created=created, reason=reason
    )


def test_thinning_keeps_recent_then_daily_weekly_monthly_yearly() -> None:
    now = dt.datetime(2026, 11, 22, 12, 0)
    backups = [
        _info("2026-11-22T11:00"),  # recent (< 24 h)
        _info("2026-11-22T08:00"),  # recent
        _info("2026-11-21T13:00"),  # recent (23 h)
        _info("2026-11-21T09:00"),  # 27 h: not recent, but the newest of 21/11 is 13:00 → removed
        _info("2026-11-20T18:00"),  # newest of 20/11 (daily)
        _info("2026-11-20T10:00"),  # removed
        _info("2026-11-10T10:00"),  # 12 days: newest of ISO week 46 (weekly)
        _info("2026-11-09T10:00"),  # same week 46 (Mon 9/11) → removed
        _info("2026-10-01T10:00"),  # 52 days: past 5 weeks; newest of October (monthly)
        _info("2026-10-01T09:00"),  # removed
        _info("2025-12-31T10:00"),  # 11 months ago: newest of Dec 2025 (monthly) and of 2025 (yearly)
        _info("2025-06-01T10:00"),  # 17 months: not monthly, not newest of 2025 → removed
        _info("2024-03-01T10:00"),  # newest of 2024 (yearly)
        _info("2024-02-01T10:00"),  # removed
    ]
    keep, remove = thinning.plan(backups, now)
    assert [b.created.isoformat(timespec="minutes") for b in keep] == [
        "2026-11-22T11:00", "2026-11-22T08:00", "2026-11-21T13:00", "2026-11-20T18:00", "2026-11-10T10:00",
        "2026-10-01T10:00", "2025-12-31T10:00", "2024-03-01T10:00",
    ]  # fmt: skip
    assert [b.created.isoformat(timespec="minutes") for b in remove] == [
        "2026-11-21T09:00", "2026-11-20T10:00", "2026-11-09T10:00", "2026-10-01T09:00", "2025-06-01T10:00",
        "2024-02-01T10:00",
    ]  # fmt: skip


def test_thinning_never_removes_protected_backups_or_the_newest() -> None:
    now = dt.datetime(2026, 11, 22, 12, 0)
    backups = [_info("2024-02-01T10:00"), _info("2024-02-01T09:00"), _info("2024-01-15T09:00")]
    keep, remove = thinning.plan(backups, now, protected={"hoagiai-20240115-090000-auto.sqlite3"})
    assert {b.path.name for b in keep} == {
        "hoagiai-20240201-100000-auto.sqlite3",
        "hoagiai-20240115-090000-auto.sqlite3",
    }
    assert [b.path.name for b in remove] == ["hoagiai-20240201-090000-auto.sqlite3"]


def test_thin_removes_files_and_respects_the_protected_list(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = ["hoagiai-20200101-100000-auto.sqlite3", "hoagiai-20200101-090000-auto.sqlite3",
             "hoagiai-20200101-080000-auto.sqlite3", "unrelated.sqlite3"]  # fmt: skip
    for name in names:
        (folder / name).write_bytes(b"x")
    thinning.protect(folder, ["hoagiai-20200101-080000-auto.sqlite3"])
    removed = thinning.thin(folder, now=dt.datetime(2026, 1, 1))
    assert [p.name for p in removed] == ["hoagiai-20200101-090000-auto.sqlite3"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".protected.json", names[0], names[2], "unrelated.sqlite3"]
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_auto_backup_policy_every_30_minutes_of_changes_and_on_close() -> None:
    clock = FakeClock()
    made: list[str] = []

    def fake_backup(db: Any, reason: str) -> BackupInfo:
        made.append(reason)
        return _info("2026-01-01T00:00", reason)

    policy = AutoBackup(object(), clock=clock, backup=fake_backup)  # type: ignore[arg-type]
    assert not policy.due() and policy.on_close() is None  # nothing changed: nothing to do
    policy.note_change()
    clock.now += 29 * 60
    assert not policy.due()
    policy.note_change()
    clock.now += 60
    assert policy.due()  # 30 minutes since the first change no backup holds
    assert policy.run_if_due() is not None and made == ["auto"]
    assert not policy.due() and policy.pending_changes == 0
    clock.now += 3 * 3600  # idle: no changes, no backups
    assert not policy.due()
    policy.note_change()
    assert not policy.due()  # the interval starts at this first new change
    clock.now += 30 * 60
    assert policy.due()
    policy.on_close()
    assert made == ["auto", "close"]
    assert policy.on_close() is None  # nothing changed since


def test_auto_backup_real_run_thins_and_makes_a_verified_file(filled: Any) -> None:
    policy = AutoBackup(filled)
    policy.note_change()
    info = policy.on_close()
    assert info is not None and info.reason == "close" and info.path.exists()


def test_a_missing_usb_folder_is_refused_not_created(filled: Any, tmp_path: Path) -> None:
    """An unplugged stick looks like a missing folder: creating it would put the 'USB' copy on the internal disk."""
    gone = tmp_path / "media" / "USB"
    with pytest.raises(UserError, match="USB"):
        backup.backup_to(filled, str(gone) + "/")
    assert not gone.exists() and not (tmp_path / "media").exists()


def test_workbooks_are_not_written_into_folders_that_do_not_exist(tmp_path: Path) -> None:
    from hoagiai_desktop.interchange import write_template

    with pytest.raises(UserError, match="does not exist"):
        write_template(tmp_path / "nowhere" / "mau.xlsx")
    assert not (tmp_path / "nowhere").exists()
