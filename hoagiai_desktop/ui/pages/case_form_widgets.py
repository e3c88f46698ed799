"""Small widgets the case form's steps share: rows of small editors (parties, invited persons), the read-only
tables of dated entries, multi-line fields and the scrolling page each step lives on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _
from hoagiai_desktop.ui.widgets.forms import (
    DateField,
    EnterMovesNext,
    RecordForm,
    YearField,
    fill_enum_combo,
    set_combo_value,
    text_value,
)


def multi_line(lines: int = 3) -> QPlainTextEdit:
    """A multi-line field as tall as ``lines`` lines of text; Tab leaves it (Enter types a new line)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def required_date(field: DateField) -> dt.date:
    """The date in a required field. Only read after the form's ``input_errors()`` found none, so it is there."""
    value = field.value()
    if value is None:
        raise ValueError(f"{field.objectName()} read while empty")  # a bug: input_errors() refuses it first
    return value


def show_field(form: RecordForm, key: str, visible: bool) -> None:
    field = form.fields[key]
    field.widget.setVisible(visible)
    field.label.setVisible(visible)
    if not visible:
        field.error.hide()


def scroll_page(content: QWidget) -> QScrollArea:
    """A step's page: it scrolls inside the dialog, so on a small screen Save stays visible."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(content)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def read_only_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(110)
    return table


def table_item(text: str, data: Any = None) -> QTableWidgetItem:
    """A table cell; ``data`` (an id) is kept under UserRole for the action on the selected row."""
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def selected_id(table: QTableWidget) -> int | None:
    """The id kept in the first cell of the selected row (None when no row is selected)."""
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    data = None if item is None else item.data(Qt.ItemDataRole.UserRole)
    return None if data is None else int(data)


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
                enum_cls = getattr(widget, "_enum_cls", None)
                if isinstance(widget, QComboBox) and enum_cls is not None:
                    fill_enum_combo(
                        widget, enum_cls, allow_empty=bool(getattr(widget, "_allow_empty", False))
                    )

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
