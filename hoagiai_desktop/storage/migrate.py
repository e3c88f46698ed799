"""Bring a database to the schema this version expects — safely.

* an empty database is created at the newest revision;
* an older one is backed up first (verified copy beside it), then upgraded;
* one written by a newer version of the app (an unknown revision) is refused with a clear sentence;
* a file that is not a HoaGiai database is refused, never touched.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from hoagiai_desktop.errors import DatabaseTooNew, UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (about a third of a second to import) is loaded only when a file is not at the newest revision: opening
# a current file — every start of the window — reads the stored revision and the revisions' names without it.

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"""^(down_revision|revision)\s*=\s*['"]?([^'"\s]+)['"]?""", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def shipped_head() -> str | None:
    """The newest revision, read from the revision files' ``revision`` / ``down_revision`` lines (the one that is
    nobody's parent); None when that is not one revision (alembic then decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if name == "down_revision" else revisions).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(db: Database) -> str | None:
    """The revision written in the file (None for a new file), read with one query."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(db: Database) -> bool:
    head = shipped_head()
    if head is not None:  # decided without loading alembic, as in upgrade() (a reader beside the window)
        return stored_revision(db) != head
    return current_revision(db) != head_revision()


def upgrade(db: Database, *, backup_first: bool = True) -> str | None:
    """Upgrade ``db`` to the newest schema. Returns the path of the pre-migration backup, if one was taken."""
    head = shipped_head()
    if head is not None and stored_revision(db) == head:
        return None  # already current: the usual case, decided without loading alembic
    from alembic import command
    from alembic.script import ScriptDirectory

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
