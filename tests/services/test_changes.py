"""Every write service says which kinds of record it changed (``Outcome.changes``), so the window refreshes exactly
the pages that show them. Each write is called for real on a data file and its ``Changes`` compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.domain.enums import Category, EndReason, Role, Sex
from hoagiai_desktop.reports import finalise
from hoagiai_desktop.services import cases as c
from hoagiai_desktop.services import (
    narrative,
    province_receive,
    province_registry,
    province_reports,
    reporting,
    sending,
    targets,
    training,
    unit,
    user_admin,
    users,
)
from hoagiai_desktop.services import registry as r
from hoagiai_desktop.services.changes import NOTHING, Changes
from hoagiai_desktop.storage.opening import open_database
from tests.province.helpers import make_package, registry_xlsx
from tests.services.services_fixtures import Commune, add_member

D = dt.date
VILLAGES = Changes(villages=True)
TEAMS = Changes(teams=True)
MEDIATORS = Changes(mediators=True)
MEMBERSHIPS = Changes(teams=True, mediators=True)
CASES = Changes(cases=True)
TRAINING = Changes(training=True)


def test_the_flags_combine_and_say_who_must_refresh() -> None:
    assert not NOTHING
    assert Changes(villages=True, cases=True) == (VILLAGES | CASES)
    assert (VILLAGES | CASES).names() == ("villages", "cases")
    assert CASES.touches(Changes(cases=True, teams=True))
    assert not CASES.touches(Changes(teams=True, training=True))
    assert Changes.all().touches(Changes(targets=True)) and Changes.all().everything
    assert Changes(everything=True).touches(NOTHING)  # an import or a restore reloads every page
    assert CASES.touches(Changes(everything=True))  # a page that shows everything (backups) sees every write
    assert not NOTHING.touches(Changes(everything=True))
    assert set(Changes.kinds()) >= {"villages", "teams", "mediators", "cases", "training", "unit", "targets",
                                    "regime", "report", "narrative", "province", "users", "everything"}  # fmt: skip


def test_register_writes(db: Any) -> None:
    out = r.create_village(db, r.VillageInput(name="Thôn Đông"))
    assert out.changes == VILLAGES
    village = out.value
    assert r.update_village(db, village.id, r.VillageInput(name="Thôn Đông 2")).changes == VILLAGES
    assert r.end_village(db, village.id, None).changes == VILLAGES
    spare = r.create_village(db, r.VillageInput(name="Thôn Tây")).value
    assert r.delete_village(db, spare.id).changes == VILLAGES

    team = r.create_team(db, r.TeamInput(name="Tổ Đông", village_id=village.id, decision_date=D(2020, 1, 1)))
    assert team.changes == TEAMS
    team_id = team.value.id
    assert r.update_team(db, team_id, r.TeamInput(name="Tổ Đông", village_id=village.id)).changes == TEAMS
    assert r.set_legal_support(db, team_id, r.LegalSupportInput(False)).changes == TEAMS
    spare_team = r.create_team(db, r.TeamInput(name="Tổ thừa", village_id=village.id)).value
    assert r.delete_team(db, spare_team.id).changes == TEAMS

    made = r.create_mediator(db, r.MediatorInput(full_name="Lê Văn An", sex=Sex.NAM))
    assert made.changes == MEDIATORS
    an = made.value
    assert (
        r.update_mediator(db, an.id, r.MediatorInput(full_name="Lê Văn Ân", sex=Sex.NAM)).changes == MEDIATORS
    )
    spare_md = r.create_mediator(db, r.MediatorInput(full_name="Thừa", sex=Sex.NU)).value
    assert r.delete_mediator(db, spare_md.id).changes == MEDIATORS

    ms = r.recognise(db, r.RecognitionInput(mediator_id=an.id, team_id=team_id, start_date=D(2024, 1, 1)))
    assert ms.changes == MEMBERSHIPS
    ms_id = ms.value.id
    again = r.RecognitionInput(mediator_id=an.id, team_id=team_id, start_date=D(2024, 1, 2))
    assert r.update_membership(db, ms_id, again).changes == MEMBERSHIPS
    assert r.elect_leader(db, team_id, an.id, D(2024, 2, 1)).changes == MEMBERSHIPS
    ended = r.TerminationInput(end_date=D(2025, 1, 1), reason=EndReason.NGUYEN_VONG)
    assert r.terminate_membership(db, ms_id, ended).changes == MEMBERSHIPS
    assert r.reinstate_membership(db, ms_id).changes == MEMBERSHIPS
    assert r.dissolve_team(db, team_id, D(2026, 1, 1)).changes == MEMBERSHIPS  # its memberships end too
    assert r.delete_membership(db, ms_id).changes == MEMBERSHIPS


def test_case_writes(commune: Commune) -> None:
    db = commune.db
    made = c.create_case(db, c.CaseInput(team_id=commune.team.id, received_on=D(2026, 3, 1), category=Category.DAN_SU,
                                         summary="Tranh chấp lối đi", parties=[c.PartyInput("A"), c.PartyInput("B")]))  # fmt: skip
    assert made.changes == CASES
    case = made.value
    data = c.CaseInput(
        team_id=commune.team.id, received_on=D(2026, 3, 1), category=Category.DAN_SU, summary="Lối đi"
    )
    assert c.update_case(db, case.id, data).changes == CASES
    assert (
        c.assign_mediators(db, case.id, [commune.leader.id, commune.second.id], D(2026, 3, 2)).changes
        == CASES
    )
    assert c.unassign_mediator(db, case.id, commune.second.id).changes == CASES
    held = c.add_session(db, case.id, c.SessionInput(held_on=D(2026, 3, 4)))
    assert held.changes == CASES
    assert c.remove_session(db, held.value.sessions[0].id).changes == CASES
    c.add_session(db, case.id, c.SessionInput(held_on=D(2026, 3, 4)))
    ended = c.OutcomeInput(result="thanh", ended_on=D(2026, 3, 5), agreement="Mở lối đi")
    assert c.record_outcome(db, case.id, ended).changes == CASES
    followed = c.add_follow_up(db, case.id, c.FollowUpInput(on=D(2026, 3, 30), status="xong"))
    assert followed.changes == CASES
    assert c.remove_follow_up(db, followed.value.follow_ups[0].id).changes == CASES
    assert c.set_court_recognition(db, case.id, c.CourtInput(D(2026, 3, 20), "TAND")).changes == CASES
    assert c.set_court_recognition(db, case.id, c.CourtInput(None)).changes == CASES
    assert c.reopen_case(db, case.id).changes == CASES
    assert c.delete_case(db, case.id).changes == CASES


def test_training_writes(commune: Commune) -> None:
    db = commune.db
    made = training.create_event(db, training.EventInput("Lớp cơ bản", "co_ban", D(2026, 4, 10)))
    assert made.changes == TRAINING
    event_id = made.value.id
    assert (
        training.update_event(db, event_id, training.EventInput("Lớp", "co_ban", D(2026, 4, 10))).changes
        == TRAINING
    )
    assert training.set_attendance(db, event_id, [commune.leader.id]).changes == TRAINING
    guest = training.add_guest(db, event_id, training.GuestInput("Khách"))
    assert guest.changes == TRAINING
    assert training.remove_guest(db, guest.value.guests[0].id).changes == TRAINING
    assert training.delete_event(db, event_id).changes == TRAINING


def test_unit_targets_regime_narrative(db: Any) -> None:
    saved = unit.save_unit(db, unit.UnitInput(province="Tuyên Quang", name="Tân Lập"))
    assert saved.changes == Changes(unit=True)
    seeded = targets.ensure_default_targets(db)
    assert seeded.value > 0 and seeded.changes == Changes(targets=True)
    assert targets.ensure_default_targets(db).changes == NOTHING  # nothing missing: nothing written
    key = targets.get_targets(db)[0].indicator
    assert targets.set_target(db, key, 75).changes == Changes(targets=True)
    assert targets.delete_target(db, key).changes == Changes(targets=True)
    assert reporting.set_regime(db, "auto").changes == Changes(regime=True)
    assert narrative.save_narrative(db, "2026", {"summary": "Năm nay"}).changes == Changes(narrative=True)
    taken = narrative.adopt(db, {("2025", "summary"): "Năm trước"})
    assert (taken.value, taken.changes) == (1, Changes(narrative=True))
    assert narrative.adopt(db, {("2025", "summary"): "khác"}).changes == NOTHING  # the file's text wins


def test_users(db: Any) -> None:
    assert user_admin.add_user(db, "quantri", users.ADMIN, "mat-khau-1").changes == Changes(users=True)
    users.login(db, "quantri", "mat-khau-1")
    user_admin.add_user(db, "xem", users.VIEWER, "mat-khau-2")
    assert user_admin.disable_user(db, "xem").changes == Changes(users=True)


def test_province_writes(tmp_path: Path) -> None:
    db = open_database(tmp_path / "province.sqlite3")
    try:
        made = province_registry.init_province(db, "Cao Bằng", "04")
        assert made.changes == Changes(unit=True, province=True)
        rows = [("26734", "Tiên Phong", "xã", "")]
        imported = province_registry.import_communes(db, registry_xlsx(tmp_path / "r.xlsx", rows))
        assert imported.value == (1, 0) and imported.changes == Changes(province=True)
        assert province_reports.set_deadline(db, "2025", D(2026, 1, 15)).changes == Changes(province=True)
        package = make_package(tmp_path / "usb", "26734")
        received = province_receive.receive(db, [package], receipts_dir=tmp_path / "receipts")
        assert [o.status for o in received.value] == [province_receive.STORED]
        assert received.changes == Changes(province=True)
        again = province_receive.receive(db, [package])  # the same package: stored once, nothing changed
        assert [o.status for o in again.value] == [province_receive.DUPLICATE] and again.changes == NOTHING
    finally:
        db.dispose()


def test_send_and_receipt(commune: Commune, tmp_path: Path) -> None:
    db = commune.db
    unit.save_unit(
        db, unit.UnitInput(province="Cao Bằng", name="Tiên Phong", code="26734", chairman_name="A")
    )
    add_member(db, commune.team.id, "Phạm Thị Lan", Sex.NU, Role.HOA_GIAI_VIEN)
    finalise.finalise(db, "thong-ke", "2025")
    sent = sending.send(db, "2025", tmp_path / "usb")
    assert sent.value.path.exists() and sent.changes == Changes(report=True)
    province = open_database(tmp_path / "province.sqlite3")
    try:
        province_registry.init_province(province, "Cao Bằng", "04")
        province_registry.import_communes(
            province, registry_xlsx(tmp_path / "r.xlsx", [("26734", "Tiên Phong", "xã", "")])
        )
        [outcome] = province_receive.receive(province, [sent.value.path]).value
    finally:
        province.dispose()
    assert outcome.receipt is not None
    recorded = sending.record_receipt(db, outcome.receipt)
    assert recorded.value.number and recorded.changes == Changes(report=True)


@pytest.mark.parametrize("kind", Changes.kinds())
def test_each_flag_is_its_own(kind: str) -> None:
    one = Changes(**{kind: True})
    assert one.names() == (kind,)
    assert one.touches(one)
