"""The province's figures (DOMAIN §8): the total is the sum of the communes' stored figures for every additive key,
each commune's figures are its counted packages' commune rows, and the keys a commune estimated stay marked —
on SQLite and on PostgreSQL, whose figures travel as one row of arrays per package."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from hoagiai_desktop.province import totals
from hoagiai_desktop.services import province_receive as pr
from hoagiai_desktop.services import province_reports
from tests.province.helpers import make_package


def _values(path: Path) -> dict[str, Any]:
    return dict(json.loads(zipfile.ZipFile(path).read("figures.json"))["commune"]["values"])


def test_totals_add_up_the_communes_and_keep_what_each_estimated(province: Any, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    plain = make_package(usb, "26734", seed=1)
    guessed = make_package(usb, "26750", seed=2, estimated=("cases.new", "cases.successful"))
    merged = [make_package(usb, code, seed=3 + i, estimated=("cases.new",) * i) for i, code in
              enumerate(("26741", "26742"))]  # fmt: skip
    assert all(o.status == pr.STORED for o in pr.receive(province, [usb]).value)

    result = province_reports.figures(province, "2025")
    assert set(result.communes) == {"26734", "26750", "26740"}
    for key in totals.ADDITIVE_KEYS:
        assert result.communes["26734"][key] == _values(plain)[key], key
        assert result.communes["26750"][key] == _values(guessed)[key], key
        assert result.communes["26740"][key] == sum(_values(p)[key] for p in merged), key
        assert result.total[key] == sum(c[key] for c in result.communes.values()), key
    assert result.estimated == {"26750": ["cases.new", "cases.successful"], "26740": ["cases.new"]}


def test_a_period_nobody_sent_has_empty_totals(province: Any, tmp_path: Path) -> None:
    make_package(tmp_path / "usb", "26734", seed=1)
    pr.receive(province, [tmp_path / "usb"])
    result = province_reports.figures(province, "2024")
    assert result.communes == {} and result.estimated == {}
