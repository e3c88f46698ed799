"""Generators of hostile backups, made from a real backup at test time (no binary fixtures).

Each returns the path of a new file; the good backup it starts from is left as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path

from hoagiai_desktop.storage import seal


def copy(good: Path, out: Path) -> Path:
    shutil.copyfile(good, out)
    return out


def flipped(good: Path, out: Path, offset: int, mask: int = 0x01) -> Path:
    """The good backup with one bit of one byte flipped at ``offset`` (nothing else touched)."""
    data = bytearray(good.read_bytes())
    data[offset] ^= mask
    out.write_bytes(bytes(data))
    return out


def spread_offsets(size: int, count: int) -> list[int]:
    """``count`` offsets over the whole file: the header, the seal, every region of the pages, the last byte."""
    fixed = [0, 16, 18, 24, 28, 40, 56, 60, 68, 71, 92, 96, 99, 100, size - 1]
    step = max(1, size // max(1, count - len(fixed)))
    return sorted({o for o in (*fixed, *range(step // 2, size, step)) if 0 <= o < size})


def digest_offset(path: Path) -> int:
    """Where the 64 hex digits of the seal are in the file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        value = con.execute("SELECT value FROM setting WHERE key = ?", (seal.DIGEST_KEY,)).fetchone()[0]
    finally:
        con.close()
    return path.read_bytes().index(str(value).encode())


def edited(good: Path, out: Path, sql: str, *, reseal: bool) -> Path:
    """The good backup with ``sql`` run in it; ``reseal``: the attacker also recomputes the digest (it is a
    checksum, not a signature — the schema check must catch what a resealed file hides)."""
    copy(good, out)
    con = sqlite3.connect(out)
    try:
        con.executescript(sql)
        con.commit()
    finally:
        con.close()
    if reseal:
        seal.seal(out)
    return out


PLANTS = {
    "trigger": "CREATE TABLE loot(x); CREATE TRIGGER steal AFTER INSERT ON party "
    "BEGIN INSERT INTO loot VALUES (new.name); END;",
    "view": "CREATE VIEW everyone AS SELECT name FROM party;",
    "table": "CREATE TABLE extra_table(x TEXT);",
    "index": "CREATE INDEX sneaky ON party(name);",
    "changed": "ALTER TABLE party ADD COLUMN note TEXT;",
    "missing": "PRAGMA foreign_keys=OFF; DROP TABLE attendance;",
}


def unsealed(good: Path, out: Path) -> Path:
    """The same backup as an older version wrote it: no ``backup.sha256``/``schema``/``format``, no header id."""
    return edited(
        good,
        out,
        "DELETE FROM setting WHERE key IN ('backup.sha256', 'backup.schema', 'backup.format');"
        "PRAGMA application_id=0;",
        reseal=False,
    )


def scrypt_header(good: Path, out: Path, *, log2_n: int, r: int, p: int) -> Path:
    """An encrypted backup whose scrypt parameters (three header bytes) were edited."""
    data = bytearray(good.read_bytes())
    struct.pack_into(">BBB", data, 9, log2_n, r, p)
    out.write_bytes(bytes(data))
    return out
