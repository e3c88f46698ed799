"""Migrations: from an empty file, idempotent, backup before upgrading, refusal of newer or foreign files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from hoagiai_desktop.domain.models import Base
from hoagiai_desktop.errors import DatabaseTooNew, UserError
from hoagiai_desktop.storage import migrate
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.opening import open_database


def test_empty_file_is_migrated_to_head_with_every_table(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert {"fts_mediator", "fts_case"} <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()


def test_schema_of_migrations_matches_the_models(db_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # The FTS5 virtual tables (and their shadow tables) are created by hand in the migration, not by models.
        diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("fts_"))]
        assert diff == []
    finally:
        db.dispose()


def test_reopening_does_nothing_and_takes_no_backup(db_path: Path) -> None:
    open_database(db_path).dispose()
    db = Database(db_path)
    try:
        assert migrate.upgrade(db) is None
    finally:
        db.dispose()
    assert not (db_path.parent / "backups").exists()


def test_older_database_is_backed_up_before_upgrading(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the shipped migrations plus one newer revision stands in for the next version of the app."""
    open_database(db_path).dispose()
    shipped_head = migrate.head_revision()  # the next version's revision follows whatever ships today
    with Database(db_path).transaction() as session:
        session.execute(
            text(
                "INSERT INTO village (code, name, kind, ethnic_area, name_fold, sort_key) "
                "VALUES ('T1', 'Thôn Một', 'thon', 0, 'thon mot', '')"
            )
        )
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "9999_test_note.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999_test_note'\ndown_revision = '{shipped_head}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    with op.batch_alter_table('village') as b:\n"
        "        b.add_column(sa.Column('test_note', sa.String(20), server_default='cũ'))\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", newer)
    db = Database(db_path)
    try:
        backup = migrate.upgrade(db)
        assert migrate.current_revision(db) == "9999_test_note"
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name, test_note FROM village")).one() == ("Thôn Một", "cũ")
    finally:
        db.dispose()
    assert backup is not None and Path(backup).exists()
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == shipped_head
        assert con.execute("SELECT name FROM village").fetchone()[0] == "Thôn Một"
    finally:
        con.close()


def test_newer_database_is_refused_in_one_sentence(db_path: Path) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseTooNew) as err:
        open_database(db_path)
    assert "newer version" in str(err.value) or "phiên bản mới" in str(err.value)


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE stuff (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UserError):
        open_database(path)
    assert path.read_bytes() == before


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("hello")
    with pytest.raises(UserError):
        open_database(path)
    assert path.read_text() == "hello"


def test_the_quick_head_is_alembics_head(db_path: Path) -> None:
    """Opening a current file decides "nothing to do" from the revision files without loading alembic: the
    revision it reads them as must be the one alembic finds (a new migration file changes both)."""
    assert migrate.shipped_head() == migrate.head_revision()
    db = open_database(db_path)
    try:
        assert migrate.stored_revision(db) == migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()
