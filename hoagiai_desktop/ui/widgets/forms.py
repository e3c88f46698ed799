"""Detail forms an officer can type from paper: labelled fields, an error under each, Enter moves on.

``RecordForm`` is a QWidget holding a grid of fields::

    form = RecordForm()
    name = form.add("full_name", lambda: _("Full name"), QLineEdit(), required=True)
    born = form.add("birth_year", lambda: _("Birth year"), YearField())
    form.set_errors({"full_name": _("Enter the full name.")})   # shown in red under the field, focus goes there
    form.dirty / form.set_clean() / form.changed (signal)

* Enter / Return in a line edit, combo box, spin box or date field moves focus to the next field (as Tab);
  in a multi-line text field Enter types a new line. Ctrl+Enter confirms (``form.on_confirm``: a dialog's OK, a
  page's Save) from any field; a form without a confirm action keeps Ctrl+Enter as "move on" in text boxes.
* ``focus_first()`` puts the cursor in the first field that takes input (dialogs and new records open there).
* ``check_required()`` and the typed fields' ``parse_error()`` give the input-format errors the widget can judge
  (empty required field, a date that is not a date). Rules of the law live in the services, which raise errors the
  page maps to fields with ``set_errors``.
* Every value read from a field is NFC-normalised (``text_value``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.widgets.fit import tooltip_shows_current_text

W = TypeVar("W", bound=QWidget)
# Dark red on pale red: readable on the normal and on the high-contrast (black) palette.
ERROR_STYLE = "background: #fde7e9; color: #5c0b12; padding: 2px 4px;"

_DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),  # dd/mm/yyyy
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),  # ISO
    re.compile(r"^(\d{2})(\d{2})(\d{4})$"),  # ddmmyyyy typed without separators
)


def parse_date_text(text: str) -> dt.date | None:
    """dd/mm/yyyy (also with . or -), ISO yyyy-mm-dd, or ddmmyyyy; raises ValueError if it is not a date."""
    value = nfc(text)
    if not value:
        return None
    for n, pattern in enumerate(_DATE_PATTERNS):
        m = pattern.match(value)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        return dt.date(a, b, c) if n == 1 else dt.date(c, b, a)
    raise ValueError(value)


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (empty = no date). ``value()`` raises ValueError on a bad date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaximumWidth(150)

    def value(self) -> dt.date | None:
        return parse_date_text(self.text())

    def set_value(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def parse_error(self) -> str | None:
        try:
            self.value()
        except ValueError:
            return _("Type the date as day/month/year, for example 05/03/2026.")
        return None


class YearField(QLineEdit):
    """A four-digit year (empty allowed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(4)
        self.setMaximumWidth(90)
        self.setPlaceholderText(_("yyyy"))

    def value(self) -> int | None:
        text = nfc(self.text())
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))

    def parse_error(self) -> str | None:
        text = nfc(self.text())
        if text and (not text.isdigit() or not 1900 <= int(text) <= dt.date.today().year):
            return _("Type a year between 1900 and {year}.").format(year=dt.date.today().year)
        return None


class IntField(QLineEdit):
    """A whole number ≥ 0 (empty allowed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumWidth(110)

    def value(self) -> int | None:
        text = nfc(self.text()).replace(".", "").replace(" ", "")
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))

    def parse_error(self) -> str | None:
        text = nfc(self.text()).replace(".", "").replace(" ", "")
        if text and not text.isdigit():
            return _("Type a whole number.")
        return None


def shrinkable_combo(combo: QComboBox, chars: int = 12) -> QComboBox:
    """Let a combo box be narrower than its longest choice (long Vietnamese labels would widen the panel); the
    choice it then cuts shows whole as its tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    tooltip_shows_current_text(combo)
    return combo


def enum_combo(enum_cls: type[Enum], *, allow_empty: bool = False) -> QComboBox:
    """A combo box of a LabeledEnum's members (data = the member); labels follow the UI language."""
    combo = QComboBox()
    combo._enum_cls = enum_cls  # type: ignore[attr-defined]
    combo._allow_empty = allow_empty  # type: ignore[attr-defined]
    fill_enum_combo(combo, enum_cls, allow_empty=allow_empty)
    return combo


