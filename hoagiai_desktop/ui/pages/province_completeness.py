"""Đã nộp chưa: every commune of the registry for a period — chưa nộp / đúng hạn / muộn / đã thay thế, with the
dates and receipt numbers — and the deadline the province edits (DOMAIN §8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_papers, province_reports
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.province_common import day, fill, period_edit, save_paper, table, with_period


class ProvinceCompletenessPage(Page):
    watches = Changes(province=True, unit=True)
    loaded = Signal()  # tests wait on it

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = page_title_label()
        self.period = period_edit(self.refresh)
        self.period_label = QLabel()
        self.period_label.setBuddy(self.period)
        self.deadline = QDateEdit()
        self.deadline.setObjectName("deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.deadline_label = QLabel()
        self.deadline_label.setBuddy(self.deadline)
        self.deadline_button = QPushButton()
        self.deadline_button.setObjectName("save_deadline")
        self.deadline_button.clicked.connect(self.save_deadline)
        self.paper_button = QPushButton()
        self.paper_button.setObjectName("completeness_paper")
        self.paper_button.clicked.connect(lambda: self.save_list())
        self.summary = QLabel()
        self.summary.setObjectName("completeness_summary")
        self.summary.setWordWrap(True)
        self.completeness_table = table(7, "completeness_table", stretch=1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        for w in (self.period_label, self.period, self.deadline_label, self.deadline, self.deadline_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.paper_button)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.completeness_table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Who has reported"))
        self.period_label.setText(_("Period"))
        self.deadline_label.setText(_("Deadline"))
        self.deadline_button.setText(_("Save deadline"))
        self.paper_button.setText(_("Print the list (PDF)…"))
        self.completeness_table.setHorizontalHeaderLabels(
            [_("Code"), _("Commune"), _("Status"), _("Received on"), _("Receipt no."), _("Report no."),
             _("Packages")]
        )  # fmt: skip

    def refresh(self) -> None:
        with_period(self.ctx, self.period, self._load)

    def _load(self, period: str) -> None:
        self.ctx.run(province_reports.completeness, period, on_done=self._loaded, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.summary.setText(str(exc))
            self.loaded.emit()
        else:
            self.ctx.show_error(exc, self)

    def _loaded(self, data: tuple[dt.date | None, list[province_reports.CompletenessRow]]) -> None:
        due, rows = data
        fill(self.completeness_table, [
            [r.code, r.full_name or r.name, r.status_label, day(r.counted_at or r.received_at),
             r.receipt_number or "", r.report_number or "", str(r.packages)] for r in rows
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
        when = self.deadline.date().toPython()
        assert isinstance(when, dt.date)
        # the page watches the province's records: the save's broadcast refreshes it
        run_op(
            self.ctx, province_reports.set_deadline, self.period.text().strip(), when, on_error=self._failed
        )

    def save_list(self, path: Path | None = None) -> None:
        period = self.period.text().strip()
        save_paper(self.ctx, self, province_papers.write_completeness_list, period,
                   f"danh-sach-nop-bao-cao-{period}.pdf", on_error=self._failed, path=path)  # fmt: skip
