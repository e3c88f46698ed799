"""The Estimates tab of the reports page: the proposed H1 / Y1 figures and the officer's own figures.

The early reports of the TT 03/2019 regime (six-month and first yearly) estimate the last months of their period;
this tab shows, per figure, the actual value, the proposal (:func:`reports.estimates.propose_estimates`, on the
worker) and a column to type one's own figure — for the commune total or, on the statistical form, per team.
Own figures belong to one period and are handed to the report as ``estimates``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.domain.indicators import label as figure_label
from hoagiai_desktop.i18n import _, format_date, format_number, format_percent
from hoagiai_desktop.reports.estimates import LEAF_KEYS, Estimate, propose_estimates
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, MessageStrip
from hoagiai_desktop.ui.pages.report_parts import PagePart

ESTIMATE_FORMS = frozenset({"thong-ke", "bao-cao", "de-an"})  # forms that print estimated H1 / Y1 figures
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


class ReportEstimatesPart(PagePart):
    """Mixed into :class:`~.reports_page.ReportsPage`: the Estimates tab."""

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

    def _retranslate_estimates(self) -> None:
        self.estimate_row_label.setText(_("Row"))
        self.estimate_row_combo.setItemText(0, _("Commune total"))
        self.estimates_table.setHorizontalHeaderLabels(
            [_("Figure"), _("Actual"), _("Proposed"), _("Your figure")]
        )
        self.reset_estimates_button.setText(_("Use the proposals"))

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


def _number(value: float | int) -> str:
    return format_number(value) if isinstance(value, int) else format_percent(float(value))
