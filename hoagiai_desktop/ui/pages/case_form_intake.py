"""Step 1 of the case form, the intake (Điều 16–20): what the case is, which team has it, the parties and the persons
invited to the mediation; a case entered by mistake is deleted from here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import CaseBasis, Category, PartyKind, PartyRole, Sex
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import cases, teams_read
from hoagiai_desktop.services.cases_read import CaseRecord
from hoagiai_desktop.ui.pages.case_form_widgets import (
    RowsEditor,
    RowSpec,
    multi_line,
    required_date,
    scroll_page,
    show_field,
)
from hoagiai_desktop.ui.pages.detail import WARN_STYLE
from hoagiai_desktop.ui.widgets.forms import (
    DateField,
    RecordForm,
    YearField,
    enum_combo,
    set_combo_value,
    text_value,
)


def party_specs() -> list[RowSpec]:
    return [
        RowSpec("kind", lambda: _("Kind"), lambda: enum_combo(PartyKind)),
        RowSpec("name", lambda: _("Name"), QLineEdit, 3),
        RowSpec("birth_year", lambda: _("Birth year"), YearField),
        RowSpec("sex", lambda: _("Sex"), lambda: enum_combo(Sex, allow_empty=True)),
        RowSpec("address", lambda: _("Address"), QLineEdit, 3),
        RowSpec("role", lambda: _("Role"), lambda: enum_combo(PartyRole)),
    ]


def invitee_specs() -> list[RowSpec]:
    return [
        RowSpec("name", lambda: _("Name"), QLineEdit, 2),
        RowSpec("note", lambda: _("Role or unit"), QLineEdit, 3),
    ]


class IntakeStep:
    """The intake tab: its form, the parties and invited persons, and the "Delete this case" button.

    ``edited()`` is called when a row of parties or invited persons changes (the form tracks its own fields)."""

    def __init__(self, edited: Callable[[], None]) -> None:
        self.form = f = RecordForm(columns=2)
        self.code = f.add("code", lambda: _("Code"), QLineEdit())
        self.team = f.add("team_id", lambda: _("Team"), QComboBox(), required=True)
        self.received_on = f.add("received_on", lambda: _("Date received"), DateField(), required=True)
        self.basis = f.add("basis", lambda: _("Basis (Article 16)"), enum_combo(CaseBasis))
        self.category = f.add("category", lambda: _("Category"), enum_combo(Category))
        self.subtype = f.add("subtype", lambda: _("Sub-type"), QLineEdit())
        self.guidance = f.add("guidance", lambda: _("Guided to"), multi_line(2))
        self.scope_note = QLabel()
        self.scope_note.setWordWrap(True)
        self.scope_note.setStyleSheet(WARN_STYLE)
        f.add_widget(self.scope_note)
        self.summary = f.add(
            "summary", lambda: _("Content of the case"), multi_line(4), required=True, column=1
        )
        self.place = f.add("place", lambda: _("Place"), QLineEdit(), column=1)
        self.is_public = f.add("is_public", lambda: _("Mediated in public"), QCheckBox(), column=1)
        self.immediate = f.add("immediate", lambda: _("Mediated on the spot"), QCheckBox(), column=1)
        self.notes = f.add("notes", lambda: _("Notes"), multi_line(2), column=1)
        self.category.currentIndexChanged.connect(lambda _i: self.category_changed())
        self.parties = RowsEditor(party_specs(), lambda: _("Add a party"))
        self.parties.setObjectName("parties")
        self.parties.changed.connect(edited)
        self.invitees = RowsEditor(invitee_specs(), lambda: _("Add an invited person"))
        self.invitees.setObjectName("invitees")
        self.invitees.changed.connect(edited)
        self.parties_box = QGroupBox()
        QVBoxLayout(self.parties_box).addWidget(self.parties)
        self.invitees_box = QGroupBox()
        QVBoxLayout(self.invitees_box).addWidget(self.invitees)
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(f)
        lay.addWidget(self.parties_box)
        lay.addWidget(self.invitees_box)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_case")
        self.delete_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.page = scroll_page(content)
        self.category_changed()

    def retranslate(self) -> None:
        self.form.retranslate()
        self.parties.retranslate()
        self.invitees.retranslate()
        self.parties_box.setTitle(_("Parties"))
        self.invitees_box.setTitle(_("Invited persons (Article 20)"))
        self.scope_note.setText(
            _(
                "Out of scope: the case stays in the logbook but is counted in no result. Record the authority "
                "the parties were guided to."
            )
        )
        self.delete_button.setText(_("Delete this case"))

    def category_changed(self) -> None:
        out = self.category.currentData() == Category.NGOAI_PHAM_VI
        show_field(self.form, "guidance", out)
        self.scope_note.setVisible(out)

    def start_new(self, received_on: dt.date) -> None:
        """A new case: today's date and two empty rows of parties."""
        self.received_on.set_value(received_on)
        self.form.dirty = False
        self.parties.add_row()
        self.parties.add_row()

    def fill_teams(self, teams: list[teams_read.TeamChoice], current: int | None) -> None:
        """The team choices (dissolved teams marked), keeping the team chosen or stored."""
        combo = self.team
        if combo.currentData() is not None:
            current = combo.currentData()
        with self.form.loading():
            combo.clear()
            combo.addItem("—", None)
            for t in teams:
                suffix = "" if t.active else " " + _("(dissolved)")
                combo.addItem(f"{t.name} ({t.code}){suffix}", t.id)
            set_combo_value(combo, current)

    def fill(self, case: CaseRecord) -> None:
        f = self.form
        with f.loading():
            self.code.setText(case.code)
            set_combo_value(self.team, case.team_id)
            self.received_on.set_value(case.received_on)
            set_combo_value(self.basis, case.basis)
            set_combo_value(self.category, case.category)
            self.subtype.setText(case.subtype or "")
            self.guidance.setPlainText(case.guidance or "")
            self.summary.setPlainText(case.summary or "")
            self.place.setText(case.place or "")
            self.is_public.setChecked(case.is_public)
            self.immediate.setChecked(case.immediate)
            self.notes.setPlainText(case.notes or "")
            for edit in (self.subtype, self.place):
                edit.setCursorPosition(0)
        f.set_clean()
        self.parties.clear()
        for p in case.parties:
            self.parties.add_row(
                {
                    "id": p.id,
                    "kind": p.kind,
                    "name": p.name,
                    "birth_year": p.birth_year,
                    "sex": p.sex,
                    "address": p.address,
                    "role": p.role,
                }
            )
        if not case.parties:
            self.parties.add_row()
        self.invitees.clear()
        for inv in case.invitees:
            self.invitees.add_row({"name": inv.name, "note": inv.note})
        self.category_changed()

    def input_errors(self) -> dict[str, str]:
        errors = self.form.input_errors()
        errors.update({f"parties.{k}": v for k, v in self.parties.input_errors().items()})
        return errors

    def input(self) -> cases.CaseInput:
        parties = [
            cases.PartyInput(
                name=v.get("name") or "",
                kind=v.get("kind") or PartyKind.CA_NHAN,
                birth_year=v.get("birth_year"),
                sex=v.get("sex"),
                address=v.get("address") or None,
                role=v.get("role") or PartyRole.BEN,
                id=v.get("id"),
            )
            for v in self.parties.values()
        ]
        invitees = [
            cases.InviteeInput(v.get("name") or "", v.get("note") or None) for v in self.invitees.values()
        ]
        return cases.CaseInput(
            team_id=self.team.currentData(),
            received_on=required_date(self.received_on),
            category=self.category.currentData(),
            summary=text_value(self.summary),
            basis=self.basis.currentData(),
            code=text_value(self.code) or None,
            subtype=text_value(self.subtype) or None,
            place=text_value(self.place) or None,
            is_public=self.is_public.isChecked(),
            immediate=self.immediate.isChecked(),
            guidance=text_value(self.guidance) or None,
            notes=text_value(self.notes) or None,
            parties=parties,
            invitees=invitees,
        )
