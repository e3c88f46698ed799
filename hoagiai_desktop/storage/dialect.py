"""Which database a reader reads: the few queries that differ between SQLite and PostgreSQL ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def dialect_name(reader: Session | Connection) -> str:
    """``"sqlite"`` or ``"postgresql"``: the database an ORM session or a Core connection reads."""
    if isinstance(reader, Connection):
        return str(reader.dialect.name)
    return str(reader.get_bind().dialect.name)
