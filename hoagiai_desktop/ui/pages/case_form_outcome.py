"""Steps 4 and 6 of the case form: the outcome (Điều 23–24: result, how it ended, the agreement or each side's
position) and the court's recognition of a successful agreement (the 6-month deadline of BLTTDS Điều 418)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import CaseEndReason, Result
from hoagiai_desktop.i18n import _, format_date, ngettext
from hoagiai_desktop.services import cases, common
from hoagiai_desktop.services.cases_read import CaseRecord
from hoagiai_desktop.ui.pages.case_form_widgets import multi_line, scroll_page, show_field
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE
from hoagiai_desktop.ui.widgets.forms import DateField, RecordForm, enum_combo, set_combo_value, text_value


class OutcomeStep:
    """The outcome tab; a failed mediation records each side's position (one field per party).

    ``edited()`` is called when a position is typed (the form tracks its own fields)."""

    def __init__(self, edited: Callable[[], None]) -> None:
        self.edited = edited
        self.form = f = RecordForm()
        self.result = f.add(
            "result", lambda: _("Result"), enum_combo(Result, allow_empty=True), required=True
        )
        self.ended_on = f.add("ended_on", lambda: _("Date it ended"), DateField(), required=True)
        self.end_reason = f.add(
            "end_reason", lambda: _("How it ended (Article 23)"), enum_combo(CaseEndReason, allow_empty=True)
        )
        self.agreement = f.add("agreement", lambda: _("Agreement reached"), multi_line(4))
        self.rights_obligations = f.add(
            "rights_obligations", lambda: _("Rights and obligations"), multi_line(2)
        )
        self.execution_method = f.add(
            "execution_method", lambda: _("How and by when it is carried out"), multi_line(2)
        )
        self.referral = f.add("referral", lambda: _("Guided to (unsuccessful)"), multi_line(2))
        self.positions_box = QGroupBox()
        self.positions_layout = QGridLayout(self.positions_box)
        self.position_edits: dict[int, QPlainTextEdit] = {}
        f.add_widget(self.positions_box)
        self.reopen_button = QPushButton()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reopen_button)
        self.result.currentIndexChanged.connect(lambda _i: self.result_changed())
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(f)
        lay.addLayout(row)
        lay.addStretch(1)
        self.page = scroll_page(content)
        self.result_changed()

    def retranslate(self) -> None:
        self.form.retranslate()
        self.positions_box.setTitle(_("Position of each side"))
        self.reopen_button.setText(_("Reopen the case"))

    def result_changed(self) -> None:
        result = self.result.currentData()
        success = result == Result.THANH
        failure = result == Result.KHONG_THANH
        for key in ("agreement", "rights_obligations", "execution_method"):
            show_field(self.form, key, success or result is None)
        show_field(self.form, "referral", failure)
        self.positions_box.setVisible(failure and bool(self.position_edits))

    def _fill_positions(self, case: CaseRecord) -> None:
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
            edit = multi_line(2)
            edit.setObjectName(f"position_{n}")
            edit.setAccessibleName(_("Position of {name}").format(name=party.name))
            edit.setPlainText(party.position or "")
            edit.textChanged.connect(self.edited)
            edit.installEventFilter(self.form._enter)
            self.positions_layout.addWidget(label, n, 0)
            self.positions_layout.addWidget(edit, n, 1)
            self.position_edits[party.id] = edit

    def fill(self, case: CaseRecord) -> None:
        self._fill_positions(case)
        f = self.form
        with f.loading():
            set_combo_value(self.result, case.result)
            self.ended_on.set_value(case.ended_on)
            set_combo_value(self.end_reason, case.end_reason)
            self.agreement.setPlainText(case.agreement or "")
            self.rights_obligations.setPlainText(case.rights_obligations or "")
            self.execution_method.setPlainText(case.execution_method or "")
            self.referral.setPlainText(case.referral or "")
        f.set_clean()
        self.reopen_button.setEnabled(case.result is not None)
        self.result_changed()

    def input(self) -> cases.OutcomeInput:
        result = self.result.currentData()
        return cases.OutcomeInput(
            result=result,
            ended_on=self.ended_on.value(),
            end_reason=self.end_reason.currentData(),
            agreement=text_value(self.agreement) or None,
            rights_obligations=text_value(self.rights_obligations) or None,
            execution_method=text_value(self.execution_method) or None,
            referral=text_value(self.referral) or None,
            positions={pid: text_value(edit) for pid, edit in self.position_edits.items()}
            if result == Result.KHONG_THANH
            else {},
        )


def court_deadline_note(case: CaseRecord) -> tuple[str, str]:
    """The sentence on the 6-month deadline for the court's recognition, and its style."""
    deadline = case.court_deadline
    if deadline is None:
        return _("Court recognition applies to successful mediations only."), ""
    left = (deadline - common.today()).days
    if case.court_filed_on is not None:
        text = _("Filed on {filed}; the deadline was {deadline}.").format(
            filed=format_date(case.court_filed_on), deadline=format_date(deadline)
        )
        return text, OK_STYLE
    if left >= 0:
        text = ngettext(
            "The parties can ask the court to recognise the agreement until {deadline} "
            "(6 months after {ended}): {n} day left.",
            "The parties can ask the court to recognise the agreement until {deadline} "
            "(6 months after {ended}): {n} days left.",
            left,
        ).format(deadline=format_date(deadline), ended=format_date(case.ended_on), n=left)
        return text, WARN_STYLE if left <= rules.COURT_WARN_DAYS else OK_STYLE
    text = _("The 6-month deadline to ask the court for recognition passed on {deadline}.").format(
        deadline=format_date(deadline)
    )
    return text, BAD_STYLE


class CourtStep:
    """The court recognition tab: the deadline, then when and where it was filed and the decision."""

    def __init__(self) -> None:
        self.deadline = QLabel()
        self.deadline.setObjectName("court_deadline")
        self.deadline.setWordWrap(True)
        self.form = f = RecordForm()
        self.filed_on = f.add("court_filed_on", lambda: _("Filed at the court on"), DateField())
        self.court_name = f.add("court_name", lambda: _("Court"), QLineEdit())
        self.decision = f.add("decision", lambda: _("Decision"), QLineEdit())
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(self.deadline)
        lay.addWidget(f)
        lay.addStretch(1)
        self.page = scroll_page(content)

    def retranslate(self) -> None:
        self.form.retranslate()

    def fill(self, case: CaseRecord) -> None:
        text, style = court_deadline_note(case)
        self.deadline.setText(text)
        self.deadline.setStyleSheet(style)
        with self.form.loading():
            self.filed_on.set_value(case.court_filed_on)
            self.court_name.setText(case.court_name or "")
            self.decision.setText(case.court_decision or "")
        self.form.set_clean()

    def input(self) -> cases.CourtInput:
        return cases.CourtInput(
            filed_on=self.filed_on.value(),
            court_name=text_value(self.court_name) or None,
            decision=text_value(self.decision) or None,
        )
