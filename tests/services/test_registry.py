"""Register services: codes, validation by field, NFC, memberships, all-or-nothing writes, audit entries."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from sqlalchemy import func, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import EndReason, Role, Sex
from hoagiai_desktop.errors import BlockedByRule, UserError
from hoagiai_desktop.services import mediators_read, teams_read, villages_read
from hoagiai_desktop.services import registry as r
from hoagiai_desktop.services.common import RuleBlocked, ValidationError
from tests.services.services_fixtures import Commune, add_member

D = dt.date


def count(db: Any, model: Any) -> int:
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def test_codes_are_generated_and_unique(db: Any) -> None:
    v1 = r.create_village(db, r.VillageInput(name="Thôn 1")).value
    v2 = r.create_village(db, r.VillageInput(name="Thôn 2")).value
    assert (v1.code, v2.code) == ("T-01", "T-02")
    v9 = r.create_village(db, r.VillageInput(name="Thôn 9", code="T-09")).value
    assert r.create_village(db, r.VillageInput(name="Thôn 10")).value.code == "T-10"
    with pytest.raises(ValidationError) as err:
        r.create_village(db, r.VillageInput(name="Khác", code="T-09"))
    assert set(err.value.errors) == {"code"}
    assert isinstance(err.value, UserError) and "T-09" in str(err.value)
    team = r.create_team(db, r.TeamInput(name="Tổ 1", village_id=v9.id)).value
    assert team.code == "TO-001"
    md = r.create_mediator(db, r.MediatorInput(full_name="A", sex=Sex.NAM)).value
    assert md.code == "HGV-00001"
    # updating with the own code is fine; taking another's is not
    r.update_village(db, v1.id, r.VillageInput(name="Thôn Một", code="T-01"))
    with pytest.raises(ValidationError):
        r.update_village(db, v1.id, r.VillageInput(name="Thôn Một", code="T-02"))


def test_validation_errors_name_each_field(db: Any) -> None:
    with pytest.raises(ValidationError) as err:
        r.create_mediator(db, r.MediatorInput(full_name="  ", sex="x", birth_year=1800, ethnicity="Klingon"))
    assert set(err.value.errors) == {"full_name", "sex", "birth_year", "ethnicity"}
    with pytest.raises(ValidationError) as err:
        r.create_team(db, r.TeamInput(name="Tổ", village_id=999))
    assert set(err.value.errors) == {"village_id"}
    assert count(db, m.Mediator) == 0 and count(db, m.Team) == 0


def test_text_is_nfc_and_trimmed_and_labels_parse(db: Any) -> None:
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Hường ")
    md = r.create_mediator(
        db, r.MediatorInput(full_name=decomposed, sex="Nữ", ethnicity="tay", birth_year=1980)
    ).value
    assert md.full_name == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", md.full_name)
    assert md.sex == Sex.NU and md.ethnicity == "Tày"


def test_details_carry_their_relations_as_values(commune: Commune) -> None:
    team = teams_read.team_detail(commune.db, commune.team.id)
    assert team.village_name == "Thôn Đông"
    assert sorted(ms.mediator_name for ms in team.members) == [
        "Nguyễn Thị Hường",
        "Trần Văn Bình",
        "Đặng Văn Hùng",
    ]
    md = mediators_read.mediator_detail(commune.db, commune.leader.id)
    village_id = teams_read.team_detail(commune.db, md.memberships[0].team_id).village_id
    assert villages_read.village_detail(commune.db, village_id).code == "T-01"


def test_recognise_reports_composition_until_the_team_is_legal(db: Any) -> None:
    village = r.create_village(db, r.VillageInput(name="Bản Mường", ethnic_area=True)).value
    team = r.create_team(db, r.TeamInput(name="Tổ bản Mường", village_id=village.id)).value
    a = r.create_mediator(db, r.MediatorInput(full_name="Lò Văn A", sex=Sex.NAM, ethnicity="Thái")).value
    out = r.recognise(
        db,
        r.RecognitionInput(mediator_id=a.id, team_id=team.id, start_date=D(2026, 1, 1), votes=30, voters=50),
    )
    assert {(f.rule, f.field) for f in out.warnings} == {("3.1", "members"), ("3.1", "leader")}
    assert out.value.mediator.code == a.code and out.value.team.code == team.code
    b = r.create_mediator(db, r.MediatorInput(full_name="Lò Thị B", sex=Sex.NU, ethnicity="Thái")).value
    c = r.create_mediator(db, r.MediatorInput(full_name="Cầm Văn C", sex=Sex.NAM, ethnicity="Kinh")).value
    r.recognise(db, r.RecognitionInput(mediator_id=b.id, team_id=team.id, start_date=D(2026, 1, 1)))
    out = r.recognise(db, r.RecognitionInput(mediator_id=c.id, team_id=team.id, start_date=D(2026, 1, 1), role=Role.TO_TRUONG,
                                             leader_votes=2, leader_voters=3))  # fmt: skip
    assert out.warnings == []
    # 3.2: 25 of 50 households is not a majority
    d = r.create_mediator(db, r.MediatorInput(full_name="Lò Văn D", sex=Sex.NAM)).value
    out = r.recognise(
        db,
        r.RecognitionInput(mediator_id=d.id, team_id=team.id, start_date=D(2026, 2, 1), votes=25, voters=50),
    )
    assert [(f.rule, f.field) for f in out.warnings] == [("3.2", "votes")]


def test_elect_leader_demotes_the_previous_one(commune: Commune) -> None:
    out = r.elect_leader(commune.db, commune.team.id, commune.second.id, D(2026, 3, 1), votes=2, voters=3)
    assert out.value.role == Role.TO_TRUONG and out.value.leader_since == D(2026, 3, 1)
    assert out.warnings == []
    team = teams_read.team_detail(commune.db, commune.team.id)
    roles = {ms.mediator_name: ms.role for ms in team.members}
    assert roles == {
        "Nguyễn Thị Hường": Role.HOA_GIAI_VIEN,
        "Trần Văn Bình": Role.TO_TRUONG,
        "Đặng Văn Hùng": Role.HOA_GIAI_VIEN,
    }
    with pytest.raises(ValidationError) as err:
        r.elect_leader(commune.db, commune.team.id, commune.second.id, D(2023, 1, 1))  # not a member yet
    assert set(err.value.errors) == {"mediator_id"}


def test_terminate_membership(commune: Commune) -> None:
    ms_id = mediators_read.mediator_detail(commune.db, commune.third.id).memberships[0].id
    with pytest.raises(ValidationError) as err:
        r.terminate_membership(commune.db, ms_id, r.TerminationInput(end_date=D(2026, 5, 1), reason=""))
    assert set(err.value.errors) == {"end_reason"}
    with pytest.raises(RuleBlocked) as blocked:
        r.terminate_membership(
            commune.db, ms_id, r.TerminationInput(end_date=D(2023, 12, 31), reason="nguyen_vong")
        )
    assert isinstance(blocked.value, BlockedByRule) and blocked.value.findings[0].rule == "3.8"
    out = r.terminate_membership(
        commune.db,
        ms_id,
        r.TerminationInput(end_date=D(2026, 5, 1), reason="Theo nguyện vọng", decision_no="12/QĐ"),
    )
    assert out.value.end_reason == EndReason.NGUYEN_VONG and out.value.termination_no == "12/QĐ"
    assert [(f.rule, f.field) for f in out.warnings] == [("3.1", "members")]  # two members left
    out = r.reinstate_membership(commune.db, ms_id)
    assert out.value.end_date is None and out.warnings == []


def test_overlapping_membership_is_blocked_and_nothing_written(commune: Commune) -> None:
    before = count(commune.db, m.Membership)
    audit_before = count(commune.db, m.AuditEntry)
    with pytest.raises(RuleBlocked) as err:
        r.recognise(commune.db, r.RecognitionInput(mediator_id=commune.second.id, team_id=commune.team.id,
                                                   start_date=D(2025, 1, 1)))  # fmt: skip
    assert err.value.errors.keys() == {"start_date"}
    assert count(commune.db, m.Membership) == before
    assert count(commune.db, m.AuditEntry) == audit_before


def test_future_dates_are_refused_on_their_field(commune: Commune) -> None:
    """Rule 3.8 the same everywhere: a date of what has happened after today (30/06/2026) is refused."""
    md = r.create_mediator(commune.db, r.MediatorInput(full_name="Mai Văn Tới", sex=Sex.NAM)).value
    with pytest.raises(BlockedByRule) as blocked:
        r.recognise(
            commune.db,
            r.RecognitionInput(mediator_id=md.id, team_id=commune.team.id, start_date=D(2026, 7, 1)),
        )
    assert set(blocked.value.errors) == {"start_date"}
    assert mediators_read.mediator_detail(commune.db, md.id).memberships == ()
    with pytest.raises(BlockedByRule) as blocked:
        r.create_village(commune.db, r.VillageInput(name="Thôn Mới", active_from=D(2026, 7, 2)))
    assert set(blocked.value.errors) == {"active_from"}
    with pytest.raises(ValidationError) as invalid:
        r.create_mediator(
            commune.db, r.MediatorInput(full_name="Lê Thị Sau", sex=Sex.NU, birth_date=D(2026, 7, 2))
        )
    assert "02/07/2026" in invalid.value.errors["birth_date"]
    assert rules.date_label("birth_date") in invalid.value.errors["birth_date"]
    from hoagiai_desktop.services import cases

    with pytest.raises(BlockedByRule) as blocked:
        cases.create_case(
            commune.db,
            cases.CaseInput(
                team_id=commune.team.id, received_on=D(2026, 7, 1), category="dan_su", summary="Đất"
            ),
        )
    assert set(blocked.value.errors) == {"received_on"}


def test_delete_mediator(commune: Commune) -> None:
    from hoagiai_desktop.services import cases

    case = cases.create_case(
        commune.db,
        cases.CaseInput(team_id=commune.team.id, received_on=D(2026, 3, 1), category="dan_su", summary="Đất"),
    ).value
    cases.assign_mediators(commune.db, case.id, [commune.second.id], D(2026, 3, 2))
    with pytest.raises(UserError):
        r.delete_mediator(commune.db, commune.second.id)
    r.delete_mediator(commune.db, commune.third.id)
    assert r.find_id_by_code(commune.db, m.Mediator, commune.third.code) is None
    assert count(commune.db, m.Membership) == 2


def test_delete_team_and_village_refused_when_in_use(commune: Commune) -> None:
    with pytest.raises(UserError):
        r.delete_team(commune.db, commune.team.id)
    with pytest.raises(UserError):
        r.delete_village(commune.db, commune.village.id)
    empty = r.create_village(commune.db, r.VillageInput(name="Thôn trống")).value
    r.delete_village(commune.db, empty.id)
    assert r.find_id_by_code(commune.db, m.Village, empty.code) is None


def test_dissolve_team_ends_memberships(commune: Commune) -> None:
    out = r.dissolve_team(commune.db, commune.team.id, D(2026, 6, 1), "Sáp nhập")
    assert out.value.dissolved_on == D(2026, 6, 1)
    assert all(ms.end_date == D(2026, 6, 1) for ms in out.value.memberships)


def test_legal_support(commune: Commune) -> None:
    with pytest.raises(ValidationError) as err:
        r.set_legal_support(commune.db, commune.team.id, r.LegalSupportInput(True))
    assert set(err.value.errors) == {"legal_support_name"}
    team = r.set_legal_support(
        commune.db, commune.team.id, r.LegalSupportInput(True, "Luật sư Lê Văn Luật", "luat_su")
    ).value
    assert team.legal_support and team.legal_support_name == "Luật sư Lê Văn Luật"
    team = r.set_legal_support(commune.db, commune.team.id, r.LegalSupportInput(False)).value
    assert not team.legal_support and team.legal_support_name is None


def test_audit_entries_name_fields_not_values(db: Any) -> None:
    md = r.create_mediator(
        db, r.MediatorInput(full_name="Hoàng Văn Bí Mật", sex=Sex.NAM, address="Số 9 ngõ Kín")
    ).value
    r.update_mediator(
        db, md.id, r.MediatorInput(full_name="Hoàng Văn Bí Mật", sex=Sex.NAM, address="Số 10 ngõ Kín")
    )
    with db.reading() as s:
        stmt = select(m.AuditEntry).where(m.AuditEntry.entity == "mediator").order_by(m.AuditEntry.id)
        entries = [(e.action.value, e.entity_code, e.fields) for e in s.execute(stmt).scalars()]
    assert [e[:2] for e in entries] == [("create", md.code), ("update", md.code)]
    assert entries[1][2] == "address"
    assert "full_name" in (entries[0][2] or "").split(",")
    for e in entries:
        assert "Bí Mật" not in (e[2] or "") and "ngõ" not in (e[2] or "")


def test_unit_is_one_row(db: Any) -> None:
    from hoagiai_desktop.services import unit

    assert unit.get_unit(db) is None
    unit.save_unit(db, unit.UnitInput(province="Tuyên Quang", name="Tân Lập", kind="Xã"))
    saved = unit.save_unit(
        db, unit.UnitInput(province="Tuyên Quang", name="Tân Lập", kind="phuong", place_name="Tân Lập")
    ).value
    assert saved.full_name == "Phường Tân Lập"
    assert count(db, m.Unit) == 1
    with pytest.raises(ValidationError) as err:
        unit.save_unit(db, unit.UnitInput(province="", name=""))
    assert set(err.value.errors) == {"province", "name"}


def test_add_member_helper_counts(commune: Commune) -> None:
    add_member(commune.db, commune.team.id, "Lê Thị Tư", Sex.NU)
    assert len(teams_read.team_detail(commune.db, commune.team.id).members) == 4


def test_update_and_delete_membership_and_end_village(commune: Commune) -> None:
    db = commune.db
    ms = mediators_read.mediator_detail(db, commune.third.id).memberships[0]
    out = r.update_membership(db, ms.id, r.RecognitionInput(
        mediator_id=commune.third.id, team_id=commune.team.id, start_date=D(2024, 2, 1), recognition_no="5/QĐ-UBND",
        recognition_date=D(2024, 1, 20), election_method="Bỏ phiếu kín", votes=60, voters=100))  # fmt: skip
    assert (out.value.start_date, out.value.recognition_no, out.value.votes) == (
        D(2024, 2, 1),
        "5/QĐ-UBND",
        60,
    )
    assert out.warnings == []
    out2 = r.delete_membership(db, ms.id)
    assert out2.value is None and [(f.rule, f.field) for f in out2.warnings] == [("3.1", "members")]
    ended = r.end_village(db, commune.village.id, D(2026, 6, 1))
    assert ended.value.merged_on == D(2026, 6, 1)
    assert [f.field for f in ended.warnings] == ["teams"]  # its team is still active
    with pytest.raises(RuleBlocked):
        r.update_village(db, commune.village.id, r.VillageInput(name="Thôn Đông", active_from=D(2026, 6, 2)))
