"""A backup must hold exactly the schema this app makes — nothing more, nothing less.

A restored file is opened by the app and written to, so a planted trigger or view would run with the user's
data (e.g. copy every new name into a hidden table), and a missing table would break the app later. The schema
the app makes at the backup's revision is built once per process in memory (by running the same migrations on an
empty database) and compared object by object: type, name, table and SQL text (spaces normalised).
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.storage.seal import schema_rows

_KINDS = {
    "table": N_("a table"),
    "index": N_("an index"),
    "trigger": N_("a trigger"),
    "view": N_("a view"),
}

_ORDER = {"trigger": 0, "view": 1, "table": 2, "index": 3}


@functools.lru_cache(maxsize=8)
def expected_rows(revision: str) -> tuple[tuple[str, str, str, str], ...]:
    """The schema objects an empty database has after the migrations up to ``revision``."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from hoagiai_desktop.storage.migrate import alembic_config

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        raw = engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert isinstance(dbapi, sqlite3.Connection)
            return tuple(schema_rows(dbapi))
        finally:
            raw.close()
    finally:
        engine.dispose()


def check(con: sqlite3.Connection, revision: str, source: Path) -> None:
    """Raise one sentence when the schema of ``con`` differs from what the app makes at ``revision``."""
    actual = {(kind, name): (table, sql) for kind, name, table, sql in schema_rows(con)}
    expected = {(kind, name): (table, sql) for kind, name, table, sql in expected_rows(revision)}
    for key in sorted(set(expected) - set(actual)):
        kind, name = key
        if kind == "table":
            raise UserError(
                _(
                    "The backup {path} lacks the table “{name}” that HoaGiai needs; it is incomplete and is not "
                    "restored. Choose another backup."
                ).format(path=source.name, name=name)
            )
    # the most dangerous first: a trigger or view runs code, a table or index only holds data
    extra = sorted(set(actual) - set(expected), key=lambda k: (_ORDER.get(k[0], 9), k[1]))
    if extra:
        kind, name = extra[0]
        raise UserError(
            _(
                "The backup {path} holds {kind} “{name}” that HoaGiai does not make; it may have been tampered "
                "with, so it is not restored. Choose another backup."
            ).format(path=source.name, kind=_(_KINDS.get(kind, kind)), name=name[:60])
        )
    changed = sorted(k for k in expected if actual.get(k) != expected[k])
    if changed:
        kind, name = changed[0]
        raise UserError(
            _(
                "The backup {path} has {kind} “{name}” that differs from what HoaGiai makes; it may have been "
                "tampered with, so it is not restored. Choose another backup."
            ).format(path=source.name, kind=_(_KINDS.get(kind, kind)), name=name[:60])
        )
