"""The province page driven like an officer: pick the stick, see each package's verdict, receive, see who has
reported (and edit the deadline), and a commune's history of packages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from hoagiai_desktop.province import keys
from hoagiai_desktop.services import province_registry, province_reports
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.province_page import ProvincePage
from hoagiai_desktop.ui.worker import DbWorker
from tests.province.helpers import FINALISED, make_package, registry_xlsx

TIMEOUT = 60_000


def _context(db: Any) -> tuple[UiContext, list[BaseException]]:
    worker = DbWorker(db)
    context = UiContext(db, worker, appearance.open_settings())
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    context.show_error = lambda exc, parent=None: errors.append(exc)  # type: ignore[method-assign]
    return context, errors


@pytest.fixture
def ctx(tmp_path: Path, qapp: QApplication) -> Iterator[UiContext]:
    db = open_database(tmp_path / "province.sqlite3")
    province_registry.init_province(db, "Cao Bằng")
    rows = [
        ("26734", "Tiên Phong", "xã", ""),
        ("26740", "Hòa Bình", "phường", ""),
        ("26750", "Cô Tô", "đặc khu", ""),
    ]
    province_registry.import_communes(db, registry_xlsx(tmp_path / "r.xlsx", rows))
    context, errors = _context(db)
    yield context
    context.worker.wait_idle()
    context.worker.stop()
    db.dispose()
    assert not errors, errors


def test_receive_a_stick_and_see_who_has_reported(qtbot: Any, ctx: UiContext, tmp_path: Path) -> None:
    page = ProvincePage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.period.setText("2025")
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.refresh()
    assert page.not_province.isHidden() and page.completeness_table.rowCount() == 3
    assert page.communes_table.rowCount() == 3

    usb = tmp_path / "usb"
    make_package(usb, "26734", keys.new_signing_pair(), seed=1, finalised_at=FINALISED)
    make_package(usb, "99999", seed=2)  # not in the registry
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.check_folder(usb)
    assert page.verdict_table.rowCount() == 2
    verdicts = sorted(v.status for v in page.verdicts)
    assert verdicts == ["refused", "stored"] and page.receive_button.isEnabled()
    assert province_reports.figures(ctx.db, "2025").communes == {}  # the preview stored nothing

    with qtbot.waitSignal(page.received, timeout=TIMEOUT):
        page.receive_button.click()
    qtbot.waitUntil(lambda: "26734" in province_reports.figures(ctx.db, "2025").communes, timeout=TIMEOUT)
    assert len(list(usb.glob("*.hgr"))) == 1 and len(list(usb.glob("*_bien-nhan.pdf"))) == 1
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.refresh()
    statuses = {page.completeness_table.item(r, 0).text(): page.completeness_table.item(r, 2).text()
                for r in range(3)}  # fmt: skip
    assert statuses["26740"] == "chưa nộp" and statuses["26734"] in ("đúng hạn", "muộn")

    ctx.worker.wait_idle()
    qtbot.wait(50)  # let the reloads the receive triggered land before editing
    page.deadline.setDate(QDate(2030, 1, 1))  # the province moves the deadline: the report is now on time
    page.save_deadline()
    period = province_reports.parse_period("2025")
    qtbot.waitUntil(lambda: province_reports.deadline(ctx.db, period) == dt.date(2030, 1, 1), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.completeness_table.item(0, 2).text() == "đúng hạn", timeout=TIMEOUT)

    page.tabs.setCurrentIndex(2)
    page.communes_table.selectRow(0)
    qtbot.waitUntil(lambda: page.history_table.rowCount() == 1, timeout=TIMEOUT)
    assert page.communes_table.item(0, 3).text()  # the pinned key's fingerprint


def test_on_a_communes_data_file_the_page_says_so(qtbot: Any, tmp_path: Path, qapp: QApplication) -> None:
    db = open_database(tmp_path / "commune.sqlite3")
    context, errors = _context(db)
    try:
        page = ProvincePage(context)
        qtbot.addWidget(page)
        page.show()
        with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
            page.refresh()
        assert page.not_province.isVisible() and not page.tabs.isEnabled()
    finally:
        context.worker.wait_idle()
        context.worker.stop()
        db.dispose()
    assert not errors
