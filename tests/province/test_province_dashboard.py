"""The province dashboard (DOMAIN §8): every province figure is computed from the stored commune figures and equals
their sum for additive keys; the Đề án indicators are read from those sums (never an average of percentages); the
communes are ranked weakest first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hoagiai_desktop.domain import targets as targets_table
from hoagiai_desktop.province import totals
from hoagiai_desktop.services import province_dashboard
from hoagiai_desktop.services import province_receive as pr
from tests.province.helpers import commune_figures, make_package


def figures(seed: int, **values: float) -> dict[str, Any]:
    """Plausible figures of one commune with the Đề án counts set by hand (parts never above their whole)."""
    sums = {k: float(v) for k, v in commune_figures(seed).items() if k in totals.ADDITIVE_KEYS}
    sums.update({k.replace("__", "."): float(v) for k, v in values.items()})
    return totals.with_ratios(sums)


STRONG = dict(teams__total=12, teams__compliant=12, teams__legal_support=3, mediators__total=60,
              training__trained=55, training__new=4, training__new_trained_6m=4, mediators__leaders=12,
              training__leaders_in_depth=11, cases__handled=20, cases__successful=19, cases__unsuccessful=1)  # fmt: skip
MIDDLE = dict(STRONG, teams__compliant=9, training__trained=40, cases__successful=15, cases__unsuccessful=5)
WEAK = dict(STRONG, teams__compliant=3, teams__legal_support=0, training__trained=6, training__new_trained_6m=0,
            training__leaders_in_depth=1, cases__successful=5, cases__unsuccessful=15)  # fmt: skip


def test_province_figures_are_the_communes_sums_and_the_weakest_comes_first(
    province: Any, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    sent = {"26734": figures(1, **MIDDLE), "26740": figures(2, **STRONG), "26750": figures(3, **WEAK)}
    for code, values in sent.items():
        make_package(usb, code, values=values)
    pr.receive(province, [usb])
    board = province_dashboard.dashboard(province, "2025")

    assert board.reported == 3 and board.communes_total == 3 and not board.not_reported
    for key in totals.ADDITIVE_KEYS:  # the province figure is the sum of the communes' for every additive key
        assert board.total[key] == sum(v[key] for v in sent.values()), key
        assert board.total[key] == sum(v[key] for v in board.communes.values()), key
    for row in board.indicators:
        t = targets_table.BY_KEY[row.key]
        count_key = t.count if t.percent else row.key
        assert row.count == sum(v[count_key] for v in sent.values()), row.key
        if row.base is not None:
            assert row.base == sum(v[t.base] for v in sent.values()), row.key
            assert row.actual == round(100 * row.count / row.base, 1)  # the ratio of the sums
    compliant = next(r for r in board.indicators if r.key == "teams.compliant")
    assert (compliant.count, compliant.base, compliant.actual) == (24, 36, 66.7)
    assert (compliant.communes_met, compliant.communes_counted) == (1, 3) and compliant.met is False

    assert [s.code for s in board.standings] == ["26750", "26734", "26740"]  # weakest first
    assert [s.rank for s in board.standings] == [1, 2, 3]
    shortfalls = [s.shortfall for s in board.standings]
    assert shortfalls == sorted(shortfalls, reverse=True) and shortfalls[-1] == 0
    weak = board.standings[0]
    assert weak.actual_of("teams.compliant") == 25.0 and weak.missed == weak.counted == 6


def test_a_commune_without_cases_has_not_failed_the_success_rate(province: Any, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    make_package(usb, "26734", values=figures(1, **dict(STRONG, cases__handled=0, cases__successful=0,
                                                         cases__unsuccessful=0)))  # fmt: skip
    pr.receive(province, [usb])
    board = province_dashboard.dashboard(province, "2025")
    (only,) = board.standings
    assert only.actual_of("cases.success_rate") is None and only.missed == 0
    assert [name for _code, name in board.not_reported] == ["Phường Hòa Bình", "Đặc khu Cô Tô"]
