"""Small modal dialogs of the register: recognise a mediator into a team, elect a leader, terminate a
membership (Điều 11), record a date (dissolution, merger), and pick a mediator from a large list.

Dialogs only collect input (typed, NFC-normalised) and show field errors; the pages call the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import ElectionMethod, EndReason, Role
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import mediators_read, registry
from hoagiai_desktop.services.teams_read import TeamChoice, team_choices
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.widgets.columns import ColumnSizer
from hoagiai_desktop.ui.widgets.forms import (
    ERROR_STYLE,
    DateField,
    IntField,
    RecordForm,
    enum_combo,
    is_confirm_key,
    text_value,
)
from hoagiai_desktop.ui.widgets.lazy_table import Column, LazyTableModel
from hoagiai_desktop.ui.widgets.search_box import SearchBox


class FormDialog(QDialog):
    """A dialog around a :class:`RecordForm` with OK / Cancel; OK checks the fields' own input errors first.

    Keys: it opens with the cursor in the first field; Enter moves to the next field, Ctrl+Enter is OK from
    anywhere in the dialog, Esc cancels. Choices that would record a wrong fact on a hasty OK start empty."""

    def __init__(self, parent: QWidget | None, title: str, intro: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.form = RecordForm()
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        # OK is not the default button: Enter in a field moves on, so a hasty Enter never confirms
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        layout.addWidget(self.buttons)
        self.form.on_confirm = self._ok
        self.submit: Any = (
            None  # optional callable(dialog) that runs the service and calls done / show_errors
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # after the show, when the dialog is the active window (a focus set before that may land elsewhere)
        QTimer.singleShot(0, self.focus_first)

    def focus_first(self) -> None:
        if not self.form.focus_first():
            self.buttons.setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_confirm_key(event):  # Ctrl+Enter from a button or anything outside the form's fields
            self._ok()
            return
        super().keyPressEvent(event)

    def _ok(self) -> None:
        errors = self.form.input_errors() | self.extra_errors()
        if errors:
            self.form.set_errors(errors)
            return
        if self.submit is not None:
            self.submit(self)
        else:
            self.accept()

    def extra_errors(self) -> dict[str, str]:
        return {}

    def show_errors(self, exc: BaseException) -> None:
        """Show a service error: under the fields when it names them, else as a sentence."""
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict) and errors and self.form.set_errors(errors):
            return
        self.error.setText(str(exc))
        self.error.show()


class DateDialog(FormDialog):
    def __init__(
        self, parent: QWidget | None, title: str, label: str, *, with_note: bool = True, key: str = "date"
    ) -> None:
        """``key`` is the service's name of the date, so its refusal (a future date) shows under the field."""
        super().__init__(parent, title)
        self.date_field = self.form.add(key, lambda: label, DateField(), required=True)
        self.note = self.form.add("note", lambda: _("Note"), QPlainTextEdit()) if with_note else None
        if self.note is not None:
            self.note.setMaximumHeight(70)

    def date(self) -> dt.date | None:
        return self.date_field.value()

    def note_text(self) -> str:
        return text_value(self.note) if self.note is not None else ""


