"""One SQL for the handled set H(P) (DOMAIN §4): the case lists show exactly the cases the form counts."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.services import lists, ui_support

PERIODS = ("2025", "2026-H1", "2026-Y1", "2025-07-01:2026-02-28", "2026-01-01:2026-03-31", "2024")


@pytest.fixture
def demo(db: Any) -> Any:
    from hoagiai_desktop.demo import generate

    generate(db, size="commune", seed=1)
    return db


def test_lists_handled_set_is_the_indicator_count(demo: Any) -> None:
    with demo.reading() as s:
        out_of_scope = set(
            s.execute(select(m.Case.id).where(m.Case.category == Category.NGOAI_PHAM_VI)).scalars()
        )
    seen = set()
    for code in PERIODS:
        period = parse_period(code)
        with demo.reading() as s:
            figure = indicators.compute(s, period)["cases.handled"]
        # the dashboard / reports list (services.lists), in scope only as the form counts
        listed = lists.list_cases(demo, filters=lists.CaseFilter(period=period, in_scope=True))
        assert len(listed) == figure, code
        assert lists.count_cases(demo, filters=lists.CaseFilter(period=period, in_scope=True)) == figure
        # the cases page (services.ui_support) shows the same set plus the out-of-scope cases on the books
        ids = set(ui_support.case_ids(demo, ui_support.CaseFilter(period=code)))
        assert len(ids - out_of_scope) == figure, code
        seen.add(figure)
    assert len(seen) > 2 and 0 not in seen  # the periods really differ: the test can tell the sets apart
