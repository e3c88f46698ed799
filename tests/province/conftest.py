"""Fixtures: a province data file with a registry of three communes (one carrying two merged predecessors).

Every province test runs twice: on a SQLite file (the one-person office) and on a fresh database of the session's
throw-away PostgreSQL cluster (server mode, DOMAIN §8) — ``province_target`` is parametrized over both. The
PostgreSQL runs are marked ``postgres`` (``-m "not postgres"`` for a quick run without the cluster).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.services import province_registry
from hoagiai_desktop.storage.opening import open_database
from tests.province.helpers import registry_xlsx

REGISTRY = [
    ("26734", "Tiên Phong", "xã", ""),
    ("26740", "Hòa Bình", "phường", "26741, 26742"),
    ("26750", "Cô Tô", "đặc khu", ""),
]
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def province_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the province's data lives: a SQLite file, or a fresh database on the PostgreSQL cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "province.sqlite3")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def province(province_target: str, tmp_path: Path) -> Iterator[Any]:
    db = open_database(province_target)
    province_registry.init_province(db, "Cao Bằng", "04")
    province_registry.import_communes(db, registry_xlsx(tmp_path / "registry.xlsx", REGISTRY))
    yield db
    db.dispose()
