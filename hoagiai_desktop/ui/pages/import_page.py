"""Import from Excel: bring the registers an officer already keeps in spreadsheets into the app.

A wizard in one page: (1) choose a workbook (button, or drop a file on the page); (2) it is checked at once — a
dry run of :func:`interchange.import_workbook` on the DB worker, with a progress bar and Cancel shown after
~600 ms; (3) the page shows per sheet how many rows would be added / updated / left unchanged / refused, every
problem as (sheet, row, column, message, what to do) in a sortable table that can be saved as a workbook, and how
many cells typed with the old TCVN3 / VNI fonts were converted; (4) Import is enabled only when there is no error
(all or nothing; a backup is taken first) and runs with progress and Cancel (cancel = nothing written); (5) the
result is summarised and every page is told the data changed.

A bad file (not a workbook, password, damaged, missing sheets) is one plain sentence in the page, never a dialog
with a traceback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_number, ngettext
from hoagiai_desktop.interchange import (
    ImportCancelled,
    ImportReport,
    Problem,
    import_workbook,
    write_error_report,
    write_template,
)
from hoagiai_desktop.interchange.importer import ERROR
from hoagiai_desktop.interchange.schema import SHEETS, header_key
from hoagiai_desktop.text import fold
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import IMPORT_FOLDER
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.worker import Job

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600  # DESIGN rule 5: show progress only for work that takes a while
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOUR = "#b3261e"
OK_COLOUR = "#1e6b32"
SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
COLUMN_ORDER = {
    (s.name, header_key(name)): i
    for s in SHEETS
    for i, c in enumerate(s.columns)
    for name in (c.header, *c.aliases)
}


def problem_order(p: Problem) -> tuple[int, int, int, str]:
    """Workbook order: sheet as in the standard workbook, then row, then column (sheet-wide problems first)."""
    column = header_key(p.column) if p.column else ""
    return (
        SHEET_ORDER.get(p.sheet, len(SHEET_ORDER)),
        -1 if p.row is None else p.row,
        COLUMN_ORDER.get((p.sheet, column), -1 if not column else len(COLUMN_ORDER)),
        column,
    )


ANALYSE = "analyse"
IMPORT = "import"


# ---- work on the DB thread ---------------------------------------------------------------------------------------


class ProgressRelay(QObject):
    """Carries ``progress(done, total)`` from the worker thread to the page (a queued signal)."""

    progress = Signal(int, int)


def run_import(
    db: Any, path: Path, dry_run: bool, relay: ProgressRelay, cancel: threading.Event
) -> ImportReport:
    return import_workbook(db, path, dry_run=dry_run, progress=relay.progress.emit, cancel=cancel.is_set)


def _save_problems(_db: Any, problems: list[Problem], path: Path) -> Path:
    return write_error_report(problems, path)


def _save_template(_db: Any, path: Path) -> Path:
    return write_template(path)


def refused_rows(report: ImportReport) -> dict[str, int]:
    """Per sheet, how many distinct rows have at least one error (those rows are not imported)."""
    rows: dict[str, set[int]] = {}
    for p in report.errors:
        if p.row is not None:
            rows.setdefault(p.sheet, set()).add(p.row)
    return {sheet: len(found) for sheet, found in rows.items()}


# ---- the problems table ------------------------------------------------------------------------------------------


class ProblemsModel(QAbstractTableModel):
    """Problems of a report: sheet, row, column, problem, what to do, severity (sortable through a proxy)."""

    HEADERS: tuple[Callable[[], str], ...] = (
        lambda: _("Sheet"),
        lambda: _("Row"),
        lambda: _("Column"),
        lambda: _("Problem"),
        lambda: _("What to do"),
        lambda: _("Severity"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self._rank: dict[int, int] = {}

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        # the Sheet column sorts in workbook order (sheet, row, column): the default order of the table
        order = sorted(range(len(self.problems)), key=lambda i: problem_order(self.problems[i]))
        self._rank = {i: rank for rank, i in enumerate(order)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]()
        return None

    @staticmethod
    def severity_text(problem: Problem) -> str:
        return _("Error") if problem.severity == ERROR else _("Warning")

    def display(self, problem: Problem, column: int) -> str:
        values = (
            problem.sheet,
            "" if problem.row is None else str(problem.row),
            problem.column or "",
            problem.message,
            problem.suggestion,
            self.severity_text(problem),
        )
        return values[column]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.problems)):
            return None
        p = self.problems[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(p, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (3, 4):
            return self.display(p, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and p.severity == ERROR:
            return QColor(ERROR_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            row = -1 if p.row is None else p.row
            if col == 0:  # sheets in workbook order, then rows, then columns: the order set_problems keeps
                return self._rank.get(index.row(), 0)
            if col == 1:
                return row
            if col == 5:
                return 0 if p.severity == ERROR else 1
            return fold(self.display(p, col))
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.problems:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self.problems) - 1, 5))


# ---- the page ----------------------------------------------------------------------------------------------------


def _heading() -> QLabel:
    label = QLabel()
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class ImportPage(Page):
    watches: tuple[str, ...] = ()

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
        self.counts = QTableWidget(0, 5)
        self.counts.setObjectName("counts")
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.counts.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.counts.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.counts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.counts.horizontalHeader().setMinimumSectionSize(90)
        self.counts.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self._job = self.ctx.run(
            run_import,
            self.path,
            dry_run,
            self.relay,
            self._cancel,
            on_done=lambda report: self._finished(generation, what, report),
            on_error=lambda exc: self._failed(generation, what, exc),
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
            self._set_analysis_message(report)
        elif report.written:
            self._set_message(self._result_sentence(report), "ok")
            self.ctx.status(_("Import finished."))
            self.ctx.notify_changed("*")
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

    def _set_analysis_message(self, report: ImportReport) -> None:
        n_err = len(report.errors)
        if n_err:
            self._set_message(
                ngettext(
                    "The workbook has {n} error. Correct it in Excel, save, and press “Check again”; "
                    "nothing can be imported while there is an error.",
                    "The workbook has {n} errors. Correct them in Excel, save, and press “Check again”; "
                    "nothing can be imported while there is an error.",
                    n_err,
                ).format(n=format_number(n_err)),
                "error",
            )
        elif self._has_changes(report):
            self._set_message(_("The workbook is ready to import."), "ok")
        else:
            self._set_message(
                _("Everything in this workbook is already in the database; there is nothing to import."),
                "info",
            )

    @staticmethod
    def _has_changes(report: ImportReport) -> bool:
        return any(c.added or c.updated for c in report.counts.values())

    def _result_sentence(self, report: ImportReport) -> str:
        added = sum(c.added for c in report.counts.values())
        updated = sum(c.updated for c in report.counts.values())
        unchanged = sum(c.unchanged for c in report.counts.values())
        text = ngettext(
            "Imported: {added} row added, {updated} updated, {unchanged} unchanged.",
            "Imported: {added} rows added, {updated} updated, {unchanged} unchanged.",
            added,
        ).format(
            added=format_number(added), updated=format_number(updated), unchanged=format_number(unchanged)
        )
        if report.backup_path is not None:
            text += " " + _("The data as it was before is in the backup {file}.").format(
                file=report.backup_path.name
            )
        return text

    def _can_import(self) -> bool:
        r = self.report
        return r is not None and not self.imported and r.ok and r.dry_run and self._has_changes(r)

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
        if report.converted_cells and report.conversion_example is not None:
            before, after = report.conversion_example
            self.conversion.setText(
                ngettext(
                    "{n} cell typed in TCVN3/VNI was converted, e.g. «{before}» → «{after}».",
                    "{n} cells typed in TCVN3/VNI were converted, e.g. «{before}» → «{after}».",
                    report.converted_cells,
                ).format(n=format_number(report.converted_cells), before=before, after=after)
            )
            self.conversion.show()
        else:
            self.conversion.hide()
        n_err, n_warn = len(report.errors), len(report.warnings)
        if not report.problems:
            self.problems_heading.setText(_("No problems found"))
        else:
            parts = []
            if n_err:
                parts.append(ngettext("{n} error", "{n} errors", n_err).format(n=format_number(n_err)))
            if n_warn:
                parts.append(ngettext("{n} warning", "{n} warnings", n_warn).format(n=format_number(n_warn)))
            self.problems_heading.setText(_("Problems: {list}").format(list=", ".join(parts)))
        self.problems_table.setVisible(bool(report.problems))
        self.problem_detail.setVisible(bool(report.problems))
        # the problems table takes the free height; without it the page's content stays at the top
        self._body.setStretchFactor(self.results, 1 if report.problems else 0)
        self._body.setStretch(self._body.count() - 1, 0 if report.problems else 1)
        self._problem_selected(self.problems_table.currentIndex())

    def _render_counts(self, report: ImportReport) -> None:
        if self.imported:
            self.counts_heading.setText(_("What the import did"))
            headers = [_("Sheet"), _("Added"), _("Updated"), _("Unchanged"), _("Refused")]
        else:
            self.counts_heading.setText(_("What an import would do"))
            headers = [
                _("Sheet"),
                _("To add"),
                _("To update"),
                _("Unchanged"),
                _("Refused (rows with errors)"),
            ]
        self.counts.setHorizontalHeaderLabels(headers)
        refused = refused_rows(report)
        has_errors = bool(report.errors)
        self.counts_note.setText(
            _("The numbers of rows to add and to update are shown once every error is corrected.")
            if has_errors
            else ""
        )
        self.counts_note.setVisible(has_errors)
        names = [s.name for s in SHEETS]
        self.counts.setRowCount(len(names) + 1)
        totals = [0, 0, 0, 0]
        for r, name in enumerate(names):
            c = report.counts.get(name)
            values = [
                c.added if c else 0,
                c.updated if c else 0,
                c.unchanged if c else 0,
                refused.get(name, 0),
            ]
            totals = [t + v for t, v in zip(totals, values, strict=True)]
            self._set_count_row(r, name, values, has_errors, bold=False)
        self._set_count_row(len(names), _("Total"), totals, has_errors, bold=True)
        self.counts.resizeRowsToContents()
        height = self.counts.horizontalHeader().height() + 2 * self.counts.frameWidth()
        height += sum(self.counts.rowHeight(r) for r in range(self.counts.rowCount()))
        self.counts.setFixedHeight(height)

    def _set_count_row(self, row: int, name: str, values: list[int], has_errors: bool, *, bold: bool) -> None:
        cells = [name] + [("—" if has_errors and i < 3 else format_number(v)) for i, v in enumerate(values)]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == 4 and values[3]:
                item.setForeground(QColor(ERROR_COLOUR))
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.counts.setItem(row, col, item)

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
