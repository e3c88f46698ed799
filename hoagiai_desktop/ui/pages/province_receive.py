"""Nhận báo cáo: pick the USB stick or folder, see each package's verdict before anything is stored, receive
(DOMAIN §8). Everything runs on the database worker through ``services.province_receive``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_receive as pr
from hoagiai_desktop.services.changes import Outcome
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.options import PROVINCE_STICK_FOLDER
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.province_common import fill, table


class ProvinceReceivePage(Page):
    loaded = Signal()  # tests wait on it
    received = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = page_title_label()
        self.folder: Path | None = None
        self.verdicts: list[pr.Verdict] = []
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose_stick")
        self.choose_button.clicked.connect(self.choose_folder)
        self.receive_button = QPushButton()
        self.receive_button.setObjectName("receive_packages")
        self.receive_button.clicked.connect(self.receive)
        self.receive_button.setEnabled(False)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("folder_label")
        self.folder_label.setWordWrap(True)
        self.verdict_table = table(4, "verdict_table")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.receive_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.verdict_table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Receive the communes' reports"))
        self.choose_button.setText(_("Choose USB stick or folder…"))
        self.receive_button.setText(_("Receive"))
        self.verdict_table.setHorizontalHeaderLabels([_("File"), _("Commune"), _("Period"), _("Verdict")])
        self._show_folder()

    def refresh(self) -> None:
        """The first time, look at the stick or folder used last if it is there (reading only; nothing is stored
        until the officer presses Receive)."""
        if self.folder is not None:
            return
        last = PROVINCE_STICK_FOLDER.get(self.ctx.settings)
        if last and Path(last).is_dir():
            self.check_folder(Path(last))

    def _show_folder(self) -> None:
        if self.folder is None:
            self.folder_label.setText(
                _("Choose the USB stick or folder that holds the communes' packages (.hgp).")
            )
        else:
            self.folder_label.setText(_("Packages in {folder}:").format(folder=self.folder))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.folder_label.setText(str(exc))
            self.loaded.emit()
        else:
            self.ctx.show_error(exc, self)

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
        fill(self.verdict_table, self._verdict_rows(verdicts))
        self.receive_button.setEnabled(any(v.status == pr.STORED for v in verdicts))
        self.loaded.emit()

    def receive(self) -> None:
        if self.folder is None:
            return
        self.receive_button.setEnabled(False)
        run_op(self.ctx, pr.receive, [self.folder], on_done=self._received, on_error=self._failed,
               label=_("Receiving the report packages…"))  # fmt: skip

    def _received(self, outcome: Outcome[list[pr.ReceiveOutcome]]) -> None:
        fill(self.verdict_table, self._verdict_rows(outcome.value))
        self.received.emit()
