"""The window shell: language switch without restart, text size, high contrast, remembered layout, the page
registry keeping missing modules visible, the first-run offer, and the dashboard's figures and attention list."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication

from hoagiai_desktop import i18n
from hoagiai_desktop.ui import navigation
from hoagiai_desktop.ui.appearance import BASE_POINT_SIZE, open_settings
from hoagiai_desktop.ui.navigation import PageSpec
from tests.ui.conftest import settle


def test_missing_or_broken_page_modules_are_logged_not_skipped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from hoagiai_desktop.ui.pages.villages_page import VillagesPage

    pages = (
        PageSpec("villages", "Villages", "hoagiai_desktop.ui.pages.villages_page", "VillagesPage"),
        PageSpec("nowhere", "Nowhere", "hoagiai_desktop.ui.pages.no_such_page", "NoPage"),
        PageSpec("wrongclass", "Wrong", "hoagiai_desktop.ui.pages.villages_page", "NotThere"),
    )
    monkeypatch.setattr(navigation, "PAGES", pages)
    found = navigation.available_pages()
    assert [spec.key for spec, _cls in found] == ["villages", "nowhere", "wrongclass"]
    assert found[0][1] is VillagesPage
    assert [cls.__name__ for _spec, cls in found[1:]] == ["UnavailablePage", "UnavailablePage"]
    logged = [r for r in caplog.records if r.levelname == "ERROR"]
    assert ["nowhere" in r.getMessage() for r in logged] == [True, False]
    assert "NotThere" in logged[1].getMessage() and logged[1].exc_info is not None


def test_language_switch_retranslates_the_open_window(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    window.show_page("settings")
    settle(window)
    page = window.pages["settings"]
    window.show_page("mediators")
    settle(window)
    window.show_page("settings")
    settle(window)
    nav_vi = [window.nav.item(i).text() for i in range(window.nav.count())]
    page.language.setCurrentIndex(page.language.findData("en"))
    settle(window)
    assert i18n.language() == "en"
    nav_en = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav_en[window.page_keys().index("mediators")] == "Mediators"
    assert nav_en != nav_vi
    assert window.pages["mediators"].title.text() == "Mediators"
    assert open_settings().value("ui/language") == "en"
    page.language.setCurrentIndex(page.language.findData("vi"))
    settle(window)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == nav_vi


def test_text_size_and_high_contrast_apply_at_once(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    window.show_page("settings")
    settle(window)
    page = window.pages["settings"]
    page.text_size.setValue(150)
    page._appearance_changed()
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
    page.contrast.setChecked(True)
    assert QApplication.palette().window().color().name() == "#000000"
    page.contrast.setChecked(False)
    page.text_size.setValue(100)
    page._appearance_changed()
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
    assert QApplication.palette().window().color().name() != "#000000"


def test_window_remembers_its_size_and_page(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    window.resize(700, 520)
    window.show_page("teams")
    settle(window)
    size = (window.size().width(), window.size().height())  # the page's minimum may widen it a little
    window.close()
    s = open_settings()
    assert s.value("window/page") == "teams"
    assert isinstance(s.value("window/geometry"), QByteArray)
    again = make_window(demo_db, resize=False)
    again.start()
    settle(again)
    assert again.current_page() is again.pages["teams"]
    assert (again.size().width(), again.size().height()) == size
    assert size[0] < 1000


def test_dashboard_shows_the_figures_and_opens_attention_items(demo_db: Any, make_window: Any) -> None:
    from hoagiai_desktop.domain import indicators
    from hoagiai_desktop.domain.periods import parse_period

    window = make_window(demo_db)
    window.show_page("dashboard")
    settle(window)
    page = window.pages["dashboard"]
    code = page.period.currentData()
    with demo_db.reading() as s:
        figures = indicators.compute(s, parse_period(code))
    assert page.data is not None and page.data.figures == figures
    assert page.tiles[0].value.text() == str(figures["teams.total"])
    assert len(page.target_bars.bars) == 6
    tree = page.attention_tree
    assert tree.topLevelItemCount() > 0
    group = next(
        tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).childCount()
    )
    child = group.child(0)
    kind, ref = child.data(0, 256)
    page._open_item(child, 0)
    settle(window)
    target_page = {"case": "cases", "team": "teams", "mediator": "mediators"}[kind]
    if target_page in window.page_keys():
        assert window.current_page() is window.pages[target_page]
    if kind in ("team", "mediator"):
        assert ref in window.pages[target_page].detail.heading.text()


def test_first_run_offer_saves_the_unit(db: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from hoagiai_desktop.services import overview, unit
    from hoagiai_desktop.ui import first_run

    window = make_window(db)
    assert overview.is_first_start(db)

    def fake_exec(dialog: Any) -> int:
        dialog.form.province.setText("Tuyên Quang")
        dialog.form.name.setText("Minh Xuân")
        dialog.form.officer.setText("Hà Thị Mai")
        return 1

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", fake_exec)
    first_run.offer(window)
    settle(window)
    u = unit.get_unit(db)
    assert u is not None
    assert (u.province, u.name, u.justice_officer_name, u.place_name) == (
        "Tuyên Quang",
        "Minh Xuân",
        "Hà Thị Mai",
        "Minh Xuân",
    )
    assert not overview.is_first_start(db)


def test_a_database_the_app_cannot_open_is_one_sentence(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    from hoagiai_desktop.errors import DatabaseTooNew
    from hoagiai_desktop.ui import application

    shown: list[str] = []

    def refuse(_target: Any) -> Any:
        raise DatabaseTooNew("This data file was made by a newer version of HoaGiai; install that version.")

    monkeypatch.setattr(application, "open_database", refuse)
    monkeypatch.setattr(application.QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert application.run("/nowhere/x.sqlite3") == DatabaseTooNew.exit_code
    assert shown == ["This data file was made by a newer version of HoaGiai; install that version."]


def test_unexpected_errors_offer_copy_details(qtbot: Any) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from hoagiai_desktop.errors import UserError
    from hoagiai_desktop.ui.widgets.error_dialog import build_error_box

    try:
        raise KeyError("boom")
    except KeyError as exc:
        box = build_error_box(None, exc)
    qtbot.addWidget(box)
    assert not box.detailedText() and "KeyError" not in box.text()  # never a traceback to the officer
    copy = box.findChild(QPushButton, "copy_details")
    assert copy is not None
    copy.click()
    assert "KeyError" in QApplication.clipboard().text()
    plain = build_error_box(None, UserError("Choose a team."))
    qtbot.addWidget(plain)
    assert plain.text() == "Choose a team." and not plain.detailedText()
    assert plain.icon() == QMessageBox.Icon.Warning


def test_adopting_a_reopened_database_points_both_workers_at_it(
    demo_db: Any, db: Any, make_window: Any
) -> None:
    window = make_window(demo_db)
    window.show_page("dashboard")
    settle(window)
    seen: list[Any] = []
    window.ctx.adopt_database(db)
    window.ctx.worker.submit(lambda d: seen.append(d))
    window.ctx.reader.submit(lambda d: seen.append(d))
    settle(window)
    assert seen == [db, db]
    assert str(db.path) in window.db_label.text()


def test_first_run_can_load_sample_data_then_keeps_the_typed_commune(
    db: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select

    from hoagiai_desktop.domain import models as m
    from hoagiai_desktop.services import unit
    from hoagiai_desktop.ui import first_run

    window = make_window(db)

    def fake_exec(dialog: Any) -> int:
        dialog.form.province.setText("Lào Cai")
        dialog.form.name.setText("Bát Xát")
        dialog.demo.setChecked(True)
        return 1

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", fake_exec)
    first_run.offer(window)
    settle(window)
    u = unit.get_unit(db)
    assert u is not None and (u.province, u.name) == ("Lào Cai", "Bát Xát")
    with db.reading() as s:
        assert s.execute(select(func.count(m.Mediator.id))).scalar_one() > 50
