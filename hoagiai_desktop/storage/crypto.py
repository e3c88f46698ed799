"""Encrypted backups for anything that leaves the PC: AES-256-GCM, key from the password by scrypt.

File format (version 1), all integers big-endian::

    magic      8  b"HGBAKENC"
    version    1  1
    log2_n     1  scrypt cost (15 → N = 32768)
    r, p       1+1
    salt      16
    nonce      7  random prefix of every chunk nonce
    chunk      4  plaintext bytes per chunk
    size       8  plaintext size (so a cut-short file is recognised as such)
    check     16  GCM tag over the header above: tells a wrong password from a damaged file
    chunks     …  each = AES-GCM(plaintext chunk) + 16-byte tag; nonce = prefix ‖ counter(4) ‖ last-flag(1)

Every chunk is authenticated with the header as associated data, numbered, and the last one is flagged, so
re-ordered, cut-short, extended or altered files are all refused. Nothing of the plaintext (names, addresses)
is visible in the file.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.safe_files import atomic_writer

MAGIC = b"HGBAKENC"
VERSION = 1
ENCRYPTED_SUFFIX = ".hgbak"
_HEAD = struct.Struct(">8sBBBB16s7sIQ")  # magic, version, log2_n, r, p, salt, nonce prefix, chunk, size
HEADER_SIZE = _HEAD.size + 16
TAG = 16
DEFAULT_CHUNK = 1024 * 1024
DEFAULT_LOG2_N = 15
MAX_LOG2_N = 20
MAX_CHUNK = 64 * 1024 * 1024
# The scrypt parameters come from the file, before anything in it can be authenticated, so they are bounded:
# memory is 128·r·N bytes and time grows with N·r·p. The app writes N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s);
# a file may ask for at most twice that memory and four times that work. Without the bound three edited header
# bytes made a restore take 2.6 GB for two minutes (or more than 4 GiB).
MAX_SCRYPT_MEMORY = 64 * 1024 * 1024
MAX_SCRYPT_WORK = 4 * (2**DEFAULT_LOG2_N) * 8


class WrongPassword(UserError):
    pass


class NotABackup(UserError):
    pass


class DamagedBackup(UserError):
    pass


def _not_a_backup(path: Path) -> NotABackup:
    return NotABackup(
        _("{path} is not an encrypted HoaGiai backup; choose another file.").format(path=path.name)
    )


def _truncated(path: Path) -> DamagedBackup:
    return DamagedBackup(
        _(
            "The backup {path} is incomplete (it was cut short, perhaps while copying); use another copy."
        ).format(path=path.name)
    )


def _damaged(path: Path) -> DamagedBackup:
    return DamagedBackup(
        _("The backup {path} is damaged or was altered and cannot be opened; use another copy.").format(
            path=path.name
        )
    )


def read_password_file(path: Path) -> str:
    """The password is the first line of the file (trailing newline and spaces ignored)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read the password file {path}.").format(path=path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(_("The password file {path} is not UTF-8 text.").format(path=path)) from exc
    lines = text.splitlines()
    password = lines[0].strip() if lines else ""
    if not password:
        raise UserError(
            _("The password file {path} is empty; write the password on its first line.").format(path=path)
        )
    return password


