"""Case services: intake, assignment (rule 3.3), sessions (3.4), outcome (3.5), follow-up, court (3.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import CaseEndReason, Category, FollowUpStatus, Result, Sex
from hoagiai_desktop.services import cases as c
from hoagiai_desktop.services.common import RuleBlocked, ValidationError
from tests.services.services_fixtures import Commune, add_member

D = dt.date


RECEIVED = D(2026, 3, 1)


def new_case(commune: Commune, received: dt.date = RECEIVED, **kw: Any) -> Any:
    values: dict[str, Any] = dict(
        team_id=commune.team.id, received_on=received, category=Category.DAN_SU, summary="Tranh chấp lối đi chung",
        parties=[c.PartyInput(name="Đặng Văn Hùng", birth_year=1970, address="Thôn Đông"),
                 c.PartyInput(name="Lê Thị Mai", birth_year=1982)],
    )  # fmt: skip
    values.update(kw)
    return c.create_case(commune.db, c.CaseInput(**values)).value


def test_codes_per_year_and_duplicates(commune: Commune) -> None:
    assert new_case(commune).code == "VV-2026-0001"
    assert new_case(commune).code == "VV-2026-0002"
    assert new_case(commune, D(2025, 12, 31)).code == "VV-2025-0001"
    with pytest.raises(ValidationError) as err:
        new_case(commune, code="VV-2026-0001")
    assert set(err.value.errors) == {"code"}


def test_intake_validation_by_field(commune: Commune) -> None:
    with pytest.raises(ValidationError) as err:
        c.create_case(commune.db, c.CaseInput(team_id=9999, received_on=D(2026, 3, 1), category="nonsense", summary=" ",
                                              parties=[c.PartyInput(name="")]))  # fmt: skip
    assert set(err.value.errors) == {"team_id", "category", "summary", "parties.0.name"}


def test_intake_round_trip_nfc_and_parties(commune: Commune) -> None:
    case = new_case(commune, place="  Nhà  văn hóa ", invitees=[c.InviteeInput("Ông Trưởng họ", "trưởng họ")])
    loaded = c.get_case(commune.db, case.id)
    assert loaded.place == "Nhà văn hóa"
    assert [p.name for p in loaded.parties] == ["Đặng Văn Hùng", "Lê Thị Mai"]
    assert [i.name for i in loaded.invitees] == ["Ông Trưởng họ"]
    assert loaded.team.village.name == "Thôn Đông"
    # update keeps a party by id (and its position), replaces the rest
    keep = loaded.parties[1]
    out = c.update_case(commune.db, case.id, c.CaseInput(
        team_id=commune.team.id, received_on=D(2026, 3, 1), category="Hôn nhân và gia đình", summary="Khác",
        parties=[c.PartyInput(name="Lê Thị Mai", birth_year=1982, id=keep.id), c.PartyInput(name="Võ Văn Tâm")],
    ))  # fmt: skip
    assert out.value.category == Category.HON_NHAN_GIA_DINH
    assert [(p.name, p.id == keep.id) for p in out.value.parties] == [
        ("Lê Thị Mai", True),
        ("Võ Văn Tâm", False),
    ]


def test_out_of_scope_case_warns_without_guidance_and_has_no_result(commune: Commune) -> None:
    out = c.create_case(commune.db, c.CaseInput(team_id=commune.team.id, received_on=D(2026, 3, 1),
                                                category="ngoai_pham_vi", summary="Tranh chấp hợp đồng lớn"))  # fmt: skip
    assert [(f.rule, f.field) for f in out.warnings] == [("3.5", "guidance")]
    with pytest.raises(RuleBlocked) as err:  # 3.5, judged by domain.case_rules.outcome_refusal (import too)
        c.record_outcome(
            commune.db, out.value.id, c.OutcomeInput(result="thanh", ended_on=D(2026, 3, 2), agreement="x")
        )
    assert set(err.value.errors) == {"category"}


def test_assign_requires_active_member(commune: Commune) -> None:
    case = new_case(commune)
    outsider = add_member(commune.db, commune.team.id, "Phan Văn Mới", start=D(2026, 4, 1))
    with pytest.raises(ValidationError) as err:
        c.assign_mediators(commune.db, case.id, [outsider.id], D(2026, 3, 2))
    assert set(err.value.errors) == {"mediators"}
    with pytest.raises(RuleBlocked):  # before the case was received (3.8)
        c.assign_mediators(commune.db, case.id, [commune.second.id], D(2026, 2, 28))


def test_party_as_mediator_blocked_and_nothing_written(commune: Commune) -> None:
    case = new_case(commune)
    with pytest.raises(RuleBlocked) as err:
        c.assign_mediators(commune.db, case.id, [commune.second.id, commune.third.id], D(2026, 3, 2))
    assert [f.rule for f in err.value.findings] == ["3.3"]
    assert c.get_case(commune.db, case.id).assignments == []  # all or nothing: Bình was not assigned either
    with pytest.raises(ValidationError) as verr:
        c.assign_mediators(
            commune.db, case.id, [commune.third.id], D(2026, 3, 2), recusal_overrides={commune.third.id: " "}
        )
    assert set(verr.value.errors) == {"recusal_note"}
    out = c.assign_mediators(commune.db, case.id, [commune.second.id, commune.third.id], D(2026, 3, 2),
                             recusal_overrides={commune.third.id: "Các bên đồng ý bằng văn bản"})  # fmt: skip
    assert [(a.mediator.full_name, a.recusal_override) for a in out.value.assignments] == [
        ("Trần Văn Bình", False), ("Đặng Văn Hùng", True)]  # fmt: skip
    assert ("3.3", "warning") in {(f.rule, f.severity) for f in out.warnings}
    out = c.unassign_mediator(commune.db, case.id, commune.third.id)
    assert [a.mediator.code for a in out.value.assignments] == [commune.second.code]


def test_first_session_three_and_four_days(commune: Commune) -> None:
    case = new_case(commune)
    c.assign_mediators(commune.db, case.id, [commune.second.id], D(2026, 3, 2))
    out = c.add_session(commune.db, case.id, c.SessionInput(held_on=D(2026, 3, 5), place="Nhà văn hóa"))
    assert out.warnings == []
    late = new_case(commune)
    c.assign_mediators(commune.db, late.id, [commune.second.id], D(2026, 3, 2))
    out = c.add_session(commune.db, late.id, c.SessionInput(held_on=D(2026, 3, 6)))
    assert [(f.rule, f.field) for f in out.warnings] == [("3.4", "sessions")]
    session_id = out.value.sessions[0].id
    assert c.remove_session(commune.db, session_id).value.sessions == []


def test_outcome_thanh_needs_agreement_all_or_nothing(commune: Commune) -> None:
    case = new_case(commune)
    c.assign_mediators(commune.db, case.id, [commune.second.id], D(2026, 3, 2))
    c.add_session(commune.db, case.id, c.SessionInput(held_on=D(2026, 3, 4)))
    with pytest.raises(RuleBlocked) as err:
        c.record_outcome(commune.db, case.id, c.OutcomeInput(result="thanh", ended_on=D(2026, 3, 4)))
    assert set(err.value.errors) == {"agreement"}
    assert c.get_case(commune.db, case.id).result is None
    with pytest.raises(RuleBlocked) as err:  # before the session
        c.record_outcome(
            commune.db, case.id, c.OutcomeInput(result="thanh", ended_on=D(2026, 3, 3), agreement="Mở lối đi")
        )
    assert set(err.value.errors) == {"ended_on"}
    out = c.record_outcome(commune.db, case.id, c.OutcomeInput(
        result=Result.THANH, ended_on=D(2026, 3, 4), agreement="Mở lối đi rộng 2 m", execution_method="Trước 30/3"))  # fmt: skip
    assert (out.value.result, out.value.end_reason) == (Result.THANH, CaseEndReason.THANH)
    assert out.value.agreement == "Mở lối đi rộng 2 m"
    # follow-up and court recognition
    out = c.add_follow_up(
        commune.db, case.id, c.FollowUpInput(on=D(2026, 3, 30), status="xong", note="Đã mở lối")
    )
    assert [(f.status, f.note) for f in out.value.follow_ups] == [(FollowUpStatus.XONG, "Đã mở lối")]
    with pytest.raises(RuleBlocked):
        c.add_follow_up(commune.db, case.id, c.FollowUpInput(on=D(2026, 3, 1), status="dang"))
    with pytest.raises(RuleBlocked) as err:  # a date after "today" (30/06/2026) is refused on its field (3.8)
        c.set_court_recognition(commune.db, case.id, c.CourtInput(D(2026, 9, 5), "TAND khu vực 1"))
    assert set(err.value.errors) == {"court_filed_on"}
    assert "05/09/2026" in err.value.errors["court_filed_on"]
    assert rules.date_label("court_filed_on") in err.value.errors["court_filed_on"]
    assert c.get_case(commune.db, case.id).court_filed_on is None
    out = c.set_court_recognition(commune.db, case.id, c.CourtInput(D(2026, 6, 5), "TAND khu vực 1"))
    assert out.warnings == []
    assert out.value.court_name == "TAND khu vực 1"
    out = c.reopen_case(commune.db, case.id)
    assert out.value.result is None and out.value.agreement == "Mở lối đi rộng 2 m"


def test_outcome_khong_thanh_positions_and_referral(commune: Commune) -> None:
    case = new_case(commune)
    with pytest.raises(RuleBlocked) as err:  # no Điều 23 reason
        c.record_outcome(commune.db, case.id, c.OutcomeInput(result="khong_thanh", ended_on=D(2026, 3, 9)))
    assert set(err.value.errors) == {"end_reason"}
    ids = [p.id for p in case.parties]
    out = c.record_outcome(commune.db, case.id, c.OutcomeInput(
        result="Không thành", ended_on=D(2026, 3, 9), end_reason="khong_thanh",
        positions={ids[0]: "Không đồng ý mở lối", ids[1]: "Yêu cầu mở lối 2 m"}))  # fmt: skip
    assert [p.position for p in out.value.parties] == ["Không đồng ý mở lối", "Yêu cầu mở lối 2 m"]
    assert [(f.rule, f.field) for f in out.warnings] == [("3.5", "referral")]
    with pytest.raises(ValidationError):
        c.set_court_recognition(commune.db, case.id, c.CourtInput(D(2026, 4, 1)))


def test_delete_case_removes_children(commune: Commune) -> None:
    case = new_case(commune)
    c.assign_mediators(commune.db, case.id, [commune.second.id], D(2026, 3, 2))
    c.delete_case(commune.db, case.id)
    with commune.db.reading() as s:
        assert s.execute(select(func.count()).select_from(m.Party)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(m.Assignment)).scalar_one() == 0


def test_woman_member_helper(commune: Commune) -> None:
    md = add_member(commune.db, commune.team.id, "Lý Thị Sen", Sex.NU)
    assert md.sex == Sex.NU
