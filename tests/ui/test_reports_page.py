"""The Báo cáo page: preview inside the window off the GUI thread, estimates, save, print, finalise, forms import."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QTableWidget, QTableWidgetItem
from sqlalchemy import select

from hoagiai_desktop import i18n
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import periods
from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.domain.periods_regimes import store_regime
from hoagiai_desktop.reports.render import CHANGED_NOTICE, FORMS
from hoagiai_desktop.services import common
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages import report_preview
from hoagiai_desktop.ui.pages.report_form import default_period
from hoagiai_desktop.ui.pages.report_jobs import ReportParams
from hoagiai_desktop.ui.pages.report_preview import PAGE_MARGIN
from hoagiai_desktop.ui.pages.reports_page import ReportsPage
from hoagiai_desktop.ui.worker import DbWorker

TODAY = dt.date(2026, 11, 20)
TIMEOUT = 60_000
FORM_2027 = Path(__file__).resolve().parents[1] / "reports" / "form-test-2027.json"


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hoagiai_desktop.demo import generate

    path = tmp_path_factory.mktemp("reports-demo") / "demo.sqlite3"
    db = open_database(path)
    generate(db, size="commune", seed=1, today=TODAY)
    with db.transaction() as s:
        store_regime(s, "tt03-2019")  # the province asks for TT 03/2019: its 2026 H1 and Y1 carry estimates
    db.dispose()
    return path


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Iterator[Any]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_master, path)
    db = open_database(path)
    yield db
    db.dispose()


@pytest.fixture
def english() -> Iterator[None]:
    """The expected sentences below are the English source strings."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def ctx(demo: Any, qapp: QApplication, english: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[UiContext]:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    monkeypatch.setattr(periods, "today", lambda: TODAY)
    worker = DbWorker(demo)
    context = UiContext(demo, worker, appearance.open_settings())
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    monkeypatch.setattr(context, "show_error", lambda exc, parent=None: errors.append(exc))
    yield context
    worker.wait_idle()
    worker.stop()
    assert not errors, [getattr(e, "details", repr(e)) for e in errors]


@pytest.fixture
def page(qtbot: Any, ctx: UiContext) -> Iterator[ReportsPage]:
    p = ReportsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    p.refresh()
    ctx.worker.wait_idle()
    yield p
    p.preview.runner.wait()


def choose(page: ReportsPage, form: str, year: int = 2026, kind: str = "H1") -> None:
    page.form_combo.setCurrentIndex(page.form_combo.findData(form))
    page.year_spin.setValue(year)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
    page.ctx.worker.wait_idle()


def preview(qtbot: Any, page: ReportsPage) -> None:
    page.result = None
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result is not None and 0 in page.preview.images, timeout=TIMEOUT)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def message(page: ReportsPage) -> list[str]:
    return (
        [line.removeprefix("• ") for line in page.message.text().splitlines()]
        if page.message.isVisible()
        else []
    )


