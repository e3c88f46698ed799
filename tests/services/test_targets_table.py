"""One table of the QĐ 315 targets: the window, the settings and the Đề án paper read the same rows and bases."""

from __future__ import annotations

from typing import Any

import pytest

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import targets as table
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.reports import de_an
from hoagiai_desktop.services import targets


def test_the_service_and_the_paper_read_the_one_table() -> None:
    assert targets.DEFAULT_TARGETS == table.DEFAULTS
    assert (targets.DEFAULT_PLAN, targets.DEFAULT_LEGAL_BASIS) == (table.PLAN, table.LEGAL_BASIS)
    assert de_an.actual_percent is table.actual_percent
    assert not hasattr(de_an, "DEFAULT_TARGETS") and not hasattr(de_an, "TARGET_LABELS")
    assert [(t.indicator, t.value) for t in table.DEFAULTS] == [
        ("teams.compliant", 100.0), ("teams.legal_support", 10.0), ("training.pct_trained", 80.0),
        ("training.new_trained_6m", 100.0), ("training.leaders_in_depth", 80.0), ("cases.success_rate", 85.0),
    ]  # fmt: skip


@pytest.mark.parametrize("code", ["2025", "2026-H1"])
def test_each_base_is_what_the_percentage_is_of(db: Any, code: str) -> None:
    """On demo data, every target's actual value is its part over its base: the bases are right, not just one."""
    from hoagiai_desktop.demo import generate

    generate(db, size="commune", seed=1)
    with db.reading() as s:
        f = indicators.compute(s, parse_period(code))
    checked = 0
    for t in table.TARGETS:
        if t.base is None:
            continue
        part = f[t.count] if t.percent else f[t.indicator]
        assert t.count is None or t.percent
        if f[t.base]:
            assert table.actual_percent(t.indicator, f) == pytest.approx(100 * part / f[t.base], abs=0.06)
            checked += 1
    assert checked >= 5
