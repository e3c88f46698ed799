"""Hostile backups: every altered, planted, incomplete or over-costly backup is refused with one sentence, and
the data file stays byte-for-byte as it was.

Figures (kept in the README's safety section): one flipped bit at ``FLIPS`` offsets spread over a plain backup
(header, seal, every region of the pages, the last byte) and at ``ENCRYPTED_FLIPS`` offsets of an encrypted one;
six planted or removed schema objects, each both with the digest left as it was and recomputed by the attacker;
six edited scrypt headers.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.storage import backup, crypto, restore, seal
from tests.hostile import gen_backups as gen
from tests.hostile.conftest import LogCapture, unchanged

pytestmark = pytest.mark.usefixtures("english")

FLIPS = 64
ENCRYPTED_FLIPS = 24


def _cases(db: Any) -> int:
    with db.reading() as s:
        from hoagiai_desktop.domain import models as m

        return int(s.query(m.Case).count())


def test_a_backup_carries_its_digest_and_the_schema_fingerprint(hostile_db: Any) -> None:
    info = backup.make_backup(hostile_db)
    con = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
    try:
        values = dict(con.execute("SELECT key, value FROM setting WHERE key LIKE 'backup.%'").fetchall())
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        rows = seal.schema_rows(con)
    finally:
        con.close()
    assert app_id == seal.SEAL_ID
    assert len(values["backup.sha256"]) == 64 and values["backup.sha256"] != seal.PLACEHOLDER
    assert values["backup.schema"] == seal.fingerprint(rows)
    assert seal.check_seal(info.path).sealed
    assert restore.preview(info.path).sealed


def test_a_sealed_backup_copied_alone_still_verifies(hostile_db: Any, tmp_path: Path) -> None:
    """The seal travels inside the file: a backup copied on its own (to a USB stick) keeps it."""
    info = backup.make_backup(hostile_db)
    alone = gen.copy(info.path, tmp_path / "usb-copy.sqlite3")
    assert restore.preview(alone).sealed


def test_one_flipped_bit_anywhere_in_a_plain_backup_is_refused(
    hostile_db: Any, tmp_path: Path, clean_log: LogCapture
) -> None:
    info = backup.make_backup(hostile_db)
    size = info.path.stat().st_size
    offsets = gen.spread_offsets(size, FLIPS)
    digest_at = gen.digest_offset(info.path)
    offsets += [digest_at, digest_at + 63]  # the seal's own digits
    assert len(offsets) >= FLIPS
    refused = []
    with unchanged(hostile_db.path):
        for offset in offsets:
            bad = gen.flipped(info.path, tmp_path / f"flip-{offset}.sqlite3", offset)
            with pytest.raises(UserError) as err:
                restore.restore(hostile_db, bad)
            message = err.value.message
            assert "\n" not in message and bad.name in message
            refused.append(offset)
            bad.unlink()
    assert refused == offsets
    assert _cases(hostile_db) == 6
    assert [p.name for p in hostile_db.path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_flipped_byte_inside_the_pages_names_the_digest(hostile_db: Any, tmp_path: Path) -> None:
    """A change SQLite itself would not notice (in a record's text) is caught by the digest, with that sentence."""
    info = backup.make_backup(hostile_db)
    data = info.path.read_bytes()
    at = data.index("Tranh chấp ranh giới".encode())
    bad = gen.flipped(info.path, tmp_path / "text.sqlite3", at + 2)
    with pytest.raises(UserError, match="does not match the digest written into it"):
        restore.preview(bad)


def test_one_flipped_bit_in_an_encrypted_backup_is_refused(hostile_db: Any, tmp_path: Path) -> None:
    (tmp_path / "usb").mkdir()
    out = backup.backup_to(hostile_db, tmp_path / "usb" / "b.hgbak", password="mật khẩu")
    size = out.stat().st_size
    with unchanged(hostile_db.path):
        for offset in gen.spread_offsets(size, ENCRYPTED_FLIPS):
            bad = gen.flipped(out, tmp_path / f"flip-{offset}.hgbak", offset)
            with pytest.raises(UserError):
                restore.restore(hostile_db, bad, password="mật khẩu")
            bad.unlink()


@pytest.mark.parametrize("reseal", [False, True], ids=["digest-as-was", "digest-recomputed"])
@pytest.mark.parametrize("plant", sorted(gen.PLANTS))
def test_planted_or_missing_schema_objects_are_refused(
    hostile_db: Any, tmp_path: Path, plant: str, reseal: bool, clean_log: LogCapture
) -> None:
    info = backup.make_backup(hostile_db)
    bad = gen.edited(info.path, tmp_path / f"{plant}.sqlite3", gen.PLANTS[plant], reseal=reseal)
    with unchanged(hostile_db.path), pytest.raises(UserError) as err:
        restore.restore(hostile_db, bad)
    message = err.value.message
    assert "\n" not in message and bad.name in message
    if not reseal:
        assert "does not match the digest" in message
    elif plant == "missing":
        assert "lacks the table “attendance”" in message
    elif plant == "changed":
        assert "differs from what HoaGiai makes" in message
    else:
        assert "that HoaGiai does not make" in message


def test_an_older_backup_without_a_seal_is_checked_by_structure(hostile_db: Any, tmp_path: Path) -> None:
    """Backups made before seals existed: restored after the strict schema check; the preview says so."""
    info = backup.make_backup(hostile_db)
    old = gen.unsealed(info.path, tmp_path / "hoagiai-20250101-120000-manual.sqlite3")
    seen = restore.preview(old)
    assert not seen.sealed and seen.counts["case_file"] == 6
    result = restore.restore(hostile_db, old)
    try:
        assert _cases(result.db) == 6
    finally:
        result.db.dispose()


def test_an_older_backup_with_a_planted_trigger_is_refused(hostile_db: Any, tmp_path: Path) -> None:
    info = backup.make_backup(hostile_db)
    old = gen.unsealed(info.path, tmp_path / "old.sqlite3")
    bad = gen.edited(old, tmp_path / "old-trigger.sqlite3", gen.PLANTS["trigger"], reseal=False)
    with (
        unchanged(hostile_db.path),
        pytest.raises(UserError, match="a trigger “steal” that HoaGiai does not"),
    ):
        restore.restore(hostile_db, bad)


def test_a_seal_id_without_a_digest_is_refused(hostile_db: Any, tmp_path: Path) -> None:
    """A flipped key name must not turn a sealed backup into an 'older, unsealed' one."""
    info = backup.make_backup(hostile_db)
    bad = gen.edited(
        info.path,
        tmp_path / "nokey.sqlite3",
        "UPDATE setting SET key = 'backup.sha25X' WHERE key = 'backup.sha256';",
        reseal=False,
    )
    with pytest.raises(UserError, match="does not match the digest"):
        restore.preview(bad)


HOSTILE_SCRYPT = [
    (20, 8, 1),  # 1 GiB
    (20, 32, 1),  # 4 GiB
    (17, 32, 16),  # 512 MiB, 16 times over
    (15, 8, 16),  # the app's memory, sixteen times the work
    (16, 16, 1),  # 128 MiB
    (20, 1, 16),
]


@pytest.mark.parametrize(("log2_n", "r", "p"), HOSTILE_SCRYPT)
def test_a_hostile_scrypt_header_is_refused_before_any_key_is_derived(
    hostile_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, log2_n: int, r: int, p: int
) -> None:
    (tmp_path / "usb").mkdir()
    good = backup.backup_to(hostile_db, tmp_path / "usb" / "b.hgbak", password="pw")
    bad = gen.scrypt_header(good, tmp_path / "costly.hgbak", log2_n=log2_n, r=r, p=p)
    derived: list[tuple[int, int, int]] = []
    real = crypto._derive

    def spy(password: str, salt: bytes, n: int, rr: int, pp: int) -> bytes:
        derived.append((n, rr, pp))
        return real(password, salt, n, rr, pp)

    monkeypatch.setattr(crypto, "_derive", spy)
    with unchanged(hostile_db.path), pytest.raises(UserError, match=r"far more memory or time|damaged"):
        restore.restore(hostile_db, bad, password="pw")
    assert derived == []
    assert not crypto.scrypt_bounded(log2_n, r, p)


def test_the_apps_own_scrypt_parameters_are_within_the_bound() -> None:
    assert crypto.scrypt_bounded(crypto.DEFAULT_LOG2_N, 8, 1)


def test_a_backup_opened_as_the_data_file_becomes_data(hostile_db: Any, tmp_path: Path) -> None:
    """Opened for writing with --db, a backup is data from then on: unsealed, so a later backup or restore of it
    is not refused as altered."""
    from hoagiai_desktop.domain import models as m
    from hoagiai_desktop.storage.opening import open_database

    info = backup.make_backup(hostile_db)
    used = gen.copy(info.path, tmp_path / "used.sqlite3")
    assert seal.is_sealed_file(used)
    db = open_database(used)
    try:
        with db.transaction() as s:
            s.add(m.Village(code="T99", name="Thôn Mới"))
    finally:
        db.dispose()
    assert not seal.is_sealed_file(used)
    assert not restore.preview(used).sealed  # checked by structure, not refused
    result = restore.restore(hostile_db, used)
    result.db.dispose()
