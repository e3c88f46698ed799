"""The reports page's "Gửi báo cáo lên tỉnh" panel (DOMAIN §8, commune side): send the selected finalised
statistical report as a signed package to a folder or USB stick, record the province's receipt, and show what was
sent ("Đã gửi ngày …, biên nhận số …"). All work runs on the database worker through ``services.sending``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import sending
from hoagiai_desktop.services.changes import Outcome
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.options import PROVINCE_SEND_FOLDER


def _status(db: Any, finalised_id: int) -> tuple[str, bool]:
    """The status line of a finalisation and whether the province's key is known (for the roster box)."""
    status = sending.sent_status(db, finalised_id)
    text = status.describe() if status else _("Not sent to the province yet.")
    return text, sending.province_key_known(db)


class SendPanel(QGroupBox):
    """Send / receipt buttons for the finalised report selected in the reports page's list."""

    finished = Signal()  # a send or a receipt finished (tests wait on it)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("send_panel")
        self.ctx = ctx
        self.finalised_id: int | None = None
        self.status = QLabel()
        self.status.setObjectName("send_status")
        self.status.setWordWrap(True)
        self.with_bao_cao = QCheckBox()
        self.with_de_an = QCheckBox()
        self.with_roster = QCheckBox()
        self.send_button = QPushButton()
        self.send_button.setObjectName("send_to_province")
        self.send_button.clicked.connect(self.choose_folder_and_send)
        self.receipt_button = QPushButton()
        self.receipt_button.setObjectName("record_receipt")
        self.receipt_button.clicked.connect(self.choose_receipt)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        for box in (
            self.with_bao_cao,
            self.with_de_an,
            self.with_roster,
        ):  # stacked: the page's left column is narrow
            layout.addWidget(box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()
        self.set_finalised(None, None)

    def retranslate(self) -> None:
        self.setTitle(_("Send to the province"))
        self.with_bao_cao.setText(_("with the narrative report (finalised)"))
        self.with_de_an.setText(_("with the Đề án report (finalised)"))
        self.with_roster.setText(_("with the mediators' roster, encrypted"))
        self.with_roster.setToolTip(
            _("Names, sex, birth year, ethnicity, team, role and training only — never addresses or phones.")
        )
        self.send_button.setText(_("Send report to the province…"))
        self.send_button.setToolTip(
            _("Write the signed package (.hgp) of this finalised report to a USB stick")
        )
        self.receipt_button.setText(_("Record receipt…"))
        self.receipt_button.setToolTip(_("Record the receipt (.hgr) the province sent back"))

    def set_finalised(self, finalised_id: int | None, form: str | None, team_code: str | None = None) -> None:
        """Follow the reports page's selection: only the commune's statistical report is sent."""
        sendable = finalised_id is not None and form == "thong-ke" and not team_code
        self.finalised_id = finalised_id if sendable else None
        self.send_button.setEnabled(sendable)
        self.with_roster.setEnabled(False)
        if not sendable:
            self.status.setText(_("Choose a finalised statistical report to send it to the province."))
            return
        self.ctx.run(_status, finalised_id, on_done=self._status_loaded)

    def _status_loaded(self, result: tuple[str, bool]) -> None:
        text, key_known = result
        self.status.setText(text)
        self.with_roster.setEnabled(key_known)
        if not key_known:
            self.with_roster.setChecked(False)

    def papers(self) -> list[str]:
        papers = ["thong-ke"]
        if self.with_bao_cao.isChecked():
            papers.append("bao-cao")
        if self.with_de_an.isChecked():
            papers.append("de-an")
        return papers

    def send_to(self, folder: Path) -> None:
        if self.finalised_id is None:
            return
        self.status.setText(_("Writing the package…"))
        run_op(
            self.ctx, sending.send_finalised, self.finalised_id, folder, papers=self.papers(),
            roster=self.with_roster.isChecked(), on_done=self._sent, on_error=self._failed, parent=self,
            label=_("Writing the package…"),
        )  # fmt: skip

    def choose_folder_and_send(self) -> None:
        start = PROVINCE_SEND_FOLDER.get(self.ctx.settings) or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the USB stick or folder for the package"), start
        )
        if chosen:
            PROVINCE_SEND_FOLDER.set(self.ctx.settings, chosen)
            self.send_to(Path(chosen))

    def _sent(self, outcome: Outcome[sending.SendResult]) -> None:
        result = outcome.value
        self.status.setText(
            _("Wrote {file}. Key fingerprint: {fingerprint}.").format(
                file=result.path.name, fingerprint=result.fingerprint
            )
        )
        self.finished.emit()

    def record(self, path: Path) -> None:
        run_op(
            self.ctx, sending.record_receipt, path, on_done=self._recorded, on_error=self._failed, parent=self
        )

    def choose_receipt(self) -> None:
        start = PROVINCE_SEND_FOLDER.get(self.ctx.settings) or str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the province's receipt"), start, _("Receipt (*.hgr)")
        )
        if chosen:
            self.record(Path(chosen))

    def _recorded(self, outcome: Outcome[sending.ReceiptResult]) -> None:
        result = outcome.value
        if self.finalised_id is not None:
            self.ctx.run(_status, self.finalised_id, on_done=self._status_loaded)
        self.ctx.status(
            _("Sent on {day}, receipt number {number}.").format(
                day=result.received_at.strftime("%d/%m/%Y"), number=result.number
            )
        )
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.status.setText(str(exc))
        else:
            self.ctx.show_error(exc, self)
        self.finished.emit()
