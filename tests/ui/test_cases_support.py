"""The read models behind the case and training pages agree with the dashboard list and with ``hoagiai stats``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.demo import generate
from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.services import common, lists, ui_support
from hoagiai_desktop.services.ui_support import CaseFilter

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def commune(db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    generate(db, "commune", seed=3, today=TODAY)
    return db


def test_attention_and_states_match_the_dashboard_list(commune: Any) -> None:
    db = commune
    every = lists.list_cases(db)
    flagged = {r.id for r in every if r.needs_attention}
    assert flagged, "the sample data has cases that need attention"
    assert set(ui_support.case_ids(db, CaseFilter(needs_attention=True))) == flagged
    rows = ui_support.case_rows(db, [r.id for r in every])
    assert {cid for cid, row in rows.items() if row.attention} == flagged
    assert {r.id: r.attention for r in every} == {cid: row.attention for cid, row in rows.items()}
    for state in ui_support.STATES:
        expected = {r.id for r in every if r.state is not None and r.state.value == state}
        assert set(ui_support.case_ids(db, CaseFilter(state=state))) == expected
        assert {cid for cid, row in rows.items() if row.state == state} == expected


def test_period_states_add_up_to_the_handled_cases(commune: Any) -> None:
    db = commune
    period = parse_period("2026-H1")
    with db.reading() as s:
        f = indicators.compute(s, period)
    counted = {
        state: len(ui_support.case_ids(db, CaseFilter(period="2026-H1", state=state)))
        for state in ui_support.STATES
    }
    # the list's period is the handled set; successful/unsuccessful there are those ended within the period
    assert counted["dang"] == f["cases.ongoing"]
    assert counted["chua"] == f["cases.pending"]
    assert counted["thanh"] == f["cases.successful"]
    assert counted["khong_thanh"] == f["cases.unsuccessful"]
    assert sum(counted.values()) == f["cases.handled"]


def test_default_order_is_newest_received_first_and_search_ignores_accents(commune: Any) -> None:
    db = commune
    ids = ui_support.case_ids(db, CaseFilter())
    rows = ui_support.case_rows(db, ids)
    received = [rows[i].received_on for i in ids]
    assert received == sorted(received, reverse=True)
    some = rows[ids[5]]
    word = some.parties.split(";")[0].split()[-1]  # a party's given name, with its accents
    from hoagiai_desktop.text import fold

    found = ui_support.case_ids(db, CaseFilter(query=fold(word)))
    assert some.id in found
    assert found == [i for i in ids if i in set(found)]  # still newest first
    assert ui_support.case_ids(db, CaseFilter(query="zzqxw")) == []


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


def test_needs_attention_is_about_today_whatever_the_period(commune: Any) -> None:
    db = commune
    now = set(ui_support.case_ids(db, CaseFilter(needs_attention=True)))
    in_year = set(ui_support.case_ids(db, CaseFilter(needs_attention=True, period="2026")))
    on_books = set(ui_support.case_ids(db, CaseFilter(period="2026")))
    assert in_year == now & on_books
    # successful by the end of May, with the court deadline near today (30/06): states then, attention now
    both = set(
        ui_support.case_ids(
            db, CaseFilter(needs_attention=True, period="2026-01-01:2026-05-31", state="thanh")
        )
    )
    then = set(ui_support.case_ids(db, CaseFilter(period="2026-01-01:2026-05-31", state="thanh")))
    assert both and both == then & now
