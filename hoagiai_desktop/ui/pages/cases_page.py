"""Vụ việc: the logbook of every team as one list, filtered and searched in the database, opened in the case form.

The list is a :class:`LazyTableModel` over case ids that come from :func:`cases_read.case_ids` already filtered
and sorted (newest received first by default); rows are fetched in blocks on the worker thread. States are taken
"as of" the chosen period's end (today when no period is chosen), like the dashboard and ``hoagiai stats``; the
"needs attention" column and filter are about today whatever the period. The page reads only through
:mod:`hoagiai_desktop.services.cases_read` (no models, no SQL).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from hoagiai_desktop.i18n import _, format_date, format_number, ngettext
from hoagiai_desktop.services import cases_read, common, teams_read
from hoagiai_desktop.services.cases_read import CaseFilter, CaseRow, CaseState, Category
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.widgets.columns import ColumnSizer
from hoagiai_desktop.ui.widgets.filter_bar import FilterBar
from hoagiai_desktop.ui.widgets.lazy_table import Column, LazyTableModel
from hoagiai_desktop.ui.widgets.search_box import SearchBox

STATE_TONES = {CaseState.THANH: "ok", CaseState.KHONG_THANH: "warn"}


def state_label(state: CaseState | str | None) -> str:
    """The state in words; None is an out-of-scope case (it has no state)."""
    if state is None:
        return _("Out of scope")
    if isinstance(state, CaseState):  # as the lists give it: no folding of text for every cell painted
        return state.label()
    found = CaseState.parse(state)
    return found.label() if found is not None else str(state)


def period_options(today: dt.date) -> list[tuple[Any, str]]:
    """The periods a list can be limited to (label function, period code)."""
    y = today.year
    return [
        (lambda: _("This year"), str(y)),
        (lambda: _("First half of this year"), f"{y}-H1"),
        (lambda: _("Last year"), str(y - 1)),
        (lambda: _("First half of last year"), f"{y - 1}-H1"),
    ]


def case_columns() -> list[Column]:
    return [
        Column("code", lambda: _("Code"), lambda r: r.code),
        Column("received_on", lambda: _("Received"), lambda r: format_date(r.received_on)),
        Column("team", lambda: _("Team"), lambda r: r.team_name),
        Column("category", lambda: _("Category"), lambda r: r.category.label()),
        Column(
            "state",
            lambda: _("State"),
            lambda r: state_label(r.state),
            tone=lambda r: STATE_TONES.get(r.state) if r.state is not None else None,
        ),
        Column("parties", lambda: _("Parties"), lambda r: r.parties, sortable=False, max_chars=44),
        Column("mediators", lambda: _("Mediators"), lambda r: r.mediators, sortable=False, max_chars=44),
        Column("summary", lambda: _("Content"), lambda r: r.summary, sortable=False, long=36),
        Column(
            "attention",
            lambda: _("Needs attention"),
            lambda r: r.attention or ("⚠ " + r.warnings[0] if r.warnings else ""),
            sortable=False,
            tooltip=lambda r: "\n".join(r.warnings) or None,
            tone=lambda r: "warn" if r.attention else None,
            long=36,
        ),
    ]


class CasesPage(Page):
    watches = Changes(cases=True, teams=True, mediators=True)
    ids_loaded = Signal(int)  # number of cases now listed (tests and the benchmark wait on it)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._generation = 0
        self._sort = ("received_on", True)
        self._rows_as_of = common.today()
        self.forms: list[Any] = []

        self.title = page_title_label()
        self.search = SearchBox()
        self.search.setObjectName("case_search")
        self.search.search_changed.connect(lambda _t: self.reload_ids())
        self.new_button = QPushButton()
        self.new_button.setObjectName("new_case")
        self.new_button.clicked.connect(self.new_record)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_current)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_excel")
        self.export_button.clicked.connect(self.export_excel)

        today = common.today()
        self.filters = FilterBar()
        self.filters.add("team", lambda: _("Team"), [])
        self.filters.add("category", lambda: _("Category"), [(c.label, c.value) for c in Category])
        self.filters.add("state", lambda: _("State"), [(s.label, s.value) for s in CaseState])
        self.filters.add("period", lambda: _("Period"), period_options(today))
        self.filters.add("attention", lambda: _("Needs attention"), [(lambda: _("Yes"), True)])
        self.filters.changed.connect(self.reload_ids)

        self.model = LazyTableModel(case_columns(), ctx.worker, self._load_rows, parent=self)
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # = self._sort
        # connected only now: enabling the sorting and setting its indicator each asked for the whole ordered list
        # of ids — two queries of every case, run to their end on the worker and thrown away, before the one the
        # page's first showing asks for (they held the worker and the interpreter while the page was painted)
        self.model.sort_requested.connect(self._sort_requested)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.sizer = ColumnSizer(self.table, self.model.columns, ctx.settings, "case")
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.count = QLabel()
        self.count.setObjectName("case_count")
        self.as_of_label = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        top.addWidget(self.open_button)
        top.addWidget(self.export_button)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.as_of_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()

    # -- page contract ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Cases"))
        self.new_button.setText(_("New case (Ctrl+N)"))
        self.open_button.setText(_("Open"))
        self.export_button.setText(_("Export to Excel"))
        self.export_button.setToolTip(
            _("Save this list as it is shown (search, filters, order) as an Excel file")
        )
        self.search.retranslate()
        self.search.setPlaceholderText(_("Search code, parties, content (Ctrl+F) — accents not needed"))
        self.filters.retranslate()
        self.model.retranslate()
        self._update_count()

    def refresh(self) -> None:
        self.ctx.run(teams_read.team_choices, on_done=self._teams_arrived)
        self.reload_ids()

    def open_record(self, code: str) -> None:
        self.ctx.run(cases_read.case_id_for_code, code, on_done=lambda cid: self._open_found(cid, code))

    def new_record(self) -> None:
        self._show_form(None)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def cancel(self) -> None:
        if self.search.text():
            self.search.clear()
            self.search.flush()

    # -- list ---------------------------------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        v = self.filters.values()
        return CaseFilter(
            team_id=v["team"],
            category=Category.parse(v["category"]),  # the bar holds the codes
            state=CaseState.parse(v["state"]),
            period=cases_read.period_of(v["period"]),
            needs_attention=True if v["attention"] else None,
            query=self.search.text(),
            sort=self._sort[0],
            descending=self._sort[1],
        )

    def as_of(self) -> dt.date:
        """The day the listed states are judged on (the period's end, never after today)."""
        return cases_read.states_on(self.current_filter())

    def _load_rows(self, db: Any, ids: list[int]) -> dict[int, CaseRow]:
        return cases_read.case_rows(db, ids, self._rows_as_of)

    def reload_ids(self) -> None:
        self._generation += 1
        generation = self._generation
        f = self.current_filter()
        self._rows_as_of = cases_read.states_on(f)
        self.ctx.run(cases_read.case_ids, f, on_done=lambda ids: self._ids_arrived(generation, ids))

    def _ids_arrived(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        self.model.invalidate()
        self.model.set_ids(ids)
        self._update_count()
        self.ids_loaded.emit(len(ids))

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} case", "{n} cases", n).format(n=format_number(n)))
        self.as_of_label.setText(_("States as of {date}").format(date=format_date(self.as_of())))

    def export_excel(self) -> Any:
        """Save the list as it is shown — current search, filters, sort and "as of" date, every row — as .xlsx."""
        from hoagiai_desktop.ui.list_export import export_rows_dialog, lazy_list_fetcher

        as_of = self.as_of()
        columns = case_columns()

        def rows(db: Any, ids: list[int]) -> dict[int, CaseRow]:
            return cases_read.case_rows(db, ids, as_of)

        fetch = lazy_list_fetcher(
            cases_read.case_ids, rows, self.current_filter(), [c.value for c in columns]
        )
        return export_rows_dialog(self.ctx, self, _("Cases"), [c.title() for c in columns], fetch)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.reload_ids()

    def _teams_arrived(self, teams: list[teams_read.TeamChoice]) -> None:
        self.filters.set_options("team", [(f"{t.name} ({t.code})", t.id) for t in teams])

    # -- opening ------------------------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        case_id = self.model.id_at(row)
        if case_id is not None:
            self._show_form(case_id)

    def _open_found(self, case_id: int | None, code: str) -> None:
        if case_id is None:
            self.ctx.status(_("No case has the code {code}.").format(code=code))
            return
        self._show_form(case_id)

    def _show_form(self, case_id: int | None) -> Any:
        from hoagiai_desktop.ui.pages.case_form import CaseForm

        form = CaseForm(self.ctx, case_id, parent=self)
        form.finished.connect(lambda _r, f=form: self._form_closed(f))
        self.forms.append(form)
        form.open()
        return form

    def _form_closed(self, form: Any) -> None:
        if form in self.forms:
            self.forms.remove(form)
        form.deleteLater()
        row = self.model.row_of(form.case_id) if form.case_id is not None else None
        if row is not None:
            self.table.selectRow(row)
        self.table.setFocus()

    def on_data_changed(self, changes: Changes) -> None:
        if not changes.touches(self.watches):
            return
        if self.isVisible():
            self.model.invalidate()
            self.refresh()
            self._stale = False
        else:
            self._stale = True

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
