"""The one team read (services/teams_read): filter → ids → rows, the detail, choices and members."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Role, Sex
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import attention, mediators_read, registry, teams_read
from hoagiai_desktop.services.teams_read import TeamFilter, list_teams
from tests.services.services_fixtures import Commune, add_member

D = dt.date


def _small_team(commune: Commune) -> Any:
    village = registry.create_village(
        commune.db, registry.VillageInput(name="Bản Nà", ethnic_area=True)
    ).value
    small = registry.create_team(
        commune.db, registry.TeamInput(name="Tổ bản Nà", village_id=village.id)
    ).value
    add_member(commune.db, small.id, "Lò Văn Một")
    return small


def test_team_list_compliance(commune: Commune) -> None:
    small = _small_team(commune)
    rows = {t.code: t for t in list_teams(commune.db)}
    good, bad = rows[commune.team.code], rows[small.code]
    assert (good.compliant, good.members, good.women, good.leaders, good.leader_name) == (
        True,
        3,
        1,
        1,
        "Nguyễn Thị Hường",
    )
    assert (good.village_name, good.cases) == ("Thôn Đông", 0)
    assert (bad.compliant, bad.members, bad.women, bad.minority, bad.leaders) == (False, 1, 0, 0, 0)
    assert len(bad.problems) == 4  # size, woman, ethnic minority, leader
    assert [t.code for t in list_teams(commune.db, TeamFilter(compliant=False))] == [small.code]
    assert [t.code for t in list_teams(commune.db, TeamFilter(compliant=True))] == [commune.team.code]
    detail = teams_read.team_detail(commune.db, small.id)  # the one detail the window shows
    assert list(bad.problems) == list(detail.row.problems)  # the list and the detail agree
    detail = teams_read.team_detail(commune.db, commune.team.id)
    leader = detail.members[0]  # the leader comes first
    assert (leader.mediator_name, leader.role, leader.active) == ("Nguyễn Thị Hường", Role.TO_TRUONG, True)
    registry.dissolve_team(commune.db, small.id, D(2026, 6, 1))
    assert small.code not in {t.code for t in list_teams(commune.db, TeamFilter(status="active"))}
    assert [t.code for t in list_teams(commune.db, TeamFilter(status="former"))] == [small.code]
    gone = teams_read.team_rows(commune.db, [small.id])[small.id]
    # rule 3.1 judges active teams only: a dissolved team is neither compliant nor listed as a problem
    assert (gone.active, gone.compliant, gone.problems) == (False, False, ())
    assert small.code not in {t.code for t in list_teams(commune.db, TeamFilter(compliant=False))}
    # the dashboard's "team not compliant" items come from the same filter
    assert not [i for i in attention.needs_attention(commune.db) if i.kind == "team_noncompliant"]


def test_team_list_search_sort_and_as_of(commune: Commune) -> None:
    db = commune.db
    other = registry.create_team(
        db, registry.TeamInput(name="Tổ Ấp Bắc", village_id=commune.village.id, decision_date=D(2026, 6, 20))
    ).value
    assert [t.code for t in list_teams(db, TeamFilter(query="thon dong"))] == [commune.team.code]
    assert [t.name for t in list_teams(db)] == [
        "Tổ Ấp Bắc",
        "Tổ hòa giải thôn Đông",
    ]  # sort key: "Ấp" < "hòa"
    assert [t.name for t in list_teams(db, TeamFilter(descending=True))] == [
        "Tổ hòa giải thôn Đông",
        "Tổ Ấp Bắc",
    ]
    by_members = list_teams(db, TeamFilter(sort="members", descending=True))
    assert [t.members for t in by_members] == [3, 0]
    # decided on 20/06: active today (30/06), not yet on 10/06 (DOMAIN §2)
    assert other.code in {t.code for t in list_teams(db, TeamFilter(status="active"))}
    early = list_teams(db, TeamFilter(status="active"), as_of=D(2026, 6, 10))
    assert other.code not in {t.code for t in early}
    assert [t.code for t in list_teams(db, TeamFilter(village_id=commune.village.id))] == [
        other.code,
        commune.team.code,
    ]


def test_rows_are_plain_frozen_values(commune: Commune) -> None:
    detail = teams_read.team_detail(commune.db, commune.team.id)
    for value in (detail, detail.row, *detail.members):
        assert dataclasses.is_dataclass(value)
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.id = 0  # type: ignore[misc]
    values = [getattr(detail, f.name) for f in dataclasses.fields(detail)]
    assert not any(isinstance(v, m.Base) for v in values)  # never an ORM object
    assert (detail.village_name, detail.decision_date) == ("Thôn Đông", D(2020, 1, 1))
    with pytest.raises(UserError):
        teams_read.team_detail(commune.db, 9999)
    assert teams_read.id_for_code(commune.db, commune.team.code) == commune.team.id
    assert teams_read.id_for_code(commune.db, "TO-NONE") is None


def test_team_members_and_choices(commune: Commune) -> None:
    db = commune.db
    ms_id = mediators_read.mediator_detail(db, commune.second.id).memberships[0].id
    registry.terminate_membership(db, ms_id, registry.TerminationInput(D(2026, 5, 1), "nguyen_vong"))
    names = [c.name for c in teams_read.team_members(db, commune.team.id)]
    assert names == ["Trần Văn Bình", "Đặng Văn Hùng", "Nguyễn Thị Hường"]  # Bình < Hùng < Hường
    later = teams_read.team_members(db, commune.team.id, since=D(2026, 6, 1))
    assert [c.name for c in later] == ["Đặng Văn Hùng", "Nguyễn Thị Hường"]  # Bình had left by then
    assert [c.leader for c in later] == [False, True]
    assert [c.birth_year for c in later] == [1970, 1975]
    add_member(db, commune.team.id, "Hà Thị Mai", Sex.NU)
    choices = teams_read.team_choices(db)
    assert [(c.code, c.active) for c in choices] == [(commune.team.code, True)]
