"""This unit's key pairs, made on first use and kept in the database (DOMAIN §8).

``sign`` is the Ed25519 pair that signs packages (commune) and receipts (province); ``seal`` is the X25519 pair a
commune seals its roster to (province). Only public halves and fingerprints leave this module's callers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.province import keys
from hoagiai_desktop.services import users
from hoagiai_desktop.services.common import writing
from hoagiai_desktop.storage.database import Database

SIGN = "sign"
SEAL = "seal"
_MAKERS = {SIGN: keys.new_signing_pair, SEAL: keys.new_sealing_pair}


@dataclass(frozen=True)
class PublicKeys:
    signing: str
    sealing: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing)


def key_pair(db: Database, purpose: str) -> keys.KeyPair:
    """The unit's pair for ``purpose``, made and stored the first time it is asked for."""
    with db.reading() as s:
        row = s.scalar(select(m.UnitKey).where(m.UnitKey.purpose == purpose))
        if row is not None:
            return keys.KeyPair(private=row.private_key, public=row.public_key)
    pair = _MAKERS[purpose]()
    try:  # any logged-in user may cause the first use (showing the fingerprint); a key is not a commune record
        with writing(db, role=users.VIEWER) as s:
            row = s.scalar(select(m.UnitKey).where(m.UnitKey.purpose == purpose))
            if row is not None:
                return keys.KeyPair(private=row.private_key, public=row.public_key)
            s.add(
                m.UnitKey(
                    purpose=purpose, private_key=pair.private, public_key=pair.public,
                    created_at=dt.datetime.now().replace(microsecond=0),
                )
            )  # fmt: skip
    except IntegrityError:
        # Server mode: another officer's program made the pair between our read and our insert (the purpose is
        # unique); theirs is the unit's key now — use it, never a second one.
        with db.reading() as s:
            row = s.scalars(select(m.UnitKey).where(m.UnitKey.purpose == purpose)).one()
            return keys.KeyPair(private=row.private_key, public=row.public_key)
    return pair


def public_keys(db: Database) -> PublicKeys:
    """Both public halves (making the pairs on first use)."""
    return PublicKeys(signing=key_pair(db, SIGN).public, sealing=key_pair(db, SEAL).public)


def existing_fingerprint(db: Database) -> str | None:
    """The signing key's fingerprint without making one (for read-only views)."""
    with db.reading() as s:
        public = s.scalar(select(m.UnitKey.public_key).where(m.UnitKey.purpose == SIGN))
    return keys.fingerprint(public) if public else None
