"""The one training read (services/training_read): events by filter, the event detail, the roster and the
training-coverage lists, which hold exactly the people ``hoagiai stats`` counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.demo import generate
from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import OrganiserLevel, TrainingKind
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import common, training, training_read
from hoagiai_desktop.services.training_read import EventFilter, list_events
from tests.services.services_fixtures import Commune

TODAY = dt.date(2026, 6, 30)
D = dt.date


@pytest.fixture
def demo(db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    generate(db, "commune", seed=3, today=TODAY)
    return db


def test_coverage_lists_hold_exactly_the_people_counted(demo: Any) -> None:
    period = training_read.coverage_period("12m", TODAY)
    cov = training_read.coverage(demo, period)
    for key in training_read.COVERAGE_LISTS:
        people = training_read.coverage_people(demo, key, period)
        assert len(people) == cov.count(key), key
        assert len({p.id for p in people}) == len(people)
    assert cov.figures["training.new"] == sum(
        cov.count(k) for k in ("new_trained_6m", "new_pending", "new_overdue")
    )


def test_roster_lists_each_active_mediator_once_grouped_by_team(demo: Any) -> None:
    roster = training_read.roster(demo, None, TODAY)
    with demo.reading() as s:
        total = indicators.compute(s, parse_period(f"2026-01-01:{TODAY.isoformat()}"))["mediators.total"]
    assert len(roster.ids) == len(set(roster.ids)) == total
    assert roster.group_of == sorted(roster.group_of)  # contiguous groups, in team order


def test_events_filter_sort_and_counts(commune: Commune) -> None:
    db = commune.db
    basic = training.create_event(db, training.EventInput("Lớp cơ bản", "co_ban", D(2026, 3, 10))).value
    deep = training.create_event(
        db, training.EventInput("Bồi dưỡng chuyên sâu", "chuyen_sau", D(2025, 11, 5), D(2025, 11, 6))
    ).value
    training.set_attendance(db, basic.id, [commune.leader.id, commune.second.id])
    training.add_guest(db, basic.id, training.GuestInput("Ông Lê Văn Cán Bộ", "UBND xã", "Phó Chủ tịch"))
    assert [e.code for e in list_events(db)] == [basic.code, deep.code]  # latest first
    assert [e.code for e in list_events(db, EventFilter(descending=False))] == [deep.code, basic.code]
    row = list_events(db)[0]
    assert (row.present, row.guests, row.kind, row.organiser_level) == (
        2,
        1,
        TrainingKind.CO_BAN,
        OrganiserLevel.XA,
    )
    assert [e.code for e in list_events(db, EventFilter(query="CHUYEN sau"))] == [deep.code]
    assert [e.code for e in list_events(db, EventFilter(kind=TrainingKind.CHUYEN_SAU))] == [deep.code]
    assert [e.code for e in list_events(db, EventFilter(period=parse_period("2026")))] == [basic.code]
    assert [e.code for e in list_events(db, EventFilter(mediator_id=commune.second.id))] == [basic.code]
    assert list_events(db, EventFilter(mediator_id=commune.third.id)) == []
    assert training_read.id_for_code(db, deep.code) == deep.id


def test_event_detail_is_plain_values(commune: Commune) -> None:
    db = commune.db
    event = training.create_event(
        db, training.EventInput("Lớp cơ bản", "co_ban", D(2026, 3, 10), venue="Nhà văn hóa", hours=4)
    ).value
    training.add_guest(db, event.id, training.GuestInput("Bà Hà Thị Khách", "Hội Phụ nữ"))
    detail = training_read.event_detail(db, event.id)
    assert (detail.title, detail.venue, detail.hours, detail.end_on) == (
        "Lớp cơ bản",
        "Nhà văn hóa",
        4.0,
        D(2026, 3, 10),
    )
    assert [(g.name, g.unit, g.present) for g in detail.guests] == [("Bà Hà Thị Khách", "Hội Phụ nữ", True)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        detail.title = "x"  # type: ignore[misc]
    values = [getattr(detail, f.name) for f in dataclasses.fields(detail)]
    assert not any(isinstance(v, m.Base) for v in values)
    training.delete_event(db, event.id)
    with pytest.raises(UserError):
        training_read.event_detail(db, event.id)
