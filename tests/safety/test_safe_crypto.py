"""The encrypted backup format: round trip, wrong password, cut-short, altered and foreign files."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.storage import backup, crypto
from tests.safety.conftest import SECRET_NAME

FAST = {"log2_n": 10, "chunk": 4096}  # small scrypt cost and chunks: many chunks, quick tests


def _plain(tmp_path: Path, size: int = 10_000) -> Path:
    src = tmp_path / "plain.bin"
    src.write_bytes(os.urandom(size))
    return src


def test_round_trip_over_many_chunks_and_exact_multiple(tmp_path: Path) -> None:
    for size in (0, 1, 4096, 3 * 4096, 10_000):
        src = tmp_path / f"p{size}"
        src.write_bytes(os.urandom(size))
        enc, out = tmp_path / f"e{size}", tmp_path / f"o{size}"
        crypto.encrypt_file(src, enc, "mật khẩu", **FAST)
        chunks = max(1, -(-size // 4096))
        assert enc.stat().st_size == crypto.HEADER_SIZE + size + 16 * chunks
        crypto.decrypt_file(enc, out, "mật khẩu")
        assert out.read_bytes() == src.read_bytes()


def test_password_is_compared_after_unicode_normalisation(tmp_path: Path) -> None:
    enc = tmp_path / "e"
    crypto.encrypt_file(_plain(tmp_path), enc, unicodedata.normalize("NFD", "Hường"), **FAST)
    crypto.decrypt_file(enc, tmp_path / "o", unicodedata.normalize("NFC", "Hường"))


def test_wrong_password_gives_one_sentence_and_no_file(tmp_path: Path) -> None:
    enc, out = tmp_path / "e", tmp_path / "o"
    crypto.encrypt_file(_plain(tmp_path), enc, "right", **FAST)
    with pytest.raises(crypto.WrongPassword, match="password is wrong"):
        crypto.decrypt_file(enc, out, "wrong")
    assert not out.exists() and list(tmp_path.glob(".*part")) == []


@pytest.mark.parametrize("cut", [10, crypto.HEADER_SIZE + 4096 + 16, crypto.HEADER_SIZE + 5000, -1])
def test_cut_short_file_is_recognised(tmp_path: Path, cut: int) -> None:
    enc, out = tmp_path / "e", tmp_path / "o"
    crypto.encrypt_file(_plain(tmp_path), enc, "pw", **FAST)
    data = enc.read_bytes()
    enc.write_bytes(data[:cut])
    with pytest.raises(crypto.DamagedBackup, match="incomplete"):
        crypto.decrypt_file(enc, out, "pw")
    assert not out.exists()


def test_altered_reordered_or_extended_file_is_refused(tmp_path: Path) -> None:
    enc = tmp_path / "e"
    crypto.encrypt_file(_plain(tmp_path), enc, "pw", **FAST)
    good = enc.read_bytes()
    flipped = bytearray(good)
    flipped[crypto.HEADER_SIZE + 5000] ^= 1
    one = 4096 + 16
    body = good[crypto.HEADER_SIZE :]
    swapped = good[: crypto.HEADER_SIZE] + body[one : 2 * one] + body[:one] + body[2 * one :]
    for bad in (bytes(flipped), swapped, good + b"extra"):
        enc.write_bytes(bad)
        with pytest.raises(crypto.DamagedBackup, match="damaged or was altered"):
            crypto.decrypt_file(enc, tmp_path / "o", "pw")
    header_changed = bytearray(good)
    header_changed[20] ^= 1  # inside the salt: the key changes, so it reads as a wrong password
    enc.write_bytes(bytes(header_changed))
    with pytest.raises(UserError):
        crypto.decrypt_file(enc, tmp_path / "o", "pw")


@pytest.mark.parametrize(
    "content", [b"", b"garbage that is not a backup", b"SQLite format 3\x00" + bytes(100)]
)
def test_a_file_that_is_not_an_encrypted_backup(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.hgbak"
    path.write_bytes(content)
    with pytest.raises(crypto.NotABackup, match="not an encrypted HoaGiai backup"):
        crypto.decrypt_file(path, tmp_path / "o", "pw")


def test_no_names_in_clear_text_in_an_encrypted_backup(filled: Any, tmp_path: Path) -> None:
    plain = backup.backup_to(filled, tmp_path / "plain.sqlite3")
    assert SECRET_NAME.encode("utf-8") in plain.read_bytes()  # the test would see a name if it were there
    (tmp_path / "usb").mkdir()
    enc = backup.backup_to(filled, str(tmp_path / "usb") + "/", password="mật khẩu")
    data = enc.read_bytes()
    assert enc.suffix == ".hgbak" and data.startswith(crypto.MAGIC)
    for needle in (
        SECRET_NAME,
        "Hường",
        "Huong",
        "Trần Văn Đức",
        "Việt Hòa",
        "Tranh chấp",
        "case_file",
        "SQLite",
    ):
        for form in ("NFC", "NFD"):
            assert unicodedata.normalize(form, needle).encode("utf-8") not in data
        assert needle.encode("utf-16-le") not in data


def test_password_file(tmp_path: Path) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text("  bí mật \nsecond line\n", encoding="utf-8")
    assert crypto.read_password_file(pw) == "bí mật"
    pw.write_text("\n", encoding="utf-8")
    with pytest.raises(UserError, match="empty"):
        crypto.read_password_file(pw)
    with pytest.raises(UserError, match="Cannot read"):
        crypto.read_password_file(tmp_path / "missing")
