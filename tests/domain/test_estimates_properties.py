"""Estimates that add up (DOMAIN §4), proved with property-based data.

For any cases in any teams, and for any valid leaf overrides, every identity of the statistical form holds on
every row of an estimated period (handled = carried + new; five categories = handled; five successful categories =
successful; successful + unsuccessful + ongoing + pending = handled), the commune row of every case column is the
sum of the team rows, and ``stats`` (compute_period), the thong-ke rows and the narrative report print the same
commune figures. The pure arithmetic is checked on arbitrary actual figures; the whole chain on real SQLite data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import periods as periods_module
from hoagiai_desktop.domain.enums import IN_SCOPE_CATEGORIES, Category, Result, UnitKind
from hoagiai_desktop.domain.indicators import CATEGORY_KEYS
from hoagiai_desktop.domain.indicators_estimates import (
    CASE_COUNT_KEYS,
    CASE_LEAVES,
    apportion,
    compute_period,
    estimate_rows,
    round_half_up,
    with_leaves,
)
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError

PERIODS = [parse_period(c, "tt03-2019") for c in ("2025-H1", "2025-Y1")]
D = dt.date


def identities(row: Mapping[str, Any]) -> list[str]:
    """The identities of the form that ``row`` breaks (empty = all hold)."""
    bad = []
    if row["cases.handled"] != row["cases.carried"] + row["cases.new"]:
        bad.append("handled = carried + new")
    if sum(row[f"cases.by_category.{c}"] for c in CATEGORY_KEYS) != row["cases.handled"]:
        bad.append("categories = handled")
    if sum(row[f"cases.successful_by_category.{c}"] for c in CATEGORY_KEYS) != row["cases.successful"]:
        bad.append("successful categories = successful")
    parts = ("cases.successful", "cases.unsuccessful", "cases.ongoing", "cases.pending")
    if sum(row[k] for k in parts) != row["cases.handled"]:
        bad.append("results = handled")
    if any(row.get(k, 0) < 0 for k in CASE_COUNT_KEYS):
        bad.append("no negative count")
    for c in CATEGORY_KEYS:
        if row[f"cases.successful_by_category.{c}"] > row[f"cases.by_category.{c}"]:
            bad.append(f"successful {c} ≤ handled {c}")
    return bad


def commune_is_team_sum(total: Mapping[str, Any], teams: list[Mapping[str, Any]]) -> list[str]:
    return [k for k in CASE_COUNT_KEYS if total[k] != sum(t[k] for t in teams)]


# ---- the arithmetic on arbitrary actual figures --------------------------------------------------------------


@st.composite
def team_actual(draw: st.DrawFn) -> dict[str, int]:
    """One team's actual figures to the cut-off, consistent the way the database makes them."""
    f: dict[str, int] = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
    carried = {c: draw(st.integers(0, 6)) for c in CATEGORY_KEYS}
    open_ = ongoing = pending = unsuccessful = 0
    for c in CATEGORY_KEYS:
        new = draw(st.integers(0, 25))
        handled = carried[c] + new
        successful = draw(st.integers(0, handled))
        failed = draw(st.integers(0, handled - successful))
        f[f"cases.by_category.{c}"] = handled
        f[f"cases.successful_by_category.{c}"] = successful
        unsuccessful += failed
        open_ += handled - successful - failed
    ongoing = draw(st.integers(0, open_))
    pending = open_ - ongoing
    f["cases.carried"] = sum(carried.values())
    f["cases.handled"] = sum(f[f"cases.by_category.{c}"] for c in CATEGORY_KEYS)
    f["cases.new"] = f["cases.handled"] - f["cases.carried"]
    f["cases.successful"] = sum(f[f"cases.successful_by_category.{c}"] for c in CATEGORY_KEYS)
    f["cases.unsuccessful"], f["cases.ongoing"], f["cases.pending"] = unsuccessful, ongoing, pending
    f["cases.out_of_scope"] = draw(st.integers(0, 5))
    f["mediators.recognised"] = draw(st.integers(0, 4))
    f["training.events"] = draw(st.integers(0, 3))
    f["__carried"] = carried  # type: ignore[assignment]
    return f


@given(
    teams=st.lists(team_actual(), min_size=1, max_size=8),
    period=st.sampled_from(PERIODS),
)
@settings(max_examples=150, deadline=None)
def test_estimated_rows_keep_every_identity_for_any_figures(teams: list[dict[str, Any]], period: Any) -> None:
    rows = {i: with_leaves(t, t.pop("__carried")) for i, t in enumerate(teams, start=1)}
    total = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
    for key in ("cases.carried", "mediators.recognised", "training.events"):
        total[key] = sum(r[key] for r in rows.values())
    commune, out = estimate_rows(total, rows, period)
    for row in [commune, *out.values()]:
        assert identities(row) == []
    assert commune_is_team_sum(commune, list(out.values())) == []
    # the proposal is the linear estimate of each family, rounded once for the commune
    ratio = Fraction(period.months, period.actual_months)
    assert commune["cases.new"] == round_half_up(sum(r["cases.new"] for r in rows.values()) * ratio)
    assert commune["cases.carried"] == sum(r["cases.carried"] for r in rows.values())  # a stock: actual


