"""Small, hand-made data for the data-safety tests (names with Vietnamese diacritics on purpose)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import (
    CaseEndReason,
    Category,
    Result,
    Role,
    Sex,
    UnitKind,
)

SECRET_NAME = "Nguyễn Thị Hường"


def fill(db: Any, *, teams: int = 2, cases_per_team: int = 3) -> dict[str, int]:
    """Unit, one village, ``teams`` teams of 3 mediators (one woman, one leader), cases with a party each.

    Case k of a team: k=0 successful, k=1 unsuccessful, k=2 open with a mediator assigned, others open untouched.
    """
    with db.transaction() as s:
        s.add(m.Unit(province="Hà Nội", name="Việt Hòa", kind=UnitKind.PHUONG, place_name="Hà Nội"))
        village = m.Village(code="T01", name="Thôn Đông")
        s.add(village)
        s.flush()
        for t in range(teams):
            team = m.Team(code=f"TO{t + 1:02d}", name=f"Tổ hòa giải số {t + 1}", village_id=village.id,
                          decision_date=dt.date(2020, 1, 1))  # fmt: skip
            s.add(team)
            s.flush()
            members = []
            for k in range(3):
                md = m.Mediator(
                    code=f"HGV{t}{k}",
                    full_name=SECRET_NAME if (t, k) == (0, 0) else f"Trần Văn Đức {t}{k}",
                    birth_year=1970 + k,
                    sex=Sex.NU if k == 0 else Sex.NAM,
                )
                s.add(md)
                s.flush()
                members.append(md)
                s.add(m.Membership(mediator_id=md.id, team_id=team.id, start_date=dt.date(2020, 1, 1),
                                   role=Role.TO_TRUONG if k == 0 else Role.HOA_GIAI_VIEN))  # fmt: skip
            for c in range(cases_per_team):
                received = dt.date(2025, 2, 1) + dt.timedelta(days=c)
                case = m.Case(code=f"VV{t}{c:03d}", team_id=team.id, received_on=received,
                              category=Category.DAN_SU, summary="Tranh chấp ranh giới đất giữa hai hộ")  # fmt: skip
                if c == 0:
                    case.result, case.ended_on = Result.THANH, received + dt.timedelta(days=5)
                    case.end_reason, case.agreement = CaseEndReason.THANH, "Hai bên thống nhất"
                elif c == 1:
                    case.result, case.ended_on = Result.KHONG_THANH, received + dt.timedelta(days=6)
                    case.end_reason = CaseEndReason.KHONG_THANH
                s.add(case)
                s.flush()
                s.add(m.Party(case_id=case.id, name="Lê Văn Bình", birth_year=1960))
                if c == 2:
                    s.add(m.Assignment(case_id=case.id, mediator_id=members[1].id, assigned_on=received))
    import sqlite3

    from hoagiai_desktop.storage.backup import row_counts

    con = sqlite3.connect(db.path)
    try:
        return row_counts(con)
    finally:
        con.close()


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are asserted in English (the source strings), whatever the catalogue holds."""
    from hoagiai_desktop import i18n

    i18n.set_language("en")


@pytest.fixture
def filled(db: Any) -> Any:
    fill(db)
    return db


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path
