"""services.cases_read: the one CaseFilter / CaseRow / CaseRecord, judged as DOMAIN §2–§4 say."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain.enums import CaseState, Category, FollowUpStatus, PartyRole, Result
from hoagiai_desktop.domain.models import Base
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import cases
from hoagiai_desktop.services import cases_read as cr
from tests.services.services_fixtures import TODAY, Commune

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


# ---- the list on a hand-built commune (moved from test_lists.py, where they pinned lists.list_cases) ---------------


def _codes(db: Any, **kw: Any) -> list[str]:
    return [r.code for r in cr.case_list(db, cr.CaseFilter(**kw))]


def test_case_states_as_of_and_period(commune: Commune) -> None:
    db = commune.db
    done = _case(commune, D(2026, 5, 20), parties=[cases.PartyInput("Nguyễn Thị Hường Anh")])
    cases.assign_mediators(db, done.id, [commune.second.id], D(2026, 6, 2))
    cases.add_session(db, done.id, cases.SessionInput(D(2026, 6, 3)))
    cases.record_outcome(db, done.id, cases.OutcomeInput("thanh", D(2026, 6, 20), agreement="Đồng ý"))
    waiting = _case(commune, D(2026, 6, 1))
    nothing = _case(commune, D(2026, 6, 29))
    out = _case(commune, D(2026, 6, 5), category="ngoai_pham_vi", guidance="Tòa án")

    def state(code: str, on: dt.date | None = None) -> Any:
        return {r.code: r.state for r in cr.case_list(db, cr.CaseFilter(as_of=on))}.get(code, "absent")

    assert state(done.code) == CaseState.THANH
    assert state(done.code, D(2026, 6, 19)) == CaseState.DANG
    assert state(done.code, D(2026, 6, 1)) == CaseState.CHUA
    assert state(done.code, D(2026, 5, 19)) == "absent"  # not received yet on that day
    assert state(nothing.code) == CaseState.CHUA
    assert state(out.code) is None
    assert _codes(db, state=CaseState.CHUA) == [nothing.code, waiting.code]  # newest received first
    assert _codes(db, in_scope=False) == [out.code]
    assert cr.case_count(db, cr.CaseFilter(state=CaseState.CHUA)) == 2
    assert cr.case_count(db, cr.CaseFilter(as_of=D(2026, 6, 1))) == 2  # received on or before 01/06
    assert _codes(db, descending=False) == [done.code, waiting.code, out.code, nothing.code]
    # the handled set of H1 2026 leaves out a case ended before the period
    h1 = parse_period("2026-H1", "tt03-2019")  # the six months of TT 03/2019: 01/01–30/06
    assert set(_codes(db, period=h1)) == {done.code, waiting.code, nothing.code, out.code}
    early = _case(commune, D(2025, 11, 1))
    cases.record_outcome(
        db, early.id, cases.OutcomeInput("khong_thanh", D(2025, 12, 1), end_reason="ben_rut")
    )
    assert early.code not in _codes(db, period=h1)
    # search by a party's name without accents; mediators and parties are listed
    found = cr.case_list(db, cr.CaseFilter(query="huong anh"))
    assert [r.code for r in found] == [done.code]
    assert (found[0].parties, found[0].mediators) == ("Nguyễn Thị Hường Anh", "Trần Văn Bình")
    # needs attention: received 01/06, nobody assigned, 29 days later
    assert _codes(db, needs_attention=True) == [waiting.code]
    assert _codes(db, needs_attention=False) == [nothing.code, out.code, done.code, early.code]
    assert _codes(db, mediator_id=commune.second.id) == [done.code]
    record = cr.case_record(db, done.id)
    assert record.state == CaseState.THANH and record.court_deadline == D(2026, 12, 20)
    assert record.session_deadline == D(2026, 6, 5)
    assert [p.name for p in record.parties] == ["Nguyễn Thị Hường Anh"]
    assert record.assignments[0].mediator_name == "Trần Văn Bình"
    assert cr.case_id_for_code(db, done.code) == done.id and cr.case_id_for_code(db, "VV-0000-9999") is None


def test_court_window_edges() -> None:
    # deadline = agreement + 6 months; warned when on ≤ deadline ≤ on + 30
    assert cr.court_window(D(2026, 8, 6)) == (D(2026, 2, 6), D(2026, 3, 5))
    # 28/02 + 6 months = 28/08 (already passed on 31/08); 31/03 + 6 months = 30/09 = 31/08 + 30 days
    assert cr.court_window(D(2026, 8, 31)) == (D(2026, 3, 1), D(2026, 3, 31))


# ---- the list on sample data (moved from tests/ui/test_cases_support.py, where they pinned ui_support) ------------


@pytest.fixture
def sample(db: Any) -> Any:
    from hoagiai_desktop.demo import generate

    generate(db, "commune", seed=3, today=TODAY)
    return db


def test_ids_filters_rows_and_the_loaded_state_agree(sample: Any) -> None:
    db = sample
    every = cr.case_list(db, cr.CaseFilter())
    flagged = {r.id for r in every if r.needs_attention}
    assert flagged, "the sample data has cases that need attention"
    assert cr.case_ids(db, cr.CaseFilter()) == [r.id for r in every]
    assert set(cr.case_ids(db, cr.CaseFilter(needs_attention=True))) == flagged
    assert {r.id for r in every if r.attention} == flagged
    # a block of rows by id is exactly the list's row (the same SQL, whichever way it is asked)
    rows = cr.case_rows(db, [r.id for r in every])
    assert [rows[r.id] for r in every] == every
    assert any(r.warnings for r in every)
    for state in CaseState:
        expected = {r.id for r in every if r.state == state}
        assert expected, state
        assert set(cr.case_ids(db, cr.CaseFilter(state=state))) == expected
    assert {r.id for r in every if r.state is None} == set(cr.case_ids(db, cr.CaseFilter(in_scope=False)))
    # the state read from a loaded case (what the case form shows) is the SQL state, on several days
    for r in every[::7]:
        record = cr.case_record(db, r.id)
        for on in (D(2025, 12, 31), D(2026, 3, 31), TODAY):
            assert cr.case_state(record, on) == cr.case_rows(db, [r.id], on)[r.id].state, (r.code, on)


def test_period_states_add_up_to_the_handled_cases(sample: Any) -> None:
    db = sample
    period = parse_period("2026-H1")
    with db.reading() as s:
        f = indicators.compute(s, period)
    counted = {
        state: cr.case_count(db, cr.CaseFilter(period=period, state=state, in_scope=True))
        for state in CaseState
    }
    # the list's period is the handled set; successful/unsuccessful there are those ended within the period
    assert counted[CaseState.DANG] == f["cases.ongoing"]
    assert counted[CaseState.CHUA] == f["cases.pending"]
    assert counted[CaseState.THANH] == f["cases.successful"]
    assert counted[CaseState.KHONG_THANH] == f["cases.unsuccessful"]
    assert sum(counted.values()) == f["cases.handled"]


def test_default_order_is_newest_received_first_and_search_ignores_accents(sample: Any) -> None:
    db = sample
    ids = cr.case_ids(db, cr.CaseFilter())
    rows = cr.case_rows(db, ids)
    received = [rows[i].received_on for i in ids]
    assert received == sorted(received, reverse=True)
    some = rows[ids[5]]
    word = some.parties.split(";")[0].split()[-1]  # a party's given name, with its accents
    from hoagiai_desktop.text import fold

    found = cr.case_ids(db, cr.CaseFilter(query=fold(word)))
    assert some.id in found
    assert found == [i for i in ids if i in set(found)]  # still newest first
    assert cr.case_ids(db, cr.CaseFilter(query="zzqxw")) == []
    for sort in cr.SORTS:  # every order lists the same cases, and reversing it reverses the list
        up = cr.case_ids(db, cr.CaseFilter(sort=sort, descending=False))
        assert sorted(up) == sorted(ids) and cr.case_ids(db, cr.CaseFilter(sort=sort)) == up[::-1], sort
    by_team = cr.case_list(db, cr.CaseFilter(sort="team", descending=False))
    assert len({r.team_id for r in by_team}) > 1
    seen: list[int] = []
    for r in by_team:  # each team's cases come together
        if not seen or seen[-1] != r.team_id:
            assert r.team_id not in seen
            seen.append(r.team_id)


def test_needs_attention_is_about_today_whatever_the_period(sample: Any) -> None:
    db = sample
    year = parse_period("2026")
    now = set(cr.case_ids(db, cr.CaseFilter(needs_attention=True)))
    in_year = set(cr.case_ids(db, cr.CaseFilter(needs_attention=True, period=year)))
    on_books = set(cr.case_ids(db, cr.CaseFilter(period=year)))
    assert in_year == now & on_books
    # successful by the end of May, with the court deadline near today (30/06): states then, attention now
    may = parse_period("2026-01-01:2026-05-31")
    assert cr.states_on(cr.CaseFilter(period=may)) == D(2026, 5, 31)
    assert cr.attention_on(cr.CaseFilter(period=may)) == TODAY
    both = set(cr.case_ids(db, cr.CaseFilter(needs_attention=True, period=may, state=CaseState.THANH)))
    then = set(cr.case_ids(db, cr.CaseFilter(period=may, state=CaseState.THANH)))
    assert both and both == then & now
    # a period not over yet is judged today, never on a day to come
    assert cr.states_on(cr.CaseFilter(period=parse_period("2026"))) == TODAY


def test_each_filter_field_keeps_what_it_says(sample: Any) -> None:
    from sqlalchemy import select

    from hoagiai_desktop.domain import models as m

    db = sample
    with db.reading() as s:
        facts = s.execute(select(m.Case.id, m.Case.team_id, m.Team.village_id, m.Case.category, m.Case.received_on)
                          .join(m.Team, m.Team.id == m.Case.team_id)).all()  # fmt: skip
    team_id, village_id = facts[0][1], facts[0][2]
    assert set(cr.case_ids(db, cr.CaseFilter(team_id=team_id))) == {f[0] for f in facts if f[1] == team_id}
    in_village = {f[0] for f in facts if f[2] == village_id}
    assert set(cr.case_ids(db, cr.CaseFilter(village_id=village_id))) == in_village
    assert {r.id for r in cr.case_list(db, cr.CaseFilter(village_id=village_id, sort="team"))} == in_village
    for category in Category:
        expected = {f[0] for f in facts if f[3] == category}
        assert set(cr.case_ids(db, cr.CaseFilter(category=category))) == expected, category
    spring = parse_period("2026-01-01:2026-03-31")
    received = {f[0] for f in facts if spring.start <= f[4] <= spring.end}
    assert received and set(cr.case_ids(db, cr.CaseFilter(received_in=spring))) == received
    # the page hands period codes through period_of; an unknown sort key falls back to the default order
    assert cr.period_of("2026-01-01:2026-03-31") == spring and cr.period_of(None) is None
    assert cr.case_ids(db, cr.CaseFilter(sort="nonsense")) == cr.case_ids(db, cr.CaseFilter())
    # a filter that leaves nothing, and a block of ids that no longer exist, give empty results, not errors
    assert cr.case_list(db, cr.CaseFilter(query="zzqxw")) == [] and cr.case_rows(db, [10**9]) == {}
    assert cr.case_count(db, cr.CaseFilter(team_id=team_id)) == len(
        cr.case_ids(db, cr.CaseFilter(team_id=team_id))
    )


def test_open_and_attention_reasons_are_the_rows_own_judgement(sample: Any) -> None:
    """``still_open`` and ``attention_reason`` (asked through the index, for the attention list) keep exactly the
    cases the rows call open or flag for that reason, on several days."""
    db = sample
    for on in (D(2025, 12, 31), D(2026, 3, 31), TODAY):
        every = cr.case_list(db, cr.CaseFilter(as_of=on))
        still_open = {r.id for r in every if r.state in (CaseState.DANG, CaseState.CHUA)}
        assert still_open, on
        assert set(cr.case_ids(db, cr.CaseFilter(as_of=on, still_open=True))) == still_open
        closed = set(cr.case_ids(db, cr.CaseFilter(as_of=on, still_open=False)))
        assert closed == {r.id for r in every} - still_open
        court = {r.id for r in every if r.needs_attention and r.state == CaseState.THANH}
        waiting = {r.id for r in every if r.needs_attention} - court
        assert set(cr.case_ids(db, cr.CaseFilter(as_of=on, attention_reason="court"))) == court
        assert set(cr.case_ids(db, cr.CaseFilter(as_of=on, attention_reason="waiting"))) == waiting
        assert waiting <= still_open
        flagged = cr.case_ids(db, cr.CaseFilter(as_of=on, needs_attention=True))
        assert set(flagged) == court | waiting
        assert set(cr.case_ids(db, cr.CaseFilter(as_of=on, needs_attention=False))) == {
            r.id for r in every
        } - set(flagged)
    assert any(r.needs_attention for r in cr.case_list(db, cr.CaseFilter(attention_reason="court")))
    with pytest.raises(ValueError):
        cr.case_ids(db, cr.CaseFilter(attention_reason="someday"))
