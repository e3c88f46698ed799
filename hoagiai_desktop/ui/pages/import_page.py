"""Import from Excel: bring the registers an officer already keeps in spreadsheets into the app.

A wizard in one page: (1) choose a workbook (button, or drop a file on the page); (2) it is checked at once — a
dry run of :func:`interchange.import_workbook` on the DB worker, with a progress bar and Cancel shown after
~600 ms; (3) the page shows per sheet how many rows would be added / updated / left unchanged / refused, every
problem as (sheet, row, column, message, what to do) in a sortable table (:mod:`.import_problems`) that can be
saved as a workbook, and how many cells typed with the old TCVN3 / VNI fonts were converted (the counts and the
sentences: :mod:`.import_summary`); (4) Import is enabled only when there is no error (all or nothing; a backup is
taken first) and runs with progress and Cancel (cancel = nothing written); (5) the result is summarised and every
page is told the data changed.

This module holds the page itself — choosing the file, running the check and the import on the worker, showing
what came back, saving the problems and the empty template.

A bad file (not a workbook, password, damaged, missing sheets) is one plain sentence in the page, never a dialog
with a traceback.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_number, ngettext
from hoagiai_desktop.interchange import (
    ImportCancelled,
    ImportReport,
    Problem,
    write_error_report,
    write_template,
)
from hoagiai_desktop.services import bulk
from hoagiai_desktop.services.changes import Outcome
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.options import IMPORT_FOLDER
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.import_problems import ERROR_COLOUR, SORT_ROLE, ProblemsModel
from hoagiai_desktop.ui.pages.import_summary import (
    CountsTable,
    analysis_message,
    conversion_sentence,
    has_changes,
    problems_heading,
    result_sentence,
)
from hoagiai_desktop.ui.worker import Job

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600  # DESIGN rule 5: show progress only for work that takes a while
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
OK_COLOUR = "#1e6b32"

ANALYSE = "analyse"
IMPORT = "import"


# ---- work on the DB thread ---------------------------------------------------------------------------------------


class ProgressRelay(QObject):
    """Carries ``progress(done, total)`` from the worker thread to the page (a queued signal)."""

    progress = Signal(int, int)


def run_import(
    db: Any, path: Path, dry_run: bool, relay: ProgressRelay, cancel: threading.Event
) -> Outcome[ImportReport]:
    return bulk.import_workbook(db, path, dry_run=dry_run, progress=relay.progress.emit, cancel=cancel.is_set)


def _save_problems(_db: Any, problems: list[Problem], path: Path) -> Path:
    return write_error_report(problems, path)


def _save_template(_db: Any, path: Path) -> Path:
    return write_template(path)


# ---- the page ----------------------------------------------------------------------------------------------------


def _heading() -> QLabel:
    label = QLabel()
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class ImportPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.path: Path | None = None
        self.report: ImportReport | None = None  # the last check (dry run) or import
        self.imported = False  # the report is the result of a real import
        self.message_text = ""
        self.message_kind = "info"  # "info" | "error" | "ok"
        self.busy: str | None = None
        self._generation = 0
        self._job: Job | None = None
        self._cancel = threading.Event()
        self.relay = ProgressRelay(self)
        self.relay.progress.connect(self._progress)
        self.setAcceptDrops(True)

        self.title = page_title_label()
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        # step 1: the file
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        self.file_label.setObjectName("file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.recheck_button = QPushButton()
        self.recheck_button.setObjectName("recheck")
        self.recheck_button.clicked.connect(self.analyse)
        self.template_button = QPushButton()
        self.template_button.setObjectName("template")
        self.template_button.clicked.connect(self.save_template)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.recheck_button)
        file_row.addWidget(self.template_button)

        # progress (shown after PROGRESS_DELAY_MS)
        self.progress_box = QFrame()
        self.progress_box.setObjectName("progress")
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)
        pl = QHBoxLayout(self.progress_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.progress_label)
        pl.addWidget(self.progress_bar, 1)
        pl.addWidget(self.cancel_button)
        self.progress_box.hide()
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._show_progress)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # step 2: what the workbook holds
        self.results = QWidget()
        self.results.setObjectName("results")
        self.counts_heading = _heading()
        self.counts_note = QLabel()
        self.counts_note.setWordWrap(True)
        self.counts = CountsTable()
        self.conversion = QLabel()
        self.conversion.setObjectName("conversion")
        self.conversion.setWordWrap(True)

        # step 3: problems
        self.problems_heading = _heading()
        self.problems_model = ProblemsModel(self)
        self.problems_proxy = QSortFilterProxyModel(self)
        self.problems_proxy.setSourceModel(self.problems_model)
        self.problems_proxy.setSortRole(SORT_ROLE)
        self.problems_table = QTableView()
        self.problems_table.setObjectName("problems")
        self.problems_table.setModel(self.problems_proxy)
        self.problems_table.setSortingEnabled(True)
        self.problems_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.problems_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problems_table.setTabKeyNavigation(False)
        self.problems_table.setAlternatingRowColors(True)
        self.problems_table.setWordWrap(False)
        self.problems_table.verticalHeader().hide()
        header = self.problems_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in ((0, 110), (1, 60), (2, 150), (5, 90)):
            self.problems_table.setColumnWidth(col, width)
        self.problems_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.problems_table.setMinimumHeight(160)
        self.problems_table.selectionModel().currentRowChanged.connect(self._problem_selected)
        self.problem_detail = QLabel()
        self.problem_detail.setObjectName("problem_detail")
        self.problem_detail.setWordWrap(True)
        self.problem_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_problems_button = QPushButton()
        self.save_problems_button.setObjectName("save_problems")
        self.save_problems_button.clicked.connect(self.save_problems)
        problems_top = QHBoxLayout()
        problems_top.addWidget(self.problems_heading)
        problems_top.addStretch(1)
        problems_top.addWidget(self.save_problems_button)

        # step 4: import
        self.import_note = QLabel()
        self.import_note.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(self.start_import)
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_note, 1)
        import_row.addWidget(self.import_button)

        rl = QVBoxLayout(self.results)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.counts_heading)
        rl.addWidget(self.counts_note)
        rl.addWidget(self.counts)
        rl.addWidget(self.conversion)
        rl.addSpacing(6)
        rl.addLayout(problems_top)
        rl.addWidget(self.problems_table, 1)
        rl.addWidget(self.problem_detail)
        rl.addSpacing(6)
        rl.addLayout(import_row)
        self.results.hide()

        body = QWidget()
        self._body = layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(file_row)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.message)
        layout.addWidget(self.results)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.setTabOrder(self.choose_button, self.recheck_button)
        self.setTabOrder(self.recheck_button, self.template_button)
        self.setTabOrder(self.template_button, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.problems_table)
        self.setTabOrder(self.problems_table, self.save_problems_button)
        self.setTabOrder(self.save_problems_button, self.import_button)
        self.retranslate()

    # -- the page contract --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Import from Excel"))
        self.intro.setText(
            _(
                "Bring the registers you keep in Excel into the app: villages, teams, mediators, cases and training. "
                "Use the standard workbook (save an empty one with “Save the empty template”), or a workbook "
                "exported by this app. The workbook is checked first; nothing is written until you press Import, "
                "and then everything is imported or nothing."
            )
        )
        self.choose_button.setText(_("&Choose a workbook…"))
        self.recheck_button.setText(_("Check &again"))
        self.recheck_button.setToolTip(_("Check the same file again after correcting it in Excel."))
        self.template_button.setText(_("Save the empty &template…"))
        self.cancel_button.setText(_("Cancel"))
        self.save_problems_button.setText(_("&Save the problems as a workbook…"))
        self.import_button.setText(_("&Import (a backup is taken first)"))
        self.import_note.setText(
            _(
                "All or nothing: if anything goes wrong, nothing is changed. Before writing, a backup of the "
                "current data is saved, so the import can be undone by restoring it."
            )
        )
        self.problems_model.retranslate()
        self._render()

    def refresh(self) -> None:
        """Nothing to reload: a check describes the file at the time it was made (Import checks it again)."""

    def cancel(self) -> None:
        if self.busy is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Cancelling…"))

    def can_leave(self) -> bool:
        return True  # a running check or import goes on; its result is here when the person comes back

    # -- step 1: the file ---------------------------------------------------------------------------------

    def _start_folder(self) -> str:
        saved = IMPORT_FOLDER.get(self.ctx.settings)
        if saved and Path(saved).is_dir():
            return saved
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs if docs and Path(docs).is_dir() else str(Path.home())

    def choose_file(self) -> None:
        if self.busy is not None:
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the workbook to import"),
            self._start_folder(),
            _("Excel workbooks (*.xlsx *.xlsm *.xls);;All files (*)"),
        )
        if chosen:
            self.open_file(Path(chosen))

    def open_file(self, path: Path) -> None:
        """Take ``path`` as the workbook and check it at once."""
        self.path = path
        IMPORT_FOLDER.set(self.ctx.settings, str(path.parent))
        self.analyse()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.busy is None and self._dropped_path(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_path(event)
        if path is not None and self.busy is None:
            event.acceptProposedAction()
            self.open_file(path)

    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.suffix.lower() in WORKBOOK_SUFFIXES else None

    # -- running on the worker ----------------------------------------------------------------------------

    def analyse(self) -> None:
        """Check the chosen workbook (a dry run: nothing is written)."""
        if self.path is None or self.busy is not None:
            return
        self._start(ANALYSE, dry_run=True)

    def start_import(self) -> None:
        if self.path is None or self.busy is not None or not self._can_import():
            return
        self._start(IMPORT, dry_run=False)

    def _start(self, what: str, *, dry_run: bool) -> None:
        assert self.path is not None
        self.busy = what
        self._generation += 1
        generation = self._generation
        self._cancel = threading.Event()
        if what == ANALYSE:
            self.report = None
            self.imported = False
            self._set_message("", "info")
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setValue(0)
        self.progress_label.setText(_("Checking the workbook…") if what == ANALYSE else _("Importing…"))
        self.cancel_button.setEnabled(True)
        self._progress_timer.start(PROGRESS_DELAY_MS)
        self._render()
        self._job = run_op(  # the page shows its own progress bar (rows read, percent) and a Cancel button
            self.ctx,
            run_import,
            self.path,
            dry_run,
            self.relay,
            self._cancel,
            on_done=lambda outcome: self._finished(generation, what, outcome.value),
            on_error=lambda exc: self._failed(generation, what, exc),
            progress=False,
        )

    def _show_progress(self) -> None:
        if self.busy is not None:
            self.progress_box.show()

    def _progress(self, done: int, total: int) -> None:
        if self.busy is None:
            return
        if total <= 0:
            self.progress_bar.setRange(0, 0)
            self.progress_bar.setFormat(
                ngettext("{n} row read", "{n} rows read", done).format(n=format_number(done))
            )
        else:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
            self.progress_bar.setFormat("%p%")

    def _end_busy(self) -> None:
        self.busy = None
        self._job = None
        self._progress_timer.stop()
        self.progress_box.hide()

    def _finished(self, generation: int, what: str, report: ImportReport) -> None:
        if generation != self._generation:
            return
        self._end_busy()
        self.report = report
        self.imported = what == IMPORT and report.written
        self.problems_model.set_problems(report.problems)
        self.problems_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        if self.problems_model.rowCount():
            self.problems_table.selectRow(0)
        else:
            self.problem_detail.clear()
        if what == ANALYSE:
            self._set_message(*analysis_message(report))
        elif report.written:
            self._set_message(result_sentence(report), "ok")
            self.ctx.status(_("Import finished."))
        elif report.errors:
            self._set_message(
                _("The workbook changed since it was checked and now has errors; nothing was imported."),
                "error",
            )
        else:
            self._set_message(
                _("Nothing was imported: the database already holds everything in this workbook."), "info"
            )
        self._render()

    def _failed(self, generation: int, what: str, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._end_busy()
        if isinstance(exc, ImportCancelled):
            text = (
                _("The check was cancelled.")
                if what == ANALYSE
                else _("The import was cancelled; nothing was changed.")
            )
            self._set_message(text, "info")
        elif isinstance(exc, UserError):
            self.report = None
            self._set_message(exc.message, "error")
        else:
            log.error("import %s failed: %s", what, getattr(exc, "details", "") or repr(exc))
            self.report = None
            self._set_message(
                _(
                    "Something unexpected went wrong while reading the workbook; nothing was changed. "
                    "Save it again from Excel as .xlsx and try again."
                )
                if what == ANALYSE
                else _("Something unexpected went wrong during the import; nothing was changed."),
                "error",
            )
        self._render()

    # -- what the page says --------------------------------------------------------------------------------

    def _set_message(self, text: str, kind: str) -> None:
        self.message_text = text
        self.message_kind = kind

    def _can_import(self) -> bool:
        r = self.report
        return r is not None and not self.imported and r.ok and r.dry_run and has_changes(r)

    def _render(self) -> None:
        busy = self.busy is not None
        self.choose_button.setEnabled(not busy)
        self.recheck_button.setEnabled(not busy and self.path is not None)
        self.template_button.setEnabled(not busy)
        self.file_label.setText(str(self.path) if self.path is not None else _("No workbook chosen yet."))
        colour = {"error": ERROR_COLOUR, "ok": OK_COLOUR}.get(self.message_kind)
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self.message.setText(self.message_text)
        self.message.setVisible(bool(self.message_text))

        report = self.report
        self.results.setVisible(report is not None)
        self.import_button.setEnabled(not busy and self._can_import())
        self.save_problems_button.setEnabled(not busy and report is not None and bool(report.problems))
        if report is None:
            return
        self._render_counts(report)
        conversion = conversion_sentence(report)
        self.conversion.setText(conversion)
        self.conversion.setVisible(bool(conversion))
        self.problems_heading.setText(problems_heading(report))
        self.problems_table.setVisible(bool(report.problems))
        self.problem_detail.setVisible(bool(report.problems))
        # the problems table takes the free height; without it the page's content stays at the top
        self._body.setStretchFactor(self.results, 1 if report.problems else 0)
        self._body.setStretch(self._body.count() - 1, 0 if report.problems else 1)
        self._problem_selected(self.problems_table.currentIndex())

    def _render_counts(self, report: ImportReport) -> None:
        self.counts_heading.setText(
            _("What the import did") if self.imported else _("What an import would do")
        )
        has_errors = bool(report.errors)
        self.counts_note.setText(
            _("The numbers of rows to add and to update are shown once every error is corrected.")
            if has_errors
            else ""
        )
        self.counts_note.setVisible(has_errors)
        self.counts.show_report(report, self.imported)

    def _problem_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            self.problem_detail.clear()
            return
        source = self.problems_proxy.mapToSource(current)
        problem = self.problems_model.problems[source.row()]
        text = f"{problem.location()}: {problem.message}"
        if problem.suggestion:
            text += " " + _("What to do: {suggestion}").format(suggestion=problem.suggestion)
        self.problem_detail.setText(text)

    # -- saving files ---------------------------------------------------------------------------------------

    def save_problems(self) -> None:
        report = self.report
        if report is None or not report.problems or self.busy is not None:
            return
        stem = self.path.stem if self.path is not None else "workbook"
        folder = self.path.parent if self.path is not None else Path(self._start_folder())
        default = folder / _("{name} - problems.xlsx").format(name=stem)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the problems as a workbook"), str(default), _("Excel workbook (*.xlsx)")
        )
        if not chosen:
            return
        self.ctx.run(
            _save_problems,
            list(report.problems),
            Path(chosen),
            on_done=lambda path: self.ctx.status(
                _("The problems were saved to {file}.").format(file=str(path))
            ),
            on_error=lambda exc: self.ctx.show_error(exc, self),
        )

    def save_template(self) -> None:
        default = Path(self._start_folder()) / (_("import template") + ".xlsx")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the empty template"), str(default), _("Excel workbook (*.xlsx)")
        )
        if not chosen:
            return
        self.ctx.run(
            _save_template,
            Path(chosen),
            on_done=lambda path: self.ctx.status(
                _("The empty template was saved to {file}.").format(file=str(path))
            ),
            on_error=lambda exc: self.ctx.show_error(exc, self),
        )
