"""services.cases_read: the one CaseFilter / CaseRow / CaseRecord, judged as DOMAIN §2–§4 say."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hoagiai_desktop.domain.enums import CaseState, Category, FollowUpStatus, PartyRole, Result
from hoagiai_desktop.domain.models import Base
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import cases
from hoagiai_desktop.services import cases_read as cr
from tests.services.services_fixtures import Commune

D = dt.date


def _case(commune: Commune, received: dt.date, summary: str = "Tranh chấp", **kw: Any) -> Any:
    return cases.create_case(commune.db, cases.CaseInput(team_id=commune.team.id, received_on=received,
                                                         category=kw.pop("category", Category.DAN_SU), summary=summary,
                                                         **kw)).value  # fmt: skip


def _plain(value: Any, path: str = "record") -> None:
    """Fail if anything reachable from ``value`` is an ORM object (the record must be plain values)."""
    assert not isinstance(value, Base), path
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _plain(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, tuple | list):
        for n, item in enumerate(value):
            _plain(item, f"{path}[{n}]")


def test_case_record_holds_the_whole_case_as_plain_values(commune: Commune) -> None:
    db = commune.db
    parties = [
        cases.PartyInput("Lê Văn Tám", birth_year=1980, address="Thôn Đông"),
        cases.PartyInput("Hà Thị Lan", role=PartyRole.LIEN_QUAN),
    ]
    invitees = [cases.InviteeInput("Vũ Văn Minh", "trưởng họ")]
    done = _case(
        commune, D(2026, 1, 5), "Tranh chấp lối đi", parties=parties, invitees=invitees, place="Xóm 2"
    )
    cases.assign_mediators(db, done.id, [commune.second.id, commune.leader.id], D(2026, 1, 6))
    cases.add_session(db, done.id, cases.SessionInput(D(2026, 1, 12), place="Nhà văn hóa"))
    cases.add_session(db, done.id, cases.SessionInput(D(2026, 1, 8), note="Lần đầu"))
    cases.record_outcome(
        db, done.id, cases.OutcomeInput("thanh", D(2026, 1, 12), agreement="Mở lối đi chung")
    )
    cases.add_follow_up(db, done.id, cases.FollowUpInput(D(2026, 2, 1), FollowUpStatus.DANG, "Đang làm"))

    record = cr.case_record(db, done.id)
    _plain(record)
    assert (record.code, record.team_name, record.village_name) == (done.code, commune.team.name, "Thôn Đông")
    assert (record.summary, record.place, record.category) == ("Tranh chấp lối đi", "Xóm 2", Category.DAN_SU)
    assert [(p.name, p.birth_year, p.role) for p in record.parties] == [
        ("Lê Văn Tám", 1980, PartyRole.BEN),
        ("Hà Thị Lan", None, PartyRole.LIEN_QUAN),
    ]
    assert [(i.name, i.note) for i in record.invitees] == [("Vũ Văn Minh", "trưởng họ")]
    assert [a.mediator_name for a in record.assignments] == ["Trần Văn Bình", "Nguyễn Thị Hường"]
    assert [s.held_on for s in record.sessions] == [D(2026, 1, 8), D(2026, 1, 12)]  # by date
    assert [(f.on, f.status, f.note) for f in record.follow_ups] == [
        (D(2026, 2, 1), FollowUpStatus.DANG, "Đang làm")
    ]
    assert (record.result, record.ended_on, record.agreement) == (
        Result.THANH,
        D(2026, 1, 12),
        "Mở lối đi chung",
    )
    assert (record.first_assigned, record.first_session) == (D(2026, 1, 6), D(2026, 1, 8))
    assert record.session_deadline == D(2026, 1, 9)  # assignment + 3 days (Điều 20)
    assert record.court_deadline == D(2026, 7, 12)  # agreement + 6 months (BLTTDS Điều 418)
    assert record.state == CaseState.THANH and record.in_scope
    # today (30/06) the court deadline is 12 days away: rule 3.6 speaks, and the attention line says the same
    assert [f.rule for f in record.findings] == ["3.6"]
    assert record.needs_attention and record.attention == _(
        "Court recognition possible until {date}."
    ).format(date="12/07/2026")
    assert record.warnings == tuple(f.message for f in record.findings)
    # as of a day before the end, the same case is in progress and nothing is due yet
    earlier = cr.case_record(db, done.id, as_of=D(2026, 1, 10))
    assert (earlier.state, earlier.needs_attention, earlier.findings) == (CaseState.DANG, False, ())
    # filed at the court: nothing left to do
    cases.set_court_recognition(db, done.id, cases.CourtInput(D(2026, 6, 1), "TAND huyện", "12/2026/QĐ"))
    filed = cr.case_record(db, done.id)
    assert (filed.court_filed_on, filed.court_name, filed.court_decision) == (
        D(2026, 6, 1),
        "TAND huyện",
        "12/2026/QĐ",
    )
    assert (filed.needs_attention, filed.attention, filed.findings) == (False, "", ())


def test_case_record_out_of_scope_and_missing(commune: Commune) -> None:
    out = _case(commune, D(2026, 6, 5), category="ngoai_pham_vi")
    record = cr.case_record(commune.db, out.id)
    assert record.state is None and not record.in_scope
    assert record.warnings == (_("The case is out of scope; record where the parties were guided."),)
    cases.delete_case(commune.db, out.id)
    try:
        cr.case_record(commune.db, out.id)
    except UserError as exc:
        assert str(exc) == _("The case no longer exists; refresh the list.")
    else:  # pragma: no cover - the assertion is the point
        raise AssertionError("a deleted case must say so")
