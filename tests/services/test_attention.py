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


def test_summary_is_the_list_cut_with_every_count(db: Any) -> None:
    """The dashboard's summary (rows read for the shown lines only) is the whole list cut to ``per_kind`` of
    each kind, and its counts are those of the whole list, on several days of sample data."""
    from hoagiai_desktop.demo import generate
    from tests.services.services_fixtures import TODAY

    generate(db, "commune", seed=3, today=TODAY)
    for on in (D(2025, 12, 31), D(2026, 3, 31), TODAY):
        every = attention.needs_attention(db, on)
        assert every, on
        counts: dict[str, int] = {}
        for item in every:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        assert attention.attention_counts(db, on) == {kind: counts.get(kind, 0) for kind in attention.KINDS}
        for per_kind in (1, 2, 50):
            found = attention.summary(db, on, per_kind=per_kind)
            assert found.counts == counts
            shown: dict[str, int] = {}
            expected = []
            for item in every:
                shown[item.kind] = shown.get(item.kind, 0) + 1
                if shown[item.kind] <= per_kind:
                    expected.append(item)
            assert found.items == expected
            assert attention.needs_attention(db, on, limit_per_kind=per_kind) == expected
