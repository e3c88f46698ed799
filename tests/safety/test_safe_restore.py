"""Restore: preview first, all or nothing, safety backup, protected backups; bad files change nothing."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.cli import main
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.storage import backup, restore, seal, thinning


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def count(db: Any, table: str = "case_file") -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar())


def test_preview_shows_date_unit_and_counts_without_changing_anything(filled: Any) -> None:
    info = backup.make_backup(filled, reason="manual")
    before = dump(filled.path)
    seen = restore.preview(info.path)
    assert seen.unit == "Phường Việt Hòa (Hà Nội)"
    assert seen.counts["case_file"] == 6 and seen.counts["team"] == 2
    assert seen.created == info.created and seen.reason == "manual" and not seen.encrypted
    assert dump(filled.path) == before


def test_restore_puts_the_backup_back_and_keeps_a_safety_backup(filled: Any) -> None:
    old = backup.make_backup(filled, reason="manual")
    with filled.transaction() as s:
        s.query(m.Party).delete()
        s.query(m.Assignment).delete()
        s.query(m.Case).delete()
    assert count(filled) == 0
    result = restore.restore(filled, old.path)
    db = result.db
    try:
        assert count(db) == 6 and count(db, "party") == 6
        assert result.safety_backup is not None and result.safety_backup.reason == "restore"
        assert restore.preview(result.safety_backup.path).counts["case_file"] == 0  # the data as it was
        with db.reading() as s:  # the stamp of the backup does not leak into the data
            assert s.query(m.Setting).filter(m.Setting.key.like("backup.%")).count() == 0
        with db.transaction() as s:  # reopened for writing
            s.add(m.Village(code="T99", name="Thôn Mới"))
        assert [p.name for p in db.path.parent.iterdir() if p.name.startswith(".")] == []  # nothing left over
    finally:
        db.dispose()


def test_restore_protects_every_earlier_backup_from_thinning(filled: Any) -> None:
    folder = filled.path.parent / "backups"
    folder.mkdir()
    old_names = ["hoagiai-20200101-100000-auto.sqlite3", "hoagiai-20200101-090000-auto.sqlite3"]
    for name in old_names:  # two on one old day: thinning alone would remove the 09:00 one
        backup.copy_sqlite(filled.path, folder / name)
    result = restore.restore(filled, folder / old_names[1])
    try:
        thinning.thin(folder, now=dt.datetime(2030, 1, 1))
        left = {p.name for p in folder.glob("*hoagiai-*")}  # new backups start with their data file's name
        assert set(old_names) <= left and result.safety_backup is not None
        assert result.safety_backup.path.name in left
    finally:
        result.db.dispose()


def test_encrypted_backup_restores_with_its_password(filled: Any, tmp_path: Path) -> None:
    enc = backup.backup_to(filled, tmp_path / "b.hgbak", password="bí mật")
    with pytest.raises(UserError, match="encrypted; give its password"):
        restore.preview(enc)
    with pytest.raises(UserError, match="password is wrong"):
        restore.preview(enc, password="sai")
    assert restore.preview(enc, password="bí mật").encrypted
    result = restore.restore(filled, enc, password="bí mật")
    assert count(result.db) == 6
    result.db.dispose()


def _bad_files(tmp_path: Path, good: Path) -> dict[str, Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    files = {
        "garbage": bad / "garbage.sqlite3",
        "empty": bad / "empty.sqlite3",
        "truncated": bad / "truncated.sqlite3",
        "xlsx": bad / "book.xlsx",
        "other_sqlite": bad / "other.sqlite3",
    }
    files["garbage"].write_bytes(b"\x00\xff garbage " * 500)
    files["empty"].write_bytes(b"")
    data = good.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 3])
    with zipfile.ZipFile(files["xlsx"], "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    con = sqlite3.connect(files["other_sqlite"])
    con.execute("CREATE TABLE notes(x)")
    con.commit()
    con.close()
    return files


def test_bad_files_are_refused_with_one_sentence_and_change_nothing(filled: Any, tmp_path: Path) -> None:
    good = backup.make_backup(filled)
    files = _bad_files(tmp_path, good.path)
    before = dump(filled.path)
    expected = {
        "garbage": "not a HoaGiai backup",
        "empty": "not a HoaGiai backup",
        "truncated": "damaged",
        "xlsx": "not a HoaGiai backup",
        "other_sqlite": "not a HoaGiai backup",
    }
    for kind, path in files.items():
        with pytest.raises(UserError, match=expected[kind]):
            restore.restore(filled, path)
    assert dump(filled.path) == before
    assert [p.name for p in filled.path.parent.glob(".hoagiai-*")] == []  # no staged copy left behind


def test_a_failure_after_the_swap_puts_the_data_back(filled: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    old = backup.make_backup(filled)
    with filled.transaction() as s:
        s.add(m.Village(code="T77", name="Thôn Sau"))
    before = dump(filled.path)

    def broken(old_db: Any, path: Path) -> Any:
        raise RuntimeError("simulated failure while reopening")

    monkeypatch.setattr(restore, "_reopen", broken)
    with pytest.raises(UserError, match="put back as it was"):
        restore.restore(filled, old.path)
    assert dump(filled.path) == before
    assert count(filled, "village") == 2  # the old handle still works


def test_cli_restore_asks_and_needs_yes_without_a_terminal(
    filled: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled.path
    old = backup.make_backup(filled)
    with filled.transaction() as s:
        s.add(m.Village(code="T55", name="Thôn Năm"))
    filled.dispose()
    monkeypatch.delenv("CI", raising=False)
    before = dump(path)
    rc = main(["--lang", "en", "--db", str(path), "restore", str(old.path)])  # stdin is not a terminal here
    out, err = capsys.readouterr()
    assert rc != 0 and "add --yes" in err
    assert "Unit: Phường Việt Hòa (Hà Nội)" in out and "6 cases" in out and "2 teams" in out
    assert dump(path) == before
    rc = main(["--lang", "en", "--db", str(path), "restore", "--yes", str(old.path)])
    out, err = capsys.readouterr()
    assert rc == 0 and "Restored" in out, err
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM village").fetchone()[0] == 1
    con.close()


@pytest.mark.parametrize("kind", ["garbage", "empty", "truncated", "xlsx", "other_sqlite"])
def test_cli_restore_of_bad_files_exits_non_zero_with_one_line(
    filled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = filled.path
    files = _bad_files(tmp_path, backup.make_backup(filled).path)
    filled.dispose()
    before = dump(path)
    rc = main(["--lang", "en", "--db", str(path), "restore", "--yes", str(files[kind])])
    _out, err = capsys.readouterr()
    assert rc != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert dump(path) == before


def test_cli_restore_of_a_missing_file_and_wrong_password(
    filled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    enc = backup.backup_to(filled, tmp_path / "b.hgbak", password="right")
    filled.dispose()
    pw = tmp_path / "pw"
    pw.write_text("wrong\n")
    rc = main(
        ["--lang", "en", "--db", str(filled.path), "restore", "--yes", "--password-file", str(pw), str(enc)]
    )
    assert rc != 0 and "password is wrong" in capsys.readouterr().err
    rc = main(["--lang", "en", "--db", str(filled.path), "restore", "--yes", str(tmp_path / "nope.sqlite3")])
    assert rc != 0 and "does not exist" in capsys.readouterr().err


def test_a_backup_from_a_newer_version_is_refused(filled: Any) -> None:
    info = backup.make_backup(filled)
    con = sqlite3.connect(info.path)
    con.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    con.commit()
    con.close()
    seal.seal(info.path)  # as a newer version would have sealed it (an unsealed edit is refused as altered)
    before = dump(filled.path)
    with pytest.raises(UserError, match="newer version of HoaGiai") as err:
        restore.restore(filled, info.path)
    assert err.value.exit_code == 4
    assert dump(filled.path) == before


def test_a_backup_that_cannot_be_read_half_way_gives_one_sentence(
    filled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = backup.make_backup(filled)
    before = dump(filled.path)

    def pulled_out(source: Any, target: Any, work: Any) -> None:  # the read side fails (a stick pulled out)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(restore, "_copy_blocks", pulled_out)
    with pytest.raises(UserError, match="check that it is plugged in"):
        restore.restore(filled, info.path)
    assert dump(filled.path) == before


def test_restore_over_a_damaged_file_keeps_it_aside(filled: Any) -> None:
    from hoagiai_desktop.storage.database import Database

    path = filled.path
    good = backup.make_backup(filled)
    filled.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'party'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096 + 8 : root * 4096] = b"\xa5" * (4096 - 8)
    path.write_bytes(bytes(data))
    damaged = Database(path)  # the window may still have it open
    result = restore.restore(damaged, good.path)
    try:
        assert result.safety_backup is None and result.damaged_kept_as is not None
        assert result.damaged_kept_as.read_bytes() == bytes(data)
        assert count(result.db, "party") == 6
    finally:
        result.db.dispose()


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EBUSY, "in use by another program"),
        # Windows answers a file held open with "access denied"; on POSIX that is a permission, said as such
        (
            errno.EACCES,
            "in use by another program" if os.name == "nt" else "do not have permission to change",
        ),
    ],
    ids=["busy", "access-denied"],
)
def test_a_data_file_that_cannot_be_replaced_is_left_as_it_was(
    filled: Any, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    info = backup.make_backup(filled)
    with filled.transaction() as s:
        s.add(m.Village(code="T66", name="Thôn Sáu"))
    before = dump(filled.path)
    real_replace = restore.os.replace

    def refuse(src: Any, dst: Any) -> None:
        if Path(dst) == filled.path:
            raise OSError(code, "The process cannot access the file")
        real_replace(src, dst)

    monkeypatch.setattr(restore.os, "replace", refuse)
    with pytest.raises(UserError, match=said):
        restore.restore(filled, info.path)
    monkeypatch.undo()
    assert dump(filled.path) == before and count(filled, "village") == 2
    assert [p.name for p in filled.path.parent.glob(".hoagiai-*")] == []
