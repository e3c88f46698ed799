"""One SQL for the handled set H(P) (DOMAIN §4): the case lists show exactly the cases the form counts."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.services import cases_read as cr

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
        # the one case list, in scope only as the form counts: ids, rows and count
        in_scope = cr.CaseFilter(period=period, in_scope=True)
        listed = cr.case_list(demo, in_scope)
        assert len(listed) == figure, code
        assert cr.case_count(demo, in_scope) == figure
        assert set(cr.case_ids(demo, in_scope)) == {r.id for r in listed}
        # the SQL of the indicators picks exactly those cases (the same set, not only the same number)
        with demo.reading() as s:
            handled = set(s.execute(select(m.Case.id).where(indicators.case_handled(period))).scalars())
        assert {r.id for r in listed} == handled, code
        # the cases page (no scope filter) shows the same set plus the out-of-scope cases on the books
        ids = set(cr.case_ids(demo, cr.CaseFilter(period=period)))
        assert ids - out_of_scope == handled, code
        seen.add(figure)
    assert len(seen) > 2 and 0 not in seen  # the periods really differ: the test can tell the sets apart


def test_a_case_row_agrees_with_its_record(demo: Any) -> None:
    """The list's row and the form's record of one case say the same (state, attention, warnings), as of today
    and as of a past period's end — including every case that needs attention."""
    ids = cr.case_ids(demo, cr.CaseFilter())
    flagged = set(cr.case_ids(demo, cr.CaseFilter(needs_attention=True)))
    assert flagged
    sample = [i for n, i in enumerate(ids) if n % 6 == 0 or i in flagged]
    for on in (None, parse_period("2025").end):
        rows = cr.case_rows(demo, sample, on, attention_day=on)
        for case_id in sample:
            row, record = rows[case_id], cr.case_record(demo, case_id, on)
            assert (row.code, row.state, row.needs_attention, row.attention, row.warnings) == (
                record.code,
                record.state,
                record.needs_attention,
                record.attention,
                record.warnings,
            ), (row.code, on)
            assert (row.first_assigned, row.first_session) == (record.first_assigned, record.first_session)
            assert row.parties == record.parties_text and row.mediators == record.mediators_text
    assert any(cr.case_record(demo, i).attention for i in flagged)
