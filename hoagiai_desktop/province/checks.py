"""Every check a package passes before the province stores anything (DOMAIN §8), in the order they run.

The file itself: a regular file (not a link) of sane size, a real ZIP, few members, only the names the format
allows (which rules out path tricks, absolute names and links), no encrypted members, no member or total that
inflates beyond the limits (a bomb), every size checked while reading rather than trusted from the header. Then
the content: a manifest of this format, every member's SHA-256 as the manifest says, the Ed25519 signature over
the manifest, figures of the right shape, a period that parses. What needs the database (the commune in the
registry, its pinned key, the form definition, duplicates) is checked by the receiving service.

Each refusal is a :class:`PackageRefused` whose message is one sentence naming the file and saying what to do.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.province import keys
from hoagiai_desktop.province.package import (
    ALLOWED_MEMBERS,
    FIGURES,
    FIGURES_FORMAT,
    MANIFEST,
    PACKAGE_FORMAT,
    SIGNATURE,
)

MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = len(ALLOWED_MEMBERS)
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 80 * 1024 * 1024
MAX_RATIO = 200  # JSON and PDFs compress far less than this; bombs compress by thousands
RATIO_FLOOR = 1024 * 1024  # small members may compress well without being suspicious
MAX_TEAMS = 2000


class PackageRefused(UserError):
    """A package that failed a check; nothing of it was stored."""


@dataclass(frozen=True)
class CheckedPackage:
    """A package that passed every check that needs no database."""

    path: Path
    sha256: str
    manifest: dict[str, Any]
    figures: dict[str, Any]
    members: dict[str, bytes] = field(repr=False)
    period: Period

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def unit_code(self) -> str:
        return str(self.manifest["unit"]["code"])

    @property
    def signing_key(self) -> str:
        return str(self.manifest["signing_key"])


def _refuse(path: Path, sentence: str) -> PackageRefused:
    return PackageRefused(sentence.format(file=path.name))


def _not_package(path: Path) -> PackageRefused:
    return _refuse(
        path,
        _("{file} is not a HoaGiai report package; ask the commune to send it again with “hoagiai send”."),
    )


def _damaged(path: Path) -> PackageRefused:
    return _refuse(
        path, _("{file} was altered or damaged after it was signed; ask the commune to send it again.")
    )


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _path_trick(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in name or len(parts) > 1


def _check_entries(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if not infos or len(infos) > MAX_MEMBERS:
        raise _not_package(path)
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _path_trick(name) or _is_link(info):
            raise _refuse(
                path,
                _(
                    "{file} contains a file name that points outside the package; it is refused, do not open it."
                ),
            )
        if name in seen or name not in ALLOWED_MEMBERS or info.flag_bits & 0x1:
            raise _not_package(path)
        seen.add(name)
        total += info.file_size
        ratio_suspicious = info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        )
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or ratio_suspicious:
            raise _bomb(path)
    if MANIFEST not in seen or SIGNATURE not in seen or FIGURES not in seen:
        raise _not_package(path)


def _bomb(path: Path) -> PackageRefused:
    return _refuse(
        path, _("{file} would unpack to far more data than a report package holds; it is refused, delete it.")
    )


def _read_members(path: Path, zf: zipfile.ZipFile) -> dict[str, bytes]:
    """Read each member, counting the bytes really inflated (a header may lie about the size)."""
    out: dict[str, bytes] = {}
    total = 0
    for info in zf.infolist():
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
        total += len(data)
        if len(data) > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise _bomb(path)
        out[info.filename] = data
    return out


def _json(path: Path, data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _not_package(path) from None
    if not isinstance(value, dict):
        raise _not_package(path)
    return value


def _check_manifest(path: Path, manifest: dict[str, Any]) -> Period:
    if manifest.get("format") != PACKAGE_FORMAT:
        raise _refuse(
            path,
            _(
                "{file} was made by a newer or unknown version of the program; update HoaGiai Desktop and try again."
            ),
        )
    try:
        unit, period, definition, report = (
            manifest["unit"], manifest["period"], manifest["definition"], manifest["report"]
        )  # fmt: skip
        required = (
            manifest["package_id"], manifest["signing_key"], manifest["created_at"], unit["code"], unit["name"],
            period["code"], definition["form_id"], definition["version"], report["finalised_at"],
        )  # fmt: skip
        if not all(isinstance(x, str) and x for x in required) or not isinstance(manifest["files"], dict):
            raise _not_package(path)
        return parse_period(period["code"])
    except (KeyError, TypeError):
        raise _not_package(path) from None
    except UserError:
        raise _refuse(
            path, _("{file} is for a period this program does not know; ask the commune to check its report.")
        ) from None


def _check_figures(path: Path, figures: dict[str, Any]) -> None:
    def row_ok(row: Any) -> bool:
        if not isinstance(row, dict) or not isinstance(row.get("values"), dict):
            return False
        values = row["values"].values()
        return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)

    teams = figures.get("teams")
    if (
        figures.get("format") != FIGURES_FORMAT
        or not row_ok(figures.get("commune"))
        or not isinstance(teams, list)
        or len(teams) > MAX_TEAMS
        or not all(row_ok(t) and isinstance(t.get("code"), str) for t in teams)
    ):
        raise _not_package(path)


def _read(path: Path) -> bytes:
    """The file's bytes: a regular file (a link is refused, not followed) of sane size, looked at once."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise _not_package(path) from None
    except OSError:
        raise _refuse(path, _("{file} cannot be read; check the drive and try again.")) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_package(path)
    if info.st_size > MAX_PACKAGE_BYTES:
        raise _bomb(path)
    try:
        return path.read_bytes()
    except OSError:
        raise _refuse(path, _("{file} cannot be read; check the drive and try again.")) from None


def check_file(path: Path) -> CheckedPackage:
    """Read and check ``path``; raise :class:`PackageRefused` at the first problem."""
    path = Path(path)
    raw = _read(path)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        import io

        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            _check_entries(path, zf.infolist())
            members = _read_members(path, zf)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        raise _not_package(path) from None
    except (RuntimeError, OSError):  # zlib/CRC errors inside a member
        raise _damaged(path) from None
    manifest_bytes = members.pop(MANIFEST)
    manifest = _json(path, manifest_bytes)
    period = _check_manifest(path, manifest)
    listed: dict[str, Any] = manifest["files"]
    signature_text = members.pop(SIGNATURE)
    if set(listed) != set(members):
        raise _damaged(path)
    for name, data in members.items():
        if hashlib.sha256(data).hexdigest() != listed[name]:
            raise _damaged(path)
    try:
        signature = keys.unb64(signature_text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        raise _damaged(path) from None
    if not keys.verify(str(manifest["signing_key"]), signature, manifest_bytes):
        raise _refuse(
            path,
            _("{file} has a signature that does not match its content; ask the commune to send it again."),
        )
    figures = _json(path, members[FIGURES])
    _check_figures(path, figures)
    return CheckedPackage(
        path=path, sha256=digest, manifest=manifest, figures=figures, members=members, period=period
    )
