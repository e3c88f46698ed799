"""Finalising reports and the Finalised tab of the reports page.

Finalise stores a report's figures as they are now (:func:`reports.finalise.finalise`, on the worker); the tab
lists the finalised reports, shows one exactly as it was finalised, lists the figures that changed since, exports
it again, and holds the panel that sends it to the province (:mod:`.province_send`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.reports.finalise import changes_since_finalised
from hoagiai_desktop.reports.render import (
    CHANGED_NOTICE,
    Change,
    form_label,
)
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.pages.detail import OK_STYLE, WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.pages.report_jobs import (
    FinalisedRow,
    ReportParams,
    finalise_params,
    load_finalised,
    notice_lines,
    render_finalised,
)
from hoagiai_desktop.ui.pages.report_output import file_stem
from hoagiai_desktop.ui.pages.report_parts import PagePart


class ReportFinalisedPart(PagePart):
    """Mixed into :class:`~.reports_page.ReportsPage`: finalising and the Finalised tab."""

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

    def _retranslate_finalised(self) -> None:
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

    def show_finalised(self) -> None:
        row = self._selected_finalised()
        if row is None:
            return
        self._start_render(render_finalised, row.id, self._temp_pdf(), None)
        self.shown_finalised = row.id

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
        run_op(self.ctx, finalise_params, params, on_done=self._finalised, on_error=self._say_error,
               changes=Changes(report=True), label=_("Finalising the report…"))  # fmt: skip

    def _finalised(self, finalised_id: int) -> None:
        self._say([_("Finalised as number {id}; it is listed under Finalised.").format(id=finalised_id)])
        self._select_after_load = finalised_id
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
