"""A searchable, sortable list on the left and the selected record's detail on the right.

Subclasses (villages, teams, mediators; usable by other pages too) provide:

* ``columns`` — :class:`Column` list; ``ids_fn(db, filter)`` / ``rows_fn(db, ids)`` — the lazy list queries; ``code_fn(db, code)`` — the id behind a code;
* ``build_filters(bar)`` and ``current_filter(query, sort, descending)`` — the filter dataclass for ``ids_fn``;
* ``make_detail()`` — a :class:`DetailPanel`; ``count_text(n)`` — "{n} mediators".

The list re-queries ids when the search text (debounced) or a filter changes or a header is clicked; a late
answer to an older query is dropped. Selecting a row loads the record into the detail panel (asking first when
the panel has unsaved edits).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _, format_number
from hoagiai_desktop.services.changes import NOTHING, Changes
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import LIST_SHARE
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.detail import DetailPanel
from hoagiai_desktop.ui.widgets.columns import ColumnSizer
from hoagiai_desktop.ui.widgets.filter_bar import FilterBar
from hoagiai_desktop.ui.widgets.lazy_table import Column, LazyTableModel
from hoagiai_desktop.ui.widgets.search_box import SearchBox


class ListPage(Page):
    kind = ""  # record kind for open_record
    own: Changes = NOTHING  # the Changes flag of the records this page lists
    columns: list[Column]
    ids_fn: Callable[[Any, Any], list[int]]
    rows_fn: Callable[[Any, list[int]], Mapping[int, Any]]
    code_fn: Callable[[Any, str], int | None]  # the record's id from its code (links, ``--open``)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.columns = self.make_columns()
        self.watches = self.own | self.extra_watches()
        self.sort_key = "name"
        self.sort_desc = False
        self._ids_generation = 0
        self._pending_code: str | None = None
        self._pending_id: int | None = None
        self.loaded_once = False

        self.title = page_title_label()
        self.search = SearchBox()
        self.search.setObjectName("search")
        self.search.search_changed.connect(lambda _t: self.reload_ids())
        self.filters = FilterBar()
        self.build_filters(self.filters)
        self.filters.changed.connect(self.reload_ids)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_excel")
        self.export_button.clicked.connect(self.export_excel)
        self.count = QLabel()

        self.model = LazyTableModel(self.columns, ctx.worker, type(self).rows_fn, parent=self)
        self.table = QTableView()
        self.table.setObjectName("list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        if self.columns[0].sortable:  # the order the indicator shows
            self.sort_key, self.sort_desc = self.columns[0].key, False
        # connected only now: enabling the sorting and setting its indicator each asked for the whole ordered list
        # of ids — queries run to their end on the worker and thrown away before the one the page's first showing
        # asks for
        self.model.sort_requested.connect(self._sort)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.sizer = ColumnSizer(self.table, self.columns, ctx.settings, self.kind)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _i: self.detail.focus_first())

        self.detail: DetailPanel = self.make_detail()
        self.detail.saved.connect(self._saved)
        self.detail.deleted.connect(self._deleted)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.new_button)
        lv.addLayout(top)
        lv.addWidget(self.search)
        lv.addWidget(self.filters)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count)
        self.splitter = QSplitter()
        self.splitter.setObjectName(f"{self.kind}_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        # the list/detail split: the user's choice once dragged (as the list's share), else room for the columns
        self.splitter.splitterMoved.connect(self._split_moved)
        self._list_share: float | None = LIST_SHARE(self.kind).get(ctx.settings) or None
        self.splitter.setSizes([560, 640])
        # Tab goes search → filters → list → the detail form (then its buttons and sections)
        chain: list[QWidget] = [
            self.search,
            *(self.filters.combo(k) for k in self.filters.values()),
            self.table,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self._retranslate_base()

    # -- subclass hooks -----------------------------------------------------------------------------------

    def make_columns(self) -> list[Column]:
        raise NotImplementedError

    def extra_watches(self) -> Changes:
        """Other kinds shown in this page's rows or detail (a team's village, a mediator's cases…)."""
        return NOTHING

    def build_filters(self, bar: FilterBar) -> None:
        pass

    def current_filter(self) -> Any:
        raise NotImplementedError

    def make_detail(self) -> DetailPanel:
        raise NotImplementedError

    def page_title(self) -> str:
        return ""

    def new_text(self) -> str:
        return _("New")

    def count_text(self, n: int) -> str:
        return format_number(n)

    def refresh_choices(self) -> None:
        """Reload combo-box choices (villages, teams) used by the filters and the detail form."""

    # -- contract -----------------------------------------------------------------------------------------

    def _retranslate_base(self) -> None:
        self.title.setText(self.page_title())
        self.new_button.setText(self.new_text() + " (Ctrl+N)")
        self.export_button.setText(_("Export to Excel"))
        self.export_button.setToolTip(
            _("Save this list as it is shown (search, filters, order) as an Excel file")
        )
        self.search.retranslate()
        self.filters.retranslate()
        self.model.retranslate()
        self._update_count()

    def export_excel(self) -> None:
        """Save the list as it is shown — current search, filters and sort, every row — as an .xlsx file."""
        from hoagiai_desktop.ui.list_export import export_rows_dialog, lazy_list_fetcher

        fetch = lazy_list_fetcher(
            type(self).ids_fn, type(self).rows_fn, self.current_filter(), [c.value for c in self.columns]
        )
        export_rows_dialog(self.ctx, self, self.page_title(), [c.title() for c in self.columns], fetch)

    def retranslate(self) -> None:
        self._retranslate_base()
        self.detail.retranslate()

    def refresh(self) -> None:
        self.refresh_choices()
        self.model.invalidate()
        self.reload_ids()
        self.detail.reload()

    def open_record(self, code: str) -> None:
        self.ctx.run(type(self).code_fn, code, on_done=lambda record_id: self._open_id(record_id, code))

    def _open_id(self, record_id: int | None, code: str) -> None:
        if record_id is None:
            self.ctx.status(_("No record with the code {code}.").format(code=code))
            return
        row = self.model.row_of(record_id)
        if row is None:
            # not in the current filtered list: clear the filters, then select it when the ids arrive
            self._pending_id = record_id
            self.search.blockSignals(True)
            self.search.clear()
            self.search.flush()
            self.search.blockSignals(False)
            for key in self.filters.values():
                self.filters.set_value(key, None)
            self.reload_ids()
        else:
            self.select_row(row)
        if self.detail.can_leave():
            self.detail.load(record_id)

    def new_record(self) -> None:
        if not self.detail.can_leave():
            return
        self.table.clearSelection()
        self.detail.start_new()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def save(self) -> None:
        self.detail.save()

    def cancel(self) -> None:
        if self.search.hasFocus() and self.search.text():
            self.search.clear()
            self.search.flush()
            return
        self.detail.cancel()

    def can_leave(self) -> bool:
        return self.detail.can_leave()

    def save_layout(self, settings: QSettings) -> None:
        if self._list_share is not None:
            LIST_SHARE(self.kind).set(settings, round(self._list_share, 3))

    def restore_default_layout(self) -> None:
        self._list_share = None
        self.give_list_room()

    def _split_moved(self, _pos: int, _index: int) -> None:
        total = sum(self.splitter.sizes())
        if total > 0:
            self._list_share = self.splitter.sizes()[0] / total

    def give_list_room(self) -> None:
        """Split list and detail: the user's share if dragged, else what the columns need (within 35–65 %)."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        if self._list_share is not None:
            left = int(total * self._list_share)
        else:
            # what the columns need, leaving the detail form the width it asks for (between 35 and 65 %)
            room = min(int(total * 0.65), total - self.detail.sizeHint().width())
            left = max(int(total * 0.35), min(self.sizer.needed_width() + 4, room))
        self.splitter.setSizes([left, total - left])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.give_list_room()

    # -- list ---------------------------------------------------------------------------------------------

    def reload_ids(self) -> None:
        self._ids_generation += 1
        generation = self._ids_generation
        self.ctx.run(
            type(self).ids_fn, self.current_filter(), on_done=lambda ids: self._ids_arrived(generation, ids)
        )

    def _ids_arrived(self, generation: int, ids: list[int]) -> None:
        if generation != self._ids_generation:
            return  # an older query answered late
        current = self.detail.record_id
        self.model.set_ids(ids)
        if not self.loaded_once:
            self.loaded_once = True
            self.model.rows_loaded.connect(self._rows_loaded)
        self._update_count()
        wanted = self._pending_id if self._pending_id is not None else current
        self._pending_id = None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.select_row(row, load=False)

    def _rows_loaded(self) -> None:
        if self._list_share is None:
            self.give_list_room()

    def _update_count(self) -> None:
        self.count.setText(self.count_text(self.model.rowCount()))

    def _sort(self, key: str, descending: bool) -> None:
        self.sort_key, self.sort_desc = key, descending
        self.reload_ids()

    def select_row(self, row: int, *, load: bool = True) -> None:
        index = self.model.index(row, 0)
        selection = self.table.selectionModel()
        if not load:
            selection.blockSignals(True)
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        if not load:
            selection.blockSignals(False)
        self.table.scrollTo(index)

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        record_id = self.model.id_at(current.row()) if current.isValid() else None
        if record_id is None or record_id == self.detail.record_id:
            return
        if not self.detail.can_leave():
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                previous,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.selectionModel().blockSignals(False)
            return
        self.detail.load(record_id)

    def _saved(self, record_id: int) -> None:
        self._pending_id = record_id
        self.model.invalidate()  # the save's broadcast (ui/ops.run_op) then reloads the list

    def _deleted(self) -> None:
        self.model.invalidate()

    def on_data_changed(self, changes: Changes) -> None:
        if not changes.touches(self.watches):
            return
        if self.isVisible():
            self.refresh_choices()
            self.model.invalidate()
            self.reload_ids()
            if set(changes.names()) - set(self.own.names()):
                self.detail.reload()  # another kind changed what the open record shows
        else:
            self._stale = True
