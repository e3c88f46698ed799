"""Hòa giải viên: the register of mediators (thousands in a province), their teams, history, trainings, cases."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from hoagiai_desktop.domain.enums import Background, LegalQualification, Sex
from hoagiai_desktop.domain.ethnic import KINH
from hoagiai_desktop.i18n import _, format_date, format_number, ngettext
from hoagiai_desktop.services import mediators_read, registry, teams_read, villages_read
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.dialogs import ElectLeaderDialog, RecognitionDialog, TerminationDialog
from hoagiai_desktop.ui.pages.detail import (
    DetailPanel,
    button_grid,
    decision_text,
    membership_columns,
    related_table,
)
from hoagiai_desktop.ui.pages.list_page import ListPage
from hoagiai_desktop.ui.widgets.filter_bar import FilterBar
from hoagiai_desktop.ui.widgets.forms import (
    DateField,
    YearField,
    enum_combo,
    set_combo_value,
    text_value,
)
from hoagiai_desktop.ui.widgets.lazy_table import Column, RowsTableModel


class MediatorDetail(DetailPanel):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx, columns=1)
        f = self.form
        self.code = f.add("code", lambda: _("Code"), QLineEdit())
        self.full_name = f.add("full_name", lambda: _("Full name"), QLineEdit(), required=True)
        self.birth_year = f.add("birth_year", lambda: _("Year of birth"), YearField())
        self.birth_date = f.add("birth_date", lambda: _("Date of birth"), DateField())
        self.sex = f.add("sex", lambda: _("Sex"), enum_combo(Sex, allow_empty=True), required=True)
        self.ethnicity = f.add("ethnicity", lambda: _("Ethnicity"), QLineEdit())
        self.address = f.add("address", lambda: _("Permanent address"), QLineEdit())
        self.phone = f.add("phone", lambda: _("Phone"), QLineEdit())
        self.qualification = f.add(
            "legal_qualification", lambda: _("Legal qualification"), enum_combo(LegalQualification)
        )
        self.background = f.add(
            "background", lambda: _("Background"), enum_combo(Background, allow_empty=True)
        )
        self.community_role = f.add("community_role", lambda: _("Role in the community"), QLineEdit())
        self.notes = f.add("notes", lambda: _("Notes"), QPlainTextEdit())
        self.notes.setMaximumHeight(70)

        self.teams_box = QGroupBox()
        tb = QVBoxLayout(self.teams_box)
        self.memberships = RowsTableModel(
            [
                Column(
                    "team",
                    lambda: _("Team"),
                    lambda r: r.team_name,
                    tone=lambda r: None if r.active else "muted",
                ),
                Column("role", lambda: _("Role"), lambda r: r.role.label()),
                *membership_columns(),
                Column(
                    "termination",
                    lambda: _("Termination decision"),
                    lambda r: decision_text(r.termination_no, r.termination_date),
                ),
            ],
            parent=self,
        )
        self.memberships_view = related_table(self.memberships, "memberships")
        self.memberships_view.activated.connect(lambda _i: self._open_team())
        self.recognise_button = QPushButton()
        self.recognise_button.clicked.connect(self._recognise)
        self.leader_button = QPushButton()
        self.leader_button.clicked.connect(self._make_leader)
        self.end_button = QPushButton()
        self.end_button.clicked.connect(self._end)
        self.open_team_button = QPushButton()
        self.open_team_button.clicked.connect(self._open_team)
        tb.addLayout(
            button_grid([self.recognise_button, self.leader_button, self.end_button, self.open_team_button])
        )
        tb.addWidget(self.memberships_view)
        self.add_section(self.teams_box)

        self.training_box = QGroupBox()
        trb = QVBoxLayout(self.training_box)
        self.trainings = RowsTableModel(
            [
                Column("title", lambda: _("Training"), lambda r: r.title),
                Column("kind", lambda: _("Kind"), lambda r: r.kind.label()),
                Column("end", lambda: _("Ended"), lambda r: format_date(r.end_on)),
                Column("present", lambda: _("Present"), lambda r: _("Yes") if r.present else _("No")),
            ],
            parent=self,
        )
        self.trainings_view = related_table(self.trainings, "trainings")
        self.trainings_view.activated.connect(self._open_training)
        trb.addWidget(self.trainings_view)
        self.add_section(self.training_box)

        self.cases_box = QGroupBox()
        cb = QVBoxLayout(self.cases_box)
        self.cases = RowsTableModel(
            [
                Column("code", lambda: _("Case"), lambda r: r.code),
                Column("received", lambda: _("Received"), lambda r: format_date(r.received_on)),
                Column("category", lambda: _("Category"), lambda r: r.category.label()),
                Column(
                    "result",
                    lambda: _("Result"),
                    lambda r: r.result.label() if r.result else _("Not finished"),
                ),
                Column("team", lambda: _("Team"), lambda r: r.team_name),
            ],
            parent=self,
        )
        self.cases_view = related_table(self.cases, "cases")
        self.cases_view.activated.connect(self._open_case)
        cb.addWidget(self.cases_view)
        self.add_section(self.cases_box)
        self.retranslate()
        self.show_empty()

    def retranslate(self) -> None:
        super().retranslate()
        self.teams_box.setTitle(_("Teams and history"))
        self.recognise_button.setText(_("Recognise into a team…"))
        self.leader_button.setText(_("Make team leader…"))
        self.end_button.setText(_("End membership…"))
        self.open_team_button.setText(_("Open team"))
        self.training_box.setTitle(_("Trainings attended"))
        self.cases_box.setTitle(_("Cases handled"))
        for model in (self.memberships, self.trainings, self.cases):
            model.retranslate()

    def heading_text(self) -> str:
        md = self.detail
        return f"{md.full_name} ({md.code})" if md is not None else ""

    def new_heading_text(self) -> str:
        return _("New mediator")

    def empty_text(self) -> str:
        return _("Choose a mediator in the list, or press Ctrl+N to add one.")

    def field_map(self) -> dict[str, str]:
        return {}

    def load_fn(self, db: Any, record_id: int) -> Any:
        return mediators_read.mediator_detail(db, record_id)

    def fill(self, d: mediators_read.MediatorDetail) -> None:
        md = d
        self.code.setText(md.code)
        self.full_name.setText(md.full_name)
        self.birth_year.set_value(md.birth_year)
        self.birth_date.set_value(md.birth_date)
        set_combo_value(self.sex, md.sex)
        self.ethnicity.setText(md.ethnicity or "")
        self.address.setText(md.address or "")
        self.phone.setText(md.phone or "")
        set_combo_value(self.qualification, md.legal_qualification)
        set_combo_value(self.background, md.background)
        self.community_role.setText(md.community_role or "")
        self.notes.setPlainText(md.notes or "")
        self.memberships.set_rows(d.memberships)
        self.trainings.set_rows(d.trainings)
        self.cases.set_rows(d.cases)  # the tables' ColumnSizer widens the columns to the new rows
        status = []
        if not d.memberships:
            status.append(
                _("Not yet in a team: record the recognition decision to make the mediator a member.")
            )
        elif not any(r.active for r in d.memberships):
            status.append(_("Not an active member of any team."))
        self.messages.show_lines([*d.findings, *status])

    def clear_form(self) -> None:
        for w in (self.code, self.full_name, self.address, self.phone, self.community_role):
            w.clear()
        self.birth_year.clear()
        self.birth_date.clear()
        self.ethnicity.setText(KINH)
        self.sex.setCurrentIndex(0)
        self.qualification.setCurrentIndex(0)
        self.background.setCurrentIndex(0)
        self.notes.clear()
        for model in (self.memberships, self.trainings, self.cases):
            model.set_rows([])

    def collect(self) -> registry.MediatorInput:
        return registry.MediatorInput(
            full_name=text_value(self.full_name),
            sex=self.sex.currentData(),
            code=text_value(self.code) or None,
            birth_year=self.birth_year.value(),
            birth_date=self.birth_date.value(),
            ethnicity=text_value(self.ethnicity) or KINH,
            address=text_value(self.address) or None,
            phone=text_value(self.phone) or None,
            legal_qualification=self.qualification.currentData(),
            background=self.background.currentData(),
            community_role=text_value(self.community_role) or None,
            notes=text_value(self.notes) or None,
        )

    def create_fn(self, db: Any, data: Any) -> Any:
        return registry.create_mediator(db, data)

    def update_fn(self, db: Any, record_id: int, data: Any) -> Any:
        return registry.update_mediator(db, record_id, data)

    # -- memberships --------------------------------------------------------------------------------------

    def _selected(self) -> teams_read.MembershipRow | None:
        index = self.memberships_view.currentIndex()
        row = self.memberships.row_object(index.row()) if index.isValid() else None
        if row is None:
            active = [r for r in self.memberships.rows() if r.active]
            row = active[0] if len(active) == 1 else None
        return row if isinstance(row, teams_read.MembershipRow) else None

    def _run_dialog(self, dialog: Any, fn: Any, *args_of_dialog: Any) -> None:
        self.run_dialog(dialog, fn, *args_of_dialog, reload=True)

    def _recognise(self) -> None:
        if self.detail is None or not self.can_leave():
            return
        md = self.detail
        dialog = RecognitionDialog(self, self.ctx, mediator_id=md.id, mediator_name=md.full_name)
        self._run_dialog(dialog, registry.recognise, lambda d: d.value())

    def _make_leader(self) -> None:
        row = self._selected()
        if row is None or not row.active or self.detail is None:
            self.messages.show_lines([_("Select an active membership in the list first.")])
            return
        dialog = ElectLeaderDialog(self, [(self.detail.full_name, row.mediator_id)], row.mediator_id)
        self._run_dialog(
            dialog,
            registry.elect_leader,
            row.team_id,
            row.mediator_id,
            lambda d: d.since.value(),
            lambda d: d.votes.value(),
            lambda d: d.voters.value(),
        )

    def _end(self) -> None:
        row = self._selected()
        if row is None or not row.active:
            self.messages.show_lines([_("Select an active membership in the list first.")])
            return
        dialog = TerminationDialog(self, f"{row.mediator_name} — {row.team_name}")
        self._run_dialog(dialog, registry.terminate_membership, row.id, lambda d: d.value())

    def _open_team(self) -> None:
        row = self._selected()
        if row is not None:
            self.ctx.open_record("team", row.team_code)

    def _open_training(self, index: Any) -> None:
        row = self.trainings.row_object(index.row())
        if row is not None:
            self.ctx.open_record("training", row.code)

    def _open_case(self, index: Any) -> None:
        row = self.cases.row_object(index.row())
        if row is not None:
            self.ctx.open_record("case", row.code)


def _team_text(r: mediators_read.MediatorRow) -> str:
    """What is true of the mediator today: the teams (leader marked), left them all, or never yet in one."""
    if r.active:
        return r.teams + (" (" + _("leader") + ")" if r.leader else "")
    return _("Former") if r.ever_member else _("Not yet in a team")


class MediatorsPage(ListPage):
    kind = "mediator"
    own = Changes(mediators=True)
    ids_fn = staticmethod(mediators_read.mediator_ids)
    rows_fn = staticmethod(mediators_read.mediator_rows)
    code_fn = staticmethod(mediators_read.id_for_code)

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "name",
                lambda: _("Full name"),
                lambda r: r.full_name,
                tone=lambda r: None if r.active else "muted",
            ),
            Column(
                "teams",
                lambda: _("Team"),
                lambda r: _team_text(r),
                sortable=False,
                max_chars=40,
            ),
            Column(
                "trained",
                lambda: _("Trained"),
                lambda r: _("Yes") if r.trained else _("No"),
                sortable=False,
                tone=lambda r: None if r.trained else "warn",
            ),
            Column("birth_year", lambda: _("Born"), lambda r: r.birth_year),
            Column("sex", lambda: _("Sex"), lambda r: r.sex.label()),
            Column("ethnicity", lambda: _("Ethnicity"), lambda r: r.ethnicity),
            Column("code", lambda: _("Code"), lambda r: r.code),
        ]

    def extra_watches(self) -> Changes:
        return Changes(teams=True, villages=True, training=True, cases=True)

    def build_filters(self, bar: FilterBar) -> None:
        bar.add("village", lambda: _("Village"), [])
        bar.add("team", lambda: _("Team"), [])
        bar.add(
            "status",
            lambda: _("Status"),
            [
                (lambda: _("Active"), "active"),
                (lambda: _("Former"), "former"),
                (lambda: _("Not yet in a team"), "never"),
            ],
        )
        bar.add("sex", lambda: _("Sex"), [(s.label, s) for s in Sex])
        bar.add(
            "minority",
            lambda: _("Ethnic minority"),
            [(lambda: _("Yes"), True), (lambda: _("No"), False)],
        )
        bar.add("trained", lambda: _("Trained"), [(lambda: _("Yes"), True), (lambda: _("No"), False)])
        self._filter_combo: QComboBox = bar.combo("status")

    def refresh_choices(self) -> None:
        self.ctx.run(villages_read.village_choices, on_done=lambda c: self.filters.set_options("village", c))
        self.ctx.run(
            teams_read.team_choices,
            on_done=lambda c: self.filters.set_options("team", [(t.name, t.id) for t in c]),
        )

    def current_filter(self) -> mediators_read.MediatorFilter:
        v = self.filters.values()
        return mediators_read.MediatorFilter(
            query=self.search.text(),
            village_id=v.get("village"),
            team_id=v.get("team"),
            status=v.get("status"),
            sex=v.get("sex"),
            minority=v.get("minority"),
            trained=v.get("trained"),
            sort=self.sort_key,
            descending=self.sort_desc,
        )

    def make_detail(self) -> DetailPanel:
        return MediatorDetail(self.ctx)

    def page_title(self) -> str:
        return _("Mediators")

    def new_text(self) -> str:
        return _("New mediator")

    def count_text(self, n: int) -> str:
        return ngettext("{n} mediator", "{n} mediators", n).format(n=format_number(n))
