"""Fixtures: a province data file with a registry of three communes (one carrying two merged predecessors)."""

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


@pytest.fixture
def province(tmp_path: Path) -> Iterator[Any]:
    db = open_database(tmp_path / "province.sqlite3")
    province_registry.init_province(db, "Cao Bằng", "04")
    province_registry.import_communes(db, registry_xlsx(tmp_path / "registry.xlsx", REGISTRY))
    yield db
    db.dispose()
