"""Step 2 of the case form, the mediators (Điều 19–20): who is assigned to the case, and the team's mediators to tick
for an assignment, with a recusal override and its reason for a mediator who is a party."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.services import common, teams_read
from hoagiai_desktop.services.cases_read import AssignmentRecord, CaseRecord
from hoagiai_desktop.ui.pages.case_form_widgets import read_only_table, scroll_page, selected_id, table_item
from hoagiai_desktop.ui.widgets.forms import DateField, RecordForm

_TICKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


class MediatorsStep:
    """The mediators tab. ``edited()`` is called when a tick or a reason in the members' table changes."""

    def __init__(self, edited: Callable[[], None]) -> None:
        self.assignments: tuple[AssignmentRecord, ...] = ()
        self.members: list[teams_read.MemberChoice] = []
        self.assigned = read_only_table(3)
        self.assigned.setObjectName("assigned")
        self.assigned.setMaximumHeight(150)
        header = self.assigned.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.unassign_button = QPushButton()
        self.form = f = RecordForm()
        self.assigned_on = f.add("assigned_on", lambda: _("Date of assignment"), DateField(), required=True)
        self.member_table = QTableWidget(0, 3)
        self.member_table.setObjectName("members")
        self.member_table.verticalHeader().hide()
        self.member_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.member_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.member_table.setMinimumHeight(180)
        self.member_table.itemChanged.connect(lambda _i: edited())
        f.add("mediators", lambda: _("Mediators of the team"), self.member_table)
        self.members_note = QLabel()
        self.members_note.setWordWrap(True)
        f.add_widget(self.members_note)
        self.assigned_box = QGroupBox()
        box = QVBoxLayout(self.assigned_box)
        box.addWidget(self.assigned)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unassign_button)
        box.addLayout(row)
        self.assign_box = QGroupBox()
        QVBoxLayout(self.assign_box).addWidget(f)
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(self.assigned_box)
        lay.addWidget(self.assign_box, 1)
        self.page = scroll_page(content)

    def retranslate(self) -> None:
        self.form.retranslate()
        self.assigned_box.setTitle(_("Assigned mediators"))
        self.assign_box.setTitle(_("Assign mediators of the team"))
        self.assigned.setHorizontalHeaderLabels([_("Mediator"), _("Assigned on"), _("Recusal override")])
        self.member_table.setHorizontalHeaderLabels(
            [_("Assign"), _("Recusal override"), _("Reason for override")]
        )
        self.members_note.setText(
            _(
                "Space ticks the mediator under the cursor. A mediator who is a party to the case is refused "
                "unless a recusal override with its reason is recorded."
            )
        )
        self.unassign_button.setText(_("Take off the case"))

    def fill(self, case: CaseRecord) -> None:
        self.assignments = case.assignments
        self.assigned.setRowCount(0)
        for a in self.assignments:
            row = self.assigned.rowCount()
            self.assigned.insertRow(row)
            self.assigned.setItem(row, 0, table_item(a.mediator_name, a.mediator_id))
            self.assigned.setItem(row, 1, table_item(format_date(a.assigned_on)))
            self.assigned.setItem(
                row, 2, table_item(a.recusal_note or (_("Yes") if a.recusal_override else ""))
            )
        self.unassign_button.setEnabled(bool(self.assignments))
        with self.form.loading():
            self.assigned_on.set_value(case.first_assigned or common.today())
        self.form.set_clean()
        self.fill_members()

    def set_members(self, members: list[teams_read.MemberChoice]) -> None:
        self.members = members
        self.fill_members()

    def fill_members(self) -> None:
        """The team's mediators, ticked when assigned, with the recusal override and its reason."""
        assigned = {a.mediator_id: a for a in self.assignments}
        table = self.member_table
        table.blockSignals(True)
        table.setRowCount(0)
        for mc in self.members:
            row = table.rowCount()
            table.insertRow(row)
            born = f", {mc.birth_year}" if mc.birth_year else ""
            lead = " — " + _("team leader") if mc.leader else ""
            pick = table_item(f"{mc.name}{born}{lead}", mc.id)
            pick.setFlags(_TICKABLE)
            pick.setCheckState(Qt.CheckState.Checked if mc.id in assigned else Qt.CheckState.Unchecked)
            override = table_item("")
            override.setFlags(_TICKABLE)
            a = assigned.get(mc.id)
            override.setCheckState(
                Qt.CheckState.Checked if a is not None and a.recusal_override else Qt.CheckState.Unchecked
            )
            note = table_item(a.recusal_note or "" if a is not None else "")
            table.setItem(row, 0, pick)
            table.setItem(row, 1, override)
            table.setItem(row, 2, note)
        table.blockSignals(False)
        table.resizeColumnToContents(1)

    def selected_mediator(self) -> int | None:
        return selected_id(self.assigned)

    def input(self) -> tuple[list[int], dt.date | None, dict[int, str]]:
        """The ticked mediators, the date of assignment and the recusal overrides' reasons."""
        ids: list[int] = []
        overrides: dict[int, str] = {}
        for row in range(self.member_table.rowCount()):
            pick = self.member_table.item(row, 0)
            if pick is None or pick.checkState() != Qt.CheckState.Checked:
                continue
            mid = int(pick.data(Qt.ItemDataRole.UserRole))
            ids.append(mid)
            override = self.member_table.item(row, 1)
            note = self.member_table.item(row, 2)
            if override is not None and override.checkState() == Qt.CheckState.Checked:
                overrides[mid] = note.text() if note is not None else ""
        return ids, self.assigned_on.value(), overrides