def fill_enum_combo(combo: QComboBox, enum_cls: type[Enum], *, allow_empty: bool = False) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if allow_empty:
        combo.addItem("—", None)
    for member in enum_cls:
        label = member.label() if hasattr(member, "label") else str(member.value)
        combo.addItem(label, member)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)
    combo.setToolTip(combo.currentText())  # refilled with its signals blocked: the tooltip follows by hand


def set_combo_value(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


def text_value(widget: QLineEdit | QPlainTextEdit) -> str:
    return nfc(widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text())


def is_confirm_key(event: QKeyEvent) -> bool:
    """Ctrl+Enter / Ctrl+Return (the keypad Enter too)."""
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


def takes_focus(widget: QWidget) -> bool:
    """A visible, enabled field that accepts keyboard focus (a read-only label does not)."""
    return (
        widget.isEnabled()
        and not widget.isHidden()
        and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(widget, QLabel)
    )


class EnterMovesNext(QObject):
    """Event filter: Enter/Return acts as Tab in single-line fields; Ctrl+Enter confirms (or moves on in a text box
    of a form without a confirm action)."""

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self.owner = owner  # a RecordForm (its ``on_confirm``) or another editor without one

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(watched, QWidget)
        ):
            multi = isinstance(watched, QPlainTextEdit)
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            confirm = getattr(self.owner, "on_confirm", None)
            if ctrl and confirm is not None:
                if isinstance(watched, QComboBox) and watched.view().isVisible():
                    watched.hidePopup()
                confirm()
                return True
            if ctrl != multi:
                return False  # Ctrl+Enter in a line edit / plain Enter in a text box: normal behaviour
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            watched.focusNextChild()
            return True
        return False


@dataclass
class Field:
    key: str
    label_fn: Callable[[], str]
    widget: QWidget
    label: QLabel
    error: QLabel
    required: bool


def label_width(label: QLabel) -> int:
    """The widest a form label may be before it wraps: about 26 characters of its own font."""
    return label.fontMetrics().averageCharWidth() * 26