def _derive(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    import unicodedata

    data = unicodedata.normalize("NFC", password).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(data)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


_CHECK_NONCE_COUNTER = 0xFFFFFFFF


@dataclass(frozen=True)
class Header:
    log2_n: int
    r: int
    p: int
    salt: bytes
    prefix: bytes
    chunk: int
    size: int
    raw: bytes  # the header bytes without the check tag (associated data of every chunk)
    check: bytes

    @property
    def chunks(self) -> int:
        return max(1, -(-self.size // self.chunk))

    @property
    def file_size(self) -> int:
        return HEADER_SIZE + self.size + self.chunks * TAG


def is_encrypted(path: Path) -> bool:
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _read_header(fh: BinaryIO, path: Path) -> Header:
    data = fh.read(HEADER_SIZE)
    if not data.startswith(MAGIC[: len(data)]) or len(data) < len(MAGIC):
        raise _not_a_backup(path)
    if len(data) < HEADER_SIZE:
        raise _truncated(path)
    _magic, version, log2_n, r, p, salt, prefix, chunk, size = _HEAD.unpack(data[: _HEAD.size])
    if version != VERSION:
        raise UserError(
            _(
                "The backup {path} was made by a newer version of HoaGiai; install the newer version to open it."
            ).format(path=path.name)
        )
    if not (10 <= log2_n <= MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 16 and 16 <= chunk <= MAX_CHUNK):
        raise _damaged(path)
    if not scrypt_bounded(log2_n, r, p):
        raise DamagedBackup(
            _(
                "The backup {path} asks for far more memory or time to check its password than HoaGiai ever "
                "uses; it was altered or damaged and is not opened. Use another copy."
            ).format(path=path.name)
        )
    return Header(log2_n, r, p, salt, prefix, chunk, size, data[: _HEAD.size], data[_HEAD.size :])


def scrypt_bounded(log2_n: int, r: int, p: int) -> bool:
    """True when deriving the key with these parameters stays within the memory and time HoaGiai allows."""
    n: int = 1 << log2_n
    return 128 * r * n <= MAX_SCRYPT_MEMORY and n * r * p <= MAX_SCRYPT_WORK


def encrypt_file(
    source: Path,
    target: Path,
    password: str,
    *,
    chunk: int = DEFAULT_CHUNK,
    log2_n: int = DEFAULT_LOG2_N,
) -> None:
    """Encrypt ``source`` into ``target`` (temp name, fsync, rename). ``target`` appears only when complete."""
    if not password:
        raise UserError(_("An encrypted backup needs a password."))
    source, target = Path(source), Path(target)
    size = source.stat().st_size
    salt, prefix = os.urandom(16), os.urandom(7)
    r, p = 8, 1
    head = _HEAD.pack(MAGIC, VERSION, log2_n, r, p, salt, prefix, chunk, size)
    aes = AESGCM(_derive(password, salt, log2_n, r, p))
    check = aes.encrypt(_nonce(prefix, _CHECK_NONCE_COUNTER, True), b"", head)
    chunks = max(1, -(-size // chunk))
    with source.open("rb") as src, atomic_writer(target) as out:
        out.write(head + check)
        for index in range(chunks):
            block = src.read(chunk)
            out.write(aes.encrypt(_nonce(prefix, index, index == chunks - 1), block, head))
        if src.read(1):
            raise UserError(
                _("The file {path} changed while it was being encrypted; try again.").format(path=source)
            )


def _decrypted_chunks(path: Path, password: str) -> Iterator[bytes]:
    with Path(path).open("rb") as fh:
        header = _read_header(fh, path)
        try:
            aes = AESGCM(_derive(password, header.salt, header.log2_n, header.r, header.p))
        except (ValueError, MemoryError) as exc:
            raise _damaged(path) from exc
        try:
            aes.decrypt(_nonce(header.prefix, _CHECK_NONCE_COUNTER, True), header.check, header.raw)
        except InvalidTag as exc:
            raise WrongPassword(
                _("The password is wrong for the backup {path}; check it and try again.").format(
                    path=path.name
                )
            ) from exc
        actual = os.fstat(fh.fileno()).st_size
        if actual < header.file_size:
            raise _truncated(path)
        if actual > header.file_size:
            raise _damaged(path)
        for index in range(header.chunks):
            last = index == header.chunks - 1
            want = (header.size - index * header.chunk if last else header.chunk) + TAG
            data = fh.read(want)
            if len(data) != want:
                raise _truncated(path)
            try:
                yield aes.decrypt(_nonce(header.prefix, index, last), data, header.raw)
            except InvalidTag as exc:
                raise _damaged(path) from exc


def check_password(path: Path, password: str) -> None:
    """Raise ``NotABackup`` / ``WrongPassword`` / ``DamagedBackup`` early, before reading the whole file."""
    with Path(path).open("rb") as fh:
        header = _read_header(fh, path)
    aes = AESGCM(_derive(password, header.salt, header.log2_n, header.r, header.p))
    try:
        aes.decrypt(_nonce(header.prefix, _CHECK_NONCE_COUNTER, True), header.check, header.raw)
    except InvalidTag as exc:
        raise WrongPassword(
            _("The password is wrong for the backup {path}; check it and try again.").format(path=path.name)
        ) from exc


def decrypt_file(source: Path, target: Path, password: str) -> None:
    """Decrypt and authenticate every byte of ``source`` into ``target``; nothing appears if any check fails."""
    source, target = Path(source), Path(target)
    try:
        with atomic_writer(target) as out:
            for block in _decrypted_chunks(source, password):
                out.write(block)
    except OSError as exc:  # reading the source (the writer's errors are already DriveErrors)
        raise UserError(_("Cannot read {path}; check that the file exists.").format(path=source)) from exc
