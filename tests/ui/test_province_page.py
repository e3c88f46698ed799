"""The province's window driven like an officer (DOMAIN §8): on a province's data file the navigation holds the
province's pages and none of the commune's; pick the stick, see each package's verdict, receive, see who has
reported (and edit the deadline), the dashboard ranks the weakest commune first, a commune's history of packages,
and the papers saved from the pages. On a commune's data file there is no province page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate

from hoagiai_desktop.province import keys
from hoagiai_desktop.services import province_registry, province_reports
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui import navigation
from hoagiai_desktop.ui.options import PROVINCE_STICK_FOLDER
from tests.province.helpers import FINALISED, commune_figures, make_package, registry_xlsx
from tests.ui.conftest import settle

TIMEOUT = 60_000
COMMUNE_PAGES = {"dashboard", "villages", "teams", "mediators", "cases", "training", "reports", "import"}
PROVINCE_PAGES = {"province_dashboard", "province_receive", "province_completeness", "province_communes"}


@pytest.fixture
def province_db(tmp_path: Path) -> Iterator[Any]:
    db = open_database(tmp_path / "province.sqlite3")
    province_registry.init_province(db, "Cao Bằng")
    rows = [
        ("26734", "Tiên Phong", "xã", ""),
        ("26740", "Hòa Bình", "phường", ""),
        ("26750", "Cô Tô", "đặc khu", ""),
    ]
    province_registry.import_communes(db, registry_xlsx(tmp_path / "r.xlsx", rows))
    yield db
    db.dispose()


def test_a_province_file_shows_the_province_pages_and_no_commune_page(
    province_db: Any, make_window: Any
) -> None:
    window = make_window(province_db)
    keys_shown = window.page_keys()
    assert window.file_kind == navigation.PROVINCE
    assert keys_shown == [s.key for s in navigation.pages_for(navigation.PROVINCE)]
    assert set(keys_shown) >= PROVINCE_PAGES and {"backup", "settings"} <= set(keys_shown)
    assert not COMMUNE_PAGES & set(keys_shown)
    assert keys_shown[0] == "province_dashboard"
    for key in keys_shown:  # every page builds and loads on a province file without an error
        window.show_page(key)
        settle(window)
        assert window.stack.currentWidget() is window.page_area(key)


def test_a_commune_file_has_no_province_page(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    assert window.file_kind == navigation.COMMUNE
    assert not PROVINCE_PAGES & set(window.page_keys())
    assert set(window.page_keys()) >= COMMUNE_PAGES
    assert window.show_page("province_receive") is None  # not even by name


def test_receive_a_stick_and_see_who_has_reported(
    qtbot: Any, province_db: Any, make_window: Any, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    make_package(usb, "26734", keys.new_signing_pair(), seed=1, finalised_at=FINALISED)
    make_package(usb, "99999", seed=2)  # not in the registry
    window = make_window(province_db)
    PROVINCE_STICK_FOLDER.set(window.ctx.settings, str(usb))  # the stick read last time is still plugged in
    window.show_page("province_receive")
    page = window.pages["province_receive"]
    qtbot.waitUntil(lambda: page.verdict_table.rowCount() == 2, timeout=TIMEOUT)  # looked at, not stored
    assert page.verdict_table.rowCount() == 2
    assert (
        sorted(v.status for v in page.verdicts) == ["refused", "stored"] and page.receive_button.isEnabled()
    )
    assert province_reports.figures(province_db, "2025").communes == {}  # the preview stored nothing
    with qtbot.waitSignal(page.received, timeout=TIMEOUT):
        page.receive_button.click()
    assert "26734" in province_reports.figures(province_db, "2025").communes
    assert len(list(usb.glob("*.hgr"))) == 1 and len(list(usb.glob("*_bien-nhan.pdf"))) == 1

    window.show_page("province_completeness")
    settle(window)  # the load for the default period lands first
    done = window.pages["province_completeness"]
    done.period.setText("2025")
    with qtbot.waitSignal(done.loaded, timeout=TIMEOUT):
        done.refresh()
    table = done.completeness_table
    statuses = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert statuses["26740"] == "chưa nộp" and statuses["26734"] in ("đúng hạn", "muộn")
    row = next(r for r in range(3) if table.item(r, 0).text() == "26734")
    assert table.item(row, 4).text()  # the receipt number
    settle(window)
    done.deadline.setDate(QDate(2030, 1, 1))  # the province moves the deadline: the report is now on time
    done.save_deadline()
    period = province_reports.parse_period("2025")
    qtbot.waitUntil(
        lambda: province_reports.deadline(province_db, period) == dt.date(2030, 1, 1), timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: table.item(row, 2).text() == "đúng hạn", timeout=TIMEOUT)

    window.show_page("province_communes")
    settle(window)
    communes = window.pages["province_communes"]
    assert communes.communes_table.rowCount() == 3
    with qtbot.waitSignal(communes.history_loaded, timeout=TIMEOUT):
        communes.communes_table.selectRow(0)
    assert communes.history_table.rowCount() == 1
    assert communes.communes_table.item(0, 3).text()  # the pinned key's fingerprint
    assert "Tiên Phong" in communes.history_label.text()


def _figures(**values: float) -> dict[str, Any]:
    base = dict(commune_figures(7))
    base.update(values)
    return base


def test_the_dashboard_ranks_the_weakest_commune_first_and_saves_the_papers(
    qtbot: Any, province_db: Any, make_window: Any, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    good = dict(teams__total=10, teams__compliant=10, mediators__total=50, training__trained=45)
    weak = dict(teams__total=10, teams__compliant=2, mediators__total=50, training__trained=5)
    for code, values in (("26734", good), ("26750", weak)):
        make_package(usb, code, values=_figures(**{k.replace("__", "."): v for k, v in values.items()}))
    from hoagiai_desktop.services import province_receive

    province_receive.receive(province_db, [usb])
    window = make_window(province_db)
    window.show_page("province_dashboard")
    settle(window)
    page = window.pages["province_dashboard"]
    page.period.setText("2025")
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.refresh()
    ranking = page.ranking
    assert ranking.rowCount() == 2
    assert [ranking.item(r, 1).text() for r in range(2)] == ["26750", "26734"]  # the weakest first
    assert re.match(r"2\D+3\b", page.summary.text())  # 2 of 3 communes have reported
    assert "Hòa Bình" in page.summary.text()  # not yet reported
    assert page.explanation.text() and page.bars.bars

    ranking.selectRow(0)
    page._open_commune()  # what a double-click on the weakest commune does: its packages on the communes page
    qtbot.waitUntil(lambda: "province_communes" in window.pages, timeout=TIMEOUT)
    communes = window.pages["province_communes"]
    qtbot.waitUntil(lambda: communes.history_table.rowCount() == 1, timeout=TIMEOUT)
    assert "Cô Tô" in communes.history_label.text() and window.current_page() is communes
    window.show_page("province_dashboard")

    de_an = tmp_path / "de-an.pdf"
    page.save_de_an(de_an)
    settle(window)
    text = "".join(p.extract_text() for p in PdfReader(de_an).pages)
    assert "Tiên Phong" in text and "Cô Tô" in text and "Hòa Bình" in text

    window.show_page("province_completeness")
    settle(window)
    listing = tmp_path / "danh-sach.pdf"
    window.pages["province_completeness"].save_list(listing)
    settle(window)
    text = "".join(p.extract_text() for p in PdfReader(listing).pages)
    assert "Chưa nộp" in text and "26740" in text


def test_the_settings_of_a_province_file_name_the_departments_signers(
    qtbot: Any, province_db: Any, make_window: Any, tmp_path: Path
) -> None:
    """The director of the Sở Tư pháp is entered in Settings and signs the province's papers (DOMAIN §8)."""
    from hoagiai_desktop.i18n import _
    from hoagiai_desktop.services import province_papers, province_receive, unit

    make_package(tmp_path / "usb", "26734", seed=3)
    province_receive.receive(province_db, [tmp_path / "usb"])
    window = make_window(province_db)
    window.show_page("settings")
    settle(window)
    page = window.pages["settings"]
    form = page.unit_form
    assert form.province_file and not form.kind.isEnabled()
    assert form.fields["chairman_name"].label.text() == _("Director")
    assert page.unit_box.title() == _("Department of Justice and signers (printed on the province's papers)")
    form.chairman.setText("Nông Văn Bình")
    form.signer_is_vice.setChecked(False)
    page.unit_save.click()
    qtbot.waitUntil(lambda: unit.get_unit(province_db).chairman_name == "Nông Văn Bình", timeout=TIMEOUT)
    assert province_registry.is_province(province_db)  # still the province's file
    pdf, _pages = province_papers.write_statistical_report(province_db, "2025", tmp_path / "tk.pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "GIÁM ĐỐC" in text and "Nông Văn Bình" in text and "PHÓ GIÁM ĐỐC" not in text
