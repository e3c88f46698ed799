"""Table models for lists: ``LazyTableModel`` for large lists, ``RowsTableModel`` for small in-memory ones.

Large lists (DESIGN rule 4) come from the database already filtered and sorted as a list of ids; the model shows
``len(ids)`` rows and asks the worker for the rows of the blocks the view actually paints (200 at a time) with
``load_rows(db, ids) -> {id: row}``. ``data()`` only reads the cache; a row not loaded yet shows "…" and is filled
in when its block arrives (``dataChanged``).

Sorting: clicking a header calls ``sort()``, which does not sort in memory — it emits ``sort_requested(key,
descending)`` and the page asks the database for ids in the new order, then calls ``set_ids``.

Columns are described once with :class:`Column`: a translated title function, a value function over a row and
optional alignment / tooltip / tone ("warn", "muted", "ok") functions. ``long`` (characters) marks free text that
may be elided (its start is shown, the whole text is the tooltip); ``max_chars`` caps a short-content column that
can occasionally be long (several names). Widths themselves are set by ``widgets.columns.ColumnSizer``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from hoagiai_desktop.ui.worker import DbWorker

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex

TONES = {"warn": "#b3261e", "ok": "#1b5e20", "muted": None}
TONES_ON_DARK = {"warn": "#ff8a80", "ok": "#b9f6ca", "muted": None}  # high contrast / dark palettes


@dataclass(frozen=True)
class Column:
    key: str
    title: Callable[[], str]
    value: Callable[[Any], Any]
    align: Qt.AlignmentFlag | None = None
    sortable: bool = True
    tooltip: Callable[[Any], str | None] | None = None
    tone: Callable[[Any], str | None] | None = None
    long: int = 0  # free text: shown this many characters wide at most, elided, whole text as tooltip
    max_chars: int = 0  # short content that may grow (a list of names): capped here, tooltip when longer


def _tone_brush(tone: str | None) -> QBrush | None:
    if tone is None:
        return None
    if tone == "muted":
        return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    colour = (TONES_ON_DARK if dark else TONES).get(tone)
    return QBrush(QColor(colour)) if colour else None


def display_text(row_obj: Any, column: Column) -> str:
    """What ``column`` shows of ``row_obj`` (its DisplayRole)."""
    value = column.value(row_obj)
    return "" if value is None else value if isinstance(value, str) else str(value)


class _ColumnsMixin:
    """What both table models share: the columns, their cells, header, alignment and index checks."""

    columns: Sequence[Column]

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def _valid(self, index: ModelIndex, rows: int) -> bool:
        return index.isValid() and 0 <= index.row() < rows and 0 <= index.column() < len(self.columns)

    @staticmethod
    def _alignment(column: Column) -> int | None:
        return None if column.align is None else int(column.align | Qt.AlignmentFlag.AlignVCenter)

    def _cell(self, row_obj: Any, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(row_obj, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row_obj)
            if column.long or column.max_chars:  # the cell may be elided: the tooltip holds it whole
                value = column.value(row_obj)
                return None if value in (None, "") else str(value)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column.tone is not None:
            return _tone_brush(column.tone(row_obj))
        if role == ROW_ROLE:
            return row_obj
        return None

    def _header(self, section: int, orientation: Qt.Orientation, role: int) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title()
        return None


class LazyTableModel(_ColumnsMixin, QAbstractTableModel):
    """Rows = ids from the database; row data fetched in blocks on the worker thread."""

    sort_requested = Signal(str, bool)  # column key, descending
    rows_loaded = Signal()

    def __init__(
        self,
        columns: Sequence[Column],
        worker: DbWorker,
        load_rows: Callable[[Any, list[int]], Mapping[int, Any]],
        *,
        block_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.worker = worker
        self.load_rows = load_rows
        self.block_size = block_size
        self._ids: list[int] = []
        self._pos: dict[int, int] = {}
        self._cache: dict[int, Any] = {}
        self._wanted: set[int] = set()  # block numbers to fetch
        self._in_flight: set[int] = set()  # ids being fetched
        self._generation = 0
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._fetch_wanted)

    # -- content ------------------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pos = {i: n for n, i in enumerate(self._ids)}
        self._wanted.clear()
        self.endResetModel()

    def invalidate(self) -> None:
        """Forget cached rows (after an edit); visible rows are fetched again."""
        self._generation += 1
        self._cache.clear()
        self._in_flight.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        return self._pos.get(record_id)

    def row_object(self, row: int) -> Any:
        record_id = self.id_at(row)
        return None if record_id is None else self._cache.get(record_id)

    def is_loaded(self, row: int) -> bool:
        record_id = self.id_at(row)
        return record_id is not None and record_id in self._cache

    # -- Qt model -----------------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index, len(self._ids)):
            return None
        record_id = self._ids[index.row()]
        if role == ID_ROLE:
            return record_id
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        row_obj = self._cache.get(record_id)
        if row_obj is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._want(index.row())
                return "…"
            return None
        return self._cell(row_obj, column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self._header(section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns) and self.columns[column].sortable:
            self.sort_requested.emit(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self.invalidate()

    # -- fetching -----------------------------------------------------------------------------------------

    def _want(self, row: int) -> None:
        self._wanted.add(row // self.block_size)
        if not self._flush.isActive():
            self._flush.start()

    def _fetch_wanted(self) -> None:
        ids: list[int] = []
        for block in sorted(self._wanted):
            for record_id in self._ids[block * self.block_size : (block + 1) * self.block_size]:
                if record_id not in self._cache and record_id not in self._in_flight:
                    ids.append(record_id)
        self._wanted.clear()
        if not ids:
            return
        self._in_flight.update(ids)
        generation = self._generation
        self.worker.submit(self.load_rows, ids, on_done=lambda rows: self._arrived(generation, ids, rows))

    def _arrived(self, generation: int, ids: list[int], rows: Mapping[int, Any]) -> None:
        if generation != self._generation:
            return
        self._in_flight.difference_update(ids)
        self._cache.update(rows)
        positions = sorted(p for p in (self._pos.get(i) for i in rows) if p is not None)
        if positions and self.columns:
            # one signal per contiguous run keeps repaint cheap
            start = prev = positions[0]
            for p in [*positions[1:], None]:
                if p is not None and p == prev + 1:
                    prev = p
                    continue
                self.dataChanged.emit(self.index(start, 0), self.index(prev, len(self.columns) - 1))
                if p is not None:
                    start = prev = p
        self.rows_loaded.emit()


class RowsTableModel(_ColumnsMixin, QAbstractTableModel):
    """A small list held in memory (members of a team, history of a mediator); sorts in memory."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows = list(rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index, len(self._rows)):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        return self._cell(self._rows[index.row()], column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self._header(section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        from hoagiai_desktop.text import sort_key

        col = self.columns[column]

        def key(row: Any) -> tuple[int, Any]:
            value = col.value(row)
            if value is None or value == "":
                return (1, "")
            if isinstance(value, (int, float)):
                return (0, f"{value:020.4f}")
            return (0, sort_key(str(value)))

        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [(self._rows[i.row()], i.column()) for i in before]
        positions = sorted(range(len(self._rows)), key=lambda n: key(self._rows[n]))
        if order == Qt.SortOrder.DescendingOrder:
            positions.reverse()
        new_row = {old: new for new, old in enumerate(positions)}
        self._rows = [self._rows[n] for n in positions]
        self.changePersistentIndexList(
            before, [self.index(new_row[i.row()], col) for i, (_row, col) in zip(before, held, strict=True)]
        )
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))
