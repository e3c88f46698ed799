"""Fixtures for the service tests: a pinned "today" and a small commune built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.services import common
from tests.services.services_fixtures import TODAY, Commune, build_commune


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def commune(db: Any) -> Commune:
    return build_commune(db)
