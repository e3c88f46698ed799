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

The page is put together from parts, one module per purpose: :mod:`.report_form` (the Report tab: form, period,
parameters), :mod:`.report_estimates` (the Estimates tab), :mod:`.report_narrative` (the Narrative tab),
:mod:`.report_finalised` (finalising and the Finalised tab), :mod:`.report_output` (preview, save, print) and
:mod:`.report_jobs` (what runs on the database worker). This module holds the shell: the state the parts share, the
layout, the page contract (retranslate, refresh, save, data changes).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports.estimates import Estimate
from hoagiai_desktop.reports.render import (
    RenderResult,
)
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.base import Page
from hoagiai_desktop.ui.pages.detail import WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.pages.narrative_store import NarrativeStore
from hoagiai_desktop.ui.pages.report_estimates import ReportEstimatesPart
from hoagiai_desktop.ui.pages.report_finalised import ReportFinalisedPart
from hoagiai_desktop.ui.pages.report_form import ReportFormPart
from hoagiai_desktop.ui.pages.report_jobs import Choices, FinalisedRow, load_choices
from hoagiai_desktop.ui.pages.report_narrative import ReportNarrativePart
from hoagiai_desktop.ui.pages.report_output import ReportOutputPart
from hoagiai_desktop.ui.pages.report_preview import PreviewPane
from hoagiai_desktop.ui.worker import Job


class ReportsPage(
    ReportFormPart,
    ReportEstimatesPart,
    ReportNarrativePart,
    ReportFinalisedPart,
    ReportOutputPart,
    Page,
):
    """The page shell: the tabs on the left, actions / sentences / pages on the right; each tab's building and
    behaviour live in its part (the mixins above), the state they share is created here."""

    watches = Changes(villages=True, teams=True, mediators=True, cases=True, training=True, unit=True, targets=True,
                      report=True, regime=True)  # fmt: skip
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
        # a first share for the settings side; once shown it grows to what its fields want (_fit_settings_side)
        left = max(460, self.tabs.sizeHint().width())
        self.splitter.setSizes([left, max(left, 800)])
        self._side_fitted = False
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

    # -- the page contract -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Reports"))
        self.tabs.setTabText(self.SETTINGS, _("Report"))
        self.tabs.setTabText(self.ESTIMATES, _("Estimates"))
        self.tabs.setTabText(self.NARRATIVE, _("Narrative"))
        self.tabs.setTabText(self.FINALISED, _("Finalised"))
        self._retranslate_form()
        self._retranslate_estimates()
        self._retranslate_narrative()
        self._retranslate_finalised()
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

    def on_data_changed(self, changes: Changes) -> None:
        super().on_data_changed(changes)
        figures_changed = changes.touches(
            replace(self.watches, report=False)
        )  # not a finalisation or a package
        if figures_changed and self.result is not None and self.shown_finalised is None:
            self._say(
                [
                    _(
                        "The data changed after this preview was built; press Preview to see the current figures."
                    )
                ],
                WARN_STYLE,
            )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._side_fitted:
            self._side_fitted = True
            QTimer.singleShot(
                0, self._fit_settings_side
            )  # once the layouts have given the splitter its width

    def _fit_settings_side(self) -> None:
        """Widen the settings side to what its fields want (a report's whole name in the combo box; at 150 % text
        the first share cuts it), at most half the splitter; never narrow it."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        want = min(self.settings_width(), total // 2)
        if len(sizes) == 2 and total > 0 and sizes[0] < want:
            self.splitter.setSizes([want, total - want])

    def hideEvent(self, event: QHideEvent) -> None:
        self.narrative_store.flush()  # typed paragraphs reach the data file before another page is shown
        super().hideEvent(event)
