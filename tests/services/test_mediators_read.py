"""The one mediator read (services/mediators_read): Vietnamese order, accent-free search, filters as of a day,
the training flags of rule 3.7 and the detail of plain values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Category, Role, Sex
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import attention, cases, mediators_read, registry, training
from hoagiai_desktop.services.mediators_read import MediatorFilter, count_mediators, list_mediators
from tests.services.services_fixtures import Commune, add_member

D = dt.date
EVERYONE = MediatorFilter()
ACTIVE = MediatorFilter(status="active")


def names(rows: list[Any]) -> list[str]:
    return [r.full_name for r in rows]


def test_people_sorted_by_given_name_the_vietnamese_way(db: Any) -> None:
    for name in ("Nguyễn Văn Đức", "Trần Văn Dũng", "Lê Thị Ánh", "Phạm Văn An", "Võ Thị Ân", "Trần Thị Hoa",
                 "Lê Thị Hoa", "Đỗ Văn Ăn"):  # fmt: skip
        registry.create_mediator(db, registry.MediatorInput(full_name=name, sex=Sex.NAM))
    rows = list_mediators(db)
    # a < á (tone) ; an < anh ; a < ă < â ; d < đ ; same given name → by full name (Lê < Trần)
    assert names(rows) == ["Phạm Văn An", "Lê Thị Ánh", "Đỗ Văn Ăn", "Võ Thị Ân", "Trần Văn Dũng", "Nguyễn Văn Đức",
                           "Lê Thị Hoa", "Trần Thị Hoa"]  # fmt: skip
    desc = list_mediators(db, MediatorFilter(descending=True))
    assert names(desc) == list(reversed(names(rows)))
    assert [r.code for r in list_mediators(db, MediatorFilter(sort="code"))][:2] == ["HGV-00001", "HGV-00002"]
    assert count_mediators(db, EVERYONE) == 8
    assert count_mediators(db, MediatorFilter(query="hoa")) == 2
    page = list_mediators(db, limit=2, offset=1)
    assert names(page) == ["Lê Thị Ánh", "Đỗ Văn Ăn"]
    assert [r.ever_member for r in rows] == [False] * 8
    assert names(list_mediators(db, MediatorFilter(status="never"))) == names(rows)


def test_search_folds_accents_and_d(commune: Commune) -> None:
    def found(query: str) -> list[str]:
        return names(list_mediators(commune.db, MediatorFilter(query=query)))

    assert found("nguyen thi huong") == ["Nguyễn Thị Hường"]
    assert found("dang") == ["Đặng Văn Hùng"]
    assert found("HUNG") == ["Đặng Văn Hùng"]
    assert found("tran b") == ["Trần Văn Bình"]
    assert found("xyz") == []


def test_mediator_filters(commune: Commune) -> None:
    db = commune.db
    ms_id = mediators_read.mediator_detail(db, commune.second.id).memberships[0].id
    registry.terminate_membership(db, ms_id, registry.TerminationInput(D(2026, 5, 1), "nguyen_vong"))
    add_member(db, commune.team.id, "Hà Thị Tày", Sex.NU, ethnicity="Tày")
    event = training.create_event(db, training.EventInput("Lớp cơ bản", "co_ban", D(2026, 4, 10))).value
    training.set_attendance(db, event.id, [commune.leader.id])
    newcomer = registry.create_mediator(db, registry.MediatorInput(full_name="Lý Văn Mới", sex=Sex.NAM)).value

    def q(**kw: Any) -> list[str]:
        return names(list_mediators(db, MediatorFilter(**kw)))

    assert q(status="active") == ["Đặng Văn Hùng", "Nguyễn Thị Hường", "Hà Thị Tày"]  # Hùng < Hường < Tày
    assert q(status="former") == ["Trần Văn Bình"]
    assert q(status="never") == [newcomer.full_name]
    assert q(sex=Sex.NU) == ["Nguyễn Thị Hường", "Hà Thị Tày"]
    assert q(status="active", minority=True) == ["Hà Thị Tày"]
    assert q(trained=True) == ["Nguyễn Thị Hường"]
    assert q(leader=True) == ["Nguyễn Thị Hường"]
    assert q(team_id=commune.team.id, status="active") == ["Đặng Văn Hùng", "Nguyễn Thị Hường", "Hà Thị Tày"]
    # without a status, a team or village filter lists everyone who was in the team, Bình who left included
    assert q(village_id=commune.village.id) == [
        "Trần Văn Bình",
        "Đặng Văn Hùng",
        "Nguyễn Thị Hường",
        "Hà Thị Tày",
    ]
    # as of a day before the termination, Bình is still active and nobody is trained yet
    before = list_mediators(db, ACTIVE, as_of=D(2026, 4, 1))
    assert "Trần Văn Bình" in names(before) and not any(r.trained for r in before)
    # trained = an event ending on or before the day (DOMAIN §4): not yet on 09/04, the day before it ended
    assert q(trained=True) == names(list_mediators(db, MediatorFilter(trained=True), as_of=D(2026, 4, 10)))
    assert list_mediators(db, MediatorFilter(trained=True), as_of=D(2026, 4, 9)) == []
    row = list_mediators(db, MediatorFilter(status="former"))[0]
    assert (row.active, row.left_on, row.teams, row.ever_member) == (False, D(2026, 5, 1), "", True)
    hường = list_mediators(db, MediatorFilter(query="huong"))[0]
    assert (hường.leader, hường.teams, hường.trained) == (True, "Tổ hòa giải thôn Đông", True)
    with pytest.raises(ValueError):
        list_mediators(db, MediatorFilter(status="all"))


def test_training_overdue_flag(commune: Commune) -> None:
    late = add_member(commune.db, commune.team.id, "Mạc Văn Mới", start=D(2025, 12, 1))  # deadline 01/06/2026
    soon = add_member(commune.db, commune.team.id, "Kha Văn Sắp", start=D(2026, 1, 15))  # deadline 15/07/2026
    rows = {r.code: r for r in list_mediators(commune.db, ACTIVE)}
    assert rows[late.code].training_overdue and not rows[soon.code].training_overdue
    assert rows[commune.leader.code].training_overdue  # recognised 2024, never trained
    assert rows[late.code].first_recognised == D(2025, 12, 1)
    recent = list_mediators(commune.db, MediatorFilter(recognised_since=D(2025, 6, 1)))
    assert {r.code for r in recent} == {late.code, soon.code}
    items = attention.needs_attention(commune.db)
    overdue = {i.ref for i in items if i.kind == "training_overdue"}
    due = {i.ref for i in items if i.kind == "training_due"}
    assert overdue == {late.code}  # the 2024 members are not "new" any more (18 months)
    assert due == {soon.code}


def test_mediator_detail_is_plain_values(commune: Commune) -> None:
    db = commune.db
    event = training.create_event(db, training.EventInput("Lớp cơ bản", "co_ban", D(2026, 4, 10))).value
    training.set_attendance(db, event.id, [commune.leader.id, commune.second.id])
    training.set_attendance(db, event.id, [commune.second.id])  # the leader stays listed, absent
    case = cases.create_case(
        db,
        cases.CaseInput(
            team_id=commune.team.id,
            received_on=D(2026, 5, 20),
            category=Category.DAN_SU,
            summary="Tranh chấp ranh giới",
        ),  # fmt: skip
    ).value
    cases.assign_mediators(db, case.id, [commune.leader.id], D(2026, 5, 21))
    detail = mediators_read.mediator_detail(db, commune.leader.id)
    assert (detail.full_name, detail.sex, detail.birth_year) == ("Nguyễn Thị Hường", Sex.NU, 1975)
    assert [(ms.team_name, ms.role, ms.active) for ms in detail.memberships] == [
        ("Tổ hòa giải thôn Đông", Role.TO_TRUONG, True)
    ]
    assert [(t.code, t.present) for t in detail.trainings] == [(event.code, False)]  # listed, absent
    assert [(c.code, c.team_name) for c in detail.cases] == [(case.code, "Tổ hòa giải thôn Đông")]
    assert len(detail.findings) == 1  # rule 3.7: recognised 2024, never trained
    for value in (detail, *detail.memberships, *detail.trainings, *detail.cases):
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.code = "x"  # type: ignore[misc]
    values = [getattr(detail, f.name) for f in dataclasses.fields(detail)]
    assert not any(isinstance(v, m.Base) for v in values)
    fresh = add_member(db, commune.team.id, "Kha Văn Sắp", start=D(2026, 1, 15))  # train by 15/07/2026
    training.set_attendance(db, event.id, [commune.second.id, fresh.id])
    assert mediators_read.mediator_detail(db, fresh.id).findings == ()  # trained in time
    assert len(mediators_read.mediator_detail(db, commune.second.id).findings) == 1  # trained, but too late
    with pytest.raises(UserError):
        mediators_read.mediator_detail(db, 9999)
    assert mediators_read.id_for_code(db, commune.leader.code) == commune.leader.id


def test_training_status_is_the_rows_judgement(commune: Commune) -> None:
    """The attention list's light read of rule 3.7 says what every mediator's row says, in the list's order."""
    add_member(commune.db, commune.team.id, "Mạc Văn Mới", start=D(2025, 12, 1))
    add_member(commune.db, commune.team.id, "Kha Văn Sắp", start=D(2026, 1, 15))
    for on in (D(2025, 12, 31), D(2026, 6, 30), D(2026, 12, 31)):
        for f in (MediatorFilter(), ACTIVE, MediatorFilter(recognised_since=D(2025, 6, 1))):
            rows = list_mediators(commune.db, f, on)
            status = mediators_read.training_status(commune.db, f, on)
            assert [s.id for s in status] == [r.id for r in rows]
            assert [
                (s.code, s.full_name, s.first_recognised, s.trained, s.training_overdue) for s in status
            ] == [(r.code, r.full_name, r.first_recognised, r.trained, r.training_overdue) for r in rows]
        assert any(s.training_overdue for s in mediators_read.training_status(commune.db, ACTIVE, on))