class RecordForm(QWidget):
    """A grid of labelled fields with an error label under each; tracks unsaved edits."""

    def refresh_label_widths(self) -> None:
        """After the text size changed with the window open: the labels' width limits follow the new font (they
        stayed at the old size, so at 150 % "Tỉnh, thành phố *" wrapped over two lines). Called by the settings
        page; not a changeEvent override, which crashed PySide 6.12 while the application font propagated."""
        for field in self.fields.values():
            field.label.setMaximumWidth(label_width(field.label))
            self._set_label(field)  # and the one-line minimum of short labels

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 1) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        if columns == 2:
            self.grid.setColumnStretch(3, 1)
        self.columns = columns
        self.fields: dict[str, Field] = {}
        self._next_row = [0] * columns
        self._enter = EnterMovesNext(self)
        self.on_confirm: Callable[[], None] | None = (
            None  # what Ctrl+Enter does (a dialog's OK, a page's Save)
        )
        self.dirty = False
        self._loading = False

    def add(
        self,
        key: str,
        label: Callable[[], str],
        widget: W,
        *,
        required: bool = False,
        column: int = 0,
    ) -> W:
        text = QLabel()
        text.setBuddy(widget)
        text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        text.setWordWrap(True)  # long Vietnamese labels wrap instead of widening the form
        text.setMaximumWidth(label_width(text))
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        widget.setObjectName(f"field_{key}")
        if isinstance(widget, QComboBox):
            shrinkable_combo(widget)
        row = self._next_row[column]
        col = column * 2
        self.grid.addWidget(text, row, col)
        self.grid.addWidget(widget, row, col + 1)
        self.grid.addWidget(error, row + 1, col + 1)
        self._next_row[column] = row + 2
        field = Field(key, label, widget, text, error, required)
        self.fields[key] = field
        self._set_label(field)
        widget.installEventFilter(self._enter)
        self._watch(widget)
        return widget

    def add_widget(self, widget: QWidget, column: int = 0) -> None:
        """A full-width widget (a note, a button row) in the given column."""
        row = self._next_row[column]
        self.grid.addWidget(widget, row, column * 2, 1, 2)
        self._next_row[column] = row + 1

    def _set_label(self, field: Field) -> None:
        text = field.label_fn()
        shown = f"{text} *" if field.required else text
        field.label.setText(shown)
        # wrap only labels longer than the label column may be; short ones keep one line
        metrics = field.label.fontMetrics()
        field.label.setMinimumWidth(
            min(
                metrics.horizontalAdvance(shown) + 4,
                field.label.maximumWidth(),
                metrics.averageCharWidth() * 18,
            )
        )
        field.widget.setAccessibleName(text)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._edited)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(self._edited)

    def _edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self.dirty = True
        self.changed.emit()

    # -- loading and state ---------------------------------------------------------------------------------

    def loading(self) -> _Loading:
        """``with form.loading(): ...`` fills fields without marking the form dirty."""
        return _Loading(self)

    def set_clean(self) -> None:
        self.dirty = False
        self.clear_errors()

    def retranslate(self) -> None:
        for field in self.fields.values():
            self._set_label(field)
            if isinstance(field.widget, QComboBox):
                enum_cls = getattr(field.widget, "_enum_cls", None)
                if enum_cls is not None:
                    fill_enum_combo(
                        field.widget, enum_cls, allow_empty=bool(getattr(field.widget, "_allow_empty", False))
                    )

    def focus_first(self) -> bool:
        """Put the cursor in the first field that takes input (column by column, top to bottom)."""
        for field in sorted(self.fields.values(), key=self._position):
            if takes_focus(field.widget):
                field.widget.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False

    def _position(self, field: Field) -> tuple[int, int]:
        index = self.grid.indexOf(field.widget)
        if index < 0:
            return (99, 9999)
        position: Any = self.grid.getItemPosition(index)  # (row, column, row span, column span)
        return (int(position[1]), int(position[0]))

    def widget(self, key: str) -> QWidget:
        return self.fields[key].widget

    def set_enabled(self, keys: Iterable[str], enabled: bool) -> None:
        for key in keys:
            self.fields[key].widget.setEnabled(enabled)

    # -- errors -------------------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.error.clear()
            field.error.hide()

    def set_errors(self, errors: dict[str, str]) -> bool:
        """Show each message under its field and focus the first; unknown keys are returned as False."""
        self.clear_errors()
        first: QWidget | None = None
        shown_all = True
        for key, message in errors.items():
            field = self.fields.get(key)
            if field is None:
                shown_all = False
                continue
            field.error.setText(message)
            field.error.show()
            if first is None:
                first = field.widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return shown_all

    def error_text(self, key: str) -> str:
        return self.fields[key].error.text()

    def input_errors(self) -> dict[str, str]:
        """Errors the fields can judge themselves: required and left empty, or not a date / year / number."""
        errors: dict[str, str] = {}
        for key, field in self.fields.items():
            widget = field.widget
            parse_error = getattr(widget, "parse_error", None)
            message = parse_error() if callable(parse_error) else None
            if message:
                errors[key] = message
                continue
            if field.required and not field.widget.isHidden() and _is_empty(widget):
                errors[key] = _("This field is required.")
        return errors


def _is_empty(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        return not nfc(widget.text())
    if isinstance(widget, QPlainTextEdit):
        return not nfc(widget.toPlainText())
    if isinstance(widget, QComboBox):
        return widget.currentData() is None and (not widget.isEditable() or not nfc(widget.currentText()))
    return False


class _Loading:
    def __init__(self, form: RecordForm) -> None:
        self.form = form

    def __enter__(self) -> RecordForm:
        self.form._loading = True
        return self.form

    def __exit__(self, *exc: object) -> None:
        self.form._loading = False
        self.form.dirty = False
