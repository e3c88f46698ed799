"""The reports page's "send to the province" panel: a finalised statistical report goes out as a signed package,
the province's receipt comes back and the page shows "Đã gửi ngày …, biên nhận số …"."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.reports import finalise
from hoagiai_desktop.services import province_receive, province_registry
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.reports_page import ReportsPage
from hoagiai_desktop.ui.worker import DbWorker
from tests.province.helpers import registry_xlsx

TODAY = dt.date(2026, 11, 20)
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def commune_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hoagiai_desktop.demo import generate

    path = tmp_path_factory.mktemp("send-demo") / "demo.sqlite3"
    db = open_database(path)
    generate(db, size="commune", seed=1, today=TODAY)
    with db.transaction() as s:
        s.execute(update(m.Unit).values(code="26734"))
    finalise.finalise(db, "thong-ke", "2025", number="21")
    db.dispose()
    return path


@pytest.fixture
def ctx(commune_master: Path, tmp_path: Path, qapp: QApplication) -> Iterator[UiContext]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(commune_master, path)
    db = open_database(path)
    worker = DbWorker(db)
    context = UiContext(db, worker, appearance.open_settings())
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    context.show_error = lambda exc, parent=None: errors.append(exc)  # type: ignore[method-assign]
    yield context
    worker.wait_idle()
    worker.stop()
    db.dispose()
    assert not errors, errors


def test_send_a_finalised_report_and_record_the_receipt(qtbot: Any, ctx: UiContext, tmp_path: Path) -> None:
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    ctx.worker.wait_idle()
    qtbot.waitUntil(lambda: page.finalised_table.rowCount() == 1, timeout=TIMEOUT)
    panel = page.send_panel
    assert not panel.send_button.isEnabled()
    page.finalised_table.selectRow(0)
    qtbot.waitUntil(lambda: "chưa gửi" in panel.status.text().lower(), timeout=TIMEOUT)
    assert panel.send_button.isEnabled() and not panel.with_roster.isEnabled()  # no province key yet

    usb = tmp_path / "usb"
    with qtbot.waitSignal(panel.finished, timeout=TIMEOUT):
        panel.send_to(usb)
    [hgp] = usb.glob("*.hgp")
    assert hgp.name in panel.status.text()
    assert "thong-ke.pdf" in zipfile.ZipFile(hgp).namelist()

    province = open_database(tmp_path / "province.sqlite3")
    try:
        province_registry.init_province(province, "Cao Bằng")
        province_registry.import_communes(
            province, registry_xlsx(tmp_path / "r.xlsx", [("26734", "Tiên Phong", "xã", "")])
        )
        [outcome] = province_receive.receive(province, [usb]).value
    finally:
        province.dispose()
    assert outcome.receipt is not None
    with qtbot.waitSignal(panel.finished, timeout=TIMEOUT):
        panel.record(outcome.receipt)
    qtbot.waitUntil(lambda: "biên nhận số 000001" in panel.status.text(), timeout=TIMEOUT)
    assert panel.status.text().startswith("Đã gửi ngày ")
    assert panel.with_roster.isEnabled()  # the receipt taught the commune the province's key


def test_a_refused_send_says_why_in_the_panel(qtbot: Any, ctx: UiContext, tmp_path: Path) -> None:
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    ctx.worker.wait_idle()
    qtbot.waitUntil(lambda: page.finalised_table.rowCount() == 1, timeout=TIMEOUT)
    page.finalised_table.selectRow(0)
    ctx.worker.wait_idle()
    page.send_panel.with_bao_cao.setChecked(True)  # the narrative report was never finalised
    with qtbot.waitSignal(page.send_panel.finished, timeout=TIMEOUT):
        page.send_panel.send_to(tmp_path / "usb")
    assert "bao-cao" in page.send_panel.status.text()
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())
