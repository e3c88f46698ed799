"""Whose data file this is — a commune's or a province's (DOMAIN §8).

One Core query, cheap enough for every command and every start of the window to ask without loading the ORM or
the province's modules (``hoagiai stats`` asks it before choosing commune figures or the province's totals).
"""

from __future__ import annotations

from sqlalchemy import select

from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.storage.database import Database


def is_province(db: Database) -> bool:
    """True when the unit that owns the file is a province (``tinh``)."""
    with db.reading_connection() as conn:
        kind = conn.scalar(select(t.unit.c.kind).order_by(t.unit.c.id).limit(1))
    return kind is UnitKind.TINH
