"""The problems table of the import page: every problem of a checked workbook, sortable, in workbook order.

:class:`ProblemsModel` holds the problems of an :class:`~hoagiai_desktop.interchange.ImportReport` — sheet, row,
column, problem, what to do, severity — and gives each column a sort key under :data:`SORT_ROLE` (the Sheet column
sorts as the standard workbook is laid out: sheet, then row, then column).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import (
    Problem,
)
from hoagiai_desktop.interchange.importer import ERROR
from hoagiai_desktop.interchange.schema import SHEETS, header_key
from hoagiai_desktop.text import fold

log = logging.getLogger(__name__)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOUR = "#b3261e"
SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
COLUMN_ORDER = {
    (s.name, header_key(name)): i
    for s in SHEETS
    for i, c in enumerate(s.columns)
    for name in (c.header, *c.aliases)
}


def problem_order(p: Problem) -> tuple[int, int, int, str]:
    """Workbook order: sheet as in the standard workbook, then row, then column (sheet-wide problems first)."""
    column = header_key(p.column) if p.column else ""
    return (
        SHEET_ORDER.get(p.sheet, len(SHEET_ORDER)),
        -1 if p.row is None else p.row,
        COLUMN_ORDER.get((p.sheet, column), -1 if not column else len(COLUMN_ORDER)),
        column,
    )


class ProblemsModel(QAbstractTableModel):
    """Problems of a report: sheet, row, column, problem, what to do, severity (sortable through a proxy)."""

    HEADERS: tuple[Callable[[], str], ...] = (
        lambda: _("Sheet"),
        lambda: _("Row"),
        lambda: _("Column"),
        lambda: _("Problem"),
        lambda: _("What to do"),
        lambda: _("Severity"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self._rank: dict[int, int] = {}

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        # the Sheet column sorts in workbook order (sheet, row, column): the default order of the table
        order = sorted(range(len(self.problems)), key=lambda i: problem_order(self.problems[i]))
        self._rank = {i: rank for rank, i in enumerate(order)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]()
        return None

    @staticmethod
    def severity_text(problem: Problem) -> str:
        return _("Error") if problem.severity == ERROR else _("Warning")

    def display(self, problem: Problem, column: int) -> str:
        values = (
            problem.sheet,
            "" if problem.row is None else str(problem.row),
            problem.column or "",
            problem.message,
            problem.suggestion,
            self.severity_text(problem),
        )
        return values[column]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.problems)):
            return None
        p = self.problems[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(p, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (3, 4):
            return self.display(p, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and p.severity == ERROR:
            return QColor(ERROR_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            row = -1 if p.row is None else p.row
            if col == 0:  # sheets in workbook order, then rows, then columns: the order set_problems keeps
                return self._rank.get(index.row(), 0)
            if col == 1:
                return row
            if col == 5:
                return 0 if p.severity == ERROR else 1
            return fold(self.display(p, col))
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.problems:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self.problems) - 1, 5))