def cell(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    item = table.item(row, col)
    assert item is not None
    return item


def estimate_rows(page: ReportsPage) -> dict[str, int]:
    table = page.estimates_table
    return {str(cell(table, r, 0).data(Qt.ItemDataRole.UserRole)): r for r in range(table.rowCount())}


def test_statistical_h1_preview_appears_without_blocking_and_pages_through(
    qtbot: Any, page: ReportsPage
) -> None:
    choose(page, "thong-ke", 2026, "H1")
    # the shipped definition says on screen that it is the reference layout
    assert page.definition_label.isVisible()
    assert page.definition_label.text().startswith("Reference layout (Mẫu tham khảo): Thống kê kết quả")

    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    # the click returned at once: the report is built on the worker, delivered later through the event loop
    assert page.result is None
    assert message(page) == ["Building the report…"]
    qtbot.waitUntil(lambda: page.result is not None and 0 in page.preview.images, timeout=TIMEOUT)
    result = page.result
    assert result is not None
    assert result.pages == len(PdfReader(result.pdf).pages) == page.preview.page_count
    assert result.pages >= 2
    assert result.reference_layout
    shown = page.preview.image_label.pixmap()
    # fitted to the width of the preview (the window fits the 800×800 offscreen screen, so that is what it gets)
    area = page.preview.scroll_area
    room = area.width() - 2 * area.frameWidth() - area.verticalScrollBar().sizeHint().width()
    assert not shown.isNull() and shown.width() > 300 and abs(shown.width() - (room - 2 * PAGE_MARGIN)) <= 2
    assert page.preview.page_label.text() == f"Page 1 of {result.pages}"
    assert "The statistical form uses the reference layout (Mẫu tham khảo) TT03-2019-tham-khao." in message(
        page
    )
    assert f"{result.estimated_cells} cells are estimated and marked with * on the paper." in message(page)
    assert not page.preview.prev_button.isEnabled() and page.preview.next_button.isEnabled()

    # Page Down in the pages shows page 2 (rasterised off the GUI thread, then shown)
    qtbot.keyClick(page.preview.scroll_area, Qt.Key.Key_PageDown)
    assert page.preview.current == 1
    qtbot.waitUntil(lambda: 1 in page.preview.images, timeout=TIMEOUT)
    assert page.preview.page_label.text() == f"Page 2 of {result.pages}"
    qtbot.keyClick(page.preview.scroll_area, Qt.Key.Key_PageUp)
    assert page.preview.current == 0

    fit_width = page.preview.image_label.pixmap().width()
    qtbot.keyClick(page.preview.scroll_area, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert page.preview.image_label.pixmap().width() > fit_width
    assert page.preview.zoom_label.text().endswith("%")
    page.preview.zoom_out()
    page.preview.zoom_out()
    assert page.preview.image_label.pixmap().width() < fit_width
    page.preview.fit_width()
    assert page.preview.image_label.pixmap().width() == fit_width


def test_estimate_override_changes_the_printed_figures(qtbot: Any, page: ReportsPage) -> None:
    choose(page, "thong-ke", 2026, "H1")
    assert page.tabs.isTabEnabled(page.ESTIMATES)
    qtbot.waitUntil(lambda: page.estimates_table.rowCount() > 0, timeout=TIMEOUT)
    rows = estimate_rows(page)
    table = page.estimates_table
    civil = "cases.new_by_category.dan_su"

    def figure(key: str, col: int) -> int:
        return int(cell(table, rows[key], col).text())

    new_actual, new_proposed = figure("cases.new", 1), figure("cases.new", 2)
    carried = figure("cases.handled", 1) - new_actual
    # H1: data to 31/05 (5 months) proposed for 6 months, rounded half up for the commune
    assert new_proposed == int(new_actual * 6 / 5 + 0.5)
    assert figure("cases.handled", 2) == carried + new_proposed
    # only leaves are typed: new cases by category yes; new, handled and the rates are worked out
    assert cell(table, rows[civil], 3).flags() & Qt.ItemFlag.ItemIsEditable
    for worked_out in ("cases.new", "cases.handled", "cases.success_rate"):
        assert not cell(table, rows[worked_out], 3).flags() & Qt.ItemFlag.ItemIsEditable
    civil_proposed = figure(civil, 2)

    preview(qtbot, page)
    before = pdf_text(page.result.pdf)  # type: ignore[union-attr]
    new_after = new_proposed - civil_proposed + 444
    assert f"{new_after}*" not in before.split()

    cell(table, rows[civil], 3).setText("444")
    assert page.overrides == {(None, civil): 444}
    preview(qtbot, page)
    after = pdf_text(page.result.pdf)  # type: ignore[union-attr]
    total_row = next(line for line in after.splitlines() if "Tổng số trên địa bàn" in line).split()
    assert f"{new_after}*" in total_row  # new = the other categories + the officer's civil cases
    assert f"{carried + new_after}*" in total_row  # handled follows

    # one team's row: choose the row, type its leaf; that row's new cases follow
    page.estimate_row_combo.setCurrentIndex(1)
    team_name = page.estimate_row_combo.currentText()
    qtbot.waitUntil(lambda: page.ctx.worker.is_idle(), timeout=TIMEOUT)
    rows = estimate_rows(page)
    assert cell(table, rows[civil], 3).text() == ""  # the commune's 444 is not this row's
    team_new = figure("cases.new", 2) - figure(civil, 2) + 77
    cell(table, rows[civil], 3).setText("77")
    team_code = page.estimate_row_combo.currentData()
    assert page.params().estimates == {civil: 444, f"{team_code}:{civil}": 77}
    preview(qtbot, page)
    team_row = next(line for line in pdf_text(page.result.pdf).splitlines() if team_name in line)  # type: ignore[union-attr]
    assert f"{team_new}*" in team_row.split()
    page.estimate_row_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.ctx.worker.is_idle(), timeout=TIMEOUT)
    rows = estimate_rows(page)

    # a word instead of a number is refused in one sentence and leaves the figure as it was
    cell(table, rows[civil], 3).setText("nhiều")
    assert page.estimates_message.text() == "• Type a whole number, or leave the box empty."
    assert cell(table, rows[civil], 3).text() == "444"
    page.reset_estimates_button.click()
    assert page.overrides == {(team_code, civil): 77}  # only the row shown goes back to the proposals

    # the official yearly report has no estimates
    choose(page, "thong-ke", 2025, "year")
    assert not page.tabs.isTabEnabled(page.ESTIMATES)


def test_a_period_not_over_is_refused_with_what_to_print_instead(qtbot: Any, page: ReportsPage) -> None:
    choose(page, "thong-ke", 2026, "year")  # TODAY is 20/11/2026: the year's data are not in
    page.preview_button.click()
    qtbot.waitUntil(lambda: len(message(page)) == 1 and "2026-Y1" in message(page)[0], timeout=TIMEOUT)
    assert message(page)[0].startswith(
        "The report for năm 2026 can be made only once its data up to 31/12/2026"
    )
    assert page.result is None


def test_save_pdf_and_xlsx_write_the_files(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[str] = []

    def save_name(parent: Any, title: str, start: str, filters: str) -> tuple[str, str]:
        chosen.append(Path(start).name)
        return str(tmp_path / ("bao-cao-nop" if start.endswith(".pdf") else "bieu.xlsx")), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    choose(page, "thong-ke", 2025, "year")  # 2026 is not over on TODAY: its official report must wait
    page.number_edit.setText("15")
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        page.save_pdf_button.click()
    pdf = tmp_path / "bao-cao-nop.pdf"  # the suffix is added when left out
    assert chosen == ["thong-ke-2025.pdf"]
    text = pdf_text(pdf)
    assert "BÁO CÁO THỐNG KÊ" in text and "Số: 15/BC-UBND" in text
    assert f"Saved {pdf}." in message(page)

    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        page.save_xlsx_button.click()
    book = openpyxl.load_workbook(tmp_path / "bieu.xlsx", read_only=True)
    cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    book.close()
    assert "Tổng số trên địa bàn" in cells

    # the narrative report has no table: the button is off
    choose(page, "bao-cao", 2025, "year")
    assert not page.save_xlsx_button.isEnabled()


def test_old_narrative_drafts_move_into_the_data_file_once(qtbot: Any, ctx: UiContext) -> None:
    from hoagiai_desktop.services import narrative

    ctx.settings.setValue("reports/narrative/2025/kho_khan", "Đoạn viết từ bản cũ.")
    ctx.settings.setValue("reports/narrative/2025-01-01_2025-03-31/ket_qua", "Quý một.")
    p = ReportsPage(ctx)
    qtbot.addWidget(p)
    qtbot.waitUntil(lambda: ctx.idle())
    QApplication.processEvents()
    assert narrative.get_narrative(ctx.db, "2025") == {"kho_khan": "Đoạn viết từ bản cũ."}
    assert narrative.get_narrative(ctx.db, "2025-01-01:2025-03-31") == {"ket_qua": "Quý một."}
    assert not [k for k in ctx.settings.allKeys() if "narrative" in k]  # removed from the old place


def test_narrative_paragraphs_and_the_choice_a_form_needs(qtbot: Any, page: ReportsPage) -> None:
    choose(page, "bao-cao", 2025, "year")
    assert page.tabs.isTabEnabled(page.NARRATIVE)
    page.narrative_edits["kho_khan"].setPlainText("Kinh phí hỗ trợ tổ hòa giải còn hạn chế.")
    preview(qtbot, page)
    assert "Kinh phí hỗ trợ tổ hòa giải còn hạn chế." in pdf_text(page.result.pdf)  # type: ignore[union-attr]
    # the paragraphs are a draft of that period: another year starts empty, coming back brings them again
    page.year_spin.setValue(2024)
    qtbot.waitUntil(lambda: page.ctx.idle())
    QApplication.processEvents()
    assert page.narrative_edits["kho_khan"].toPlainText() == ""
    page.year_spin.setValue(2025)
    qtbot.waitUntil(lambda: page.narrative_edits["kho_khan"].toPlainText() != "")
    assert page.narrative_edits["kho_khan"].toPlainText() == "Kinh phí hỗ trợ tổ hòa giải còn hạn chế."
    page.ctx.worker.wait_idle()
    # the paragraphs live in the data file (so a backup carries them), not in the computer's settings
    from hoagiai_desktop.services import narrative

    assert narrative.get_narrative(page.ctx.db, "2025") == {
        "kho_khan": "Kinh phí hỗ trợ tổ hòa giải còn hạn chế."
    }
    assert not [k for k in page.ctx.settings.allKeys() if "narrative" in k]
    again = ReportsPage(page.ctx)  # e.g. the next day
    qtbot.addWidget(again)
    again.form_combo.setCurrentIndex(again.form_combo.findData("bao-cao"))
    again.year_spin.setValue(2025)
    again.kind_combo.setCurrentIndex(again.kind_combo.findData("year"))
    qtbot.waitUntil(lambda: again.narrative_edits["kho_khan"].toPlainText() != "")
    assert again.narrative_edits["kho_khan"].toPlainText() == "Kinh phí hỗ trợ tổ hòa giải còn hạn chế."
    page.ctx.worker.wait_idle()

    choose(page, "so-theo-doi")
    assert not page.tabs.isTabEnabled(page.NARRATIVE)
    assert page.team_combo.isVisible() and not page.case_combo.isVisible()
    page.preview_button.click()
    assert message(page) == ["Choose the team whose logbook to print."]
    page.team_combo.setCurrentIndex(1)
    preview(qtbot, page)
    assert page.result is not None and page.result.form == "so-theo-doi"

    choose(page, "tap-huan")
    assert page.event_combo.isVisible() and page.event_combo.count() > 1
    page.event_combo.setCurrentIndex(1)
    preview(qtbot, page)
    assert page.result is not None and page.result.form == "tap-huan"

    choose(page, "van-ban-hgt")
    assert not page.period_box.isVisible() and page.case_combo.isVisible()
    assert page.case_combo.count() > 1  # successful cases only
    page.case_combo.setCurrentIndex(1)
    code = page.case_combo.currentData()
    with page.ctx.db.reading() as s:
        case = s.scalars(select(m.Case).where(m.Case.code == code)).one()
        assert case.result is not None and case.result.value == "thanh"
    preview(qtbot, page)
    assert page.result is not None and page.result.form == "van-ban-hgt"


def test_defaults_follow_the_report_due_and_the_language_can_change(page: ReportsPage) -> None:
    # 20/11/2026: the first yearly report of 2026 is due
    assert (page.year_spin.value(), page.kind_combo.currentData()) == (2026, "Y1")
    assert default_period(dt.date(2027, 3, 1)) == (2026, "year")
    assert default_period(dt.date(2027, 6, 15)) == (2027, "H1")
    assert page.issued_edit.value() == TODAY
    i18n.set_language("vi")
    page.retranslate()
    assert page.preview_button.text() == i18n._("Preview")
    assert page.form_combo.itemText(0) == i18n._(FORMS["thong-ke"])
    assert page.kind_combo.currentData() == "Y1"


def test_each_choice_on_the_report_tab_is_whole_in_its_tooltip(qtbot: Any, page: ReportsPage) -> None:
    """At large text the settings side is narrower than a report's name and Qt clips the combo box's text: the
    whole choice is the combo box's tooltip, whatever changed it (a choice, the data refilling it, the language)."""
    form, kind, team = page.form_combo, page.kind_combo, page.team_combo
    assert form.toolTip() == form.currentText() == FORMS["thong-ke"]
    assert kind.toolTip() == kind.currentText() == "Year, first (preliminary) report"
    choose(page, "so-theo-doi", kind="year")
    assert form.toolTip() == FORMS["so-theo-doi"] and kind.toolTip() == "Year, official"
    assert team.toolTip() == "— choose a team —"  # filled by the page with its signals blocked
    team.setCurrentIndex(2)
    assert team.toolTip() == team.currentText() == page.choices.teams[1][1]
    page.refresh()  # the data refills the team combo box, keeping the choice
    page.ctx.worker.wait_idle()
    qtbot.waitUntil(lambda: team.count() == len(page.choices.teams) + 1)
    assert team.toolTip() == team.currentText() == page.choices.teams[1][1]
    i18n.set_language("vi")
    page.retranslate()
    assert form.toolTip() == form.currentText() == i18n._(FORMS["so-theo-doi"]) != FORMS["so-theo-doi"]
    assert kind.toolTip() == kind.currentText() == i18n._("Year, official")


def test_bad_custom_period_is_one_sentence(qtbot: Any, page: ReportsPage) -> None:
    choose(page, "thong-ke", kind="custom")
    assert page.custom_box.isVisible()
    page.date_from.setText("31/12/2026")
    page.date_to.setText("01/01/2026")
    page.preview_button.click()
    assert message(page) == ["The period 2026-12-31:2026-01-01 ends before it starts."]
    page.date_to.setText("32/01/2026")
    page.preview_button.click()
    assert message(page) == ["Type the dates of the period as day/month/year, for example 01/01/2026."]
    assert page.ctx.worker.is_idle() and page.result is None
    page.date_from.setText("01/01/2026")
    page.date_to.setText("30/09/2026")
    preview(qtbot, page)
    assert page.result is not None and page.result.period == "2026-01-01:2026-09-30"
    assert "kỳ báo cáo" in pdf_text(page.result.pdf).lower()


def test_finalise_then_changed_data_shows_the_notice_and_reexport_is_exact(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def confirm(params: ReportParams) -> bool:
        asked.append(params.form)
        return True

    monkeypatch.setattr(page, "confirm_finalise", confirm)
    targets = iter([tmp_path / "at-finalising.pdf", tmp_path / "again.pdf"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(next(targets)), ""))
    choose(page, "thong-ke", 2025, "year")
    page.number_edit.setText("7")
    page.preparer_edit.setText("Nguyễn Thị Hường")
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        page.save_pdf_button.click()
    with qtbot.waitSignal(page.notice_loaded, timeout=TIMEOUT):
        page.finalise_button.click()
    assert asked == ["thong-ke"]
    assert page.finalised_table.rowCount() == 1
    assert cell(page.finalised_table, 0, 2).text() == "2025"
    assert page.finalised_notice.text() == "• The figures have not changed since the report was finalised."

    # later the officer corrects a case's category: the figures move on
    with page.ctx.db.transaction() as s:
        case = s.scalars(
            select(m.Case)
            .where(
                m.Case.received_on.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                m.Case.category == Category.DAN_SU,
            )
            .order_by(m.Case.id)
        ).first()
        assert case is not None
        case.category = Category.HON_NHAN_GIA_DINH
    with qtbot.waitSignal(page.notice_loaded, timeout=TIMEOUT):
        page.ctx.changes_made.emit(Changes(cases=True))
    notice = page.finalised_notice.text().splitlines()
    assert notice[0] == f"{CHANGED_NOTICE}:"
    moved = {}
    for line in notice[1:]:
        label, _sep, values = line.removeprefix("• ").rpartition(": ")
        old, new = (int(v) for v in values.split(" → "))
        moved[label] = new - old
    # one case moved from civil disputes to marriage and family: the commune row and its team's row
    assert moved["Commune total — Handled: Civil dispute"] == -1
    assert moved["Commune total — Handled: Marriage and family"] == 1
    assert list(moved.values()).count(-1) == list(moved.values()).count(1)

    # exported again: the same document as at finalising, with the notice beside it
    page.finalised_table.selectRow(0)
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        page.reexport_button.click()
    assert pdf_text(tmp_path / "again.pdf") == pdf_text(tmp_path / "at-finalising.pdf")
    assert f"{CHANGED_NOTICE}:" in message(page)

    page.show_finalised_button.click()
    qtbot.waitUntil(lambda: page.result is not None and page.result.finalised_id is not None, timeout=TIMEOUT)
    assert message(page)[0] == "Finalised report No. 1, shown exactly as it was finalised."
    assert f"{CHANGED_NOTICE}:" in message(page)


def test_import_a_form_definition_shows_the_validation_sentence(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "hoagiai-form/1", "form_id": "thong-ke"}), encoding="utf-8")
    files = iter([bad, FORM_2027])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(next(files)), ""))
    choose(page, "thong-ke", 2027, "year")
    qtbot.waitUntil(lambda: "Mẫu tham khảo" in page.definition_label.text(), timeout=TIMEOUT)

    page.import_button.click()
    page.ctx.worker.wait_idle()
    assert page.import_result.text() == "• The form definition bad.json lacks the field “version”."

    page.import_button.click()
    qtbot.waitUntil(lambda: "TEST-2027" in page.definition_label.text(), timeout=TIMEOUT)
    assert (
        page.import_result.text()
        == "• Imported the definition TEST-2027 of the form thong-ke, valid from 01/01/2027."
    )
    assert page.definition_label.text() == "Form definition TEST-2027 (imported): Mẫu thử nghiệm 2027"
    # 2026 still renders with the reference layout
    choose(page, "thong-ke", 2026, "year")
    qtbot.waitUntil(lambda: "Mẫu tham khảo" in page.definition_label.text(), timeout=TIMEOUT)


