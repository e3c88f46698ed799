"""A backup carries its own digest and the app's schema fingerprint, inside the file.

Why inside: a backup is often copied alone (one file to a USB stick, mailed, moved by hand); a sidecar manifest
would be lost on the way. So the seal lives in the backup's own ``setting`` table and SQLite header:

* ``backup.sha256`` — SHA-256 of the whole file, computed with these 64 hex digits replaced by ``0``×64 (the
  placeholder they were written over, in place, after the file was complete: the text of a record can be changed
  byte for byte without touching anything else SQLite reads);
* ``backup.schema`` — SHA-256 of the schema objects (tables, indexes, triggers, views and their SQL);
* the header's ``application_id`` is ``HGBS`` ("HoaGiai backup, sealed"), so a flipped byte in the key name
  cannot turn a sealed backup into an unsealed one: a sealed file without a readable digest is refused.

``check_seal(path)`` reads it back: any byte changed anywhere in the file (header, pages, free space, the digest
itself) gives a different SHA-256 and the backup is refused. Backups written before version 2 of the format carry
no seal; they are restored only after the strict schema check (``schema.check``) and integrity check, and the
preview says that they were checked by structure only.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

SEAL_ID = int.from_bytes(b"HGBS", "big")  # PRAGMA application_id of a sealed backup
DIGEST_KEY = "backup.sha256"
SCHEMA_KEY = "backup.schema"
FORMAT_KEY = "backup.format"
FORMAT = "2"
PLACEHOLDER = "0" * 64
_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Seal:
    sealed: bool  # False: a backup (or data file) from before seals; checked by structure only
    schema: str | None = None


def _altered(path: Path) -> UserError:
    return UserError(
        _(
            "The backup {path} does not match the digest written into it: it was changed or damaged after it was "
            "made, so it is not restored; choose another backup."
        ).format(path=path.name)
    )


def _scan(path: Path, needle: bytes) -> tuple[str, list[int]]:
    """SHA-256 of the file with every occurrence of ``needle`` replaced by the placeholder, and where they are."""
    digest = hashlib.sha256()
    found: list[int] = []
    keep = len(needle) - 1
    tail = b""
    offset = 0  # file offset of ``tail[0]``
    blank = PLACEHOLDER.encode()
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            data = tail + block
            if not block:
                digest.update(data)
                break
            start = 0
            while (at := data.find(needle, start)) != -1:
                found.append(offset + at)
                data = data[:at] + blank + data[at + len(needle) :]
                start = at + len(needle)
            cut = max(len(data) - keep, start)
            digest.update(data[:cut])
            tail = data[cut:]
            offset += cut
    return digest.hexdigest(), found


def schema_rows(con: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """The schema objects that matter, normalised: (type, name, table, SQL with single spaces).

    SQLite's own statistics and sequence tables are left out: ANALYZE and AUTOINCREMENT make them on their own.
    """
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    out = []
    for kind, name, table, sql in rows:
        if name in ("sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"):
            continue
        out.append((str(kind), str(name), str(table), " ".join(str(sql or "").split())))
    return sorted(out)


def fingerprint(rows: list[tuple[str, str, str, str]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\x1f".join(row).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def seal(path: Path) -> None:
    """Write the seal into the finished backup ``path`` (no other connection open, rollback-journal mode)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA secure_delete=ON")  # freed space keeps no stale copy of the placeholder
        schema = fingerprint(schema_rows(con))
        with con:
            for key, value in ((FORMAT_KEY, FORMAT), (SCHEMA_KEY, schema), (DIGEST_KEY, PLACEHOLDER)):
                con.execute("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (key, value))
            con.execute(f"PRAGMA application_id={SEAL_ID}")
    finally:
        con.close()
    digest, where = _scan(path, PLACEHOLDER.encode())
    if len(where) != 1:  # the placeholder text also occurs in the data: compact, then it is the only one left
        con = sqlite3.connect(path)
        try:
            con.execute("VACUUM")
        finally:
            con.close()
        digest, where = _scan(path, PLACEHOLDER.encode())
        if len(where) != 1:
            raise UserError(_("The backup could not be sealed with its digest; try again."))
    with path.open("rb+") as fh:
        fh.seek(where[0])
        fh.write(digest.encode("ascii"))
        fh.flush()
        os.fsync(fh.fileno())


def _read(con: sqlite3.Connection) -> tuple[int, dict[str, str]]:
    app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
    try:
        rows = con.execute(
            "SELECT key, value FROM setting WHERE key IN (?, ?, ?)", (DIGEST_KEY, SCHEMA_KEY, FORMAT_KEY)
        ).fetchall()
    except sqlite3.DatabaseError:
        rows = []
    return app_id, {str(k): str(v) for k, v in rows if v is not None}


def check_seal(path: Path, source: Path | None = None) -> Seal:
    """Verify the seal of the plain SQLite file ``path`` before anything else reads it; raise if it does not hold.

    ``source`` is the name to show (the file the user chose, when ``path`` is a decrypted copy).
    """
    source = source or path
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id, values = _read(con)
    finally:
        con.close()
    digest = values.get(DIGEST_KEY)
    if app_id == 0 and not values:
        return Seal(sealed=False)
    if app_id != SEAL_ID or digest is None or len(digest) != 64 or values.get(FORMAT_KEY) != FORMAT:
        raise _altered(source)
    try:
        bytes.fromhex(digest)
    except ValueError as exc:
        raise _altered(source) from exc
    actual, where = _scan(path, digest.encode("ascii"))
    if actual != digest or len(where) != 1:
        raise _altered(source)
    return Seal(sealed=True, schema=values.get(SCHEMA_KEY))


def unseal(con: sqlite3.Connection) -> None:
    """A restored file is data again: no seal (the caller deletes the other ``backup.*`` keys)."""
    con.execute("PRAGMA application_id=0")


def is_sealed_file(path: Path) -> bool:
    """Does the SQLite header say "sealed backup" (bytes 68–71, read without opening the database)?"""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(72)
    except OSError:
        return False
    return len(head) == 72 and int.from_bytes(head[68:72], "big") == SEAL_ID


def unseal_data_file(path: Path) -> bool:
    """A sealed backup opened for writing as a data file becomes data: its seal would no longer match once
    anything is written, and a later restore from it would then be refused as altered. True if it was sealed."""
    if not is_sealed_file(path):
        return False
    clear_stamp(path)
    return True


def clear_stamp(path: Path) -> None:
    """Make a backup file data again: drop its ``backup.*`` stamp and its seal."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute("DELETE FROM setting WHERE substr(key, 1, 7) = 'backup.'")
        unseal(con)
    finally:
        con.close()
