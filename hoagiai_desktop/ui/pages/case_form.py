"""The case form: one dialog whose tabs follow the Law's path (Điều 16–26) — intake, mediators, sessions, outcome,
follow-up, court recognition.

Each tab is one step and one save (Ctrl+S saves the current tab): one service call, one transaction, all or
nothing, recorded in the audit log by the storage layer. Warnings the services return are listed in the strip
at the top and do not block; a block or an input error is shown there as its sentence and under the field it
concerns, and nothing is written. Enter moves to the next field; Esc closes, asking first when a tab has edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import (
    CaseBasis,
    CaseEndReason,
    CaseState,
    Category,
    FollowUpStatus,
    PartyKind,
    PartyRole,
    Result,
    Sex,
)
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_date, ngettext
from hoagiai_desktop.services import cases, common, teams_read, ui_support
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.widgets.fit import available_area
from hoagiai_desktop.ui.widgets.forms import (
    DateField,
    EnterMovesNext,
    RecordForm,
    YearField,
    enum_combo,
    fill_enum_combo,
    is_confirm_key,
    set_combo_value,
    text_value,
)
from hoagiai_desktop.ui.widgets.unsaved import ask_unsaved

INTAKE, MEDIATORS, SESSIONS, OUTCOME, FOLLOW_UP, COURT = range(6)
STEP_TITLES: tuple[Callable[[], str], ...] = (
    lambda: _("1. Intake"),
    lambda: _("2. Mediators"),
    lambda: _("3. Sessions"),
    lambda: _("4. Outcome"),
    lambda: _("5. Follow-up"),
    lambda: _("6. Court recognition"),
)


def _multi(lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def show_field(form: RecordForm, key: str, visible: bool) -> None:
    field = form.fields[key]
    field.widget.setVisible(visible)
    field.label.setVisible(visible)
    if not visible:
        field.error.hide()


# ---- rows of small editors (parties, invited persons) -------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    key: str
    title: Callable[[], str]
    make: Callable[[], QWidget]
    stretch: int = 0


class RowsEditor(QWidget):
    """A few rows of fields typed one after another (Enter moves on), with "Add" and a remove button per row."""

    changed = Signal()

    def __init__(
        self, specs: list[RowSpec], add_text: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.specs = specs
        self.add_text = add_text
        self.rows: list[dict[str, Any]] = []
        self._enter = EnterMovesNext(self)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.headers: list[QLabel] = []
        for col, spec in enumerate(specs):
            label = QLabel()
            self.headers.append(label)
            self.grid.addWidget(label, 0, col)
            self.grid.setColumnStretch(col, spec.stretch)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.add_button.setObjectName("add_row")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.grid)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        for label, spec in zip(self.headers, self.specs, strict=True):
            label.setText(spec.title())
        self.add_button.setText(self.add_text())
        for row in self.rows:
            for widget in row["widgets"].values():
                if isinstance(widget, QComboBox) and getattr(widget, "_enum_cls", None) is not None:
                    fill_enum_combo(widget, widget._enum_cls, allow_empty=bool(widget._allow_empty))  # type: ignore[attr-defined]

    def add_row(self, values: dict[str, Any] | None = None, *, focus: bool = False) -> dict[str, Any]:
        values = values or {}
        widgets: dict[str, QWidget] = {}
        grid_row = len(self.rows) * 2 + 1
        for col, spec in enumerate(self.specs):
            widget = spec.make()
            widget.setObjectName(f"{spec.key}_{len(self.rows)}")
            widget.setAccessibleName(spec.title())
            widget.installEventFilter(self._enter)
            value = values.get(spec.key)
            if isinstance(widget, (DateField, YearField)):
                widget.set_value(value)
            elif isinstance(widget, QComboBox):
                set_combo_value(widget, value)
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
                widget.setCursorPosition(0)
            self._watch(widget)
            widgets[spec.key] = widget
            self.grid.addWidget(widget, grid_row, col)
        remove = QPushButton("✕")
        remove.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        remove.setFixedWidth(32)
        remove.setToolTip(_("Remove this row"))
        error = QLabel()
        error.setStyleSheet("color: #b3261e;")
        error.setWordWrap(True)
        error.hide()
        self.grid.addWidget(remove, grid_row, len(self.specs))
        self.grid.addWidget(error, grid_row + 1, 0, 1, len(self.specs))
        row = {"id": values.get("id"), "widgets": widgets, "remove": remove, "error": error}
        remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        if focus:
            next(iter(widgets.values())).setFocus()
            self.changed.emit()
        return row

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: self.changed.emit())
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i: self.changed.emit())

    def remove_row(self, row: dict[str, Any]) -> None:
        self._rebuild([r for r in self.rows if r is not row])
        self.changed.emit()

    def _rebuild(self, keep: list[dict[str, Any]]) -> None:
        values = [self._row_values(r) for r in keep]
        self.clear()
        for v in values:
            self.add_row(v)

    def clear(self) -> None:
        for row in self.rows:
            for widget in (*row["widgets"].values(), row["remove"], row["error"]):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []

    def _row_values(self, row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": row["id"]}
        for key, widget in row["widgets"].items():
            if isinstance(widget, (DateField, YearField)):
                try:
                    out[key] = widget.value()
                except ValueError:
                    out[key] = None
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                out[key] = text_value(widget)
        return out

    def values(self) -> list[dict[str, Any]]:
        """Rows with something typed in them (blank rows are ignored)."""
        out = []
        for row in self.rows:
            v = self._row_values(row)
            if any(isinstance(x, str) and x for k, x in v.items() if k != "id") or v["id"] is not None:
                out.append(v)
        return out

    def input_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for i, row in enumerate(self.rows):
            for key, widget in row["widgets"].items():
                parse_error = getattr(widget, "parse_error", None)
                message = parse_error() if callable(parse_error) else None
                if message:
                    errors[f"{i}.{key}"] = message
        return errors

    def set_errors(self, errors: dict[str, str]) -> None:
        """``{"<row>.<key>": message}``; the message is shown under the row and the field gets focus."""
        first: QWidget | None = None
        for i, row in enumerate(self.rows):
            lines = [msg for key, msg in errors.items() if key.split(".", 1)[0] == str(i)]
            row["error"].setText(" ".join(lines))
            row["error"].setVisible(bool(lines))
            for key, msg in errors.items():
                idx, _sep, name = key.partition(".")
                if idx == str(i) and name in row["widgets"] and first is None and msg:
                    first = row["widgets"][name]
        if first is not None:
            first.setFocus()


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


def _read_only_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(110)
    return table


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def confirm_delete(parent: QWidget, code: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _("Delete case"),
        _("Delete the case {code} with its parties, sessions and follow-up? This cannot be undone.").format(
            code=code
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


# ---- the dialog -------------------------------------------------------------------------------------------------


class CaseForm(QDialog):
    """Create or edit one case. ``saved(case_id)`` after every successful save."""

    saved = Signal(int)
    deleted = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: UiContext, case_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.case: m.Case | None = None
        self.teams: list[teams_read.TeamChoice] = []
        self.members: list[teams_read.MemberChoice] = []
        self._extra_dirty: set[int] = set()
        self._saving: int | None = None
        self._close_after: list[int] | None = None
        self._shown = False
        self.setObjectName("case_form")
        self.setModal(True)
        # roomy where the screen allows; on a 1280×720 screen the steps scroll inside and Save stays visible
        area = available_area(parent)
        self.resize(min(1120, int(area.width() * 0.96)), min(740, int(area.height() * 0.94)))

        self.heading = QLabel()
        self.heading.setObjectName("case_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.strip = MessageStrip()
        self.strip.setObjectName("case_messages")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_steps")
        self._build_intake()
        self._build_mediators()
        self._build_sessions()
        self._build_outcome()
        self._build_follow_up()
        self._build_court()

        self.save_button = QPushButton()
        self.save_button.setObjectName("save_step")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # with 200 % text the hint wraps instead of pushing Save off the screen
        self.hint.setStyleSheet("color: palette(mid);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.strip)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save)
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self.retranslate()
        self._update_enabled()
        self.ctx.run(teams_read.team_choices, on_done=self._teams_arrived)
        if case_id is not None:
            self.reload()
        else:
            self.intake.widget("received_on").set_value(common.today())  # type: ignore[attr-defined]
            self.intake.dirty = False
            self.parties.add_row()
            self.parties.add_row()
        for form in self.step_forms():
            form.on_confirm = self.save  # Ctrl+Enter saves the current step, from any field

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the cursor goes to the first field once the form is the active window (set before the show, it was lost
        # to "Add a party" or the tab bar and the first keystrokes of a new case went nowhere)
        if not self._shown:
            self._shown = True
            QTimer.singleShot(0, self.focus_first)

    def focus_first(self) -> None:
        self.step_forms()[self.tabs.currentIndex()].focus_first()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_confirm_key(event):  # Ctrl+Enter outside the forms' fields (the parties table, a button)
            self.save()
            return
        super().keyPressEvent(event)

    # -- building -----------------------------------------------------------------------------------------

    def _page(self, content: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(content)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        return area

    def _build_intake(self) -> None:
        self.intake = f = RecordForm(columns=2)
        f.add("code", lambda: _("Code"), QLineEdit())
        f.add("team_id", lambda: _("Team"), QComboBox(), required=True)
        f.add("received_on", lambda: _("Date received"), DateField(), required=True)
        f.add("basis", lambda: _("Basis (Article 16)"), enum_combo(CaseBasis))
        f.add("category", lambda: _("Category"), enum_combo(Category))
        f.add("subtype", lambda: _("Sub-type"), QLineEdit())
        f.add("guidance", lambda: _("Guided to"), _multi(2))
        self.scope_note = QLabel()
        self.scope_note.setWordWrap(True)
        self.scope_note.setStyleSheet(WARN_STYLE)
        f.add_widget(self.scope_note)
        f.add("summary", lambda: _("Content of the case"), _multi(4), required=True, column=1)
        f.add("place", lambda: _("Place"), QLineEdit(), column=1)
        f.add("is_public", lambda: _("Mediated in public"), QCheckBox(), column=1)
        f.add("immediate", lambda: _("Mediated on the spot"), QCheckBox(), column=1)
        f.add("notes", lambda: _("Notes"), _multi(2), column=1)
        category = f.widget("category")
        assert isinstance(category, QComboBox)
        category.currentIndexChanged.connect(lambda _i: self._category_changed())
        self.parties = RowsEditor(party_specs(), lambda: _("Add a party"))
        self.parties.setObjectName("parties")
        self.parties.changed.connect(lambda: self._mark(INTAKE))
        self.invitees = RowsEditor(invitee_specs(), lambda: _("Add an invited person"))
        self.invitees.setObjectName("invitees")
        self.invitees.changed.connect(lambda: self._mark(INTAKE))
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
        self.delete_button.clicked.connect(self._delete)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.tabs.addTab(self._page(content), "")
        self._category_changed()

    def _build_mediators(self) -> None:
        self.assigned = _read_only_table(3)
        self.assigned.setObjectName("assigned")
        self.assigned.setMaximumHeight(150)
        header = self.assigned.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.unassign_button = QPushButton()
        self.unassign_button.clicked.connect(self._unassign)
        self.assign_form = f = RecordForm()
        f.add("assigned_on", lambda: _("Date of assignment"), DateField(), required=True)
        self.member_table = QTableWidget(0, 3)
        self.member_table.setObjectName("members")
        self.member_table.verticalHeader().hide()
        self.member_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.member_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.member_table.setMinimumHeight(180)
        self.member_table.itemChanged.connect(lambda _i: self._mark(MEDIATORS))
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
        self.tabs.addTab(self._page(content), "")

    def _build_sessions(self) -> None:
        self.sessions = _read_only_table(3)
        self.sessions.setObjectName("sessions")
        self.remove_session_button = QPushButton()
        self.remove_session_button.clicked.connect(self._remove_session)
        self.session_deadline = QLabel()
        self.session_deadline.setWordWrap(True)
        self.session_form = f = RecordForm()
        f.add("held_on", lambda: _("Date of the session"), DateField(), required=True)
        f.add("place", lambda: _("Place"), QLineEdit())
        f.add("note", lambda: _("What happened"), _multi(3))
        self.session_box = QGroupBox()
        self._add_entries_tab(
            self.session_deadline, self.sessions, self.remove_session_button, self.session_box, f
        )

    def _add_entries_tab(
        self, note: QLabel, table: QWidget, remove: QWidget, box: QGroupBox, form: QWidget
    ) -> None:
        """A tab of dated entries (sessions, follow-up): a note, the list, a remove button, then the form to add one."""
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
        self.tabs.addTab(self._page(content), "")

    def _build_outcome(self) -> None:
        self.outcome = f = RecordForm()
        f.add("result", lambda: _("Result"), enum_combo(Result, allow_empty=True), required=True)
        f.add("ended_on", lambda: _("Date it ended"), DateField(), required=True)
        f.add(
            "end_reason", lambda: _("How it ended (Article 23)"), enum_combo(CaseEndReason, allow_empty=True)
        )
        f.add("agreement", lambda: _("Agreement reached"), _multi(4))
        f.add("rights_obligations", lambda: _("Rights and obligations"), _multi(2))
        f.add("execution_method", lambda: _("How and by when it is carried out"), _multi(2))
        f.add("referral", lambda: _("Guided to (unsuccessful)"), _multi(2))
        self.positions_box = QGroupBox()
        self.positions_layout = QGridLayout(self.positions_box)
        self.position_edits: dict[int, QPlainTextEdit] = {}
        f.add_widget(self.positions_box)
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(self._reopen)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reopen_button)
        result = f.widget("result")
        assert isinstance(result, QComboBox)
        result.currentIndexChanged.connect(lambda _i: self._result_changed())
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(f)
        lay.addLayout(row)
        lay.addStretch(1)
        self.tabs.addTab(self._page(content), "")
        self._result_changed()

    def _build_follow_up(self) -> None:
        self.follow_ups = _read_only_table(3)
        self.follow_ups.setObjectName("follow_ups")
        self.remove_follow_up_button = QPushButton()
        self.remove_follow_up_button.clicked.connect(self._remove_follow_up)
        self.follow_form = f = RecordForm()
        f.add("on", lambda: _("Date"), DateField(), required=True)
        f.add("status", lambda: _("Status"), enum_combo(FollowUpStatus))
        f.add("note", lambda: _("Note"), _multi(2))
        self.follow_note = QLabel()
        self.follow_note.setWordWrap(True)
        self.follow_box = QGroupBox()
        self._add_entries_tab(
            self.follow_note, self.follow_ups, self.remove_follow_up_button, self.follow_box, f
        )

    def _build_court(self) -> None:
        self.court_deadline = QLabel()
        self.court_deadline.setObjectName("court_deadline")
        self.court_deadline.setWordWrap(True)
        self.court_form = f = RecordForm()
        f.add("court_filed_on", lambda: _("Filed at the court on"), DateField())
        f.add("court_name", lambda: _("Court"), QLineEdit())
        f.add("decision", lambda: _("Decision"), QLineEdit())
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(self.court_deadline)
        lay.addWidget(f)
        lay.addStretch(1)
        self.tabs.addTab(self._page(content), "")

    def step_forms(self) -> list[RecordForm]:
        return [
            self.intake,
            self.assign_form,
            self.session_form,
            self.outcome,
            self.follow_form,
            self.court_form,
        ]

    # -- language -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        for i, title in enumerate(STEP_TITLES):
            self.tabs.setTabText(i, title())
        for form in self.step_forms():
            form.retranslate()
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
        self.sessions.setHorizontalHeaderLabels([_("Date"), _("Place"), _("What happened")])
        self.remove_session_button.setText(_("Delete session"))
        self.session_box.setTitle(_("New session"))
        self.positions_box.setTitle(_("Position of each side"))
        self.reopen_button.setText(_("Reopen the case"))
        self.follow_ups.setHorizontalHeaderLabels([_("Date"), _("Status"), _("Note")])
        self.remove_follow_up_button.setText(_("Delete entry"))
        self.follow_box.setTitle(_("New follow-up entry (Article 26)"))
        self.close_button.setText(_("Close (Esc)"))
        self.delete_button.setText(_("Delete this case"))
        self._update_buttons()
        self._fill_headings()

    def _update_buttons(self) -> None:
        step = self.tabs.currentIndex()
        labels = {
            INTAKE: _("Save intake (Ctrl+S)"),
            MEDIATORS: _("Assign (Ctrl+S)"),
            SESSIONS: _("Add session (Ctrl+S)"),
            OUTCOME: _("Save outcome (Ctrl+S)"),
            FOLLOW_UP: _("Add entry (Ctrl+S)"),
            COURT: _("Save court recognition (Ctrl+S)"),
        }
        self.save_button.setText(labels.get(step, _("Save (Ctrl+S)")))
        self.save_button.setEnabled(self.tabs.isTabEnabled(step) and self._saving is None)
        self.hint.setText(_("Enter moves to the next field; Ctrl+Enter saves this step; Esc closes."))

    def _fill_headings(self) -> None:
        case = self.case
        if case is None:
            self.heading.setText(_("New case"))
            self.setWindowTitle(_("New case"))
            return
        state = ui_support.case_state(case, common.today())
        state_text = _("Out of scope") if state is None else CaseState(state).label()  # type: ignore[call-arg]
        self.heading.setText(
            _("Case {code} — {team} — {state}").format(code=case.code, team=case.team.name, state=state_text)
        )
        self.setWindowTitle(_("Case {code}").format(code=case.code))

    # -- state --------------------------------------------------------------------------------------------

    def _mark(self, step: int) -> None:
        if not getattr(self, "_filling", False):
            self._extra_dirty.add(step)

    def dirty_steps(self) -> list[int]:
        return [i for i, form in enumerate(self.step_forms()) if form.dirty or i in self._extra_dirty]

    def is_dirty(self) -> bool:
        return bool(self.dirty_steps())

    def _update_enabled(self) -> None:
        case = self.case
        exists = case is not None
        in_scope = exists and case is not None and case.category != Category.NGOAI_PHAM_VI
        success = exists and case is not None and case.result == Result.THANH
        self.delete_button.setVisible(exists)
        self.tabs.setTabEnabled(MEDIATORS, in_scope)
        self.tabs.setTabEnabled(SESSIONS, in_scope)
        self.tabs.setTabEnabled(OUTCOME, in_scope)
        self.tabs.setTabEnabled(FOLLOW_UP, success)
        self.tabs.setTabEnabled(COURT, success)
        self._update_buttons()

    def _category_changed(self) -> None:
        out = self.intake.widget("category").currentData() == Category.NGOAI_PHAM_VI  # type: ignore[attr-defined]
        show_field(self.intake, "guidance", out)
        self.scope_note.setVisible(out)

    def _result_changed(self) -> None:
        result = self.outcome.widget("result").currentData()  # type: ignore[attr-defined]
        success = result == Result.THANH
        failure = result == Result.KHONG_THANH
        for key in ("agreement", "rights_obligations", "execution_method"):
            show_field(self.outcome, key, success or result is None)
        show_field(self.outcome, "referral", failure)
        self.positions_box.setVisible(failure and bool(self.position_edits))

    # -- loading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.case_id is not None:
            self.ctx.run(cases.get_case, self.case_id, on_done=lambda c: self.show_case(c))

    def _teams_arrived(self, teams: list[teams_read.TeamChoice]) -> None:
        self.teams = teams
        combo = self.intake.widget("team_id")
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        if current is None and self.case is not None:
            current = self.case.team_id
        with self.intake.loading():
            combo.clear()
            combo.addItem("—", None)
            for t in teams:
                suffix = "" if t.active else " " + _("(dissolved)")
                combo.addItem(f"{t.name} ({t.code}){suffix}", t.id)
            set_combo_value(combo, current)

    def show_case(self, case: m.Case, keep: tuple[int, ...] = ()) -> None:
        """Fill every step from the stored case (steps in ``keep`` keep what was typed)."""
        self.case = case
        self.case_id = case.id
        self._filling = True
        try:
            if INTAKE not in keep:
                self._fill_intake(case)
            if MEDIATORS not in keep:
                self._fill_mediators(case)
            self._fill_sessions(case, clear_form=SESSIONS not in keep)
            if OUTCOME not in keep:
                self._fill_outcome(case)
            self._fill_follow_ups(case, clear_form=FOLLOW_UP not in keep)
            if COURT not in keep:
                self._fill_court(case)
        finally:
            self._filling = False
        self._fill_headings()
        self._update_enabled()
        self.ctx.run(teams_read.team_members, case.team_id, case.received_on, on_done=self._members_arrived)
        self.loaded.emit()

    def _fill_intake(self, case: m.Case) -> None:
        f = self.intake
        with f.loading():
            f.widget("code").setText(case.code)  # type: ignore[attr-defined]
            set_combo_value(f.widget("team_id"), case.team_id)  # type: ignore[arg-type]
            f.widget("received_on").set_value(case.received_on)  # type: ignore[attr-defined]
            set_combo_value(f.widget("basis"), case.basis)  # type: ignore[arg-type]
            set_combo_value(f.widget("category"), case.category)  # type: ignore[arg-type]
            f.widget("subtype").setText(case.subtype or "")  # type: ignore[attr-defined]
            f.widget("guidance").setPlainText(case.guidance or "")  # type: ignore[attr-defined]
            f.widget("summary").setPlainText(case.summary or "")  # type: ignore[attr-defined]
            f.widget("place").setText(case.place or "")  # type: ignore[attr-defined]
            f.widget("is_public").setChecked(case.is_public)  # type: ignore[attr-defined]
            f.widget("immediate").setChecked(case.immediate)  # type: ignore[attr-defined]
            f.widget("notes").setPlainText(case.notes or "")  # type: ignore[attr-defined]
            for key in ("subtype", "place"):
                f.widget(key).setCursorPosition(0)  # type: ignore[attr-defined]
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
        self._extra_dirty.discard(INTAKE)
        self._category_changed()

    def _fill_mediators(self, case: m.Case) -> None:
        self.assigned.setRowCount(0)
        for a in case.assignments:
            row = self.assigned.rowCount()
            self.assigned.insertRow(row)
            self.assigned.setItem(row, 0, _item(a.mediator.full_name, a.mediator_id))
            self.assigned.setItem(row, 1, _item(format_date(a.assigned_on)))
            self.assigned.setItem(row, 2, _item(a.recusal_note or (_("Yes") if a.recusal_override else "")))
        self.unassign_button.setEnabled(bool(case.assignments))
        with self.assign_form.loading():
            first = rules.first_assignment(case)
            self.assign_form.widget("assigned_on").set_value(first or common.today())  # type: ignore[attr-defined]
        self.assign_form.set_clean()
        self._fill_member_table()
        self._extra_dirty.discard(MEDIATORS)

    def _members_arrived(self, members: list[teams_read.MemberChoice]) -> None:
        self.members = members
        self._filling = True
        try:
            self._fill_member_table()
        finally:
            self._filling = False
        self._extra_dirty.discard(MEDIATORS)

    def _fill_member_table(self) -> None:
        assigned = {a.mediator_id: a for a in self.case.assignments} if self.case is not None else {}
        table = self.member_table
        table.blockSignals(True)
        table.setRowCount(0)
        for mc in self.members:
            row = table.rowCount()
            table.insertRow(row)
            born = f", {mc.birth_year}" if mc.birth_year else ""
            lead = " — " + _("team leader") if mc.leader else ""
            pick = _item(f"{mc.name}{born}{lead}", mc.id)
            pick.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            pick.setCheckState(Qt.CheckState.Checked if mc.id in assigned else Qt.CheckState.Unchecked)
            override = _item("")
            override.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            a = assigned.get(mc.id)
            override.setCheckState(
                Qt.CheckState.Checked if a is not None and a.recusal_override else Qt.CheckState.Unchecked
            )
            note = _item(a.recusal_note or "" if a is not None else "")
            table.setItem(row, 0, pick)
            table.setItem(row, 1, override)
            table.setItem(row, 2, note)
        table.blockSignals(False)
        table.resizeColumnToContents(1)

    def _fill_sessions(self, case: m.Case, *, clear_form: bool) -> None:
        self.sessions.setRowCount(0)
        for sess in case.sessions:
            row = self.sessions.rowCount()
            self.sessions.insertRow(row)
            self.sessions.setItem(row, 0, _item(format_date(sess.held_on), sess.id))
            self.sessions.setItem(row, 1, _item(sess.place or ""))
            self.sessions.setItem(row, 2, _item(sess.note or ""))
        self.remove_session_button.setEnabled(bool(case.sessions))
        deadline = rules.session_deadline(case)
        if deadline is None:
            self.session_deadline.setText(_("No mediator is assigned yet."))
        elif case.immediate:
            self.session_deadline.setText(_("Mediated on the spot: the 3-day rule does not apply."))
        else:
            self.session_deadline.setText(
                _(
                    "First assigned on {assigned}: the first session is due by {deadline} (Article 20)."
                ).format(assigned=format_date(rules.first_assignment(case)), deadline=format_date(deadline))
            )
        if clear_form:
            with self.session_form.loading():
                for key in ("held_on", "place", "note"):
                    w = self.session_form.widget(key)
                    w.clear()  # type: ignore[attr-defined]
            self.session_form.set_clean()

    def _fill_outcome(self, case: m.Case) -> None:
        f = self.outcome
        for edit in self.position_edits.values():
            edit.deleteLater()
        while self.positions_layout.count():
            item = self.positions_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.position_edits = {}
        for n, party in enumerate(case.parties):
            label = QLabel(party.name)
            edit = _multi(2)
            edit.setObjectName(f"position_{n}")
            edit.setAccessibleName(_("Position of {name}").format(name=party.name))
            edit.setPlainText(party.position or "")
            edit.textChanged.connect(lambda: self._mark(OUTCOME))
            edit.installEventFilter(f._enter)
            self.positions_layout.addWidget(label, n, 0)
            self.positions_layout.addWidget(edit, n, 1)
            self.position_edits[party.id] = edit
        with f.loading():
            set_combo_value(f.widget("result"), case.result)  # type: ignore[arg-type]
            f.widget("ended_on").set_value(case.ended_on)  # type: ignore[attr-defined]
            set_combo_value(f.widget("end_reason"), case.end_reason)  # type: ignore[arg-type]
            f.widget("agreement").setPlainText(case.agreement or "")  # type: ignore[attr-defined]
            f.widget("rights_obligations").setPlainText(case.rights_obligations or "")  # type: ignore[attr-defined]
            f.widget("execution_method").setPlainText(case.execution_method or "")  # type: ignore[attr-defined]
            f.widget("referral").setPlainText(case.referral or "")  # type: ignore[attr-defined]
        f.set_clean()
        self._extra_dirty.discard(OUTCOME)
        self.reopen_button.setEnabled(case.result is not None)
        self._result_changed()

    def _fill_follow_ups(self, case: m.Case, *, clear_form: bool) -> None:
        self.follow_ups.setRowCount(0)
        for entry in case.follow_ups:
            row = self.follow_ups.rowCount()
            self.follow_ups.insertRow(row)
            self.follow_ups.setItem(row, 0, _item(format_date(entry.on), entry.id))
            self.follow_ups.setItem(row, 1, _item(entry.status.label()))
            self.follow_ups.setItem(row, 2, _item(entry.note or ""))
        self.remove_follow_up_button.setEnabled(bool(case.follow_ups))
        if case.result == Result.THANH:
            n = len(case.follow_ups)
            self.follow_note.setText(
                ngettext(
                    "{n} follow-up entry on how the agreement is carried out.",
                    "{n} follow-up entries on how the agreement is carried out.",
                    n,
                ).format(n=n)
            )
        else:
            self.follow_note.setText(_("Follow-up is recorded only for successful mediations."))
        if clear_form:
            with self.follow_form.loading():
                self.follow_form.widget("on").clear()  # type: ignore[attr-defined]
                self.follow_form.widget("note").clear()  # type: ignore[attr-defined]
            self.follow_form.set_clean()

    def _fill_court(self, case: m.Case) -> None:
        deadline = rules.court_deadline(case)
        if deadline is None:
            text, style = _("Court recognition applies to successful mediations only."), ""
        else:
            left = (deadline - common.today()).days
            if case.court_filed_on is not None:
                text = _("Filed on {filed}; the deadline was {deadline}.").format(
                    filed=format_date(case.court_filed_on), deadline=format_date(deadline)
                )
                style = OK_STYLE
            elif left >= 0:
                text = ngettext(
                    "The parties can ask the court to recognise the agreement until {deadline} "
                    "(6 months after {ended}): {n} day left.",
                    "The parties can ask the court to recognise the agreement until {deadline} "
                    "(6 months after {ended}): {n} days left.",
                    left,
                ).format(deadline=format_date(deadline), ended=format_date(case.ended_on), n=left)
                style = WARN_STYLE if left <= rules.COURT_WARN_DAYS else OK_STYLE
            else:
                text = _(
                    "The 6-month deadline to ask the court for recognition passed on {deadline}."
                ).format(deadline=format_date(deadline))
                style = BAD_STYLE
        self.court_deadline.setText(text)
        self.court_deadline.setStyleSheet(style)
        f = self.court_form
        with f.loading():
            f.widget("court_filed_on").set_value(case.court_filed_on)  # type: ignore[attr-defined]
            f.widget("court_name").setText(case.court_name or "")  # type: ignore[attr-defined]
            f.widget("decision").setText(case.court_decision or "")  # type: ignore[attr-defined]
        f.set_clean()

    # -- collecting ---------------------------------------------------------------------------------------

    def intake_input(self) -> cases.CaseInput:
        f = self.intake
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
            team_id=f.widget("team_id").currentData(),  # type: ignore[attr-defined]
            received_on=f.widget("received_on").value(),  # type: ignore[attr-defined]
            category=f.widget("category").currentData(),  # type: ignore[attr-defined]
            summary=text_value(f.widget("summary")),  # type: ignore[arg-type]
            basis=f.widget("basis").currentData(),  # type: ignore[attr-defined]
            code=text_value(f.widget("code")) or None,  # type: ignore[arg-type]
            subtype=text_value(f.widget("subtype")) or None,  # type: ignore[arg-type]
            place=text_value(f.widget("place")) or None,  # type: ignore[arg-type]
            is_public=f.widget("is_public").isChecked(),  # type: ignore[attr-defined]
            immediate=f.widget("immediate").isChecked(),  # type: ignore[attr-defined]
            guidance=text_value(f.widget("guidance")) or None,  # type: ignore[arg-type]
            notes=text_value(f.widget("notes")) or None,  # type: ignore[arg-type]
            parties=parties,
            invitees=invitees,
        )

    def assignment_input(self) -> tuple[list[int], dt.date | None, dict[int, str]]:
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
        return ids, self.assign_form.widget("assigned_on").value(), overrides  # type: ignore[attr-defined]

    def outcome_input(self) -> cases.OutcomeInput:
        f = self.outcome
        result = f.widget("result").currentData()  # type: ignore[attr-defined]
        return cases.OutcomeInput(
            result=result,
            ended_on=f.widget("ended_on").value(),  # type: ignore[attr-defined]
            end_reason=f.widget("end_reason").currentData(),  # type: ignore[attr-defined]
            agreement=text_value(f.widget("agreement")) or None,  # type: ignore[arg-type]
            rights_obligations=text_value(f.widget("rights_obligations")) or None,  # type: ignore[arg-type]
            execution_method=text_value(f.widget("execution_method")) or None,  # type: ignore[arg-type]
            referral=text_value(f.widget("referral")) or None,  # type: ignore[arg-type]
            positions={pid: text_value(edit) for pid, edit in self.position_edits.items()}
            if result == Result.KHONG_THANH
            else {},
        )

    # -- saving -------------------------------------------------------------------------------------------

    def save(self) -> None:
        """Save the current step (Ctrl+S)."""
        self.save_step(self.tabs.currentIndex())

    def save_step(self, step: int) -> bool:
        if self._saving is not None or not self.tabs.isTabEnabled(step):
            return False
        form = self.step_forms()[step]
        errors = form.input_errors()
        if step == INTAKE:
            errors.update({f"parties.{k}": v for k, v in self.parties.input_errors().items()})
        if errors:
            self._show_errors(step, errors)
            self.strip.show_lines([_("Check the highlighted fields.")], BAD_STYLE)
            return False
        case_id = self.case_id
        call: tuple[Any, ...]
        if step == INTAKE:
            data = self.intake_input()
            call = (cases.create_case, data) if case_id is None else (cases.update_case, case_id, data)
        elif step == MEDIATORS:
            ids, on, overrides = self.assignment_input()
            self._run(step, cases.assign_mediators, case_id, ids, on, recusal_overrides=overrides)
            return True
        elif step == SESSIONS:
            sf = self.session_form
            call = (
                cases.add_session,
                case_id,
                cases.SessionInput(
                    held_on=sf.widget("held_on").value(),  # type: ignore[attr-defined]
                    place=text_value(sf.widget("place")) or None,  # type: ignore[arg-type]
                    note=text_value(sf.widget("note")) or None,  # type: ignore[arg-type]
                ),
            )
        elif step == OUTCOME:
            call = (cases.record_outcome, case_id, self.outcome_input())
        elif step == FOLLOW_UP:
            ff = self.follow_form
            call = (
                cases.add_follow_up,
                case_id,
                cases.FollowUpInput(
                    on=ff.widget("on").value(),  # type: ignore[attr-defined]
                    status=ff.widget("status").currentData(),  # type: ignore[attr-defined]
                    note=text_value(ff.widget("note")) or None,  # type: ignore[arg-type]
                ),
            )
        else:
            cf = self.court_form
            call = (
                cases.set_court_recognition,
                case_id,
                cases.CourtInput(
                    filed_on=cf.widget("court_filed_on").value(),  # type: ignore[attr-defined]
                    court_name=text_value(cf.widget("court_name")) or None,  # type: ignore[arg-type]
                    decision=text_value(cf.widget("decision")) or None,  # type: ignore[arg-type]
                ),
            )
        self._run(step, *call)
        return True

    def _run(self, step: int, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._saving = step
        self._update_buttons()
        self.ctx.run(
            fn,
            *args,
            on_done=lambda outcome: self._saved(step, outcome),
            on_error=lambda exc: self._failed(step, exc),
            **kwargs,
        )

    def _saved(self, step: int, outcome: Any) -> None:
        self._saving = None
        created = self.case_id is None
        case = outcome.value
        self.step_forms()[step].set_clean()
        self._extra_dirty.discard(step)
        keep = tuple(s for s in self.dirty_steps() if s != step)
        self.show_case(case, keep=keep)
        lines = [w.message for w in outcome.warnings]
        if lines:
            self.strip.show_lines(lines, WARN_STYLE, header=_("Saved, with warnings:"))
        else:
            self.strip.show_lines([], OK_STYLE, header=_("Saved."))
        self.ctx.status(_("Case {code} saved.").format(code=case.code))
        self.saved.emit(case.id)
        if created and self.tabs.isTabEnabled(MEDIATORS):
            self.tabs.setCurrentIndex(MEDIATORS)
        self._continue_closing()

    def _failed(self, step: int, exc: BaseException) -> None:
        self._saving = None
        self._update_buttons()
        self._close_after = None
        if not isinstance(exc, UserError):
            self.ctx.show_error(exc, self)
            return
        self.ctx.not_saved(exc)  # the status bar must not keep an earlier "Case … saved."
        self.tabs.setCurrentIndex(step)
        self.strip.show_lines([], BAD_STYLE, header=exc.message)
        errors = dict(getattr(exc, "errors", {}) or {})
        self._show_errors(step, errors)

    def _show_errors(self, step: int, errors: dict[str, str]) -> None:
        form = self.step_forms()[step]
        aliases = {"recusal_note": "mediators", "category": "category", "status": "status"}
        plain: dict[str, str] = {}
        rows: dict[str, str] = {}
        for key, message in errors.items():
            if key.startswith("parties."):
                rows[key.removeprefix("parties.")] = message
                continue
            if key.startswith("invitees."):
                continue
            name = aliases.get(key, key)
            if name in form.fields:
                plain.setdefault(name, message)
        form.set_errors(plain)
        if step == INTAKE:
            self.parties.set_errors(rows)

    # -- smaller actions (each one transaction) -------------------------------------------------------------

    def _selected_data(self, table: QTableWidget) -> Any:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _unassign(self) -> None:
        mid = self._selected_data(self.assigned)
        if mid is not None and self.case_id is not None:
            self._run(MEDIATORS, cases.unassign_mediator, self.case_id, int(mid))

    def _remove_session(self) -> None:
        sid = self._selected_data(self.sessions)
        if sid is not None:
            self._run(SESSIONS, cases.remove_session, int(sid))

    def _remove_follow_up(self) -> None:
        fid = self._selected_data(self.follow_ups)
        if fid is not None:
            self._run(FOLLOW_UP, cases.remove_follow_up, int(fid))

    def _delete(self) -> None:
        """Delete a case entered by mistake (asked first); one transaction, in the audit log."""
        if self.case is None or self._saving is not None:
            return
        answer = confirm_delete(self, self.case.code)
        if not answer:
            return
        case_id = self.case.id

        def done(_result: Any) -> None:
            self._saving = None
            self.deleted.emit(case_id)
            self.case_id = None
            self._extra_dirty.clear()
            for form in self.step_forms():
                form.set_clean()
            super(CaseForm, self).reject()

        self._saving = INTAKE
        self.ctx.run(cases.delete_case, case_id, on_done=done, on_error=lambda exc: self._failed(INTAKE, exc))

    def _reopen(self) -> None:
        if self.case_id is not None:
            self._run(OUTCOME, cases.reopen_case, self.case_id)

    # -- closing ------------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc / Close: ask first when a step has edits that are not saved."""
        if self._saving is not None:
            return
        dirty = self.dirty_steps()
        if not dirty:
            super().reject()
            return
        choice = ask_unsaved(self)
        if choice == "cancel":
            return
        if choice == "discard":
            super().reject()
            return
        self._close_after = dirty
        self._continue_closing()

    def _continue_closing(self) -> None:
        if self._close_after is None:
            return
        pending = [s for s in self._close_after if s in self.dirty_steps()]
        if not pending:
            self._close_after = None
            super().reject()
            return
        self._close_after = pending
        if not self.save_step(pending[0]):
            self._close_after = None
