"""The receipt (``.hgr``) the province writes beside each package it stored, and the commune reads back.

A small JSON file: ``{"format", "receipt": {...}, "signature"}``, the signature being Ed25519 by the province over
the canonical bytes of ``receipt``. It carries the province's public keys, which is how a commune learns them
(trust on first use; a different key later is refused).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.province import keys
from hoagiai_desktop.province.package import canonical_json

RECEIPT_FORMAT = "hoagiai-receipt/1"
SUFFIX = ".hgr"
MAX_RECEIPT_BYTES = 256 * 1024

_FIELDS = (
    "number", "package_id", "package_sha256", "commune_code", "period", "received_at", "province_name",
    "province_code", "signing_key", "sealing_key", "counted",
)  # fmt: skip


@dataclass(frozen=True)
class Receipt:
    number: str
    package_id: str
    package_sha256: str
    commune_code: str
    period: str
    received_at: str  # ISO date-time at the province
    province_name: str
    province_code: str
    signing_key: str
    sealing_key: str
    counted: bool  # False when a newer finalisation of the same period had already arrived

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}


def build(receipt: Receipt, signing_private: str) -> bytes:
    body = receipt.as_dict()
    signature = keys.b64(keys.sign(signing_private, canonical_json(body)))
    doc = {"format": RECEIPT_FORMAT, "receipt": body, "signature": signature}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def read(path: Path) -> Receipt:
    """The receipt in ``path`` with its signature checked against the key it carries."""
    path = Path(path)
    bad = UserError(
        _("{file} is not a receipt from the province; ask the province to send the .hgr file again.").format(
            file=path.name
        )
    )
    try:
        if path.stat().st_size > MAX_RECEIPT_BYTES:
            raise bad
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise UserError(_("The file {path} does not exist.").format(path=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise bad from None
    if (
        not isinstance(doc, dict)
        or doc.get("format") != RECEIPT_FORMAT
        or not isinstance(doc.get("receipt"), dict)
    ):
        raise bad
    body = doc["receipt"]
    try:
        receipt = Receipt(**{name: body[name] for name in _FIELDS})
        signature = keys.unb64(str(doc["signature"]))
    except (KeyError, TypeError, ValueError):
        raise bad from None
    if set(body) != set(_FIELDS) or not keys.verify(receipt.signing_key, signature, canonical_json(body)):
        raise UserError(
            _(
                "{file} has a signature that does not match its content; ask the province to send it again."
            ).format(file=path.name)
        )
    return receipt
