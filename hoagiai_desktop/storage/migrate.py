"""Bring a database to the schema this version expects — safely.

* an empty database is created at the newest revision;
* an older one is backed up first (verified copy beside it), then upgraded;
* one written by a newer version of the app (an unknown revision) is refused with a clear sentence;
* a file that is not a HoaGiai database is refused, never touched.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from hoagiai_desktop.errors import DatabaseTooNew, UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, *, backup_first: bool = True) -> str | None:
    """Upgrade ``db`` to the newest schema. Returns the path of the pre-migration backup, if one was taken."""
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    current = current_revision(db)
    if current == script.get_current_head():
        return None
    if current is not None and current not in known:
        raise DatabaseTooNew(
            _(
                "This data file was written by a newer version of HoaGiai; install the newer version to open it."
            )
        )
    if current is None:
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        if tables:
            raise UserError(_("This file is not a HoaGiai data file; choose another file."))
    backup_path = None
    if current is not None and backup_first and db.path is not None:
        from hoagiai_desktop.storage.backup import make_backup

        backup_path = str(make_backup(db, reason="migration").path)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup_path
