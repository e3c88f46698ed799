"""The report package (``.hgp``) a commune sends to the province: one ZIP, a signed manifest, hashes of the rest.

Members: ``manifest.json`` (what the package is, with the SHA-256 of every other member), ``signature`` (base64 of
the Ed25519 signature over the exact bytes of ``manifest.json``), ``figures.json`` (commune row and team rows),
the PDFs of the papers sent, and optionally ``roster.sealed`` (the roster sealed to the province's X25519 key).
Nothing else may be in it; the reader refuses any other name (see :mod:`hoagiai_desktop.province.checks`).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from typing import Any

from hoagiai_desktop.province import keys

PACKAGE_FORMAT = "hoagiai-package/1"
FIGURES_FORMAT = "hoagiai-figures/1"
ROSTER_FORMAT = "hoagiai-roster/1"
SUFFIX = ".hgp"

MANIFEST = "manifest.json"
SIGNATURE = "signature"
FIGURES = "figures.json"
ROSTER = "roster.sealed"
PAPERS = ("thong-ke", "bao-cao", "de-an")
PAPER_FILES = tuple(f"{p}.pdf" for p in PAPERS)
ALLOWED_MEMBERS = frozenset({MANIFEST, SIGNATURE, FIGURES, ROSTER, *PAPER_FILES})

# Roster fields a package may carry — never addresses, phones, parties or case text (DOMAIN §8).
ROSTER_FIELDS = ("name", "sex", "birth_year", "ethnicity", "team", "role", "trained")


def canonical_json(data: Any) -> bytes:
    """The one byte form of a JSON document that is hashed or signed (sorted keys, UTF-8, no spaces)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_id(unit_code: str, signing_public: str, finalised_id: int, finalised_at: str) -> str:
    """The same finalisation always gives the same id, so sending it twice is recognised at the province."""
    seed = "|".join(("hgp1", unit_code, signing_public, str(finalised_id), finalised_at))
    return sha256_hex(seed.encode("utf-8"))[:32]


def file_name(unit_code: str, period_code: str, pkg_id: str) -> str:
    """``HoaGiai_26734_2025-H1_3f2a91c0.hgp`` — ASCII only, so every drive format accepts it."""
    text = unicodedata.normalize("NFKD", f"{unit_code}_{period_code}")
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", text.encode("ascii", "ignore").decode("ascii")).strip("-")
    return f"HoaGiai_{text}_{pkg_id[:8]}{SUFFIX}"


def _zip_time(created_at: str) -> tuple[int, int, int, int, int, int]:
    """ZIP entries carry the package's creation time, not the clock of the moment, so a rebuild is identical."""
    date, _, time = created_at.partition("T")
    y, mo, d = (int(x) for x in date.split("-"))
    h, mi, s = (int(x) for x in (time or "00:00:00")[:8].split(":"))
    return (max(y, 1980), mo, d, h, mi, s)


def build(manifest: dict[str, Any], members: dict[str, bytes], signing_private: str) -> bytes:
    """The package's bytes: ``members`` hashed into ``manifest['files']``, the manifest signed, all zipped."""
    unknown = set(members) - ALLOWED_MEMBERS
    if unknown or MANIFEST in members or SIGNATURE in members:
        raise ValueError(f"not a package member: {sorted(unknown) or [MANIFEST, SIGNATURE]}")
    manifest = dict(manifest, format=PACKAGE_FORMAT)
    manifest["files"] = {name: sha256_hex(data) for name, data in sorted(members.items())}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    signature = keys.b64(keys.sign(signing_private, manifest_bytes)).encode("ascii")
    when = _zip_time(str(manifest["created_at"]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in [(MANIFEST, manifest_bytes), (SIGNATURE, signature), *sorted(members.items())]:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()
