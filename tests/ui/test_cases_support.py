"""The read models behind the training pages agree with ``hoagiai stats``.

The case list is pinned in tests/services/test_cases_read.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.demo import generate
from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.services import common, ui_support

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def commune(db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    generate(db, "commune", seed=3, today=TODAY)
    return db


def test_coverage_lists_hold_exactly_the_people_counted(commune: Any) -> None:
    db = commune
    period = ui_support.coverage_period("12m", TODAY)
    cov = ui_support.coverage(db, period)
    for key in ui_support.COVERAGE_LISTS:
        people = ui_support.coverage_people(db, key, period)
        assert len(people) == cov.count(key), key
        assert len({p.id for p in people}) == len(people)
    assert cov.figures["training.new"] == sum(
        cov.count(k) for k in ("new_trained_6m", "new_pending", "new_overdue")
    )


def test_roster_lists_each_active_mediator_once_grouped_by_team(commune: Any) -> None:
    db = commune
    roster = ui_support.roster(db, None, TODAY)
    with db.reading() as s:
        total = indicators.compute(s, parse_period(f"2026-01-01:{TODAY.isoformat()}"))["mediators.total"]
    assert len(roster.ids) == len(set(roster.ids)) == total
    assert roster.group_of == sorted(roster.group_of)  # contiguous groups, in team order
