"""The same import on a PostgreSQL server (a province may keep its data there): round trip and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import VillageKind
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.interchange import export_workbook, import_workbook
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.opening import open_database
from tests.interchange.test_roundtrip import build_commune

pytestmark = pytest.mark.postgres


def test_export_from_sqlite_imports_into_postgres_with_equal_figures(
    db: Database,
    pg_url: str,
    tmp_path: Path,
) -> None:
    build_commune(db)
    path = export_workbook(db, tmp_path / "xuat.xlsx").path
    server = open_database(pg_url)
    try:
        first = import_workbook(server, path)
        assert first.ok and first.written and first.backup_path is None  # server backups are the server's job
        again = import_workbook(server, path)
        assert again.ok and not again.written
        for code in ("2025", "2025-H1", "2024"):
            with db.reading() as a, server.reading() as b:
                assert indicators.compute(b, parse_period(code)) == indicators.compute(a, parse_period(code))
        with (
            server.transaction() as s
        ):  # ids of bulk-inserted rows came from the sequences: the ORM can go on
            s.add(m.Village(code="T99", name="Thôn Mới", kind=VillageKind.THON))
        with server.reading() as s:
            assert s.scalar(select(m.Village.name_fold).where(m.Village.code == "T01")) == "thon dong t01"
    finally:
        server.dispose()