def test_print_paints_every_page(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"

    def to_file(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(page, "new_printer", lambda: QPrinter(QPrinter.PrinterMode.ScreenResolution))
    monkeypatch.setattr(page, "ask_printer", to_file)
    page.print_button.click()
    assert message(page) == ["Press Preview first, then print what you see."]
    choose(page, "thong-ke", 2026, "H1")
    preview(qtbot, page)
    page.print_button.click()
    qtbot.waitUntil(lambda: page.printed_pages is not None, timeout=TIMEOUT)
    assert page.printed_pages == page.result.pages  # type: ignore[union-attr]
    assert len(PdfReader(out).pages) == page.printed_pages
    assert message(page) == [f"Sent {page.printed_pages} pages to the printer."]


def test_without_a_rasteriser_a_sentence_and_saving_still_works(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.preview.kind = None
    choose(page, "de-an", 2025, "year")
    with qtbot.waitSignal(page.rendered, timeout=TIMEOUT):
        page.preview_button.click()
    assert page.preview.image_label.text().startswith("This computer cannot show the pages here")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "de-an.pdf"), ""))
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT):
        page.save_pdf_button.click()
    assert len(PdfReader(tmp_path / "de-an.pdf").pages) == page.result.pages  # type: ignore[union-attr]


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("kind", ["pdftoppm", "qtpdf"])
def test_each_rasteriser_gives_white_paper_with_dark_print(
    qapp: QApplication, tmp_path: Path, kind: str
) -> None:
    if kind == "qtpdf" and not _importable("PySide6.QtPdf"):
        pytest.skip("PySide6.QtPdf is not installed here (the Windows build bundles it)")
    if kind == "pdftoppm" and shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed here")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "one.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 40)
    canvas.drawString(72, 700, "HOA GIAI")
    canvas.showPage()
    canvas.save()
    image = report_preview.rasterise_page(pdf, 0, 72, kind)
    assert image.width() in (595, 596) and image.height() == 842  # A4 (595.3 × 841.9 pt) at 72 dpi
    assert image.pixelColor(5, 5).name() == "#ffffff"  # the paper is white, not transparent
    dark = sum(
        image.pixelColor(x, y).lightness() < 100 for x in range(72, 300, 2) for y in range(110, 150, 2)
    )
    assert dark > 50  # the letters are printed
