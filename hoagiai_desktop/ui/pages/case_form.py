"""The case form: one dialog whose tabs follow the Law's path (Điều 16–26) — intake, mediators, sessions, outcome,
follow-up, court recognition.

Each tab is one step and one save (Ctrl+S saves the current tab): one service call, one transaction, all or
nothing, recorded in the audit log by the storage layer. Warnings the services return are listed in the strip
at the top and do not block; a block or an input error is shown there as its sentence and under the field it
concerns, and nothing is written. Enter moves to the next field; Esc closes, asking first when a tab has edits.

This module is the dialog's shell: the tabs, the heading, which steps are open, loading, saving and closing. Each
step's fields live in their own module: ``case_form_intake`` (1), ``case_form_mediators`` (2),
``case_form_entries`` (3 sessions, 5 follow-up), ``case_form_outcome`` (4 outcome, 6 court recognition), with the
shared small widgets in ``case_form_widgets``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import Result
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import cases, cases_read, common, teams_read
from hoagiai_desktop.services.cases_read import CaseRecord
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.pages.case_form_entries import FollowUpStep, SessionsStep
from hoagiai_desktop.ui.pages.case_form_intake import IntakeStep
from hoagiai_desktop.ui.pages.case_form_mediators import MediatorsStep
from hoagiai_desktop.ui.pages.case_form_outcome import CourtStep, OutcomeStep
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.widgets.fit import available_area
from hoagiai_desktop.ui.widgets.forms import RecordForm, is_confirm_key
from hoagiai_desktop.ui.widgets.unsaved import ask_unsaved

if TYPE_CHECKING:
    from hoagiai_desktop.storage.database import Database

INTAKE, MEDIATORS, SESSIONS, OUTCOME, FOLLOW_UP, COURT = range(6)
STEP_TITLES: tuple[Callable[[], str], ...] = (
    lambda: _("1. Intake"),
    lambda: _("2. Mediators"),
    lambda: _("3. Sessions"),
    lambda: _("4. Outcome"),
    lambda: _("5. Follow-up"),
    lambda: _("6. Court recognition"),
)


def confirm_delete(parent: QWidget, code: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _("Delete case"),
        _("Delete the case {code} with its parties, sessions and follow-up? This cannot be undone.").format(
            code=code
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


def write_then_read(
    db: Database, write: Callable[..., common.Outcome[Any]], *args: Any, **kwargs: Any
) -> common.Outcome[tuple[CaseRecord, list[str]]]:
    """On the worker: one step's write, then the case as the form shows it (read after the commit) and the
    warnings the write returned, with the write's Changes. Only the case's id is taken from what it returns."""
    outcome = write(db, *args, **kwargs)
    shown = cases_read.case_record(db, int(outcome.value.id)), [w.message for w in outcome.warnings]
    return common.Outcome(shown, changes=outcome.changes)


class CaseForm(QDialog):
    """Create or edit one case. ``saved(case_id)`` after every successful save."""

    saved = Signal(int)
    deleted = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: UiContext, case_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.case: CaseRecord | None = None
        self.teams: list[teams_read.TeamChoice] = []
        self._extra_dirty: set[int] = set()
        self._saving: int | None = None
        self._close_after: list[int] | None = None
        self._shown = False
        self._filling = False
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
        self.intake = IntakeStep(edited=lambda: self._mark(INTAKE))
        self.mediators = MediatorsStep(edited=lambda: self._mark(MEDIATORS))
        self.sessions = SessionsStep()
        self.outcome = OutcomeStep(edited=lambda: self._mark(OUTCOME))
        self.follow_up = FollowUpStep()
        self.court = CourtStep()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_steps")
        for step in (self.intake, self.mediators, self.sessions, self.outcome, self.follow_up, self.court):
            self.tabs.addTab(step.page, "")
        self.intake.delete_button.clicked.connect(self._delete)
        self.mediators.unassign_button.clicked.connect(self._unassign)
        self.sessions.remove_button.clicked.connect(self._remove_session)
        self.outcome.reopen_button.clicked.connect(self._reopen)
        self.follow_up.remove_button.clicked.connect(self._remove_follow_up)

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
            self.intake.start_new(common.today())
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

    def step_forms(self) -> list[RecordForm]:
        return [
            self.intake.form,
            self.mediators.form,
            self.sessions.form,
            self.outcome.form,
            self.follow_up.form,
            self.court.form,
        ]

    # -- language -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        for i, title in enumerate(STEP_TITLES):
            self.tabs.setTabText(i, title())
        for step in (self.intake, self.mediators, self.sessions, self.outcome, self.follow_up, self.court):
            step.retranslate()
        self.close_button.setText(_("Close (Esc)"))
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
        state_text = _("Out of scope") if case.state is None else case.state.label()
        self.heading.setText(
            _("Case {code} — {team} — {state}").format(code=case.code, team=case.team_name, state=state_text)
        )
        self.setWindowTitle(_("Case {code}").format(code=case.code))

    # -- state --------------------------------------------------------------------------------------------

    def _mark(self, step: int) -> None:
        if not self._filling:
            self._extra_dirty.add(step)

    def dirty_steps(self) -> list[int]:
        return [i for i, form in enumerate(self.step_forms()) if form.dirty or i in self._extra_dirty]

    def is_dirty(self) -> bool:
        return bool(self.dirty_steps())

    def _update_enabled(self) -> None:
        case = self.case
        exists = case is not None
        in_scope = case is not None and case.in_scope
        success = case is not None and case.result == Result.THANH
        self.intake.delete_button.setVisible(exists)
        self.tabs.setTabEnabled(MEDIATORS, in_scope)
        self.tabs.setTabEnabled(SESSIONS, in_scope)
        self.tabs.setTabEnabled(OUTCOME, in_scope)
        self.tabs.setTabEnabled(FOLLOW_UP, success)
        self.tabs.setTabEnabled(COURT, success)
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.case_id is not None:
            self.ctx.run(cases_read.case_record, self.case_id, on_done=self.show_case)

    def _teams_arrived(self, teams: list[teams_read.TeamChoice]) -> None:
        self.teams = teams
        self.intake.fill_teams(teams, self.case.team_id if self.case is not None else None)

    def show_case(self, case: CaseRecord, keep: tuple[int, ...] = ()) -> None:
        """Fill every step from the stored case (steps in ``keep`` keep what was typed)."""
        self.case = case
        self.case_id = case.id
        self._filling = True
        try:
            if INTAKE not in keep:
                self.intake.fill(case)
                self._extra_dirty.discard(INTAKE)
            if MEDIATORS not in keep:
                self.mediators.fill(case)
                self._extra_dirty.discard(MEDIATORS)
            self.sessions.fill(case, clear_form=SESSIONS not in keep)
            if OUTCOME not in keep:
                self.outcome.fill(case)
                self._extra_dirty.discard(OUTCOME)
            self.follow_up.fill(case, clear_form=FOLLOW_UP not in keep)
            if COURT not in keep:
                self.court.fill(case)
        finally:
            self._filling = False
        self._fill_headings()
        self._update_enabled()
        self.ctx.run(teams_read.team_members, case.team_id, case.received_on, on_done=self._members_arrived)
        self.loaded.emit()

    def _members_arrived(self, members: list[teams_read.MemberChoice]) -> None:
        self._filling = True
        try:
            self.mediators.set_members(members)
        finally:
            self._filling = False
        self._extra_dirty.discard(MEDIATORS)

    # -- saving -------------------------------------------------------------------------------------------

    def save(self) -> None:
        """Save the current step (Ctrl+S)."""
        self.save_step(self.tabs.currentIndex())

    def save_step(self, step: int) -> bool:
        if self._saving is not None or not self.tabs.isTabEnabled(step):
            return False
        errors = self.intake.input_errors() if step == INTAKE else self.step_forms()[step].input_errors()
        if errors:
            self._show_errors(step, errors)
            self.strip.show_lines([_("Check the highlighted fields.")], BAD_STYLE)
            return False
        case_id = self.case_id
        if step == INTAKE:
            data = self.intake.input()
            if case_id is None:
                self._run(step, cases.create_case, data)
            else:
                self._run(step, cases.update_case, case_id, data)
        elif step == MEDIATORS:
            ids, on, overrides = self.mediators.input()
            self._run(step, cases.assign_mediators, case_id, ids, on, recusal_overrides=overrides)
        elif step == SESSIONS:
            self._run(step, cases.add_session, case_id, self.sessions.input())
        elif step == OUTCOME:
            self._run(step, cases.record_outcome, case_id, self.outcome.input())
        elif step == FOLLOW_UP:
            self._run(step, cases.add_follow_up, case_id, self.follow_up.input())
        else:
            self._run(step, cases.set_court_recognition, case_id, self.court.input())
        return True

    def _run(self, step: int, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._saving = step
        self._update_buttons()
        run_op(
            self.ctx,
            write_then_read,
            fn,
            *args,
            parent=self,
            on_done=lambda saved: self._saved(step, saved.value),
            on_error=lambda exc: self._failed(step, exc),
            **kwargs,
        )

    def _saved(self, step: int, saved: tuple[CaseRecord, list[str]]) -> None:
        self._saving = None
        created = self.case_id is None
        case, lines = saved
        self.step_forms()[step].set_clean()
        self._extra_dirty.discard(step)
        keep = tuple(s for s in self.dirty_steps() if s != step)
        self.show_case(case, keep=keep)
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
            self.intake.parties.set_errors(rows)

    # -- smaller actions (each one transaction) -------------------------------------------------------------

    def _unassign(self) -> None:
        mid = self.mediators.selected_mediator()
        if mid is not None and self.case_id is not None:
            self._run(MEDIATORS, cases.unassign_mediator, self.case_id, mid)

    def _remove_session(self) -> None:
        sid = self.sessions.selected_session()
        if sid is not None:
            self._run(SESSIONS, cases.remove_session, sid)

    def _remove_follow_up(self) -> None:
        fid = self.follow_up.selected_entry()
        if fid is not None:
            self._run(FOLLOW_UP, cases.remove_follow_up, fid)

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
        run_op(
            self.ctx, cases.delete_case, case_id, on_done=done, on_error=lambda exc: self._failed(INTAKE, exc)
        )

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
