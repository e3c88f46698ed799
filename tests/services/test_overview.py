"""The counts the window's first start and first-steps panel read (services/overview) and the commune's names the
dashboard and the backup page show (services/unit), on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hoagiai_desktop.demo import is_empty
from hoagiai_desktop.domain.enums import Sex
from hoagiai_desktop.services import overview, registry, unit


def test_an_empty_file_is_a_first_start_until_a_commune_or_a_village_is_entered(db: Any) -> None:
    assert overview.is_first_start(db)
    assert overview.register_counts(db) == overview.RegisterCounts(0, 0, 0, 0, demo_possible=True)
    assert unit.unit_name(db) == "" and unit.unit_description(db) is None
    assert is_empty(db)  # the sample data's own test agrees

    unit.save_unit(db, unit.UnitInput(province="Hà Nội", name="Việt Hòa", kind="phuong"))
    assert not overview.is_first_start(db)
    assert unit.unit_name(db) == "Phường Việt Hòa"
    assert unit.unit_description(db) == "Phường Việt Hòa (Hà Nội)"
    counts = overview.register_counts(db)
    assert counts.villages == 0 and not counts.demo_possible and counts.needs_first_steps
    assert not is_empty(db)  # the sample data's own test agrees


def test_register_counts_follow_what_is_entered(db: Any) -> None:
    village = registry.create_village(db, registry.VillageInput(name="Thôn Đông")).value
    assert not overview.is_first_start(db)
    registry.create_team(
        db,
        registry.TeamInput(
            name="Tổ hòa giải thôn Đông", village_id=village.id, decision_date=dt.date(2020, 1, 1)
        ),
    )
    registry.create_mediator(
        db, registry.MediatorInput(full_name="Nguyễn Văn An", sex=Sex.NAM, birth_year=1970)
    )
    counts = overview.register_counts(db)
    assert (counts.villages, counts.teams, counts.mediators, counts.cases) == (1, 1, 1, 0)
    assert not counts.needs_first_steps and not counts.demo_possible
