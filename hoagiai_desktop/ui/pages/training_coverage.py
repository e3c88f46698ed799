"""The training coverage panel: % trained, newly recognised mediators inside / past their 6-month window, team
leaders trained in depth — the figures of DOMAIN §4 (``hoagiai stats``); each count opens the people behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _, format_date, format_percent
from hoagiai_desktop.services import training_read
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.widgets.lazy_table import Column, RowsTableModel

PERIOD_CHOICES: tuple[tuple[str, Callable[[], str]], ...] = (
    ("year", lambda: _("This year to date")),
    ("12m", lambda: _("Last 12 months")),
    ("last_year", lambda: _("Last year")),
)

LIST_TITLES: dict[str, Callable[[], str]] = {
    "trained": lambda: _("Active mediators who have been trained"),
    "untrained": lambda: _("Active mediators not trained yet"),
    "new_trained_6m": lambda: _("Newly recognised, trained within 6 months"),
    "new_pending": lambda: _("Newly recognised, not trained, window still open"),
    "new_overdue": lambda: _("Newly recognised, not trained within 6 months"),
    "leaders_in_depth": lambda: _("Team leaders trained in depth"),
    "leaders_not_in_depth": lambda: _("Team leaders not trained in depth"),
}


class PeopleDialog(QDialog):
    """The list of people behind one figure; Enter or a double click opens the mediator."""

    def __init__(
        self, ctx: UiContext, title: str, people: list[training_read.PersonRow], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("coverage_people")
        self.setWindowTitle(title)
        self.resize(720, 480)
        self.model = RowsTableModel(
            [
                Column("name", lambda: _("Mediator"), lambda r: r.name),
                Column("code", lambda: _("Code"), lambda r: r.code),
                Column("team", lambda: _("Team"), lambda r: r.team),
                Column("detail", lambda: _("Training"), lambda r: r.detail),
            ],
            people,
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.activated.connect(self._open)
        heading = QLabel(title + " — " + str(len(people)))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _open(self, index: Any) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.accept()
            self.ctx.open_record("mediator", row.code)


class CoveragePanel(QGroupBox):
    """Counts as buttons (keyboard-reachable); ``refresh()`` recomputes on the worker thread."""

    refreshed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("coverage")
        self.coverage: training_read.Coverage | None = None
        self.dialogs: list[PeopleDialog] = []
        self._generation = 0
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("coverage_period")
        for key, label in PERIOD_CHOICES:
            self.period_combo.addItem(label(), key)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_label = QLabel()
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        rows = (
            ("trained", "untrained"),
            ("new_trained_6m", "new_pending", "new_overdue"),
            ("leaders_in_depth", "leaders_not_in_depth"),
        )
        self.row_labels = [QLabel() for _r in rows]
        for r, keys in enumerate(rows):
            grid.addWidget(self.row_labels[r], r, 0)
            for c, key in enumerate(keys):
                button = QPushButton()
                button.setObjectName(f"coverage_{key}")
                button.setFlat(False)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.clicked.connect(lambda _c=False, k=key: self.open_list(k))
                self.buttons[key] = button
                grid.addWidget(button, r, c + 1)
        grid.setColumnStretch(4, 1)
        top = QHBoxLayout()
        self.period_caption = QLabel()
        self.period_caption.setBuddy(self.period_combo)
        top.addWidget(self.period_caption)
        top.addWidget(self.period_combo)
        top.addWidget(self.period_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        self.retranslate()

    def period_key(self) -> str:
        return str(self.period_combo.currentData() or "year")

    def retranslate(self) -> None:
        self.setTitle(_("Training coverage"))
        self.period_caption.setText(_("&Period:"))
        for i, (_key, label) in enumerate(PERIOD_CHOICES):
            self.period_combo.setItemText(i, label())
        self.row_labels[0].setText(_("Mediators trained:"))
        self.row_labels[1].setText(_("Newly recognised (6-month window):"))
        self.row_labels[2].setText(_("Team leaders trained in depth:"))
        self._show()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        period = training_read.coverage_period(self.period_key())
        # a read-only summary: on the second worker so the lists and the roster answer first
        self.ctx.reader.submit(training_read.coverage, period, on_done=lambda c: self._arrived(generation, c))

    def _arrived(self, generation: int, coverage: training_read.Coverage) -> None:
        if generation != self._generation:
            return
        self.coverage = coverage
        self._show()
        self.refreshed.emit()

    def _show(self) -> None:
        c = self.coverage
        if c is None:
            for button in self.buttons.values():
                button.setText("…")
            return
        f = c.figures
        self.period_label.setText(
            _("{start} – {end}").format(start=format_date(c.period.start), end=format_date(c.period.end))
        )
        n = int
        self.buttons["trained"].setText(
            _("{n} of {total} trained ({pct})").format(
                n=n(f["training.trained"]),
                total=n(f["mediators.total"]),
                pct=format_percent(f["training.pct_trained"]),
            )
        )
        self.buttons["untrained"].setText(_("{n} not trained").format(n=n(c.count("untrained"))))
        self.buttons["new_trained_6m"].setText(
            _("{n} of {total} trained in time").format(
                n=n(f["training.new_trained_6m"]), total=n(f["training.new"])
            )
        )
        self.buttons["new_pending"].setText(_("{n} within the window").format(n=n(f["training.new_pending"])))
        self.buttons["new_overdue"].setText(_("{n} past the window").format(n=n(f["training.new_overdue"])))
        self.buttons["leaders_in_depth"].setText(
            _("{n} of {total} leaders").format(
                n=n(f["training.leaders_in_depth"]), total=n(f["mediators.leaders"])
            )
        )
        self.buttons["leaders_not_in_depth"].setText(
            _("{n} not yet").format(n=n(c.count("leaders_not_in_depth")))
        )
        self.buttons["new_overdue"].setStyleSheet("color: #b3261e;" if f["training.new_overdue"] else "")

    def open_list(self, key: str) -> None:
        if self.coverage is None:
            return
        period = self.coverage.period
        self.ctx.run(
            training_read.coverage_people, key, period, on_done=lambda people: self._show_people(key, people)
        )

    def _show_people(self, key: str, people: list[training_read.PersonRow]) -> None:
        dialog = PeopleDialog(self.ctx, LIST_TITLES[key](), people, self.window())
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        self.dialogs.append(dialog)
        dialog.open()

    def _closed(self, dialog: PeopleDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()
