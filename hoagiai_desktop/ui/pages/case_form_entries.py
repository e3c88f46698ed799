"""Steps 3 and 5 of the case form, the dated entries: the mediation sessions (Điều 20–21, with the 3-day rule) and
the follow-up of a successful mediation (Điều 26). Each tab lists the entries, removes the selected one and adds a
new one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import FollowUpStatus, Result
from hoagiai_desktop.i18n import _, format_date, ngettext
from hoagiai_desktop.services import cases
from hoagiai_desktop.services.cases_read import CaseRecord
from hoagiai_desktop.ui.pages.case_form_widgets import (
    multi_line,
    read_only_table,
    required_date,
    scroll_page,
    selected_id,
    table_item,
)
from hoagiai_desktop.ui.widgets.forms import DateField, RecordForm, enum_combo, text_value


def entries_page(
    note: QLabel, table: QTableWidget, remove: QPushButton, box: QGroupBox, form: RecordForm
) -> QWidget:
    """A tab of dated entries: a note, the list, a remove button, then the form to add one."""
    QVBoxLayout(box).addWidget(form)
    content = QWidget()
    lay = QVBoxLayout(content)
    lay.addWidget(note)
    lay.addWidget(table)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(remove)
    lay.addLayout(row)
    lay.addWidget(box)
    lay.addStretch(1)
    return scroll_page(content)


class SessionsStep:
    """The sessions tab: the sessions held, the deadline of the first one, and the form to add a session."""

    def __init__(self) -> None:
        self.table = read_only_table(3)
        self.table.setObjectName("sessions")
        self.remove_button = QPushButton()
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.form = f = RecordForm()
        self.held_on = f.add("held_on", lambda: _("Date of the session"), DateField(), required=True)
        self.place = f.add("place", lambda: _("Place"), QLineEdit())
        self.note = f.add("note", lambda: _("What happened"), multi_line(3))
        self.box = QGroupBox()
        self.page = entries_page(self.deadline, self.table, self.remove_button, self.box, f)

    def retranslate(self) -> None:
        self.form.retranslate()
        self.table.setHorizontalHeaderLabels([_("Date"), _("Place"), _("What happened")])
        self.remove_button.setText(_("Delete session"))
        self.box.setTitle(_("New session"))

    def fill(self, case: CaseRecord, *, clear_form: bool) -> None:
        self.table.setRowCount(0)
        for sess in case.sessions:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, table_item(format_date(sess.held_on), sess.id))
            self.table.setItem(row, 1, table_item(sess.place or ""))
            self.table.setItem(row, 2, table_item(sess.note or ""))
        self.remove_button.setEnabled(bool(case.sessions))
        deadline = case.session_deadline
        if deadline is None:
            self.deadline.setText(_("No mediator is assigned yet."))
        elif case.immediate:
            self.deadline.setText(_("Mediated on the spot: the 3-day rule does not apply."))
        else:
            self.deadline.setText(
                _(
                    "First assigned on {assigned}: the first session is due by {deadline} (Article 20)."
                ).format(assigned=format_date(case.first_assigned), deadline=format_date(deadline))
            )
        if clear_form:
            with self.form.loading():
                self.held_on.clear()
                self.place.clear()
                self.note.clear()
            self.form.set_clean()

    def selected_session(self) -> int | None:
        return selected_id(self.table)

    def input(self) -> cases.SessionInput:
        return cases.SessionInput(
            held_on=required_date(self.held_on),
            place=text_value(self.place) or None,
            note=text_value(self.note) or None,
        )


class FollowUpStep:
    """The follow-up tab: how the agreement is being carried out, entry by entry."""

    def __init__(self) -> None:
        self.table = read_only_table(3)
        self.table.setObjectName("follow_ups")
        self.remove_button = QPushButton()
        self.form = f = RecordForm()
        self.on = f.add("on", lambda: _("Date"), DateField(), required=True)
        self.status = f.add("status", lambda: _("Status"), enum_combo(FollowUpStatus))
        self.note = f.add("note", lambda: _("Note"), multi_line(2))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.box = QGroupBox()
        self.page = entries_page(self.summary, self.table, self.remove_button, self.box, f)

    def retranslate(self) -> None:
        self.form.retranslate()
        self.table.setHorizontalHeaderLabels([_("Date"), _("Status"), _("Note")])
        self.remove_button.setText(_("Delete entry"))
        self.box.setTitle(_("New follow-up entry (Article 26)"))

    def fill(self, case: CaseRecord, *, clear_form: bool) -> None:
        self.table.setRowCount(0)
        for entry in case.follow_ups:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, table_item(format_date(entry.on), entry.id))
            self.table.setItem(row, 1, table_item(entry.status.label()))
            self.table.setItem(row, 2, table_item(entry.note or ""))
        self.remove_button.setEnabled(bool(case.follow_ups))
        if case.result == Result.THANH:
            n = len(case.follow_ups)
            self.summary.setText(
                ngettext(
                    "{n} follow-up entry on how the agreement is carried out.",
                    "{n} follow-up entries on how the agreement is carried out.",
                    n,
                ).format(n=n)
            )
        else:
            self.summary.setText(_("Follow-up is recorded only for successful mediations."))
        if clear_form:
            with self.form.loading():
                self.on.clear()
                self.note.clear()
            self.form.set_clean()

    def selected_entry(self) -> int | None:
        return selected_id(self.table)

    def input(self) -> cases.FollowUpInput:
        return cases.FollowUpInput(
            on=required_date(self.on),
            status=self.status.currentData(),
            note=text_value(self.note) or None,
        )