class RecognitionDialog(FormDialog):
    """Recognition decision (Điều 8): team or mediator fixed by the caller, the other chosen here."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: UiContext,
        *,
        mediator_id: int | None = None,
        mediator_name: str = "",
        team_id: int | None = None,
        team_name: str = "",
    ) -> None:
        super().__init__(parent, _("Recognise a mediator into a team"))
        self.ctx = ctx
        self.mediator_id = mediator_id
        self.team_id = team_id
        f = self.form
        self._picked: int | None = None
        if mediator_id is None:
            self.mediator_button = f.add(
                "mediator_id", lambda: _("Mediator"), QPushButton(_("Choose…")), required=True
            )
            self.mediator_button.clicked.connect(self._pick_mediator)
        else:
            f.add("mediator_id", lambda: _("Mediator"), QLabel(mediator_name))
        if team_id is None:
            self.team_combo = f.add("team_id", lambda: _("Team"), QComboBox(), required=True)
            self.team_combo.addItem("—", None)
            ctx.run(team_choices, None, True, on_done=self._teams)
        else:
            f.add("team_id", lambda: _("Team"), QLabel(team_name))
        # no preselected role: a hasty OK would record a leader as a plain member (or the reverse)
        self.role = f.add("role", lambda: _("Role"), enum_combo(Role, allow_empty=True), required=True)
        self.method = f.add(
            "election_method", lambda: _("Election method"), enum_combo(ElectionMethod, allow_empty=True)
        )
        self.votes = f.add("votes", lambda: _("Votes in favour"), IntField())
        self.voters = f.add("voters", lambda: _("Voters (household representatives)"), IntField())
        self.leader_votes = f.add("leader_votes", lambda: _("Leader election: votes in favour"), IntField())
        self.leader_voters = f.add(
            "leader_voters", lambda: _("Leader election: team members voting"), IntField()
        )
        self.decision_no = f.add("recognition_no", lambda: _("Recognition decision no."), QLineEdit())
        self.decision_date = f.add("recognition_date", lambda: _("Decision date"), DateField())
        # no default date: the officer types the date of the decision (today's date would be a wrong fact)
        self.start = f.add("start_date", lambda: _("Member from"), DateField(), required=True)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self, *_args: Any) -> None:
        leader = self.role.currentData() == Role.TO_TRUONG
        for key in ("leader_votes", "leader_voters"):
            fld = self.form.fields[key]
            fld.widget.setVisible(leader)
            fld.label.setVisible(leader)

    def _teams(self, choices: list[TeamChoice]) -> None:
        for team in choices:
            self.team_combo.addItem(team.name, team.id)

    def _pick_mediator(self, *_args: Any) -> None:
        picker = MediatorPicker(self, self.ctx)
        if picker.exec() and picker.chosen is not None:
            self.choose_mediator(*picker.chosen)

    def choose_mediator(self, mediator_id: int, name: str) -> None:
        self._picked = mediator_id
        self.mediator_button.setText(name)

    def extra_errors(self) -> dict[str, str]:
        if self.mediator_id is None and self._picked is None:
            return {"mediator_id": _("Choose the mediator.")}
        return {}

    def value(self) -> registry.RecognitionInput:
        mediator_id = self.mediator_id if self.mediator_id is not None else self._picked
        assert mediator_id is not None  # extra_errors() asked for it
        team_id = self.team_id if self.team_id is not None else self.team_combo.currentData()
        start = self.start.value()
        assert start is not None
        return registry.RecognitionInput(
            mediator_id=mediator_id,
            team_id=team_id,
            start_date=start,
            role=self.role.currentData(),
            election_method=self.method.currentData(),
            votes=self.votes.value(),
            voters=self.voters.value(),
            recognition_no=text_value(self.decision_no) or None,
            recognition_date=self.decision_date.value(),
            leader_votes=self.leader_votes.value(),
            leader_voters=self.leader_voters.value(),
        )


class TerminationDialog(FormDialog):
    """End a membership for an Điều 11 reason, with the decision."""

    def __init__(self, parent: QWidget | None, who: str) -> None:
        super().__init__(parent, _("End a membership"), who)
        f = self.form
        self.end_date = f.add("end_date", lambda: _("Last day / end date"), DateField(), required=True)
        self.reason = f.add(
            "end_reason",
            lambda: _("Reason (Article 11)"),
            enum_combo(EndReason, allow_empty=True),
            required=True,
        )
        self.decision_no = f.add("termination_no", lambda: _("Decision no."), QLineEdit())
        self.decision_date = f.add("termination_date", lambda: _("Decision date"), DateField())

    def value(self) -> registry.TerminationInput:
        end = self.end_date.value()
        assert end is not None
        return registry.TerminationInput(
            end_date=end,
            reason=self.reason.currentData(),
            decision_no=text_value(self.decision_no) or None,
            decision_date=self.decision_date.value(),
        )


class ElectLeaderDialog(FormDialog):
    def __init__(
        self, parent: QWidget | None, members: list[tuple[str, int]], current: int | None = None
    ) -> None:
        super().__init__(parent, _("Elect the team leader"))
        f = self.form
        self.member = f.add("mediator_id", lambda: _("New team leader"), QComboBox(), required=True)
        # nobody is preselected unless the officer chose the member before opening the dialog: a hasty OK on
        # the first name would elect the wrong person
        self.member.addItem("—", None)
        for name, mid in members:
            self.member.addItem(name, mid)
        if current is not None:
            self.member.setCurrentIndex(max(self.member.findData(current), 0))
        self.since = f.add("leader_since", lambda: _("Leader from"), DateField(), required=True)
        self.votes = f.add("leader_votes", lambda: _("Votes in favour"), IntField())
        self.voters = f.add("leader_voters", lambda: _("Team members voting"), IntField())


class MediatorPicker(QDialog):
    """Find a mediator among thousands: type to search (accents not needed), Enter or double-click to choose."""

    def __init__(self, parent: QWidget | None, ctx: UiContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chosen: tuple[int, str] | None = None
        self.setWindowTitle(_("Choose a mediator"))
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 26)
        self.search = SearchBox()
        columns = [
            Column("name", lambda: _("Full name"), lambda r: r.full_name),
            Column("code", lambda: _("Code"), lambda r: r.code),
            Column("birth_year", lambda: _("Born"), lambda r: r.birth_year),
            Column("teams", lambda: _("Teams"), lambda r: r.teams, sortable=False),
        ]
        self.model = LazyTableModel(columns, ctx.worker, mediators_read.mediator_rows, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        ColumnSizer(self.table, columns, ctx.settings, "mediator_picker")  # names and codes shown whole
        self.table.activated.connect(lambda _i: self._choose())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._generation = 0
        self.search.search_changed.connect(lambda _t: self._reload())
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._reload()

    def _reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.ctx.run(
            mediators_read.mediator_ids,
            mediators_read.MediatorFilter(query=self.search.text()),
            on_done=lambda ids: self._ids(generation, ids),
        )

    def _ids(self, generation: int, ids: list[int]) -> None:
        if generation == self._generation:
            self.model.set_ids(ids)
            if ids:
                self.table.setCurrentIndex(self.model.index(0, 0))

    def _choose(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            selected = self.table.selectionModel().selectedRows()
            index = selected[0] if selected else index
        if not index.isValid():
            return
        row = self.model.row_object(index.row())
        if row is None:  # chosen before its row was painted: fetch it, then choose
            record_id = self.model.id_at(index.row())
            if record_id is not None:
                self.ctx.run(
                    mediators_read.mediator_rows,
                    [record_id],
                    on_done=lambda rows: self._chosen(rows.get(record_id)),
                )
            return
        self._chosen(row)

    def _chosen(self, row: Any) -> None:
        if row is not None:
            self.chosen = (row.id, row.full_name)
            self.accept()
