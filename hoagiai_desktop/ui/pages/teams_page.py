"""Tổ hòa giải: the teams, their members, their leader, and their state against rule 3.1 in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from hoagiai_desktop.domain.enums import Background, Role
from hoagiai_desktop.i18n import _, format_date, format_number, ngettext
from hoagiai_desktop.services import registry, teams_read, villages_read
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.teams_read import MembershipRow, TeamRow
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.dialogs import DateDialog, ElectLeaderDialog, RecognitionDialog, TerminationDialog
from hoagiai_desktop.ui.pages.detail import (
    BAD_STYLE,
    OK_STYLE,
    DetailPanel,
    MessageStrip,
    button_grid,
    membership_columns,
    related_table,
)
from hoagiai_desktop.ui.pages.list_page import ListPage
from hoagiai_desktop.ui.widgets.filter_bar import FilterBar
from hoagiai_desktop.ui.widgets.forms import DateField, IntField, enum_combo, set_combo_value, text_value
from hoagiai_desktop.ui.widgets.lazy_table import Column, RowsTableModel


def member_columns() -> list[Column]:
    return [
        Column(
            "name",
            lambda: _("Full name"),
            lambda r: r.mediator_name,
            tone=lambda r: None if r.active else "muted",
        ),
        Column("role", lambda: _("Role"), lambda r: r.role.label()),
        Column("sex", lambda: _("Sex"), lambda r: r.sex.label()),
        Column("ethnicity", lambda: _("Ethnicity"), lambda r: r.ethnicity),
        *membership_columns(),
    ]


def _save_team(
    db: Any, team_id: int | None, data: registry.TeamInput, support: registry.LegalSupportInput
) -> Any:
    outcome = registry.create_team(db, data) if team_id is None else registry.update_team(db, team_id, data)
    team = outcome.value
    if bool(team.legal_support) != support.supported or (
        support.supported
        and (team.legal_support_name != support.name or team.legal_support_category != support.category)
    ):
        registry.set_legal_support(db, team.id, support)
    return outcome


class TeamDetail(DetailPanel):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx, columns=1)
        f = self.form
        self.code = f.add("code", lambda: _("Code"), QLineEdit())
        self.name = f.add("name", lambda: _("Team name"), QLineEdit(), required=True)
        self.village = f.add("village_id", lambda: _("Village"), QComboBox(), required=True)
        self.decision_no = f.add("decision_no", lambda: _("Founding decision no."), QLineEdit())
        self.decision_date = f.add("decision_date", lambda: _("Decision date"), DateField())
        self.planned = f.add("planned_size", lambda: _("Planned size"), IntField())
        self.supported = f.add("legal_support", lambda: _("Supported by a legal professional"), QCheckBox())
        self.support_name = f.add("legal_support_name", lambda: _("Supporter's name"), QLineEdit())
        self.support_category = f.add(
            "legal_support_category",
            lambda: _("Supporter's category"),
            enum_combo(Background, allow_empty=True),
        )
        self.notes = f.add("notes", lambda: _("Notes"), QPlainTextEdit())
        self.notes.setMaximumHeight(70)
        self.supported.toggled.connect(self._support_toggled)

        self.dissolve_button = QPushButton()
        self.dissolve_button.clicked.connect(self._dissolve)
        self.buttons.insertWidget(2, self.dissolve_button)

        self.compliance = MessageStrip()
        self.compliance.setObjectName("compliance")
        self.body.insertWidget(1, self.compliance)

        self.members_box = QGroupBox()
        box = QVBoxLayout(self.members_box)
        self.members = RowsTableModel(member_columns(), parent=self)
        self.members_view = related_table(self.members, "members", min_height=200, stretch_last=False)
        self.members_view.activated.connect(lambda _i: self._open_member())
        self.add_member = QPushButton()
        self.add_member.clicked.connect(self._add_member)
        self.elect = QPushButton()
        self.elect.clicked.connect(self._elect)
        self.end_member = QPushButton()
        self.end_member.clicked.connect(self._end_member)
        self.open_member = QPushButton()
        self.open_member.clicked.connect(self._open_member)
        box.addLayout(button_grid([self.add_member, self.elect, self.end_member, self.open_member]))
        box.addWidget(self.members_view)
        self.add_section(self.members_box)
        self.retranslate()
        self.show_empty()

    def retranslate(self) -> None:
        super().retranslate()
        self.dissolve_button.setText(_("Dissolve / merge…"))
        self.members_box.setTitle(_("Members"))
        self.add_member.setText(_("Recognise a member…"))
        self.elect.setText(_("Elect leader…"))
        self.end_member.setText(_("End membership…"))
        self.open_member.setText(_("Open mediator"))
        self.members.retranslate()
        if self.detail is not None:
            self._show_compliance(self.detail.row)

    def set_villages(self, choices: list[tuple[str, int]]) -> None:
        current = self.village.currentData()
        with self.form.loading():
            self.village.clear()
            self.village.addItem("—", None)
            for name, vid in choices:
                self.village.addItem(name, vid)
            set_combo_value(self.village, current)

    def _support_toggled(self, on: bool) -> None:
        self.support_name.setEnabled(on)
        self.support_category.setEnabled(on)

    def heading_text(self) -> str:
        t = self.detail
        return f"{t.name} ({t.code}) — {t.village_name}" if t is not None else ""

    def new_heading_text(self) -> str:
        return _("New mediation team")

    def empty_text(self) -> str:
        return _("Choose a team in the list, or press Ctrl+N to add one.")

    def load_fn(self, db: Any, record_id: int) -> Any:
        return teams_read.team_detail(db, record_id)

    def fill(self, d: teams_read.TeamDetail) -> None:
        t = d
        self.code.setText(t.code)
        self.name.setText(t.name)
        set_combo_value(self.village, t.village_id)
        self.decision_no.setText(t.decision_no or "")
        self.decision_date.set_value(t.decision_date)
        self.planned.set_value(t.planned_size)
        self.supported.setChecked(t.legal_support)
        self.support_name.setText(t.legal_support_name or "")
        set_combo_value(self.support_category, t.legal_support_category)
        self._support_toggled(t.legal_support)
        self.notes.setPlainText(t.notes or "")
        self.members.set_rows(d.members)  # the table's ColumnSizer widens the columns to the new rows
        self.dissolve_button.show()
        self._show_compliance(d.row)
        self.messages.show_lines([])

    def _show_compliance(self, row: TeamRow) -> None:
        if not row.active:
            when = format_date(row.dissolved_on) if row.dissolved_on is not None else ""
            self.compliance.show_lines([], BAD_STYLE, _("Dissolved or merged on {date}.").format(date=when))
        elif row.problems:
            self.compliance.show_lines(
                row.problems, BAD_STYLE, _("Does not meet the composition rule (Article 12):")
            )
        else:
            self.compliance.show_lines(
                [],
                OK_STYLE,
                _("Meets the composition rule: {n} members, {women} women, one team leader.").format(
                    n=row.members, women=row.women
                ),
            )

    def show_empty(self) -> None:
        super().show_empty()
        self.compliance.show_lines([])
        self.dissolve_button.hide()  # nothing to dissolve until a team is selected

    def start_new(self) -> None:
        super().start_new()
        self.compliance.show_lines([])

    def clear_form(self) -> None:
        for w in (self.code, self.name, self.decision_no, self.support_name):
            w.clear()
        self.decision_date.clear()
        self.planned.clear()
        self.village.setCurrentIndex(0)
        self.supported.setChecked(False)
        self.support_category.setCurrentIndex(0)
        self._support_toggled(False)
        self.notes.clear()
        self.members.set_rows([])
        self.dissolve_button.hide()

    def collect(self) -> tuple[registry.TeamInput, registry.LegalSupportInput]:
        data = registry.TeamInput(
            name=text_value(self.name),
            village_id=self.village.currentData(),
            code=text_value(self.code) or None,
            decision_no=text_value(self.decision_no) or None,
            decision_date=self.decision_date.value(),
            planned_size=self.planned.value(),
            notes=text_value(self.notes) or None,
        )
        support = registry.LegalSupportInput(
            supported=self.supported.isChecked(),
            name=text_value(self.support_name) or None,
            category=self.support_category.currentData(),
        )
        return data, support

    def create_fn(self, db: Any, data: Any) -> Any:
        return _save_team(db, None, *data)

    def update_fn(self, db: Any, record_id: int, data: Any) -> Any:
        return _save_team(db, record_id, *data)

    # -- member actions -----------------------------------------------------------------------------------

    def _selected_member(self) -> MembershipRow | None:
        index = self.members_view.currentIndex()
        row = self.members.row_object(index.row()) if index.isValid() else None
        return row if isinstance(row, MembershipRow) else None

    def _run_dialog(self, dialog: Any, fn: Any, *args_of_dialog: Any) -> None:
        self.run_dialog(dialog, fn, *args_of_dialog)

    def _add_member(self) -> None:
        if self.detail is None or not self.can_leave():
            return
        t = self.detail
        dialog = RecognitionDialog(self, self.ctx, team_id=t.id, team_name=t.name)
        self._run_dialog(dialog, registry.recognise, lambda d: d.value())

    def _elect(self) -> None:
        if self.detail is None:
            return
        active = [(r.mediator_name, r.mediator_id) for r in self.detail.members if r.active]
        if not active:
            self.messages.show_lines([_("The team has no active member to elect.")])
            return
        selected = self._selected_member()
        dialog = ElectLeaderDialog(self, active, selected.mediator_id if selected else None)
        team_id = self.detail.id
        self._run_dialog(
            dialog,
            registry.elect_leader,
            team_id,
            lambda d: d.member.currentData(),
            lambda d: d.since.value(),
            lambda d: d.votes.value(),
            lambda d: d.voters.value(),
        )

    def _end_member(self) -> None:
        row = self._selected_member()
        if row is None or not row.active:
            self.messages.show_lines([_("Select an active member in the list first.")])
            return
        dialog = TerminationDialog(self, f"{row.mediator_name} — {row.team_name}")
        self._run_dialog(dialog, registry.terminate_membership, row.id, lambda d: d.value())

    def _open_member(self) -> None:
        row = self._selected_member()
        if row is not None:
            self.ctx.open_record("mediator", row.mediator_code)

    def _dissolve(self) -> None:
        if self.detail is None or not self.can_leave():
            return
        dialog = DateDialog(
            self, _("Dissolve or merge the team"), _("Date of dissolution or merger"), key="dissolved_on"
        )
        team_id = self.detail.id
        self._run_dialog(
            dialog, registry.dissolve_team, team_id, lambda d: d.date(), lambda d: d.note_text() or None
        )


class TeamsPage(ListPage):
    kind = "team"
    own = Changes(teams=True)
    ids_fn = staticmethod(teams_read.team_ids)
    rows_fn = staticmethod(teams_read.team_rows)
    code_fn = staticmethod(teams_read.id_for_code)

    def make_columns(self) -> list[Column]:
        return [
            Column("name", lambda: _("Team"), lambda r: r.name),
            Column(
                "compliance",
                lambda: _("Composition"),
                lambda r: (
                    (_("Meets the rule") if r.compliant else _("Check: ") + r.problems[0])
                    if r.active
                    else _("Dissolved")
                ),
                sortable=False,
                tooltip=lambda r: "\n".join(r.problems) or None,
                tone=lambda r: "muted" if not r.active else ("ok" if r.compliant else "warn"),
                long=30,
            ),
            Column(
                "members",
                lambda: _("Members"),
                lambda r: r.members,
                Qt.AlignmentFlag.AlignRight,
                sortable=False,
            ),
            Column(
                "women", lambda: _("Women"), lambda r: r.women, Qt.AlignmentFlag.AlignRight, sortable=False
            ),
            Column("leader", lambda: _("Team leader"), lambda r: r.leader_name or "—", sortable=False),
            Column("village", lambda: _("Village"), lambda r: r.village_name),
            Column("code", lambda: _("Code"), lambda r: r.code),
        ]

    def extra_watches(self) -> Changes:
        return Changes(villages=True, mediators=True)

    def build_filters(self, bar: FilterBar) -> None:
        bar.add("village", lambda: _("Village"), [])
        bar.add(
            "status",
            lambda: _("Status"),
            [(lambda: _("Active"), "active"), (lambda: _("Dissolved"), "former")],
        )
        bar.add(
            "compliant",
            lambda: _("Composition"),
            [(lambda: _("Meets the rule"), True), (lambda: _("Does not meet the rule"), False)],
        )
        bar.add(
            "legal_support",
            lambda: _("Legal professional"),
            [(lambda: _("Supported"), True), (lambda: _("Not supported"), False)],
        )

    def refresh_choices(self) -> None:
        self.ctx.run(villages_read.village_choices, on_done=self._villages)

    def _villages(self, choices: list[tuple[str, int]]) -> None:
        self.filters.set_options("village", choices)
        assert isinstance(self.detail, TeamDetail)
        self.detail.set_villages(choices)

    def current_filter(self) -> teams_read.TeamFilter:
        v = self.filters.values()
        return teams_read.TeamFilter(
            query=self.search.text(),
            village_id=v.get("village"),
            status=v.get("status"),
            compliant=v.get("compliant"),
            legal_support=v.get("legal_support"),
            sort=self.sort_key,
            descending=self.sort_desc,
        )

    def make_detail(self) -> DetailPanel:
        return TeamDetail(self.ctx)

    def page_title(self) -> str:
        return _("Mediation teams")

    def new_text(self) -> str:
        return _("New team")

    def count_text(self, n: int) -> str:
        return ngettext("{n} team", "{n} teams", n).format(n=format_number(n))


__all__ = ["Role", "TeamDetail", "TeamsPage"]
