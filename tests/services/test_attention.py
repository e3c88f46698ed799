"""The dashboard's "needs attention" list (services.attention), built on the one case list and register reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.services import attention, cases, mediators_read, registry
from tests.services.services_fixtures import Commune

D = dt.date


def _case(commune: Commune, received: dt.date, summary: str = "Tranh chấp", **kw: Any) -> Any:
    return cases.create_case(commune.db, cases.CaseInput(team_id=commune.team.id, received_on=received,
                                                         category=kw.pop("category", Category.DAN_SU), summary=summary,
                                                         **kw)).value  # fmt: skip


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
    ms_id = mediators_read.mediator_detail(db, commune.third.id).memberships[0].id
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
