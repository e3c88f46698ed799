"""Read-side lists: Vietnamese order, accent-free search, filters, as-of states, detail loaders, attention."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hoagiai_desktop.domain.enums import CaseState, Category
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.services import attention, cases, registry
from hoagiai_desktop.services import lists as L
from tests.services.services_fixtures import Commune

D = dt.date


def names(rows: list[Any]) -> list[str]:
    return [r.full_name for r in rows]


def _case(commune: Commune, received: dt.date, summary: str = "Tranh chấp", **kw: Any) -> Any:
    return cases.create_case(commune.db, cases.CaseInput(team_id=commune.team.id, received_on=received,
                                                         category=kw.pop("category", Category.DAN_SU), summary=summary,
                                                         **kw)).value  # fmt: skip


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
        return {r.code: r.state for r in L.list_cases(db, as_of=on)}.get(code, "absent")

    assert state(done.code) == CaseState.THANH
    assert state(done.code, D(2026, 6, 19)) == CaseState.DANG
    assert state(done.code, D(2026, 6, 1)) == CaseState.CHUA
    assert state(done.code, D(2026, 5, 19)) == "absent"
    assert state(nothing.code) == CaseState.CHUA
    assert state(out.code) is None
    assert [r.code for r in L.list_cases(db, filters=L.CaseFilter(state=CaseState.CHUA))] == [
        nothing.code,
        waiting.code,
    ]
    assert [r.code for r in L.list_cases(db, filters=L.CaseFilter(in_scope=False))] == [out.code]
    assert L.count_cases(db, filters=L.CaseFilter(state=CaseState.CHUA)) == 2
    assert L.count_cases(db, as_of=D(2026, 6, 1)) == 2  # received on or before 01/06
    assert [r.code for r in L.list_cases(db, sort="received")] == [
        done.code,
        waiting.code,
        out.code,
        nothing.code,
    ]
    # the handled set of H1 2026 leaves out a case ended before the period
    h1 = parse_period("2026-H1", "tt03-2019")  # the six months of TT 03/2019: 01/01–30/06
    assert {r.code for r in L.list_cases(db, filters=L.CaseFilter(period=h1))} == {
        done.code,
        waiting.code,
        nothing.code,
        out.code,
    }
    early = _case(commune, D(2025, 11, 1))
    cases.record_outcome(
        db, early.id, cases.OutcomeInput("khong_thanh", D(2025, 12, 1), end_reason="ben_rut")
    )
    assert early.code not in {r.code for r in L.list_cases(db, filters=L.CaseFilter(period=h1))}
    # search by a party's name without accents; mediators and parties are listed
    found = L.list_cases(db, "huong anh")
    assert [r.code for r in found] == [done.code]
    assert (found[0].parties, found[0].mediators) == ("Nguyễn Thị Hường Anh", "Trần Văn Bình")
    # needs attention: received 01/06, nobody assigned, 29 days later
    flagged = L.list_cases(db, filters=L.CaseFilter(needs_attention=True))
    assert [r.code for r in flagged] == [waiting.code]
    detail = L.case_detail(db, done.id)
    assert detail.state == CaseState.THANH and detail.court_deadline == D(2026, 12, 20)
    assert detail.session_deadline == D(2026, 6, 5)
    assert [p.name for p in detail.case.parties] == ["Nguyễn Thị Hường Anh"]
    assert detail.case.assignments[0].mediator.full_name == "Trần Văn Bình"


def test_court_window_edges() -> None:
    # deadline = agreement + 6 months; warned when on ≤ deadline ≤ on + 30
    assert L.court_window(D(2026, 8, 6)) == (D(2026, 2, 6), D(2026, 3, 5))
    # 28/02 + 6 months = 28/08 (already passed on 31/08); 31/03 + 6 months = 30/09 = 31/08 + 30 days
    assert L.court_window(D(2026, 8, 31)) == (D(2026, 3, 1), D(2026, 3, 31))


def test_attention_list(commune: Commune) -> None:
    db = commune.db
    ok = _case(commune, D(2026, 1, 10))
    cases.assign_mediators(db, ok.id, [commune.second.id], D(2026, 1, 10))
    cases.add_session(db, ok.id, cases.SessionInput(D(2026, 1, 11)))
    cases.record_outcome(
        db, ok.id, cases.OutcomeInput("thanh", D(2026, 1, 11), agreement="Đồng ý")
    )  # deadline 11/07
    stale = _case(commune, D(2026, 6, 20))
    cases.assign_mediators(db, stale.id, [commune.second.id], D(2026, 6, 26))  # 26 + 3 = 29 < 30
    fresh = _case(commune, D(2026, 6, 25))
    cases.assign_mediators(db, fresh.id, [commune.second.id], D(2026, 6, 27))  # 27 + 3 = 30: not yet late
    old = _case(commune, D(2026, 4, 1))
    cases.assign_mediators(db, old.id, [commune.second.id], D(2026, 4, 1))
    cases.add_session(db, old.id, cases.SessionInput(D(2026, 4, 2)))
    ms_id = registry.get_mediator(db, commune.third.id).memberships[0].id
    registry.terminate_membership(db, ms_id, registry.TerminationInput(D(2026, 6, 1), "nguyen_vong"))
    items = attention.needs_attention(db)
    kinds = [(i.kind, i.ref) for i in items]
    assert kinds == [
        ("court_deadline", ok.code),
        ("case_waiting", stale.code),
        ("team_noncompliant", commune.team.code),
        ("case_open", old.code),
    ]
    assert items[0].due == D(2026, 7, 11) and items[0].rule == "3.6"
    assert all(i.message for i in items)
    counts = attention.attention_counts(db)
    assert counts["court_deadline"] == 1 and counts["training_overdue"] == 0
