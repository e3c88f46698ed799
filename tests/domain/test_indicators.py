"""Every indicator of DOMAIN §4 on a small hand-built commune, with the expected numbers worked out by hand.

The commune (period 2025 unless said otherwise):

Teams: T1 (not an ethnic area, legal support), T2 (ethnic area), T3 (dissolved 01/03/2025), T4 (ethnic area but
no minority member → non-compliant).
Mediators and memberships:
  A ♀ Kinh   T1 leader since 2020, and T2 member since 2022 (two teams)
  B ♂ Kinh   T1 since 2020, university law degree (legal background)
  C ♂ Tày    T1 since 2020, terminated 10/04/2025
  D ♂ Kinh   T1 since 01/03/2025 (new), police background; trained 20/05/2025 (within 6 months)
  E ♀ H'Mông T2 leader since 2021
  F ♂ Kinh   T2 since 15/09/2025 (new; 6-month window still open on 31/12/2025)
  G ♂ Kinh   T3 since 2020 (team dissolved → not active)
  H ♀ Kinh   T2 10/01/2025 – 01/02/2025 (new, never trained, window closed 10/07/2025)
  I ♂ leader, J ♀, K ♂ — all Kinh, T4 since 2024
Training: E1 basic ends 01/06/2024 (A B C I), E2 in-depth ends 20/05/2025 (A D E), E3 update ends 05/10/2025
(J present, B absent), E4 basic ends 15/01/2026 (F).
Cases: see ``CASES`` below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import (
    Background,
    CaseEndReason,
    Category,
    LegalQualification,
    Result,
    Role,
    Sex,
    TrainingKind,
)
from hoagiai_desktop.domain.periods import parse_period

D = dt.date

# code, team, received, category, result, ended, assigned, session
CASES: list[tuple[Any, ...]] = [
    ("K1", "T1", D(2024, 11, 10), Category.DAN_SU, Result.THANH, D(2025, 1, 20), D(2024, 11, 11), None),
    ("K2", "T1", D(2024, 6, 1), Category.MAU_THUAN, Result.THANH, D(2024, 12, 1), D(2024, 6, 2), None),
    (
        "K3",
        "T1",
        D(2025, 2, 1),
        Category.HON_NHAN_GIA_DINH,
        Result.KHONG_THANH,
        D(2025, 3, 1),
        D(2025, 2, 2),
        None,
    ),
    ("K4", "T2", D(2025, 5, 5), Category.DAN_SU, Result.THANH, D(2026, 1, 10), D(2025, 7, 1), None),
    ("K5", "T2", D(2025, 12, 20), Category.VI_PHAM, None, None, None, None),
    ("K6", "T1", D(2025, 7, 1), Category.NGOAI_PHAM_VI, None, None, None, None),
    ("K7", "T2", D(2023, 3, 1), Category.KHAC, None, None, None, D(2023, 3, 5)),
    ("K8", "T1", D(2025, 6, 15), Category.DAN_SU, Result.THANH, D(2025, 6, 20), D(2025, 6, 15), None),
    ("K9", "T1", D(2026, 1, 5), Category.DAN_SU, None, None, None, None),
]


def build_commune(session: Any) -> dict[str, Any]:
    v1 = m.Village(code="V1", name="Thôn Đông", ethnic_area=False)
    v2 = m.Village(code="V2", name="Bản Pù Lầu", ethnic_area=True)
    teams = {
        "T1": m.Team(code="T1", name="Tổ 1", village=v1, decision_date=D(2020, 1, 1), legal_support=True),
        "T2": m.Team(code="T2", name="Tổ 2", village=v2, decision_date=D(2020, 1, 1)),
        "T3": m.Team(
            code="T3", name="Tổ 3", village=v1, decision_date=D(2020, 1, 1), dissolved_on=D(2025, 3, 1)
        ),
        "T4": m.Team(code="T4", name="Tổ 4", village=v2, decision_date=D(2024, 1, 1)),
    }
    people: dict[str, m.Mediator] = {}

    def person(code: str, sex: Sex, ethnicity: str = "Kinh", **kw: Any) -> m.Mediator:
        people[code] = m.Mediator(code=code, full_name=f"Người {code}", sex=sex, ethnicity=ethnicity, **kw)
        return people[code]

    def member(
        code: str, team: str, start: dt.date, role: Role = Role.HOA_GIAI_VIEN, end: dt.date | None = None
    ) -> None:
        session.add(
            m.Membership(mediator=people[code], team=teams[team], role=role, start_date=start, end_date=end)
        )

    person("A", Sex.NU)
    person("B", Sex.NAM, legal_qualification=LegalQualification.DAI_HOC)
    person("C", Sex.NAM, "Tày")
    person("D", Sex.NAM, background=Background.CONG_AN)
    person("E", Sex.NU, "H'Mông")
    person("F", Sex.NAM)
    person("G", Sex.NAM)
    person("H", Sex.NU)
    person("I", Sex.NAM)
    person("J", Sex.NU)
    person("K", Sex.NAM)
    member("A", "T1", D(2020, 1, 1), Role.TO_TRUONG)
    member("A", "T2", D(2022, 1, 1))
    member("B", "T1", D(2020, 1, 1))
    member("C", "T1", D(2020, 1, 1), end=D(2025, 4, 10))
    member("D", "T1", D(2025, 3, 1))
    member("E", "T2", D(2021, 5, 1), Role.TO_TRUONG)
    member("F", "T2", D(2025, 9, 15))
    member("G", "T3", D(2020, 1, 1))
    member("H", "T2", D(2025, 1, 10), end=D(2025, 2, 1))
    member("I", "T4", D(2024, 1, 1), Role.TO_TRUONG)
    member("J", "T4", D(2024, 1, 1))
    member("K", "T4", D(2024, 1, 1))

    def event(
        code: str, kind: TrainingKind, end: dt.date, present: list[str], absent: list[str] = ()
    ) -> None:  # type: ignore[assignment]
        ev = m.TrainingEvent(code=code, title=f"Lớp {code}", kind=kind, start_on=end, end_on=end)
        ev.attendances = [m.Attendance(mediator=people[c], present=True) for c in present]
        ev.attendances += [m.Attendance(mediator=people[c], present=False) for c in absent]
        session.add(ev)

    event("E1", TrainingKind.CO_BAN, D(2024, 6, 1), ["A", "B", "C", "I"])
    event("E2", TrainingKind.CHUYEN_SAU, D(2025, 5, 20), ["A", "D", "E"])
    event("E3", TrainingKind.CAP_NHAT, D(2025, 10, 5), ["J"], ["B"])
    event("E4", TrainingKind.CO_BAN, D(2026, 1, 15), ["F"])

    for code, team, received, category, result, ended, assigned, held in CASES:
        case = m.Case(
            code=code, team=teams[team], received_on=received, category=category, summary="Tranh chấp"
        )
        if result is not None:
            case.result, case.ended_on, case.agreement = result, ended, "Thỏa thuận"
            case.end_reason = CaseEndReason.THANH if result is Result.THANH else CaseEndReason.KHONG_THANH
        if assigned is not None:
            mediator = people["A"] if team in ("T1", "T2") else people["I"]
            case.assignments = [m.Assignment(mediator=mediator, assigned_on=assigned)]
        if held is not None:
            case.sessions = [m.MediationSession(held_on=held)]
        session.add(case)
    session.flush()
    return {"teams": {k: t.id for k, t in teams.items()}}


@pytest.fixture
def commune(db: Any) -> Any:
    with db.transaction() as session:
        ids = build_commune(session)
    return db, ids


EXPECTED_2025 = {
    "teams.total": 3,
    "teams.compliant": 2,
    "teams.noncompliant": 1,
    "teams.legal_support": 1,
    "mediators.total": 8,
    "mediators.female": 3,
    "mediators.ethnic_minority": 1,
    "mediators.legal_background": 2,
    "mediators.leaders": 3,
    "mediators.recognised": 3,
    "mediators.terminated": 2,
    "cases.new": 4,
    "cases.carried": 2,
    "cases.handled": 6,
    "cases.by_category.mau_thuan": 0,
    "cases.by_category.dan_su": 3,
    "cases.by_category.hon_nhan_gia_dinh": 1,
    "cases.by_category.vi_pham": 1,
    "cases.by_category.khac": 1,
    "cases.successful": 2,
    "cases.unsuccessful": 1,
    "cases.successful_by_category.mau_thuan": 0,
    "cases.successful_by_category.dan_su": 2,
    "cases.successful_by_category.hon_nhan_gia_dinh": 0,
    "cases.successful_by_category.vi_pham": 0,
    "cases.successful_by_category.khac": 0,
    "cases.ongoing": 2,
    "cases.pending": 1,
    "cases.out_of_scope": 1,
    "cases.success_rate": 33.3,
    "cases.success_rate_closed": 66.7,
    "training.events": 2,
    "training.trained": 6,
    "training.trained_in_period": 4,
    "training.pct_trained": 75.0,
    "training.new": 3,
    "training.new_trained_6m": 1,
    "training.new_pending": 1,
    "training.new_overdue": 1,
    "training.leaders_in_depth": 2,
}


def test_every_indicator_for_the_year(commune: Any) -> None:
    db, _ = commune
    with db.reading() as session:
        figures = indicators.compute(session, parse_period("2025"))
    assert figures == EXPECTED_2025
    assert indicators.invariant_holds(figures)


def test_first_half_takes_open_states_as_of_30_june(commune: Any) -> None:
    """K4 was received in May but only assigned on 01/07: chưa on 30/06, đang on 31/12."""
    db, _ = commune
    with db.reading() as session:
        h1 = indicators.compute(session, parse_period("2025-H1"))
    assert (h1["cases.handled"], h1["cases.new"], h1["cases.carried"]) == (5, 3, 2)
    assert (h1["cases.successful"], h1["cases.unsuccessful"], h1["cases.ongoing"], h1["cases.pending"]) == (
        2,
        1,
        1,
        1,
    )
    assert h1["mediators.total"] == 7  # A B D E I J K (F not yet recognised)
    assert h1["mediators.terminated"] == 2 and h1["mediators.recognised"] == 2
    # H1 ends 30/06: H's window (to 10/07) is still open, D trained within 6 months.
    assert (h1["training.new"], h1["training.new_trained_6m"], h1["training.new_pending"]) == (2, 1, 1)
    assert indicators.invariant_holds(h1)


def test_custom_period_carries_cases_and_ignores_later_ones(commune: Any) -> None:
    db, _ = commune
    with db.reading() as session:
        f = indicators.compute(session, parse_period("2026-01-01:2026-01-31"))
    # Open at 01/01/2026: K4 (ends 10/01 thành), K5, K7 carried; K9 new.
    assert (f["cases.carried"], f["cases.new"], f["cases.handled"]) == (3, 1, 4)
    assert (f["cases.successful"], f["cases.ongoing"], f["cases.pending"]) == (1, 1, 2)
    assert f["training.events"] == 1  # E4


def test_per_team_figures_add_up_except_people_in_two_teams(commune: Any) -> None:
    db, ids = commune
    with db.reading() as session:
        by_team = indicators.compute_by_team(session, parse_period("2025"))
        total = indicators.compute(session, parse_period("2025"))
    t1, t2, t4 = by_team[ids["teams"]["T1"]], by_team[ids["teams"]["T2"]], by_team[ids["teams"]["T4"]]
    assert (t1["mediators.total"], t2["mediators.total"], t4["mediators.total"]) == (3, 3, 3)
    assert total["mediators.total"] == 8  # A counted once although in two teams
    assert (t1["teams.compliant"], t2["teams.compliant"], t4["teams.compliant"]) == (1, 1, 0)
    assert (t1["cases.handled"], t1["cases.successful"], t1["cases.unsuccessful"]) == (3, 2, 1)
    assert (t2["cases.handled"], t2["cases.ongoing"], t2["cases.pending"]) == (3, 2, 1)
    for key in ("cases.handled", "cases.successful", "cases.ongoing", "cases.pending", "cases.out_of_scope"):
        assert sum(f[key] for f in by_team.values()) == total[key]
    for figures in by_team.values():
        assert indicators.invariant_holds(figures)
    assert ids["teams"]["T3"] not in by_team  # dissolved before the period end and nothing happened in it


def test_team_loses_compliance_when_its_only_woman_leaves(commune: Any) -> None:
    db, ids = commune
    with db.transaction() as session:
        j = session.query(m.Membership).join(m.Mediator).filter(m.Mediator.code == "J").one()
        j.end_date = D(2025, 11, 1)
    with db.reading() as session:
        by_team = indicators.compute_by_team(session, parse_period("2025"))
    assert by_team[ids["teams"]["T4"]]["mediators.total"] == 2
    assert by_team[ids["teams"]["T4"]]["teams.compliant"] == 0


def test_nest_gives_the_json_shape() -> None:
    flat = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
    nested = indicators.nest(flat)
    assert set(nested) == {"teams", "mediators", "cases", "training"}
    assert set(nested["cases"]["by_category"]) == {
        "mau_thuan",
        "dan_su",
        "hon_nhan_gia_dinh",
        "vi_pham",
        "khac",
    }
    assert nested["training"]["new_overdue"] == 0


def test_the_paper_knows_when_people_are_counted_once(commune: Any) -> None:
    """A mediator in two teams: the commune row of the people columns is below the team sum, and the figures say
    which columns, so the form can explain it under the table (DOMAIN §4)."""
    from hoagiai_desktop.domain.indicators_estimates import compute_period

    db, ids = commune
    with db.reading() as session:
        pf = compute_period(session, parse_period("2025"))
    once = pf.people_counted_once()
    assert "mediators.total" in once  # A is in T1 and T2: 8 in the commune, 9 in the team rows
    assert not any(k.startswith("cases.") for k in once)  # case columns always add up
    assert pf.people_counted_once([ids["teams"]["T1"]]) == []  # one team alone: nothing counted twice