@given(
    teams=st.lists(team_actual(), min_size=1, max_size=5),
    period=st.sampled_from(PERIODS),
    data=st.data(),
)
@settings(max_examples=150, deadline=None)
def test_overrides_change_leaves_only_and_everything_above_follows(
    teams: list[dict[str, Any]], period: Any, data: st.DataObject
) -> None:
    rows = {i: with_leaves(t, t.pop("__carried")) for i, t in enumerate(teams, start=1)}
    total = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
    total["cases.carried"] = sum(r["cases.carried"] for r in rows.values())
    overrides: dict[int | None, dict[str, int]] = {}
    for _ in range(data.draw(st.integers(1, 4))):
        row = data.draw(st.sampled_from([None, *rows]))
        key = data.draw(st.sampled_from(CASE_LEAVES))
        overrides.setdefault(row, {})[key] = data.draw(st.integers(0, 60))
    try:
        commune, out = estimate_rows(total, rows, period, overrides)
    except UserError as err:  # an officer's figure that cannot fit is refused in one sentence
        assert "\n" not in str(err) and str(err).endswith(".")
        return
    for row in [commune, *out.values()]:
        assert identities(row) == []
    assert commune_is_team_sum(commune, list(out.values())) == []
    for row_key, keys in overrides.items():
        printed = commune if row_key is None else out[row_key]
        for key, value in keys.items():
            assert printed[key] == value  # the officer's figure is printed as typed


@given(
    weights=st.lists(st.fractions(min_value=0, max_value=50, max_denominator=12), min_size=1, max_size=30),
    extra=st.integers(-3, 40),
)
@settings(max_examples=300, deadline=None)
def test_largest_remainder_adds_up_to_the_total(weights: list[Fraction], extra: int) -> None:
    total = max(0, round_half_up(sum(weights)) + extra)
    shares = apportion(weights, total)
    assert sum(shares) == total and all(s >= 0 for s in shares)
    if extra == 0:  # the proposal: each share is its weight rounded down or up
        assert all(int(w) <= s <= int(w) + 1 for w, s in zip(weights, shares, strict=True))


# ---- the whole chain on real SQLite data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def commune_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Four teams (one dissolved mid-2025) and no case yet; each example replaces the cases."""
    from hoagiai_desktop.storage.opening import open_database

    db = open_database(Path(tmp_path_factory.mktemp("prop")) / "p.sqlite3")
    with db.transaction() as s:
        s.add(m.Unit(province="Phú Thọ", name="Tân Lập", kind=UnitKind.XA, place_name="Tân Lập",
                     chairman_name="Nguyễn Văn An"))  # fmt: skip
        village = m.Village(code="V1", name="Thôn Đông")
        s.add(village)
        for i in range(4):
            s.add(m.Team(code=f"T{i}", name=f"Tổ {i}", village=village, decision_date=D(2020, 1, 1),
                         dissolved_on=D(2025, 8, 1) if i == 3 else None))  # fmt: skip
    yield db
    db.dispose()


CASE = st.tuples(
    st.integers(0, 3),  # team
    st.sampled_from([*IN_SCOPE_CATEGORIES, Category.NGOAI_PHAM_VI]),
    st.dates(D(2024, 7, 1), D(2025, 12, 31)),  # received
    st.sampled_from([None, Result.THANH, Result.KHONG_THANH]),
    st.integers(0, 200),  # days to the end
    st.booleans(),  # a session held (ongoing rather than pending while open)
)


@given(cases=st.lists(CASE, max_size=60), period=st.sampled_from(PERIODS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_data_prints_figures_that_add_up_everywhere(
    commune_db: Any, cases: list[tuple[Any, ...]], period: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoagiai_desktop.reports import render

    monkeypatch.setattr(periods_module, "today", lambda: D(2026, 3, 1))
    with commune_db.transaction() as s:
        s.query(m.MediationSession).delete()
        s.query(m.Case).delete()
        teams = {t.code: t for t in s.query(m.Team)}
        for n, (team, category, received, result, days, held) in enumerate(cases):
            ended = received + dt.timedelta(days=days) if result else None
            c = m.Case(code=f"C{n}", team=teams[f"T{team}"], received_on=received, category=category,
                       result=result, ended_on=ended, agreement="Đã thỏa thuận." if result == Result.THANH else None)  # fmt: skip
            s.add(c)
            if held:
                c.sessions.append(m.MediationSession(held_on=received))
    thong_ke = render.collect(commune_db, render.make_request("thong-ke", period.code, regime="tt03-2019"))
    rows = thong_ke["rows"]
    values = [r["values"] for r in rows]
    for v in values:
        assert identities(v) == []
    case_keys = [k for k in values[0] if k in CASE_COUNT_KEYS]
    assert [k for k in case_keys if values[0][k] != sum(v[k] for v in values[1:])] == []
    with commune_db.reading() as s:
        stats = compute_period(s, period)
    assert {k: stats.total[k] for k in values[0]} == values[0]  # stats and the paper: the same figures
    narrative = render.collect(commune_db, render.make_request("bao-cao", period.code, regime="tt03-2019"))
    assert narrative["indicators"] == stats.total
