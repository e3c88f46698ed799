"""The one village read (services/villages_read): filter → ids → rows, the detail and the choices."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.services import registry, villages_read
from hoagiai_desktop.services.villages_read import VillageFilter, list_villages
from tests.services.services_fixtures import Commune

D = dt.date


def test_village_counts_search_and_status(commune: Commune) -> None:
    db = commune.db
    assert [v.code for v in list_villages(db, VillageFilter(query="DONG"))] == [commune.village.code]
    nà = registry.create_village(db, registry.VillageInput(name="Bản Nà", ethnic_area=True)).value
    registry.create_team(db, registry.TeamInput(name="Tổ bản Nà", village_id=nà.id))
    old = registry.create_team(db, registry.TeamInput(name="Tổ cũ", village_id=commune.village.id)).value
    registry.dissolve_team(db, old.id, D(2026, 6, 1))
    villages = {v.code: v for v in list_villages(db)}
    đông = villages[commune.village.code]
    assert (đông.teams, đông.active_teams, đông.mediators, đông.active) == (2, 1, 3, True)
    assert [v.name for v in list_villages(db)] == ["Bản Nà", "Thôn Đông"]
    assert [v.name for v in list_villages(db, VillageFilter(ethnic_area=True))] == ["Bản Nà"]
    assert [v.name for v in list_villages(db, VillageFilter(sort="mediators", descending=True))] == [
        "Thôn Đông",
        "Bản Nà",
    ]
    registry.end_village(db, nà.id, D(2026, 6, 15))
    assert [v.name for v in list_villages(db, VillageFilter(status="active"))] == ["Thôn Đông"]
    assert [v.name for v in list_villages(db, VillageFilter(status="former"))] == ["Bản Nà"]
    # as of a day before the merger, Bản Nà was still active
    early = list_villages(db, VillageFilter(status="active"), as_of=D(2026, 6, 1))
    assert [v.name for v in early] == ["Bản Nà", "Thôn Đông"]
    assert villages_read.village_choices(db) == [("Bản Nà", nà.id), ("Thôn Đông", commune.village.id)]


def test_village_detail_is_plain_values(commune: Commune) -> None:
    db = commune.db
    old = registry.create_team(db, registry.TeamInput(name="Tổ cũ", village_id=commune.village.id)).value
    registry.dissolve_team(db, old.id, D(2026, 6, 1))
    detail = villages_read.village_detail(db, commune.village.id)
    assert [(t.name, t.dissolved_on) for t in detail.teams] == [
        ("Tổ cũ", D(2026, 6, 1)),
        ("Tổ hòa giải thôn Đông", None),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        detail.name = "x"  # type: ignore[misc]
    values = [getattr(detail, f.name) for f in dataclasses.fields(detail)]
    assert not any(isinstance(v, m.Base) for v in values)
    with pytest.raises(UserError):
        villages_read.village_detail(db, 9999)
    assert villages_read.id_for_code(db, commune.village.code) == commune.village.id
