"""Tỉnh: the province's pages in one (DOMAIN §8) — receive packages from a stick (each package's verdict first),
who has reported for a period (with the deadline the province edits), and the communes with their packages.

Everything runs on the database worker through ``services.province_*``; on a commune's data file the page says
so in one sentence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_receive as pr
from hoagiai_desktop.services import province_registry, province_reports
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import PROVINCE_STICK_FOLDER
from hoagiai_desktop.ui.pages.base import Page, page_title_label


def _default_period(today: dt.date) -> str:
    return str(today.year - 1) if today.month < 7 else f"{today.year}-H1"


def _overview(db: Any, period: str) -> tuple[bool, list[Any], tuple[dt.date | None, list[Any]]]:
    if not province_registry.is_province(db):
        return False, [], (None, [])
    return True, province_registry.list_communes(db), province_reports.completeness(db, period)


def _save_deadline(db: Any, period: str, day: dt.date) -> None:
    province_reports.set_deadline(db, period, day)


def _table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for n, values in enumerate(rows):
        for col, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(n, col, item)


class ProvincePage(Page):
    watches = ("province", "unit")
    loaded = Signal()  # tests wait on it
    received = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = page_title_label()
        self.not_province = QLabel()
        self.not_province.setObjectName("not_province")
        self.not_province.setWordWrap(True)
        self.tabs = QTabWidget()
        self.folder: Path | None = None
        self.verdicts: list[pr.Verdict] = []
        self._build_receive_tab()
        self._build_completeness_tab()
        self._build_communes_tab()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.not_province)
        layout.addWidget(self.tabs, 1)
        self.period.setText(_default_period(dt.date.today()))
        self.retranslate()

    # -- building -------------------------------------------------------------------------------------------

    def _build_receive_tab(self) -> None:
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose_stick")
        self.choose_button.clicked.connect(self.choose_folder)
        self.receive_button = QPushButton()
        self.receive_button.setObjectName("receive_packages")
        self.receive_button.clicked.connect(self.receive)
        self.receive_button.setEnabled(False)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.verdict_table = _table(4, "verdict_table")
        self.receive_tab = QWidget()
        layout = QVBoxLayout(self.receive_tab)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.receive_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.verdict_table, 1)
        self.tabs.addTab(self.receive_tab, "")

    def _build_completeness_tab(self) -> None:
        self.period = QLineEdit()
        self.period.setObjectName("period")
        self.period.setMaximumWidth(140)
        self.period.editingFinished.connect(self.refresh)
        self.period_label = QLabel()
        self.period_label.setBuddy(self.period)
        self.deadline = QDateEdit()
        self.deadline.setObjectName("deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.deadline_label = QLabel()
        self.deadline_label.setBuddy(self.deadline)
        self.deadline_button = QPushButton()
        self.deadline_button.clicked.connect(self.save_deadline)
        self.summary = QLabel()
        self.summary.setObjectName("completeness_summary")
        self.completeness_table = _table(5, "completeness_table")
        self.completeness_tab = QWidget()
        layout = QVBoxLayout(self.completeness_tab)
        row = QHBoxLayout()
        for w in (self.period_label, self.period, self.deadline_label, self.deadline, self.deadline_button):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.completeness_table, 1)
        self.tabs.addTab(self.completeness_tab, "")

    def _build_communes_tab(self) -> None:
        self.communes_table = _table(4, "communes_table")
        self.communes_table.itemSelectionChanged.connect(self._commune_selected)
        self.history_table = _table(5, "history_table")
        self.communes_tab = QWidget()
        layout = QVBoxLayout(self.communes_tab)
        layout.addWidget(self.communes_table, 2)
        layout.addWidget(self.history_table, 1)
        self.tabs.addTab(self.communes_tab, "")

    def retranslate(self) -> None:
        self.title.setText(_("Province: communes' reports"))
        self.not_province.setText(
            _(
                "This data file is a commune's; the province pages work on a data file made with “hoagiai province init”."
            )
        )
        self.tabs.setTabText(0, _("Receive"))
        self.tabs.setTabText(1, _("Who has reported"))
        self.tabs.setTabText(2, _("Communes"))
        self.choose_button.setText(_("Choose USB stick or folder…"))
        self.receive_button.setText(_("Receive"))
        self.verdict_table.setHorizontalHeaderLabels([_("File"), _("Commune"), _("Period"), _("Verdict")])
        self.period_label.setText(_("Period"))
        self.deadline_label.setText(_("Deadline"))
        self.deadline_button.setText(_("Save deadline"))
        self.completeness_table.setHorizontalHeaderLabels(
            [_("Code"), _("Commune"), _("Status"), _("Received on"), _("Packages")]
        )
        self.communes_table.setHorizontalHeaderLabels(
            [_("Code"), _("Commune"), _("Merged from"), _("Key fingerprint")]
        )
        self.history_table.setHorizontalHeaderLabels(
            [_("Period"), _("Received on"), _("Receipt"), _("Finalised at"), _("Counts")]
        )
        self._show_folder()

    # -- loading --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        period = self.period.text().strip()
        self.ctx.run(_overview, period, on_done=self._loaded, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.summary.setText(str(exc))
            self.folder_label.setText(str(exc))
            self.loaded.emit()
        else:
            self.ctx.show_error(exc, self)

    def _loaded(self, data: tuple[bool, list[Any], tuple[dt.date | None, list[Any]]]) -> None:
        is_province, communes, (due, rows) = data
        self.not_province.setVisible(not is_province)
        self.tabs.setEnabled(is_province)
        self.communes = communes
        _fill(self.communes_table, [[c.code, c.full_name, ", ".join(c.predecessors), c.fingerprint or ""]
                                    for c in communes])  # fmt: skip
        _fill(self.completeness_table, [
            [r.code, r.name, r.status_label, r.received_at.strftime("%d/%m/%Y") if r.received_at else "",
             str(r.packages)] for r in rows
        ])  # fmt: skip
        if due is not None:
            self.deadline.setDate(QDate(due.year, due.month, due.day))
        counts = {s: sum(r.status == s for r in rows) for s in province_reports.STATUS_LABELS}
        self.summary.setText(
            ", ".join(
                f"{_(label)}: {counts[s]}" for s, (_vi, label) in province_reports.STATUS_LABELS.items()
            )
        )
        self.loaded.emit()

    def save_deadline(self) -> None:
        day = self.deadline.date().toPython()
        assert isinstance(day, dt.date)
        self.ctx.run(_save_deadline, self.period.text().strip(), day, on_done=lambda _r: self.refresh(),
                     on_error=self._failed)  # fmt: skip

    def _commune_selected(self) -> None:
        rows = self.communes_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.communes):
            return
        code = self.communes[rows[0].row()].code
        self.ctx.run(pr.history, code, on_done=self._history_loaded, on_error=self._failed)

    def _history_loaded(self, rows: list[Any]) -> None:
        _fill(self.history_table, [
            [r.period, r.received_at.strftime("%d/%m/%Y %H:%M"), r.receipt_number,
             r.finalised_at.strftime("%d/%m/%Y %H:%M"), _("yes") if r.counted else _("history")] for r in rows
        ])  # fmt: skip

    # -- receiving ------------------------------------------------------------------------------------------

    def _show_folder(self) -> None:
        if self.folder is None:
            self.folder_label.setText(
                _("Choose the USB stick or folder that holds the communes' packages (.hgp).")
            )
        else:
            self.folder_label.setText(_("Packages in {folder}:").format(folder=self.folder))

    def choose_folder(self) -> None:
        start = PROVINCE_STICK_FOLDER.get(self.ctx.settings) or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder"), start)
        if chosen:
            PROVINCE_STICK_FOLDER.set(self.ctx.settings, chosen)
            self.check_folder(Path(chosen))

    def check_folder(self, folder: Path) -> None:
        """Show each package's verdict before anything is stored."""
        self.folder = folder
        self._show_folder()
        self.receive_button.setEnabled(False)
        self.ctx.run(pr.preview, [folder], on_done=self._previewed, on_error=self._failed)

    def _verdict_rows(self, items: list[Any]) -> list[list[str]]:
        return [[i.path.name, i.commune_code or "", i.period or "", i.message] for i in items]

    def _previewed(self, verdicts: list[pr.Verdict]) -> None:
        self.verdicts = verdicts
        _fill(self.verdict_table, self._verdict_rows(verdicts))
        self.receive_button.setEnabled(any(v.status == pr.STORED for v in verdicts))
        self.loaded.emit()

    def receive(self) -> None:
        if self.folder is None:
            return
        self.receive_button.setEnabled(False)
        self.ctx.run(pr.receive, [self.folder], on_done=self._received, on_error=self._failed)

    def _received(self, outcomes: list[pr.ReceiveOutcome]) -> None:
        _fill(self.verdict_table, self._verdict_rows(outcomes))
        self.ctx.notify_changed("province")
        self.received.emit()
