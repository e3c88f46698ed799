"""Training events, attendance, guests; plan targets seeded from QĐ 315."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.domain.enums import TrainingKind
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.services import mediators_read, targets, training, training_read
from hoagiai_desktop.services.common import RuleBlocked, ValidationError
from tests.services.services_fixtures import Commune

D = dt.date


def test_event_codes_dates_and_validation(db: Any) -> None:
    e1 = training.create_event(db, training.EventInput("Lớp cơ bản", "Cơ bản", D(2026, 4, 10))).value
    e2 = training.create_event(
        db, training.EventInput("Chuyên sâu", "chuyen_sau", D(2026, 5, 1), D(2026, 5, 2))
    ).value
    assert (e1.code, e1.end_on, e1.kind) == ("TH-2026-01", D(2026, 4, 10), TrainingKind.CO_BAN)
    assert e2.code == "TH-2026-02"
    with pytest.raises(RuleBlocked) as err:
        training.create_event(db, training.EventInput("X", "co_ban", D(2026, 5, 2), D(2026, 5, 1)))
    assert set(err.value.errors) == {"end_on"}
    with pytest.raises(ValidationError) as verr:
        training.create_event(db, training.EventInput("", "bogus", D(2026, 5, 2), hours=-1))
    assert set(verr.value.errors) == {"title", "kind", "hours"}
    out = training.create_event(db, training.EventInput("Sắp tới", "cap_nhat", D(2026, 8, 1)))
    assert out.warnings == []  # a training may be planned ahead (rule 3.8's one exception)
    with pytest.raises(ValidationError) as planned:  # … but takes attendance only once held
        training.set_attendance(db, out.value.id, [1])
    assert "01/08/2026" in planned.value.errors["attendance"]
    assert training.set_attendance(db, out.value.id, []).value.attendances == []
    updated = training.update_event(
        db, e1.id, training.EventInput("Lớp cơ bản 2026", "co_ban", D(2026, 4, 10), venue=" Hội trường ")
    ).value
    assert (updated.title, updated.venue, updated.code) == ("Lớp cơ bản 2026", "Hội trường", "TH-2026-01")


def test_attendance_is_a_bulk_set_and_guests(commune: Commune) -> None:
    db = commune.db
    event = training.create_event(db, training.EventInput("Lớp", "co_ban", D(2026, 4, 10))).value
    out = training.set_attendance(db, event.id, [commune.leader.id, commune.second.id])
    assert sorted((a.mediator.code, a.present) for a in out.value.attendances) == [
        (commune.leader.code, True), (commune.second.code, True)]  # fmt: skip
    out = training.set_attendance(db, event.id, [commune.second.id, commune.third.id])
    assert sorted((a.mediator.code, a.present) for a in out.value.attendances) == [
        (commune.leader.code, False), (commune.second.code, True), (commune.third.code, True)]  # fmt: skip
    with pytest.raises(ValidationError):
        training.set_attendance(db, event.id, [99999])
    out = training.add_guest(
        db, event.id, training.GuestInput("Ông Lê Văn Cán Bộ", "UBND xã", "Phó Chủ tịch")
    )
    guest = out.value.guests[0]
    assert (guest.name, guest.unit) == ("Ông Lê Văn Cán Bộ", "UBND xã")
    assert training.remove_guest(db, guest.id).value.guests == []
    rows = training_read.list_events(db, training_read.EventFilter(period=parse_period("2026-H1")))
    assert [(r.code, r.present, r.guests) for r in rows] == [(event.code, 2, 0)]
    assert training_read.list_events(db, training_read.EventFilter(query="lop"))
    assert not training_read.list_events(db, training_read.EventFilter(period=parse_period("2025")))
    detail = mediators_read.mediator_detail(db, commune.leader.id)
    assert [(t.code, t.present) for t in detail.trainings] == [(event.code, False)]
    training.delete_event(db, event.id)
    assert training_read.list_events(db) == []


def test_default_targets_from_qd_315(db: Any) -> None:
    assert targets.ensure_default_targets(db).value == 6
    assert targets.ensure_default_targets(db).value == 0  # idempotent
    values = {t.indicator: t.value for t in targets.get_targets(db)}
    assert values == {
        "teams.compliant": 100.0, "teams.legal_support": 10.0, "training.pct_trained": 80.0,
        "training.new_trained_6m": 100.0, "training.leaders_in_depth": 80.0, "cases.success_rate": 85.0,
    }  # fmt: skip
    targets.set_target(db, "cases.success_rate", 90)
    targets.ensure_default_targets(db)  # never overwrites an edit
    assert targets.target_values(db)["cases.success_rate"] == 90.0
    with pytest.raises(ValidationError) as err:
        targets.set_target(db, "cases.success_rate", 120)
    assert set(err.value.errors) == {"value"}
    targets.set_target(
        db, "training.pct_trained", 100, plan="Kế hoạch xã điển hình", year_from=2026, year_to=2030
    )
    assert targets.target_values(db, "Kế hoạch xã điển hình") == {"training.pct_trained": 100.0}
    targets.delete_target(db, "training.pct_trained", plan="Kế hoạch xã điển hình")
    assert targets.get_targets(db, "Kế hoạch xã điển hình") == []
