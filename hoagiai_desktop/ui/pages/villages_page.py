"""Thôn / tổ dân phố: the villages of the commune, their kind, households and ethnic-area flag."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout

from hoagiai_desktop.domain.enums import VillageKind
from hoagiai_desktop.i18n import _, format_date, format_number, ngettext
from hoagiai_desktop.services import registry, villages_read
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.dialogs import DateDialog
from hoagiai_desktop.ui.pages.detail import DetailPanel
from hoagiai_desktop.ui.pages.list_page import ListPage
from hoagiai_desktop.ui.widgets.filter_bar import FilterBar
from hoagiai_desktop.ui.widgets.forms import DateField, IntField, enum_combo, set_combo_value, text_value
from hoagiai_desktop.ui.widgets.lazy_table import Column


class VillageDetail(DetailPanel):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        f = self.form
        self.code = f.add("code", lambda: _("Code"), QLineEdit())
        self.name = f.add("name", lambda: _("Name"), QLineEdit(), required=True)
        self.kind = f.add("kind", lambda: _("Kind"), enum_combo(VillageKind))
        self.households = f.add("households", lambda: _("Households"), IntField())
        self.ethnic_area = f.add("ethnic_area", lambda: _("Ethnic-minority area"), QCheckBox())
        self.active_from = f.add("active_from", lambda: _("Active from"), DateField())
        self.notes = f.add("notes", lambda: _("Notes"), QPlainTextEdit())
        self.notes.setMaximumHeight(80)
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self._merge)
        self.buttons.insertWidget(2, self.merge_button)
        self.teams_box = QGroupBox()
        self.teams_list = QVBoxLayout(self.teams_box)
        self.add_section(self.teams_box)
        self.retranslate()
        self.show_empty()

    def retranslate(self) -> None:
        super().retranslate()
        self.merge_button.setText(_("Record merger…"))
        self.teams_box.setTitle(_("Mediation teams of this village"))

    def heading_text(self) -> str:
        v = self.detail
        return f"{v.name} ({v.code})" if v is not None else ""

    def new_heading_text(self) -> str:
        return _("New village")

    def empty_text(self) -> str:
        return _("Choose a village in the list, or press Ctrl+N to add one.")

    def load_fn(self, db: Any, record_id: int) -> Any:
        return villages_read.village_detail(db, record_id)

    def fill(self, v: villages_read.VillageDetail) -> None:
        self.code.setText(v.code)
        self.name.setText(v.name)
        set_combo_value(self.kind, v.kind)
        self.households.set_value(v.households)
        self.ethnic_area.setChecked(v.ethnic_area)
        self.active_from.set_value(v.active_from)
        self.notes.setPlainText(v.notes or "")
        self.merge_button.show()
        lines = [
            f"{t.name} ({t.code})"
            + (f" — {_('dissolved')} {format_date(t.dissolved_on)}" if t.dissolved_on else "")
            for t in v.teams
        ]
        self._set_team_lines(lines)
        msgs = []
        if v.merged_on:
            msgs.append(_("Merged or no longer existing since {date}.").format(date=format_date(v.merged_on)))
        self.messages.show_lines(msgs)

    def _set_team_lines(self, lines: list[str]) -> None:
        while self.teams_list.count():
            item = self.teams_list.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        from PySide6.QtWidgets import QLabel

        for line in lines or [_("No team yet.")]:
            label = QLabel(line)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.teams_list.addWidget(label)

    def clear_form(self) -> None:
        for w in (self.code, self.name, self.households, self.active_from):
            w.clear()
        self.kind.setCurrentIndex(0)
        self.ethnic_area.setChecked(False)
        self.notes.clear()
        self.merge_button.hide()

    def collect(self) -> registry.VillageInput:
        return registry.VillageInput(
            name=text_value(self.name),
            kind=self.kind.currentData(),
            code=text_value(self.code) or None,
            households=self.households.value(),
            ethnic_area=self.ethnic_area.isChecked(),
            active_from=self.active_from.value(),
            notes=text_value(self.notes) or None,
        )

    def create_fn(self, db: Any, data: Any) -> Any:
        return registry.create_village(db, data)

    def update_fn(self, db: Any, record_id: int, data: Any) -> Any:
        return registry.update_village(db, record_id, data)

    def _merge(self) -> None:
        if self.record_id is None or not self.can_leave():
            return
        dialog = DateDialog(
            self,
            _("Record merger"),
            _("Date the village was merged or stopped existing"),
            with_note=False,
            key="merged_on",
        )
        # the service runs while the dialog is open, so a refusal (a future date) shows under its field
        self.run_dialog(
            dialog,
            registry.end_village,
            self.record_id,
            lambda d: d.date(),
            reload=True,
        )


class VillagesPage(ListPage):
    kind = "village"
    own = Changes(villages=True)
    ids_fn = staticmethod(villages_read.village_ids)
    rows_fn = staticmethod(villages_read.village_rows)
    code_fn = staticmethod(villages_read.id_for_code)

    def make_columns(self) -> list[Column]:
        return [
            Column("name", lambda: _("Name"), lambda r: r.name),
            Column("code", lambda: _("Code"), lambda r: r.code),
            Column("kind", lambda: _("Kind"), lambda r: r.kind.label()),
            Column(
                "households", lambda: _("Households"), lambda r: r.households, Qt.AlignmentFlag.AlignRight
            ),
            Column(
                "ethnic_area",
                lambda: _("Ethnic area"),
                lambda r: _("Yes") if r.ethnic_area else "",
                sortable=False,
            ),
            Column(
                "teams",
                lambda: _("Teams"),
                lambda r: r.active_teams,
                Qt.AlignmentFlag.AlignRight,
                sortable=False,
            ),
            Column(
                "status",
                lambda: _("Status"),
                lambda r: _("Active") if r.active else _("Merged"),
                sortable=False,
                tone=lambda r: None if r.active else "muted",
            ),
        ]

    def extra_watches(self) -> Changes:
        return Changes(teams=True)

    def build_filters(self, bar: FilterBar) -> None:
        bar.add(
            "status", lambda: _("Status"), [(lambda: _("Active"), "active"), (lambda: _("Merged"), "former")]
        )
        bar.add("ethnic_area", lambda: _("Ethnic area"), [(lambda: _("Yes"), True), (lambda: _("No"), False)])

    def current_filter(self) -> villages_read.VillageFilter:
        v = self.filters.values()
        return villages_read.VillageFilter(
            query=self.search.text(),
            status=v.get("status"),
            ethnic_area=v.get("ethnic_area"),
            sort=self.sort_key,
            descending=self.sort_desc,
        )

    def make_detail(self) -> DetailPanel:
        return VillageDetail(self.ctx)

    def page_title(self) -> str:
        return _("Villages and residential groups")

    def new_text(self) -> str:
        return _("New village")

    def count_text(self, n: int) -> str:
        return ngettext("{n} village", "{n} villages", n).format(n=format_number(n))
