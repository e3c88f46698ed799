"""Attendance marked from the roster: a checklist of every active mediator grouped by team, for 20,000 people.

``RosterModel`` is a flat :class:`QAbstractTableModel` over the parallel arrays of :class:`training_read.Roster`
(no widget or item object per row): a team is a header row followed by its members. Filtering rebuilds one list
of ints. ``ChecklistView`` makes it keyboard-driven: Space ticks the selected people (on a team row: the whole
team as shown), typing letters jumps to the next name that starts with them, accents not needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QElapsedTimer,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

from hoagiai_desktop.i18n import _
from hoagiai_desktop.services.training_read import Roster
from hoagiai_desktop.text import fold

ModelIndex = QModelIndex | QPersistentModelIndex
MEDIATOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2


def attendance_rows(roster: Roster, checked: set[int], filter_text: str = "") -> list[list[Any]]:
    """Rows of the attendance export: (team, code, mediator, present) in the checklist's order, limited to the
    people the filter shows (same matching as :meth:`RosterModel.set_filter`); ``checked`` are mediator ids."""
    words = fold(filter_text).split()
    present = _("Yes")
    leader = _("team leader")
    members: list[list[int]] = [[] for _g in roster.groups]
    for i, g in enumerate(roster.group_of):
        members[g].append(i)
    out: list[list[Any]] = []
    for team, people in zip(roster.groups, members, strict=True):
        for i in people:
            if not all(w in roster.folds[i] for w in words):
                continue
            name = f"{roster.names[i]} — {leader}" if roster.leaders[i] else roster.names[i]
            out.append([team, roster.codes[i], name, present if roster.ids[i] in checked else ""])
    return out


def attendance_headers() -> list[str]:
    return [_("Team"), _("Code"), _("Mediator"), _("Present")]


class RosterModel(QAbstractTableModel):
    """Rows: ``-(g + 1)`` is the header of group ``g``; ``i >= 0`` is person ``i`` of the roster arrays."""

    checked_changed = Signal(int)  # number of people ticked

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.roster = Roster()
        self.checked: set[int] = set()
        self._rows: list[int] = []
        self._members: list[list[int]] = []  # person indexes per group
        self._group_row: dict[int, int] = {}
        self._filter = ""
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ------------------------------------------------------------------------------------------

    def set_roster(self, roster: Roster) -> None:
        self.beginResetModel()
        self.roster = roster
        self.checked = set(roster.present)
        self._members = [[] for _g in roster.groups]
        for i, g in enumerate(roster.group_of):
            self._members[g].append(i)
        self._rebuild()
        self.endResetModel()
        self.checked_changed.emit(len(self.checked))

    def set_filter(self, text: str) -> None:
        words = fold(text).split()
        key = " ".join(words)
        if key == self._filter:
            return
        self.beginResetModel()
        self._filter = key
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        words = self._filter.split()
        folds = self.roster.folds
        rows: list[int] = []
        self._group_row = {}
        for g, members in enumerate(self._members):
            shown = [i for i in members if all(w in folds[i] for w in words)] if words else members
            if not shown:
                continue
            self._group_row[g] = len(rows)
            rows.append(-(g + 1))
            rows.extend(shown)
        self._rows = rows

    def present_ids(self) -> list[int]:
        return sorted(self.checked)

    def is_dirty(self) -> bool:
        return self.checked != set(self.roster.present)

    # -- Qt model -----------------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 2
        ):
            return (_("Present — mediator"), _("Code"))[section]
        return None

    def _group_state(self, g: int) -> Qt.CheckState:
        members = self._members[g]
        ticked = sum(1 for i in members if self.roster.ids[i] in self.checked)
        if ticked == 0:
            return Qt.CheckState.Unchecked
        return Qt.CheckState.Checked if ticked == len(members) else Qt.CheckState.PartiallyChecked

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < 2:
            return None
        value = self._rows[index.row()]
        col = index.column()
        r = self.roster
        if value < 0:
            g = -value - 1
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 1:
                    return ""
                members = self._members[g]
                ticked = sum(1 for i in members if r.ids[i] in self.checked)
                return f"{r.groups[g]}  ({ticked}/{len(members)})"
            if role == Qt.ItemDataRole.CheckStateRole and col == 0:
                return self._group_state(g)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QApplication.palette().color(QPalette.ColorRole.AlternateBase))
            if role == IS_GROUP_ROLE:
                return True
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                return r.codes[value]
            lead = "  — " + _("team leader") if r.leaders[value] else ""
            return f"{r.names[value]}{lead}"
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if r.ids[value] in self.checked else Qt.CheckState.Unchecked
        if role == MEDIATOR_ID_ROLE:
            return r.ids[value]
        if role == IS_GROUP_ROLE:
            return False
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        self.set_rows_checked([index.row()], state == Qt.CheckState.Checked)
        return True

    # -- ticking ------------------------------------------------------------------------------------------

    def _people_of_rows(self, rows: Iterable[int]) -> list[int]:
        people: list[int] = []
        for row in rows:
            if not 0 <= row < len(self._rows):
                continue
            value = self._rows[row]
            if value >= 0:
                people.append(value)
            else:
                g = -value - 1
                start = self._group_row[g] + 1
                end = start
                while end < len(self._rows) and self._rows[end] >= 0:
                    end += 1
                people.extend(self._rows[start:end])
        return people

    def toggle_rows(self, rows: Iterable[int]) -> None:
        """Space: tick the people of ``rows``, or untick them when they are all ticked already."""
        people = self._people_of_rows(rows)
        if not people:
            return
        everyone = all(self.roster.ids[i] in self.checked for i in people)
        self._set_people(people, not everyone)

    def set_rows_checked(self, rows: Iterable[int], checked: bool) -> None:
        self._set_people(self._people_of_rows(rows), checked)

    def set_all_shown(self, checked: bool) -> None:
        self._set_people([v for v in self._rows if v >= 0], checked)

    def _set_people(self, people: list[int], checked: bool) -> None:
        ids = {self.roster.ids[i] for i in people}
        if checked:
            self.checked |= ids
        else:
            self.checked -= ids
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )
        self.checked_changed.emit(len(self.checked))

    # -- finding ------------------------------------------------------------------------------------------

    def find(self, text: str, start: int) -> int | None:
        """The first person row from ``start`` (wrapping) whose name or a word of it starts with ``text``."""
        key = fold(text)
        if not key or not self._rows:
            return None
        n = len(self._rows)
        folds = self.roster.folds
        names = self.roster.names
        for step in range(n):
            row = (start + step) % n
            value = self._rows[row]
            if value < 0:
                continue
            name = fold(names[value])
            if name.startswith(key) or f" {key}" in f" {name}" or folds[value].startswith(key):
                return row
        return None

    def row_of_id(self, mediator_id: int) -> int | None:
        for row, value in enumerate(self._rows):
            if value >= 0 and self.roster.ids[value] == mediator_id:
                return row
        return None


class ChecklistView(QTableView):
    """Space ticks; letters jump to a name (accent-insensitive); Home/End/PageUp/PageDown move as usual."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setStretchLastSection(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self._typed = ""
        self._clock = QElapsedTimer()

    def roster_model(self) -> RosterModel:
        model = self.model()
        assert isinstance(model, RosterModel)
        return model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select):
            self._typed = ""
            rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
            if not rows and self.currentIndex().isValid():
                rows = [self.currentIndex().row()]
            self.roster_model().toggle_rows(rows)
            event.accept()
            return
        text = event.text()
        if (
            text
            and text.isprintable()
            and not text.isspace()
            and not (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            )
        ):
            self.type_to_find(text)
            event.accept()
            return
        self._typed = ""
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        self.type_to_find(search)

    def type_to_find(self, text: str) -> None:
        interval = QApplication.keyboardInputInterval()
        if not self._clock.isValid() or self._clock.elapsed() > interval:
            self._typed = ""
        self._clock.restart()
        fresh = not self._typed
        self._typed += text
        current = self.currentIndex().row() if self.currentIndex().isValid() else 0
        start = current + 1 if fresh else current
        row = self.roster_model().find(self._typed, max(start, 0))
        if row is not None:
            self.go_to_row(row)

    def go_to_row(self, row: int) -> None:
        index = self.model().index(row, 0)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.scrollTo(index)
