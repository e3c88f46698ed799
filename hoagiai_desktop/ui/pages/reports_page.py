"""Báo cáo: build the official outputs of DOMAIN §5 in the window — choose, preview, adjust, finalise, save, print.

Left, in tabs: the report and its parameters (form, period, team / case / training event, number, date, preparer,
checker; for the statistical form the definition in use, labelled "Mẫu tham khảo" when it is the shipped reference
layout, and a button that imports a definition file); the estimated figures of the early reports (H1 / Y1) with a
column to type one's own figure; the officer's paragraphs of the narrative report; the finalised reports, each with
the figures that changed since it was finalised and a button to export it again exactly.

Right: Preview / Save PDF / Save Excel / Print / Finalise, one strip of sentences (reference layout, estimated
cells, what changed, a wrong input), and the pages (:mod:`.report_preview`). The report is built by
``reports.render_report`` on the database worker; its pages are rasterised on a thread pool — never on the GUI
thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QHideEvent, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import CaseState, Category
from hoagiai_desktop.domain.indicators import label as figure_label
from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _, format_date, format_number, format_percent, ngettext
from hoagiai_desktop.reports import definitions
from hoagiai_desktop.reports.bao_cao import SECTIONS
from hoagiai_desktop.reports.estimates import LEAF_KEYS, Estimate, propose_estimates
from hoagiai_desktop.reports.finalise import changes_since_finalised, finalise, list_finalised
from hoagiai_desktop.reports.finalise import render_finalised as render_finalised_report
from hoagiai_desktop.reports.render import (
    CHANGED_NOTICE,
    FORMS,
    PERIODLESS_FORMS,
    TABULAR_FORMS,
    Change,
    RenderResult,
    form_label,
    render_report,
)
from hoagiai_desktop.services import cases_read, common, lists, reporting, teams_read
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import REPORTS_FOLDER
from hoagiai_desktop.ui.pages.base import Page
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.pages.narrative_store import NarrativeStore
from hoagiai_desktop.ui.pages.report_preview import PreviewPane, print_pages
from hoagiai_desktop.ui.widgets.forms import DateField
from hoagiai_desktop.ui.worker import Job

NOTICE_LINES_SHOWN = 5  # above the pages; the Finalised tab lists them all
ESTIMATE_FORMS = frozenset({"thong-ke", "bao-cao", "de-an"})  # forms that print estimated H1 / Y1 figures
NO_HEADING_FORMS = frozenset({"so-theo-doi"})  # the logbook has a cover, no number or date of issue
SIGNED_BY_PREPARER = frozenset({"thong-ke"})  # forms printing "Người lập biểu" / "Người kiểm tra"
TEAM_FORMS = {"so-theo-doi": True, "danh-sach": False}  # form → a team is required (else optional)
PERIOD_KINDS: tuple[tuple[str, str], ...] = (
    ("H1", N_("Six months (preliminary)")),
    ("Y1", N_("Year, first (preliminary) report")),
    ("year", N_("Year, official")),
    ("custom", N_("Custom dates")),
)
FIGURE_ORDER = (
    *(f"cases.new_by_category.{c.value}" for c in Category if c.in_scope),
    "cases.new",
    "cases.handled",
    *(f"cases.by_category.{c.value}" for c in Category if c.in_scope),
    "cases.successful",
    *(f"cases.successful_by_category.{c.value}" for c in Category if c.in_scope),
    "cases.unsuccessful",
    "cases.out_of_scope",
    "cases.success_rate",
    "cases.success_rate_closed",
    "mediators.recognised",
    "mediators.terminated",
    "training.events",
    "training.trained_in_period",
    "training.new",
)


def default_period(today: dt.date) -> tuple[int, str]:
    """The report most likely due: last year's official one until May, the six-month one until October,
    then the first yearly report."""
    if today.month <= 5:
        return today.year - 1, "year"
    return today.year, ("H1" if today.month <= 10 else "Y1")


def file_stem(form: str, period: str | None) -> str:
    return f"{form}-{period}".replace(":", "_") if period else form


# ---- what the window asks of the database worker ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportParams:
    """Everything a report is built from, as read from the page (typed, NFC)."""

    form: str
    period: str | None
    team_code: str | None = None
    case_code: str | None = None
    event_code: str | None = None
    estimates: dict[str, int] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    number: str | None = None
    issued_on: dt.date | None = None
    preparer: str | None = None
    checker: str | None = None
    regime: str | None = None

    def options(self) -> dict[str, Any]:
        return {
            "team_code": self.team_code,
            "case_code": self.case_code,
            "event_code": self.event_code,
            "estimates": self.estimates or None,
            "narrative": self.narrative or None,
            "number": self.number,
            "issued_on": self.issued_on,
            "preparer": self.preparer,
            "checker": self.checker,
            "regime": self.regime,
        }


@dataclass(frozen=True)
class FinalisedRow:
    id: int
    form: str
    period: str
    team_code: str | None
    number: str | None
    issued_on: dt.date
    finalised_at: dt.datetime


@dataclass(frozen=True)
class Choices:
    teams: list[tuple[str, str]]  # (code, label)
    cases: list[tuple[str, str]]
    events: list[tuple[str, str]]
    regime: str = "auto"  # the reporting regime chosen in Settings


CASE_LIMIT = 2000  # successful cases offered for the Điều 24 record (latest first)


def load_choices(db: Any) -> Choices:
    teams = [
        (t.code, t.name if t.active else _("{name} (dissolved)").format(name=t.name))
        for t in teams_read.team_choices(db)
    ]
    cases = [
        (c.code, f"{c.code} — {format_date(c.ended_on or c.received_on)} — {c.parties}")
        for c in cases_read.case_list(db, cases_read.CaseFilter(state=CaseState.THANH), limit=CASE_LIMIT)
    ]
    events = [(e.code, f"{format_date(e.end_on)} — {e.title}") for e in lists.list_events(db)]
    return Choices(teams, cases, events, reporting.get_regime(db))


def load_finalised(db: Any) -> list[FinalisedRow]:
    return [
        FinalisedRow(r.id, r.form, r.period, r.team_code, r.number, r.issued_on, r.finalised_at)
        for r in list_finalised(db)
    ]


def definition_in_use(db: Any, period: str) -> definitions.FormDef:
    return definitions.definition_for(db, "thong-ke", parse_period(period))


def render_params(db: Any, params: ReportParams, out_pdf: Path, xlsx: Path | None) -> RenderResult:
    return render_report(db, params.form, params.period, out_pdf, xlsx=xlsx, **params.options())


def render_finalised(db: Any, finalised_id: int, out_pdf: Path, xlsx: Path | None) -> RenderResult:
    return render_finalised_report(db, finalised_id, out_pdf, xlsx=xlsx)


def finalise_params(db: Any, params: ReportParams) -> int:
    return finalise(db, params.form, params.period or "", **params.options())


def import_definition_file(db: Any, path: Path) -> definitions.FormDef:
    return definitions.import_definition(db, path)


def change_line(change: Change, team_names: dict[str, str] | None = None) -> str:
    """One changed figure in words: "Commune total — Handled: Civil dispute: 13 → 12"."""
    scope, _sep, key = change.key.rpartition("/")
    what = figure_label(key)
    if scope == "total":
        what = f"{_('Commune total')} — {what}"
    elif scope:
        what = f"{(team_names or {}).get(scope, scope)} — {what}"
    return f"{what}: {change.old} → {change.new}"


def notice_lines(
    changes: list[Change], team_names: dict[str, str] | None = None, limit: int = 50
) -> list[str]:
    ordered = sorted(changes, key=lambda c: not c.key.startswith("total/"))  # the commune's row first
    lines = [change_line(c, team_names) for c in ordered[:limit]]
    if len(changes) > limit:
        lines.append(_("… and {n} more").format(n=len(changes) - limit))
    return lines


# ---- the page ----------------------------------------------------------------------------------------------------


class ReportsPage(Page):
    watches = ("village", "team", "mediator", "case", "training", "unit", "targets", "report", "regime")
    rendered = Signal()  # a preview finished building (its pages may still be rasterising)
    saved = Signal(object)  # Path of a saved PDF / workbook
    finalised_loaded = Signal()
    notice_loaded = Signal()

    SETTINGS, ESTIMATES, NARRATIVE, FINALISED = 0, 1, 2, 3

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.result: RenderResult | None = None
        self.shown_finalised: int | None = None  # the preview shows this finalised report
        self.choices = Choices([], [], [])
        self.finalised: list[FinalisedRow] = []
        self.estimates: dict[str, Estimate] = {}
        self.overrides: dict[tuple[str | None, str], int] = {}
        self.printed_pages: int | None = None
        self._render_job: Job | None = None
        self._estimates_job: Job | None = None
        self._definition_job: Job | None = None
        self._notice_job: Job | None = None
        self._select_after_load: int | None = None
        self._previews = 0
        self._printer: QPrinter | None = None
        self._filling = False
        self._loading_narrative = False
        self.narrative_store = NarrativeStore(ctx, self)  # the paragraphs live in the data file
        from hoagiai_desktop.paths import data_dir
        from hoagiai_desktop.storage.private import new_work_dir

        # previews hold names: a private folder in the data folder (cleaned at the next start after a crash),
        # never the system temp folder
        self._tmp = new_work_dir(data_dir())
        tmp = str(self._tmp)
        self.destroyed.connect(lambda *_a: shutil.rmtree(tmp, ignore_errors=True))

        self._build_settings_tab()
        self._build_estimates_tab()
        self._build_narrative_tab()
        self._build_finalised_tab()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.tabs.addTab(self.settings_scroll, "")
        self.tabs.addTab(self.estimates_tab, "")
        self.tabs.addTab(self.narrative_scroll, "")
        self.tabs.addTab(self.finalised_tab, "")

        # right: actions, sentences, pages
        self.preview_button = self._button("preview", self.preview_report)
        for keys, slot in (
            (QKeySequence("Ctrl+Return"), self.preview_report),
            (QKeySequence.StandardKey.Print, self.print_report),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.save_pdf_button = self._button("save_pdf", self.save_pdf)
        self.save_xlsx_button = self._button("save_xlsx", self.save_xlsx)
        self.print_button = self._button("print", self.print_report)
        self.finalise_button = self._button("finalise", self.finalise_report)
        actions = QHBoxLayout()
        for b in (self.preview_button, self.save_pdf_button, self.save_xlsx_button, self.print_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.finalise_button)
        self.message = MessageStrip()
        self.message.setObjectName("report_message")
        self.preview = PreviewPane()
        self.preview.setObjectName("report_preview")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # the settings side as wide as its fields want (report names in the combo boxes), at most half
        left = max(460, self.tabs.sizeHint().width())
        self.splitter.setSizes([left, max(left, 800)])
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)

        self.retranslate()
        self._load_narrative()
        self._form_changed()

    # -- building ----------------------------------------------------------------------------------------------

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _row_label(self, buddy: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(buddy)
        label.setWordWrap(True)
        return label

    def _build_settings_tab(self) -> None:
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("form_combo")
        for form in FORMS:
            self.form_combo.addItem("", form)
        self.form_combo.currentIndexChanged.connect(self._form_changed)

        self.definition_label = QLabel()
        self.definition_label.setObjectName("definition_label")
        self.definition_label.setWordWrap(True)
        self.import_button = self._button("import_definition", self.import_definition)
        self.import_result = MessageStrip()
        self.import_result.setObjectName("import_result")
        self.definition_box = QWidget()
        box = QVBoxLayout(self.definition_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.definition_label)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.import_result)

        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(1990, 2100)
        today = common.today()
        year, kind = default_period(today)
        self.year_spin.setValue(year)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("period_kind")
        for code, _label in PERIOD_KINDS:
            self.kind_combo.addItem("", code)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.period_box = QWidget()
        period_row = QHBoxLayout(self.period_box)
        period_row.setContentsMargins(0, 0, 0, 0)
        period_row.addWidget(self.year_spin)
        period_row.addWidget(self.kind_combo, 1)
        self.date_from = DateField()
        self.date_from.setObjectName("period_from")
        self.date_to = DateField()
        self.date_to.setObjectName("period_to")
        self.custom_box = QWidget()
        custom_row = QHBoxLayout(self.custom_box)
        custom_row.setContentsMargins(0, 0, 0, 0)
        custom_row.addWidget(self.date_from)
        custom_row.addWidget(QLabel("–"))
        custom_row.addWidget(self.date_to)
        custom_row.addStretch(1)
        self.year_spin.valueChanged.connect(self._period_changed)
        self.kind_combo.currentIndexChanged.connect(self._period_changed)
        self.date_from.editingFinished.connect(self._period_changed)
        self.date_to.editingFinished.connect(self._period_changed)

        self.team_combo = QComboBox()
        self.team_combo.setObjectName("team_combo")
        self.case_combo = QComboBox()
        self.case_combo.setObjectName("case_combo")
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("event_combo")
        for combo in (self.team_combo, self.case_combo, self.event_combo):
            combo.setMinimumContentsLength(20)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self._parameters_changed)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("number_edit")
        self.number_edit.setMaximumWidth(120)
        self.issued_edit = DateField()
        self.issued_edit.setObjectName("issued_edit")
        self.issued_edit.set_value(today)
        self.preparer_edit = QLineEdit()
        self.preparer_edit.setObjectName("preparer_edit")
        self.checker_edit = QLineEdit()
        self.checker_edit.setObjectName("checker_edit")

        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # large text on a small screen: a field goes under its label rather than being squeezed and cut
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("form", self.form_combo),
            ("definition", self.definition_box),
            ("period", self.period_box),
            ("custom", self.custom_box),
            ("team", self.team_combo),
            ("case", self.case_combo),
            ("event", self.event_combo),
            ("number", self.number_edit),
            ("issued", self.issued_edit),
            ("preparer", self.preparer_edit),
            ("checker", self.checker_edit),
        ):
            label = self._row_label(self.kind_combo if key == "period" else widget)
            self.labels[key] = label
            if key == "definition":
                # the widest row (the definition sentence and its import button): label above, box across,
                # so at 200 % text the button is not squeezed beside a long label
                self.form_layout.addRow(label)
                self.form_layout.addRow(widget)
            else:
                self.form_layout.addRow(label, widget)
        settings = QWidget()
        settings.setLayout(self.form_layout)
        self.settings_scroll = QScrollArea()
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setWidget(settings)

    def _build_estimates_tab(self) -> None:
        self.estimates_note = QLabel()
        self.estimates_note.setWordWrap(True)
        self.estimate_row_label = QLabel()
        self.estimate_row_combo = QComboBox()
        self.estimate_row_combo.setObjectName("estimate_row")
        self.estimate_row_combo.addItem("", None)
        self.estimate_row_label.setBuddy(self.estimate_row_combo)
        self.estimate_row_combo.currentIndexChanged.connect(self._reload_estimates)
        self.estimates_table = QTableWidget(0, 4)
        self.estimates_table.setObjectName("estimates_table")
        self.estimates_table.verticalHeader().hide()
        self.estimates_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.estimates_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.estimates_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.estimates_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.estimates_table.itemChanged.connect(self._estimate_edited)
        self.reset_estimates_button = self._button("reset_estimates", self._reset_estimates)
        self.estimates_message = MessageStrip()
        self.estimates_tab = QWidget()
        layout = QVBoxLayout(self.estimates_tab)
        layout.addWidget(self.estimates_note)
        row = QHBoxLayout()
        row.addWidget(self.estimate_row_label)
        row.addWidget(self.estimate_row_combo, 1)
        layout.addLayout(row)
        layout.addWidget(self.estimates_table, 1)
        layout.addWidget(self.estimates_message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reset_estimates_button)
        layout.addLayout(bottom)

    def _build_narrative_tab(self) -> None:
        self.narrative_note = QLabel()
        self.narrative_note.setWordWrap(True)
        self.narrative_edits: dict[str, QPlainTextEdit] = {}
        self.narrative_labels: dict[str, QLabel] = {}
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addWidget(self.narrative_note)
        for key in SECTIONS:
            edit = QPlainTextEdit()
            edit.setObjectName(f"narrative_{key}")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
            edit.textChanged.connect(lambda key=key: self._narrative_edited(key))
            label = QLabel()
            label.setBuddy(edit)
            self.narrative_edits[key] = edit
            self.narrative_labels[key] = label
            layout.addWidget(label)
            layout.addWidget(edit)
        layout.addStretch(1)
        self.narrative_scroll = QScrollArea()
        self.narrative_scroll.setWidgetResizable(True)
        self.narrative_scroll.setWidget(holder)

    def _build_finalised_tab(self) -> None:
        self.finalised_table = QTableWidget(0, 6)
        self.finalised_table.setObjectName("finalised_table")
        self.finalised_table.verticalHeader().hide()
        self.finalised_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.finalised_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.finalised_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.finalised_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.finalised_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.finalised_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.finalised_table.setWordWrap(False)
        self.finalised_table.itemSelectionChanged.connect(self._finalised_selected)
        self.finalised_table.itemActivated.connect(lambda _item: self.show_finalised())
        self.show_finalised_button = self._button("show_finalised", self.show_finalised)
        self.reexport_button = self._button("reexport", self.reexport_finalised)
        self.finalised_notice = MessageStrip()
        self.finalised_notice.setObjectName("finalised_notice")
        self.finalised_empty = QLabel()
        self.finalised_empty.setWordWrap(True)
        self.finalised_tab = QWidget()
        layout = QVBoxLayout(self.finalised_tab)
        layout.addWidget(self.finalised_empty)
        layout.addWidget(self.finalised_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.show_finalised_button)
        row.addWidget(self.reexport_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.finalised_notice)
        from hoagiai_desktop.ui.pages.province_send import SendPanel

        self.send_panel = SendPanel(self.ctx)  # "Gửi báo cáo lên tỉnh" (DOMAIN §8)
        layout.addWidget(self.send_panel)

    # -- the page contract -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Reports"))
        self.tabs.setTabText(self.SETTINGS, _("Report"))
        self.tabs.setTabText(self.ESTIMATES, _("Estimates"))
        self.tabs.setTabText(self.NARRATIVE, _("Narrative"))
        self.tabs.setTabText(self.FINALISED, _("Finalised"))
        for i in range(self.form_combo.count()):
            form = str(self.form_combo.itemData(i))
            self.form_combo.setItemText(i, form_label(form))
            self.form_combo.setItemData(i, form, Qt.ItemDataRole.ToolTipRole)
        for i, (_code, text) in enumerate(PERIOD_KINDS):
            self.kind_combo.setItemText(i, _(text))
        texts = {
            "form": _("Report"),
            "definition": _("Form layout"),
            "period": _("Period"),
            "custom": _("From – to"),
            "team": _("Team"),
            "case": _("Case"),
            "event": _("Training event"),
            "number": _("Number (Số)"),
            "issued": _("Date of issue"),
            "preparer": _("Prepared by"),
            "checker": _("Checked by"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.year_spin.setAccessibleName(_("Year"))
        self.number_edit.setPlaceholderText(_("e.g. 15"))
        self.import_button.setText(_("Import a form definition…"))
        self.import_button.setToolTip(
            _("Add the layout of a new statistical form from a definition file (.json)")
        )
        self.estimate_row_label.setText(_("Row"))
        self.estimate_row_combo.setItemText(0, _("Commune total"))
        self.estimates_table.setHorizontalHeaderLabels(
            [_("Figure"), _("Actual"), _("Proposed"), _("Your figure")]
        )
        self.reset_estimates_button.setText(_("Use the proposals"))
        self.narrative_note.setText(
            _(
                "Your own paragraphs for the narrative report; the figures are filled in by the app. "
                "An empty box leaves a dotted line to write on."
            )  # fmt: skip
        )
        for key, label in self.narrative_labels.items():
            label.setText(_(SECTIONS[key]))
        self.finalised_table.setHorizontalHeaderLabels(
            [_("No."), _("Report"), _("Period"), _("Team"), _("Number"), _("Finalised at")]
        )
        self.show_finalised_button.setText(_("Show"))
        self.show_finalised_button.setToolTip(_("Show the finalised report exactly as it was finalised"))
        self.reexport_button.setText(_("Export again…"))
        self.reexport_button.setToolTip(
            _("Save the finalised report as PDF again, exactly as it was finalised")
        )
        self.finalised_empty.setText(_("No report has been finalised yet."))
        self.send_panel.retranslate()
        self.preview_button.setText(_("Preview"))
        self.preview_button.setToolTip(_("Build the report and show its pages (Ctrl+Enter)"))
        self.save_pdf_button.setText(_("Save PDF…"))
        self.save_pdf_button.setToolTip(_("Save the report as a PDF file (Ctrl+S)"))
        self.save_xlsx_button.setText(_("Save Excel…"))
        self.print_button.setText(_("Print…"))
        self.print_button.setToolTip(_("Print the pages shown (Ctrl+P)"))
        self.finalise_button.setText(_("Finalise figures…"))
        self.finalise_button.setToolTip(
            _("Freeze the figures of this report so that it can be exported again exactly as it is now")
        )
        self.preview.retranslate()
        self._fill_combos()
        self._update_estimates_note()

    def refresh(self) -> None:
        self.ctx.run(load_choices, on_done=self._choices_loaded)
        self._load_finalised()
        self._reload_definition()
        self._reload_estimates()

    def save(self) -> None:
        self.save_pdf()

    def on_data_changed(self, kind: str) -> None:
        super().on_data_changed(kind)
        relevant = kind == "*" or kind in self.watches
        if relevant and kind != "report" and self.result is not None and self.shown_finalised is None:
            self._say(
                [
                    _(
                        "The data changed after this preview was built; press Preview to see the current figures."
                    )
                ],
                WARN_STYLE,
            )

    # -- reading the parameters ---------------------------------------------------------------------------------

    def current_form(self) -> str:
        return str(self.form_combo.currentData())

    def period_code(self) -> str:
        """The period chosen, as a code of ``parse_period``; a wrong one raises a UserError (one sentence)."""
        kind = self.kind_combo.currentData()
        year = self.year_spin.value()
        if kind == "custom":
            try:
                start, end = self.date_from.value(), self.date_to.value()
            except ValueError:
                raise UserError(
                    _("Type the dates of the period as day/month/year, for example 01/01/2026.")
                ) from None
            if start is None or end is None:
                raise UserError(_("Type the first and the last day of the period."))
            code = f"{start.isoformat()}:{end.isoformat()}"
        else:
            code = {"H1": f"{year}-H1", "Y1": f"{year}-Y1"}.get(str(kind), str(year))
        return parse_period(code, self.choices.regime).code

    def current_period(self) -> Period | None:
        try:
            return parse_period(self.period_code(), self.choices.regime)
        except UserError:
            return None

    def estimate_overrides(self, form: str) -> dict[str, int]:
        if form not in ESTIMATE_FORMS:
            return {}
        period = self.current_period()
        if period is None or not period.has_estimate:
            return {}
        out: dict[str, int] = {}
        for (team, key), value in self.overrides.items():
            if team is None:
                out[key] = value
            elif form == "thong-ke":
                out[f"{team}:{key}"] = value
        return out

    def params(self) -> ReportParams:
        form = self.current_form()
        period = None if form in PERIODLESS_FORMS else self.period_code()
        team = case = event = None
        if form in TEAM_FORMS:
            team = self.team_combo.currentData()
            if TEAM_FORMS[form] and not team:
                raise UserError(_("Choose the team whose logbook to print."))
        if form == "van-ban-hgt":
            case = self.case_combo.currentData()
            if not case:
                raise UserError(_("Choose the successful case whose record to print."))
        if form == "tap-huan":
            event = self.event_combo.currentData()
            if not event:
                raise UserError(_("Choose the training event to print."))
        try:
            issued = self.issued_edit.value()
        except ValueError:
            raise UserError(_("Type the date of issue as day/month/year, for example 05/03/2026.")) from None
        narrative = {}
        if form == "bao-cao":
            narrative = {k: nfc(e.toPlainText()).strip() for k, e in self.narrative_edits.items()}
            narrative = {k: v for k, v in narrative.items() if v}
        return ReportParams(
            form=form,
            period=period,
            team_code=team,
            case_code=case,
            event_code=event,
            estimates=self.estimate_overrides(form),
            narrative=narrative,
            number=nfc(self.number_edit.text()) or None,
            issued_on=issued,
            preparer=nfc(self.preparer_edit.text()) or None,
            checker=nfc(self.checker_edit.text()) or None,
            regime=self.choices.regime,
        )

    # -- reacting to choices -----------------------------------------------------------------------------------

    def _form_changed(self) -> None:
        form = self.current_form()
        has_period = form not in PERIODLESS_FORMS
        custom = self.kind_combo.currentData() == "custom"
        for widget, visible in (
            (self.definition_box, form in definitions.DATA_FORMS),
            (self.period_box, has_period),
            (self.custom_box, has_period and custom),
            (self.team_combo, form in TEAM_FORMS),
            (self.case_combo, form == "van-ban-hgt"),
            (self.event_combo, form == "tap-huan"),
            (self.number_edit, form not in NO_HEADING_FORMS),
            (
                self.issued_edit,
                form not in NO_HEADING_FORMS and form != "van-ban-hgt",
            ),  # dated by the agreement
            (self.preparer_edit, form in SIGNED_BY_PREPARER),
            (self.checker_edit, form in SIGNED_BY_PREPARER),
        ):
            self.form_layout.setRowVisible(widget, visible)
        self.form_layout.setRowVisible(
            self.labels["definition"], form in definitions.DATA_FORMS
        )  # its own row
        self.tabs.setTabEnabled(self.NARRATIVE, form == "bao-cao")
        self.save_xlsx_button.setEnabled(form in TABULAR_FORMS)
        self.estimate_row_label.setVisible(form == "thong-ke")
        self.estimate_row_combo.setVisible(form == "thong-ke")
        self._fill_team_combo()
        self._parameters_changed()
        self._reload_definition()
        self._reload_estimates()

    def _period_changed(self) -> None:
        self.form_layout.setRowVisible(
            self.custom_box,
            self.current_form() not in PERIODLESS_FORMS and self.kind_combo.currentData() == "custom",
        )
        self.overrides.clear()  # own figures belong to one period
        self._load_narrative()
        self._parameters_changed()
        self._reload_definition()
        self._reload_estimates()

    # -- the narrative paragraphs: a draft per period, kept in the data file (so backups carry them) --

    def _load_narrative(self) -> None:
        period = self.current_period()
        self._fill_narrative({})
        if period is not None:
            self.narrative_store.load(period.code, self._fill_narrative)

    def _fill_narrative(self, texts: dict[str, str]) -> None:
        self._loading_narrative = True
        for section, edit in self.narrative_edits.items():
            edit.setPlainText(texts.get(section, ""))
        self._loading_narrative = False

    def _narrative_edited(self, section: str) -> None:
        period = self.current_period()
        if self._loading_narrative or period is None:
            return
        self.narrative_store.edited(period.code, section, self.narrative_edits[section].toPlainText())
        self.shown_finalised = None

    def hideEvent(self, event: QHideEvent) -> None:
        self.narrative_store.flush()  # typed paragraphs reach the data file before another page is shown
        super().hideEvent(event)

    def _parameters_changed(self) -> None:
        if self._filling:
            return
        self.shown_finalised = None

    # -- combos ------------------------------------------------------------------------------------------------

    def _choices_loaded(self, choices: Choices) -> None:
        regime_changed = choices.regime != self.choices.regime
        self.choices = choices
        self._fill_combos()
        if regime_changed:  # the same code may now cover other dates, with or without estimates
            self._reload_estimates()

    def _fill_combos(self) -> None:
        self._fill_team_combo()
        self._fill(self.case_combo, self.choices.cases, _("— choose a successful case —"))
        self._fill(self.event_combo, self.choices.events, _("— choose a training event —"))
        self._fill(self.estimate_row_combo, self.choices.teams, _("Commune total"), reload_estimates=True)

    def _fill_team_combo(self) -> None:
        required = TEAM_FORMS.get(self.current_form(), False)
        self._fill(
            self.team_combo, self.choices.teams, _("— choose a team —") if required else _("All teams")
        )

    def _fill(
        self, combo: QComboBox, items: list[tuple[str, str]], empty: str, *, reload_estimates: bool = False
    ) -> None:
        current = combo.currentData()
        self._filling = True
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, None)
        for code, label in items:
            combo.addItem(label, code)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        self._filling = False
        if reload_estimates and combo.currentData() != current:
            self._reload_estimates()

    # -- form definition (statistical form) ----------------------------------------------------------------------

    def _reload_definition(self) -> None:
        if self._definition_job is not None:
            self._definition_job.cancel()
            self._definition_job = None
        if self.current_form() not in definitions.DATA_FORMS:
            return
        try:
            period = self.period_code()
        except UserError as exc:
            self.definition_label.setText(str(exc))
            return
        self._definition_job = self.ctx.run(
            definition_in_use, period, on_done=self._definition_loaded, on_error=self._definition_failed
        )

    def _definition_loaded(self, defn: definitions.FormDef) -> None:
        self._definition_job = None
        if defn.reference:
            self.definition_label.setText(
                _("Reference layout (Mẫu tham khảo): {name}").format(name=defn.name)
            )
            self.definition_label.setStyleSheet(WARN_STYLE)
            self.definition_label.setToolTip(defn.reference_note)
        else:
            source = _("built-in") if defn.source == "shipped" else _("imported")
            self.definition_label.setText(
                _("Form definition {version} ({source}): {name}").format(
                    version=defn.version, source=source, name=defn.name
                )
            )
            self.definition_label.setStyleSheet("")
            self.definition_label.setToolTip(defn.legal_basis)

    def _definition_failed(self, exc: BaseException) -> None:
        self._definition_job = None
        if not isinstance(exc, UserError):
            self.ctx.show_error(exc, self)
            return
        self.definition_label.setText(str(exc))
        self.definition_label.setStyleSheet(BAD_STYLE)

    def import_definition(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import a form definition"), str(self._start_folder()), _("Form definition (*.json)")
        )
        if not chosen:
            return
        REPORTS_FOLDER.set(self.ctx.settings, str(Path(chosen).parent))
        self.ctx.run(
            import_definition_file,
            Path(chosen),
            on_done=self._definition_imported,
            on_error=self._import_failed,
        )

    def _definition_imported(self, defn: definitions.FormDef) -> None:
        self.import_result.show_lines(
            [
                _("Imported the definition {version} of the form {form}, valid from {start}.").format(
                    version=defn.version, form=defn.form_id, start=defn.valid_from.strftime("%d/%m/%Y")
                )
            ],
            OK_STYLE,
        )
        self.ctx.notify_changed("report")
        self._reload_definition()

    def _import_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self.ctx.show_error(exc, self)
            return
        self.import_result.show_lines([str(exc)], BAD_STYLE)

    # -- estimates -----------------------------------------------------------------------------------------------

    def _estimate_row(self) -> str | None:
        if self.current_form() != "thong-ke":
            return None
        data = self.estimate_row_combo.currentData()
        return str(data) if data else None

    def _reload_estimates(self) -> None:
        if self._estimates_job is not None:
            self._estimates_job.cancel()
            self._estimates_job = None
        period = self.current_period()
        enabled = self.current_form() in ESTIMATE_FORMS and period is not None and period.has_estimate
        self.tabs.setTabEnabled(self.ESTIMATES, enabled)
        self._update_estimates_note()
        if not enabled or period is None:
            self.estimates = {}
            self._show_estimates()
            return
        self._estimates_job = self.ctx.run(
            propose_estimates, period, team_code=self._estimate_row(), on_done=self._estimates_loaded
        )

    def _estimates_loaded(self, estimates: dict[str, Estimate]) -> None:
        self._estimates_job = None
        self.estimates = estimates
        self._show_estimates()

    def _update_estimates_note(self) -> None:
        period = self.current_period()
        if period is None or not period.has_estimate:
            self.estimates_note.setText(
                _(
                    "This period has no estimate: only the six-month and first yearly reports of the TT 03/2019 "
                    "regime estimate their last months."
                )
            )
            return
        self.estimates_note.setText(
            _(
                "The figures are actual up to {date}; the rest of the period is estimated in proportion. "
                "Type your own figure to replace a proposal, or leave it empty."
            ).format(date=format_date(period.actual_to))  # fmt: skip
        )

    def _show_estimates(self) -> None:
        team = self._estimate_row()
        keys = [k for k in FIGURE_ORDER if k in self.estimates] + sorted(
            k for k in self.estimates if k not in FIGURE_ORDER
        )
        table = self.estimates_table
        table.blockSignals(True)
        table.setRowCount(len(keys))
        for row, key in enumerate(keys):
            e = self.estimates[key]
            editable = key in LEAF_KEYS
            own = self.overrides.get((team, key))
            cells = [
                (figure_label(key), False),
                (_number(e.actual), False),
                (_number(e.proposed), False),
                ("" if own is None else str(own), editable),
            ]
            for col, (text, can_edit) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, key)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if can_edit:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if col == 3 and not editable:
                    item.setToolTip(_("Worked out from the other figures"))
                    item.setBackground(table.palette().window())
                table.setItem(row, col, item)
        table.blockSignals(False)

    def _estimate_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != 3:
            return
        key = str(item.data(Qt.ItemDataRole.UserRole))
        team = self._estimate_row()
        text = nfc(item.text()).replace(".", "").replace(" ", "")
        if not text:
            self.overrides.pop((team, key), None)
            self.estimates_message.show_lines([])
        elif text.isdigit():
            self.overrides[(team, key)] = int(text)
            self.estimates_message.show_lines([])
        else:
            self.estimates_message.show_lines([_("Type a whole number, or leave the box empty.")], BAD_STYLE)
            self.estimates_table.blockSignals(True)
            own = self.overrides.get((team, key))
            item.setText("" if own is None else str(own))
            self.estimates_table.blockSignals(False)
        self.shown_finalised = None

    def _reset_estimates(self) -> None:
        team = self._estimate_row()
        for k in [k for k in self.overrides if k[0] == team]:
            del self.overrides[k]
        self._show_estimates()

    # -- preview -------------------------------------------------------------------------------------------------

    def _say(self, lines: list[str], style: str = OK_STYLE, changes: list[Change] | None = None) -> None:
        """Sentences in the strip above the pages; ``changes`` adds the official notice with the first few."""
        if not changes:
            self.message.show_lines(lines, style)
            return
        notice = [f"{CHANGED_NOTICE}:"] + [
            f"    {line}" for line in notice_lines(changes, self.team_names(), limit=NOTICE_LINES_SHOWN)
        ]
        self.message.setText("\n".join([f"• {line}" for line in lines] + notice))
        self.message.setStyleSheet(WARN_STYLE)
        self.message.show()

    def team_names(self) -> dict[str, str]:
        return dict(self.choices.teams)

    def _say_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._say([str(exc)], BAD_STYLE)
        else:
            self.ctx.show_error(exc, self)

    def _temp_pdf(self) -> Path:
        self._previews += 1
        return self._tmp / f"preview-{self._previews}.pdf"

    def _start_render(self, fn: Callable[..., RenderResult], *args: Any) -> None:
        if self._render_job is not None:
            self._render_job.cancel()
        self._say([_("Building the report…")], OK_STYLE)
        self._render_job = self.ctx.run(fn, *args, on_done=self._rendered, on_error=self._render_failed)

    def preview_report(self) -> None:
        try:
            params = self.params()
        except UserError as exc:
            self._say_error(exc)
            return
        self.shown_finalised = None
        self._start_render(render_params, params, self._temp_pdf(), None)

    def show_finalised(self) -> None:
        row = self._selected_finalised()
        if row is None:
            return
        self._start_render(render_finalised, row.id, self._temp_pdf(), None)
        self.shown_finalised = row.id

    def _rendered(self, result: RenderResult) -> None:
        self._render_job = None
        old = self.result
        self.result = result
        if (
            old is not None
            and old.pdf != result.pdf
            and old.pdf.parent == self._tmp
            and self._printer is None
        ):
            with contextlib.suppress(OSError):
                old.pdf.unlink()
        self._show_result_lines(result)
        self.preview.show_pdf(result.pdf, result.pages)
        self.rendered.emit()

    def _show_result_lines(self, result: RenderResult) -> None:
        lines: list[str] = []
        if result.finalised_id is not None:
            lines.append(
                _("Finalised report No. {id}, shown exactly as it was finalised.").format(
                    id=result.finalised_id
                )
            )
        lines.append(ngettext("{n} page.", "{n} pages.", result.pages).format(n=result.pages))
        if result.reference_layout:
            lines.append(
                _("The statistical form uses the reference layout (Mẫu tham khảo) {version}.").format(
                    version=result.definition_version
                )
            )
        if result.estimated_cells:
            lines.append(
                ngettext(
                    "{n} cell is estimated and marked with * on the paper.",
                    "{n} cells are estimated and marked with * on the paper.",
                    result.estimated_cells,
                ).format(n=result.estimated_cells)
            )
        self._say(lines, OK_STYLE, result.changes)

    def _render_failed(self, exc: BaseException) -> None:
        self._render_job = None
        self._say_error(exc)

    # -- saving ----------------------------------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        saved = REPORTS_FOLDER.get(self.ctx.settings)
        if saved and Path(saved).is_dir():
            return Path(saved)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _ask_save(self, title: str, stem: str, filter_text: str, suffix: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(self._start_folder() / (stem + suffix)),
                                                      filter_text)  # fmt: skip
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        REPORTS_FOLDER.set(self.ctx.settings, str(path.parent))
        return path

    def _target(self) -> tuple[str, str | None, ReportParams | None, int | None] | None:
        """What Save / Print act on: the finalised report shown, else the report chosen on the left."""
        if self.shown_finalised is not None:
            row = next((r for r in self.finalised if r.id == self.shown_finalised), None)
            if row is not None:
                return row.form, row.period, None, row.id
        try:
            params = self.params()
        except UserError as exc:
            self._say_error(exc)
            return None
        return params.form, params.period, params, None

    def _save(self, fn_args: tuple[Any, ...], path: Path) -> None:
        self._say([_("Saving {file}…").format(file=path.name)], OK_STYLE)
        self.ctx.run(*fn_args, on_done=self._saved, on_error=self._say_error)

    def save_pdf(self) -> None:
        target = self._target()
        if target is None:
            return
        form, period, params, fid = target
        path = self._ask_save(
            _("Save the report as PDF"), file_stem(form, period), _("PDF document (*.pdf)"), ".pdf"
        )
        if path is None:
            return
        if fid is not None:
            self._save((render_finalised, fid, path, None), path)
        else:
            self._save((render_params, params, path, None), path)

    def save_xlsx(self) -> None:
        target = self._target()
        if target is None:
            return
        form, period, params, fid = target
        if form not in TABULAR_FORMS:
            self._say([_("This report has no table to save as an Excel workbook.")], BAD_STYLE)
            return
        path = self._ask_save(
            _("Save the table as an Excel workbook"),
            file_stem(form, period),
            _("Excel workbook (*.xlsx)"),
            ".xlsx",
        )
        if path is None:
            return
        if fid is not None:
            self._save((render_finalised, fid, self._temp_pdf(), path), path)
        else:
            self._save((render_params, params, self._temp_pdf(), path), path)

    def _saved(self, result: RenderResult) -> None:
        path = result.xlsx or result.pdf
        lines = [_("Saved {file}.").format(file=str(path))]
        self._say(lines, OK_STYLE, result.changes)
        self.ctx.status(_("Saved {file}.").format(file=str(path)))
        self.saved.emit(path)

    # -- printing --------------------------------------------------------------------------------------------------

    def new_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.result.pdf.stem if self.result else "report")
        return printer

    def ask_printer(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the report"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_report(self) -> None:
        result = self.result
        if result is None:
            self._say([_("Press Preview first, then print what you see.")], WARN_STYLE)
            return
        if self.preview.kind is None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.pdf)))
            self._say([_("The PDF was opened in the computer's PDF viewer; print it from there.")], OK_STYLE)
            return
        printer = self.new_printer()
        if not self.ask_printer(printer):
            return
        self._printer = printer
        pdf, pages, kind = result.pdf, result.pages, self.preview.kind
        self._say([_("Sending the pages to the printer…")], OK_STYLE)
        self.preview.runner.start(
            lambda: print_pages(pdf, pages, printer, kind), self._printed, self._print_failed
        )

    def _printed(self, pages: int) -> None:
        self._printer = None
        self.printed_pages = pages
        self._say(
            [
                ngettext("Sent {n} page to the printer.", "Sent {n} pages to the printer.", pages).format(
                    n=pages
                )
            ]
        )

    def _print_failed(self, exc: BaseException) -> None:
        self._printer = None
        self._say_error(exc)

    # -- finalising ------------------------------------------------------------------------------------------------

    def confirm_finalise(self, params: ReportParams) -> bool:
        answer = QMessageBox.question(
            self,
            _("Finalise figures"),
            _(
                "Finalise “{form}” for {period}? Its figures are stored as they are now, so it can be exported "
                "again exactly; later changes to the data will be listed against it."
            ).format(form=form_label(params.form), period=params.period or "—"),  # fmt: skip
        )
        return answer == QMessageBox.StandardButton.Yes

    def finalise_report(self) -> None:
        try:
            params = self.params()
        except UserError as exc:
            self._say_error(exc)
            return
        if not self.confirm_finalise(params):
            return
        self.ctx.run(finalise_params, params, on_done=self._finalised, on_error=self._say_error)

    def _finalised(self, finalised_id: int) -> None:
        self._say([_("Finalised as number {id}; it is listed under Finalised.").format(id=finalised_id)])
        self._select_after_load = finalised_id
        self.ctx.notify_changed("report")
        if not self.isVisible():
            self._load_finalised()

    def _load_finalised(self) -> None:
        self.ctx.run(load_finalised, on_done=self._finalised_loaded)

    def _finalised_loaded(self, rows: list[FinalisedRow]) -> None:
        keep = self._select_after_load
        if keep is None:
            chosen = self._selected_finalised()
            keep = chosen.id if chosen else None
        self._select_after_load = None
        self.finalised = rows
        table = self.finalised_table
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            values = [
                str(r.id),
                form_label(r.form),
                r.period,
                r.team_code or "",
                r.number or "",
                r.finalised_at.strftime("%d/%m/%Y %H:%M"),
            ]
            tip = _("{form}, {period}; dated {date}").format(
                form=form_label(r.form), period=r.period, date=format_date(r.issued_on)
            )
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                item.setToolTip(tip)
                table.setItem(n, col, item)
        table.blockSignals(False)
        self.finalised_empty.setVisible(not rows)
        index = next((n for n, r in enumerate(rows) if r.id == keep), None)
        if index is not None:
            table.selectRow(index)
        self._finalised_selected()
        self.finalised_loaded.emit()

    def _selected_finalised(self) -> FinalisedRow | None:
        rows = (
            self.finalised_table.selectionModel().selectedRows()
            if self.finalised_table.selectionModel()
            else []
        )
        if not rows:
            return None
        n = rows[0].row()
        return self.finalised[n] if 0 <= n < len(self.finalised) else None

    def _finalised_selected(self) -> None:
        row = self._selected_finalised()
        self.send_panel.set_finalised(
            row.id if row else None, row.form if row else None, row.team_code if row else None
        )
        self.show_finalised_button.setEnabled(row is not None)
        self.reexport_button.setEnabled(row is not None)
        if self._notice_job is not None:
            self._notice_job.cancel()
            self._notice_job = None
        if row is None:
            self.finalised_notice.show_lines([])
            return
        self._notice_job = self.ctx.run(changes_since_finalised, row.id, on_done=self._notice_loaded)

    def _notice_loaded(self, changes: list[Change]) -> None:
        self._notice_job = None
        if changes:
            self.finalised_notice.show_lines(
                notice_lines(changes, self.team_names()), WARN_STYLE, header=f"{CHANGED_NOTICE}:"
            )
        else:
            self.finalised_notice.show_lines([_("The figures have not changed since the report was finalised.")],
                                             OK_STYLE)  # fmt: skip
        self.notice_loaded.emit()

    def reexport_finalised(self) -> None:
        row = self._selected_finalised()
        if row is None:
            return
        path = self._ask_save(
            _("Export the finalised report again"), f"{file_stem(row.form, row.period)}-{row.id}",
            _("PDF document (*.pdf)"), ".pdf",
        )  # fmt: skip
        if path is None:
            return
        self._save((render_finalised, row.id, path, None), path)


def _number(value: float | int) -> str:
    return format_number(value) if isinstance(value, int) else format_percent(float(value))
