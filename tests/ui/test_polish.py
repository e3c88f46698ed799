"""Window polish found by QA: Excel export on every list, counts with the thousands separator, button texts,
the training heading at large text, the team's dissolve button, a page that fails to load, the import problems'
order, and page titles following the text size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.importer import ERROR, Problem
from hoagiai_desktop.interchange.schema import SHEETS
from hoagiai_desktop.services import cases_read, training_read
from hoagiai_desktop.ui import appearance, navigation
from hoagiai_desktop.ui.navigation import PageSpec
from hoagiai_desktop.ui.pages import training_page
from hoagiai_desktop.ui.pages.cases_page import state_label
from hoagiai_desktop.ui.pages.import_problems import SORT_ROLE
from hoagiai_desktop.ui.pages.training_page import filter_events
from tests.ui.conftest import settle


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The file every "Export to Excel" dialog answers with."""
    out = tmp_path / "export.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    return out


def sheet_rows(path: Path) -> tuple[str, list[Any], list[list[Any]]]:
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    headers = [c.value for c in ws[2]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    return str(ws["A1"].value), headers, rows


@pytest.fixture
def text_scale() -> Iterator[Any]:
    """Set the text size like Settings does; put it back to 100 % afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def set_scale(percent: int) -> None:
        s = appearance.open_settings()
        s.setValue("ui/text_scale", percent)
        appearance.apply_appearance(app, s)

    yield set_scale
    set_scale(100)


# -- 1. Export to Excel on the case list, the training events and the attendance checklist -------------------


def test_case_list_exports_every_row_of_the_current_filter_and_sort(
    demo_db: Any, make_window: Any, save_to: Path
) -> None:
    window = make_window(demo_db)
    window.show_page("cases")
    settle(window)
    page = window.pages["cases"]
    assert page.export_button.text() == _("Export to Excel")
    page._sort_requested("code", False)
    page.filters.set_value("state", "thanh")
    settle(window)
    f = page.current_filter()
    ids = cases_read.case_ids(demo_db, f)
    assert 0 < len(ids) < page.model.rowCount() + 1
    rows = cases_read.case_rows(demo_db, ids, page.as_of())
    page.export_button.click()
    settle(window)
    title, headers, exported = sheet_rows(save_to)
    assert title == _("Cases")
    assert headers[:3] == [_("Code"), _("Received"), _("Team")]
    assert [r[0] for r in exported] == [rows[i].code for i in ids]
    assert [r[0] for r in exported] == sorted(r[0] for r in exported)
    assert {r[4] for r in exported} == {state_label("thanh")}


def test_training_events_and_attendance_export(
    demo_db: Any, make_window: Any, save_to: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training_page, "ask_unsaved", lambda _parent: "discard")  # closing with ticks unsaved
    window = make_window(demo_db)
    window.show_page("training")
    settle(window)
    page = window.pages["training"]
    assert page.events
    word = page.events[0].title.split()[0]
    page.search.setText(word)
    page.search.flush()
    expected = filter_events(training_read.list_events(demo_db), word)
    page.export_button.click()
    settle(window)
    title, headers, rows = sheet_rows(save_to)
    assert title == _("Training events")
    assert headers[1] == _("Title")
    assert [r[4] for r in rows] == [e.code for e in expected]
    assert [r[1] for r in rows] == [e.title for e in expected]

    # the attendance checklist: every person shown, by team, with the ticks on screen (saved or not)
    event = expected[0]
    page.select_event(event.id)
    settle(window)
    roster = page.roster.roster
    assert roster.ids
    first = roster.ids[0]
    page.roster._set_people([0], first not in page.roster.checked)  # an unsaved change is exported as shown
    save_to.unlink()
    page.export_attendance_button.click()
    settle(window)
    title, headers, rows = sheet_rows(save_to)
    assert title == f"{_('Attendance')} {event.code}"
    assert headers == [_("Team"), _("Code"), _("Mediator"), _("Present")]
    assert len(rows) == len(roster.ids)
    assert [r[1] for r in rows if r[3] == _("Yes")] == [
        roster.codes[i] for i in range(len(roster.ids)) if roster.ids[i] in page.roster.checked
    ]
    assert rows[0][0] == roster.groups[roster.group_of[0]]


# -- 2, 3. counts with the thousands separator; one space before (Ctrl+N) -----------------------------------


def test_counts_use_the_thousands_separator(
    demo_db: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(demo_db)
    window.show_page("cases")
    settle(window)
    cases = window.pages["cases"]
    monkeypatch.setattr(cases.model, "rowCount", lambda *_a: 62056)
    cases._update_count()
    assert cases.count.text() == "62.056 vụ việc"
    window.show_page("teams")
    settle(window)
    teams = window.pages["teams"]
    assert "3.000" in teams.count_text(3000) and "3000" not in teams.count_text(3000)


def test_new_button_has_one_space_before_the_shortcut(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    window.show_page("teams")
    settle(window)
    text = window.pages["teams"].new_button.text()
    assert text == _("New team") + " (Ctrl+N)"
    assert "  " not in text


# -- 4. the training heading wraps at 150 % text ----------------------------------------------------------


def test_training_page_fits_a_1366_screen_at_150_percent_with_a_long_title(
    demo_db: Any, make_window: Any, text_scale: Any
) -> None:
    text_scale(150)
    window = make_window(demo_db)
    window.show_page("training")
    settle(window)
    page = window.pages["training"]
    page.current_event = SimpleNamespace(
        code="TH-2026-001",
        title="Hội nghị tập huấn chuyên sâu kỹ năng hòa giải ở cơ sở cho tổ trưởng tổ hòa giải " * 3,
        start_on=dt.date(2026, 6, 10),
        end_on=dt.date(2026, 6, 11),
    )
    page._show_heading()
    settle(window)  # the layout takes the new text on the next event round
    assert page.heading.text().startswith("TH-2026-001")
    assert page.minimumSizeHint().width() <= 1366
    assert window.width() <= 1366


# -- 5. dissolve only with a team selected ----------------------------------------------------------------


def test_dissolve_button_is_hidden_until_a_team_is_selected(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    window.show_page("teams")
    settle(window)
    page = window.pages["teams"]
    detail = page.detail
    detail.show_empty()
    assert not detail.dissolve_button.isVisible()
    page.select_row(0)
    settle(window)
    assert detail.record_id is not None
    assert detail.dissolve_button.isVisible()
    page.new_record()
    assert not detail.dissolve_button.isVisible()


# -- 6. a page whose module fails to import keeps an entry with one sentence --------------------------------


def test_a_page_that_fails_to_import_shows_one_sentence(
    demo_db: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "hoagiai_broken_page_for_test.py").write_text("raise RuntimeError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    pages = (
        PageSpec("villages", "Villages", "hoagiai_desktop.ui.pages.villages_page", "VillagesPage"),
        PageSpec("broken", "Reports", "hoagiai_broken_page_for_test", "BrokenPage"),
        PageSpec("nowhere", "Nowhere", "hoagiai_desktop.ui.pages.no_such_page", "NoPage"),
    )
    monkeypatch.setattr(navigation, "PAGES", pages)
    assert [spec.key for spec, _cls in navigation.available_pages()] == ["villages", "broken", "nowhere"]
    window = make_window(demo_db)
    assert window.page_keys() == ["villages", "broken", "nowhere"]
    assert window.nav.item(1).text() == _("Reports")
    window.show_page("broken")
    settle(window)
    page = window.current_page()
    assert page is window.pages["broken"]
    assert page.message.text() == _(
        "This part of the program could not be loaded; the details are in the log file."
    )
    assert page.message.isVisible()


# -- 7. import problems in workbook order ------------------------------------------------------------------


def test_import_problems_are_in_sheet_row_column_order(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    window.show_page("import")
    settle(window)
    page = window.pages["import"]
    first, second = SHEETS[0], SHEETS[1]
    c = [col.header for col in first.columns]
    problems = [
        Problem(second.name, 2, second.columns[0].header, "b2"),
        Problem(first.name, 3, c[1], "a3"),
        Problem(first.name, 5, c[2], "a5-col3"),
        Problem(first.name, 4, c[0], "a4", severity="warning"),
        Problem(first.name, 5, c[0], "a5-col1", severity=ERROR),
        Problem(first.name, None, None, "a-sheet"),
    ]
    page.problems_model.set_problems(problems)
    proxy = page.problems_proxy
    shown = [proxy.index(r, 3).data() for r in range(proxy.rowCount())]
    assert shown == ["a-sheet", "a3", "a4", "a5-col1", "a5-col3", "b2"]
    # clicking another column and then "Sheet" again gives the same order back
    page.problems_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.problems_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 3).data() for r in range(proxy.rowCount())] == shown
    assert proxy.sortRole() == SORT_ROLE


# -- 8. titles follow the text size with the window open ----------------------------------------------------


def test_page_titles_follow_the_text_size(demo_db: Any, make_window: Any, text_scale: Any) -> None:
    window = make_window(demo_db)
    window.show_page("cases")
    settle(window)
    page = window.pages["cases"]
    before = page.title.font().pointSizeF()
    body = page.count.font().pointSizeF()
    text_scale(150)
    window.ctx.appearance_changed.emit()
    settle(window)
    assert window.current_page() is page
    assert page.title.font().pointSizeF() == pytest.approx(before * 1.5)
    assert page.count.font().pointSizeF() == pytest.approx(body * 1.5)  # plain labels follow by themselves
    text_scale(100)
    window.ctx.appearance_changed.emit()
    assert page.title.font().pointSizeF() == pytest.approx(before)
