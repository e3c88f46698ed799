"""Các xã: the commune registry (with the old communes merged into each and its pinned key) and, for the commune
chosen, every package received from it — the one that counts and its history (DOMAIN §8)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import province_receive, province_registry
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.province_common import day, fill, table


class ProvinceCommunesPage(Page):
    watches = Changes(province=True, unit=True)
    loaded = Signal()  # tests wait on it
    history_loaded = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = page_title_label()
        self.communes: list[province_registry.CommuneRow] = []
        self.communes_table = table(4, "communes_table")
        self.communes_table.itemSelectionChanged.connect(self._commune_selected)
        self.history_label = QLabel()
        self.history_label.setObjectName("history_label")
        self.history_label.setWordWrap(True)
        self.history_table = table(6, "history_table", stretch=2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.communes_table, 2)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history_table, 1)
        self._wanted: str | None = None  # a commune asked for before the registry was loaded
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Communes"))
        self.communes_table.setHorizontalHeaderLabels(
            [_("Code"), _("Commune"), _("Merged from"), _("Key fingerprint")]
        )
        self.history_table.setHorizontalHeaderLabels(
            [_("Period"), _("Received on"), _("Receipt"), _("Report no."), _("Finalised at"), _("Counts")]
        )
        self._say_history()

    def _say_history(self, name: str | None = None) -> None:
        self.history_label.setText(
            _("Packages received from {commune}:").format(commune=name)
            if name
            else _("Choose a commune to see every package received from it.")
        )

    def refresh(self) -> None:
        self.ctx.run(province_registry.list_communes, on_done=self._loaded, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.history_label.setText(str(exc))
            self.loaded.emit()
        else:
            self.ctx.show_error(exc, self)

    def _loaded(self, communes: list[province_registry.CommuneRow]) -> None:
        self.communes = communes
        fill(self.communes_table, [[c.code, c.full_name, ", ".join(c.predecessors), c.fingerprint or ""]
                                   for c in communes])  # fmt: skip
        self._select_wanted()
        self.loaded.emit()

    def open_record(self, code: str) -> None:
        """Show commune ``code`` and its packages (once the registry is loaded, if it is not yet)."""
        self._wanted = code
        self._select_wanted()

    def _select_wanted(self) -> None:
        for n, c in enumerate(self.communes):
            if c.code == self._wanted:
                self._wanted = None
                self.communes_table.selectRow(n)
                return

    def _commune_selected(self) -> None:
        rows = self.communes_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.communes):
            return
        commune = self.communes[rows[0].row()]
        self._say_history(commune.full_name)
        self.ctx.run(province_receive.history, commune.code, on_done=self._history_loaded,
                     on_error=self._failed)  # fmt: skip

    def _history_loaded(self, rows: list[province_receive.PackageRow]) -> None:
        fill(self.history_table, [
            [r.period, day(r.received_at, True), r.receipt_number, r.report_number or "",
             day(r.finalised_at, True), _("yes") if r.counted else _("history")] for r in rows
        ])  # fmt: skip
        self.history_loaded.emit()
