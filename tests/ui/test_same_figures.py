"""One period, one set of figures (DOMAIN §4): ``stats``, the dashboard, the PDF and the .xlsx of ``thong-ke`` show
the same commune figures for an estimated period (TT 03/2019 first annual report) and for an official year."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import periods
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.periods_regimes import store_regime
from hoagiai_desktop.reports.render import render_report
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui.pages.dashboard_page import load_dashboard
from tests.domain.test_indicators import build_commune

TOTAL = "Tổng số trên địa bàn"
KEYS = (
    "cases.handled",
    "cases.carried",
    "cases.new",
    "cases.successful",
    "cases.unsuccessful",
    "cases.pending",
)


def _number(value: Any) -> float:
    text = str(value).rstrip("*").replace(".", "").replace(",", ".")
    return float(text)


@pytest.mark.parametrize("code", ["2025-Y1", "2025"])
def test_stats_dashboard_pdf_and_xlsx_agree(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.setattr(periods, "today", lambda: dt.date(2026, 3, 1))
    db = open_database(db_path)
    with db.transaction() as s:
        build_commune(s)
        s.add(m.Unit(province="Phú Thọ", name="Tân Lập", kind=UnitKind.XA, place_name="Tân Lập",
                     chairman_name="Nguyễn Văn An"))  # fmt: skip
        store_regime(s, "tt03-2019")  # the province's choice, read by every one of them
    dashboard = load_dashboard(db, code).figures
    out, xl = tmp_path / "tk.pdf", tmp_path / "tk.xlsx"
    result = render_report(db, "thong-ke", code, out, xlsx=xl, issued_on=dt.date(2026, 1, 5))
    db.dispose()
    stats = json.loads(
        subprocess.run(
            [sys.executable, "-m", "hoagiai_desktop", "--db", str(db_path), "stats", "--period", code, "--json"],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    paper = next(r for r in result.data["rows"] if r["team_code"] is None)["values"]
    sheet = load_workbook(xl).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == TOTAL)
    columns = [leaf for leaf in paper]  # the printed order of the indicator columns
    workbook = {key: _number(v) for key, v in zip(columns, row[1:], strict=False)}
    estimated = code == "2025-Y1"
    assert bool(stats["estimated"]) is estimated
    for key in KEYS:
        group, name = key.split(".")
        assert stats[group][name] == dashboard[key] == paper[key] == workbook[key], key
        if estimated and key != "cases.carried":
            assert key in stats["estimated"]
    assert paper["cases.handled"] == paper["cases.carried"] + paper["cases.new"]


def test_the_regime_chosen_in_settings_is_stored_and_the_reports_page_follows(
    demo_db: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoagiai_desktop.services import reporting
    from tests.ui.conftest import settle

    monkeypatch.setattr(periods, "today", lambda: dt.date(2026, 12, 3))
    window = make_window(demo_db)
    window.show_page("settings")
    settle(window)
    page = window.pages["settings"]
    assert page.regime.currentData() == "auto" and page.regime.currentText() == "Mặc định theo năm"
    page.regime.setCurrentIndex(page.regime.findData("tt03-2019"))
    page.regime.activated.emit(page.regime.currentIndex())  # what a click on the item sends
    settle(window)
    assert reporting.get_regime(demo_db) == "tt03-2019"
    window.show_page("reports")
    settle(window)
    reports = window.pages["reports"]
    reports.form_combo.setCurrentIndex(reports.form_combo.findData("thong-ke"))
    reports.year_spin.setValue(2026)
    reports.kind_combo.setCurrentIndex(reports.kind_combo.findData("H1"))
    settle(window)
    period = reports.current_period()
    assert period is not None and period.regime == "tt03-2019" and period.has_estimate  # June estimated
    assert reports.tabs.isTabEnabled(reports.ESTIMATES)
    page.regime.setCurrentIndex(page.regime.findData("auto"))
    page.regime.activated.emit(page.regime.currentIndex())
    settle(window)
    period = reports.current_period()
    assert period is not None and period.regime == "tt17-2025" and not period.has_estimate  # Sơ bộ 6 tháng
