"""Helpers for the service tests: a small commune built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hoagiai_desktop.domain.enums import Role, Sex
from hoagiai_desktop.services import registry

TODAY = dt.date(2026, 6, 30)


@dataclass
class Commune:
    db: Any
    village: Any
    team: Any
    leader: Any  # Nguyễn Thị Hường, woman, leader
    second: Any  # Trần Văn Bình
    third: Any  # Đặng Văn Hùng, born 1970


def add_member(db: Any, team_id: int, name: str, sex: Sex = Sex.NAM, role: Role = Role.HOA_GIAI_VIEN,
               start: dt.date = dt.date(2024, 1, 1), birth_year: int | None = None, ethnicity: str = "Kinh") -> Any:  # fmt: skip
    md = registry.create_mediator(
        db, registry.MediatorInput(full_name=name, sex=sex, birth_year=birth_year, ethnicity=ethnicity)
    ).value
    registry.recognise(
        db, registry.RecognitionInput(mediator_id=md.id, team_id=team_id, start_date=start, role=role)
    )
    return md


def build_commune(db: Any) -> Commune:
    village = registry.create_village(db, registry.VillageInput(name="Thôn Đông")).value
    team = registry.create_team(
        db,
        registry.TeamInput(
            name="Tổ hòa giải thôn Đông", village_id=village.id, decision_date=dt.date(2020, 1, 1)
        ),
    ).value
    leader = add_member(db, team.id, "Nguyễn Thị Hường", Sex.NU, Role.TO_TRUONG, birth_year=1975)
    second = add_member(db, team.id, "Trần Văn Bình", birth_year=1960)
    third = add_member(db, team.id, "Đặng Văn Hùng", birth_year=1970)
    return Commune(db, village, team, leader, second, third)
