"""The reading connection is read-only at the database level: a write through ``Database.reading`` fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.storage.opening import open_database


def test_a_write_through_the_reader_fails_and_the_writer_still_writes(tmp_path: Path) -> None:
    db = open_database(tmp_path / "data.sqlite3")
    try:
        with db.transaction() as s:
            s.add(m.Setting(key="probe", value="1"))
        with pytest.raises(OperationalError, match=r"readonly|read-only|query_only"), db.reading() as s:
            s.execute(text("UPDATE setting SET value = '2' WHERE key = 'probe'"))
        with pytest.raises(OperationalError), db.reading() as s:
            s.add(m.Setting(key="sneaked", value="x"))
            s.flush()
        # the pooled connection the reader used is a writer again afterwards
        for value in ("3", "4"):
            with db.transaction() as s:
                s.execute(text("UPDATE setting SET value = :v WHERE key = 'probe'"), {"v": value})
            with db.reading() as s:
                assert s.scalar(select(m.Setting.value).where(m.Setting.key == "probe")) == value
                assert (
                    s.scalar(select(func.count()).select_from(m.Setting).where(m.Setting.key == "sneaked"))
                    == 0
                )
    finally:
        db.dispose()


def test_the_core_reader_is_read_only_too_and_needs_no_orm(tmp_path: Path) -> None:
    """``Database.reading_connection`` (what ``hoagiai stats`` reads through) refuses a write the same way, leaves
    the pooled connection a writer afterwards, and opening plus reading that way never makes the ORM session
    factory."""
    db = open_database(tmp_path / "data.sqlite3")
    try:
        with db.reading_connection() as conn:
            assert conn.scalar(text("SELECT COUNT(*) FROM setting")) == 0
        assert db._sessions is None  # no session was wanted yet: the ORM factory is made on first use
        with (
            pytest.raises(OperationalError, match=r"readonly|read-only|query_only"),
            db.reading_connection() as conn,
        ):
            conn.execute(text("INSERT INTO setting(key, value) VALUES ('sneaked', 'x')"))
        with db.transaction() as s:
            s.add(m.Setting(key="probe", value="1"))
        with db.reading_connection() as conn:
            assert conn.scalar(text("SELECT value FROM setting WHERE key = 'probe'")) == "1"
            assert conn.scalar(text("SELECT COUNT(*) FROM setting WHERE key = 'sneaked'")) == 0
    finally:
        db.dispose()
