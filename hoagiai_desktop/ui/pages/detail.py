"""The right-hand detail panel of a list page: a form to create / edit one record, plus related lists.

Subclasses implement ``load_fn(db, id)`` (runs on the worker), ``fill(detail)``, ``clear_form()``, ``collect()``
(the service input dataclass), ``create_fn(db, input)`` and ``update_fn(db, id, input)`` (service calls returning an
``Outcome``) and may add sections under the form with ``add_section``. Field errors of a service's
``ValidationError`` / ``RuleBlocked`` (``exc.errors``) are shown under the fields; warnings of the Outcome in the
message strip at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.ui.appearance import open_settings
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.widgets.columns import ColumnSizer
from hoagiai_desktop.ui.widgets.forms import RecordForm
from hoagiai_desktop.ui.widgets.lazy_table import Column, RowsTableModel
from hoagiai_desktop.ui.widgets.unsaved import ask_unsaved

WARN_STYLE = "background: #fff4ce; color: #3d2f00; border: 1px solid #e0c060; padding: 6px;"
OK_STYLE = "background: #e6f4ea; color: #0d3d1a; border: 1px solid #8ac79a; padding: 6px;"
BAD_STYLE = "background: #fde7e9; color: #5c0b12; border: 1px solid #e39aa2; padding: 6px;"


class MessageStrip(QLabel):
    """A coloured box of sentences (warnings, compliance state); hidden when empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_lines(self, lines: Iterable[str], style: str = WARN_STYLE, header: str | None = None) -> None:
        items = [line for line in lines if line]
        if not items and header is None:
            self.clear()
            self.hide()
            return
        text = "\n".join(([header] if header else []) + [f"• {line}" for line in items])
        self.setText(text)
        self.setStyleSheet(style)
        self.show()


def button_grid(buttons: list[QPushButton], per_row: int = 2) -> QGridLayout:
    """Buttons in rows of ``per_row`` so a narrow detail panel does not need to scroll sideways."""
    grid = QGridLayout()
    for n, button in enumerate(buttons):
        grid.addWidget(button, n // per_row, n % per_row)
    grid.setColumnStretch(per_row, 1)
    return grid


def related_table(
    model: RowsTableModel, name: str, *, min_height: int = 130, stretch_last: bool = True
) -> QTableView:
    """A small sortable table of related rows under a detail form (one row selected at a time)."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    # names, dates and decisions shown whole; the user's widths kept per table (see widgets.columns)
    view.sizer = ColumnSizer(view, model.columns, open_settings(), name, stretch_last=stretch_last)  # type: ignore[attr-defined]
    view.setSortingEnabled(True)
    view.setTabKeyNavigation(False)
    view.setMinimumHeight(min_height)
    view.setMinimumWidth(120)
    return view


def decision_text(number: str | None, date: Any) -> str:
    """A decision as printed in a list: its number and date, whichever are known."""
    return " ".join(x for x in (number or "", format_date(date)) if x)


def membership_columns() -> list[Column]:
    """The columns every membership list shares: from, to, recognition decision, end reason."""
    return [
        Column("start", lambda: _("From"), lambda r: format_date(r.start_date)),
        Column("end", lambda: _("To"), lambda r: format_date(r.end_date)),
        Column(
            "decision",
            lambda: _("Recognition decision"),
            lambda r: decision_text(r.recognition_no, r.recognition_date),
        ),
        Column("end_reason", lambda: _("End reason"), lambda r: r.end_reason.label() if r.end_reason else ""),
    ]


def _call(db: Any, fn: Callable[..., Any], *args: Any) -> Any:
    return fn(db, *args)


class DetailPanel(QWidget):
    saved = Signal(int)
    deleted = Signal()

    def __init__(self, ctx: UiContext, columns: int = 1) -> None:
        super().__init__()
        self.ctx = ctx
        self.record_id: int | None = None
        self.detail: Any = None
        self.mode = "empty"  # "empty" / "new" / "edit"
        self._load_generation = 0

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.messages = MessageStrip()
        self.form = RecordForm(columns=columns)
        self.form.on_confirm = self.save  # Ctrl+Enter in a field saves, as Ctrl+S does
        self.save_button = QPushButton()
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.save_button)
        self.buttons.addWidget(self.cancel_button)
        self.buttons.addStretch(1)

        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.messages)
        self.body.addWidget(self.form)
        self.body.addLayout(self.buttons)
        self.sections = QVBoxLayout()
        self.body.addLayout(self.sections)
        self.body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )  # large text on a small screen
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.form.changed.connect(self._update_buttons)
        self.setEnabled(True)

    # -- hooks --------------------------------------------------------------------------------------------

    def load_fn(self, db: Any, record_id: int) -> Any:
        raise NotImplementedError

    def fill(self, detail: Any) -> None:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def collect(self) -> Any:
        raise NotImplementedError

    def create_fn(self, db: Any, data: Any) -> Any:
        raise NotImplementedError

    def update_fn(self, db: Any, record_id: int, data: Any) -> Any:
        raise NotImplementedError

    def heading_text(self) -> str:
        return ""

    def new_heading_text(self) -> str:
        return _("New record")

    def empty_text(self) -> str:
        return _("Choose a record in the list, or press Ctrl+N to add one.")

    def field_map(self) -> dict[str, str]:
        """Service field name → form field key, where they differ."""
        return {}

    def on_saved(self, outcome: Any) -> None:
        """After a successful save (the record is reloaded afterwards)."""

    # -- behaviour ----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.form.retranslate()
        self.save_button.setText(_("Save (Ctrl+S)"))
        self.cancel_button.setText(_("Cancel (Esc)"))
        self._set_heading()

    def _set_heading(self) -> None:
        if self.mode == "empty":
            self.heading.setText(self.empty_text())
        elif self.mode == "new":
            self.heading.setText(self.new_heading_text())
        else:
            self.heading.setText(self.heading_text())

    def show_empty(self) -> None:
        self.record_id = None
        self.detail = None
        self.mode = "empty"
        self._set_form_visible(False)
        self.messages.show_lines([])
        self.set_sections_visible(False)
        self._set_heading()

    def set_sections_visible(self, visible: bool) -> None:
        for i in range(self.sections.count()):
            item = self.sections.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(visible)

    def add_section(self, widget: QWidget) -> None:
        self.sections.addWidget(widget)

    def load(self, record_id: int) -> None:
        self._load_generation += 1
        generation = self._load_generation
        self.record_id = record_id
        self.ctx.run(
            self.load_fn, record_id, on_done=lambda d: self._loaded(generation, d), on_error=self._load_failed
        )

    def _load_failed(self, exc: BaseException) -> None:
        self.show_empty()
        self.ctx.show_error(exc, self)

    def reload(self) -> None:
        if self.record_id is not None and not self.form.dirty:
            self.load(self.record_id)

    def _loaded(self, generation: int, detail: Any) -> None:
        if generation != self._load_generation:
            return
        self.detail = detail
        self._show_form("edit", lambda: self.fill(detail))

    def _set_form_visible(self, visible: bool) -> None:
        for widget in (self.form, self.save_button, self.cancel_button):
            widget.setVisible(visible)

    def _show_form(self, mode: str, fill: Callable[[], None]) -> None:
        """Show the form in ``mode`` ("new" / "edit") filled by ``fill`` and clean; the related sections only for a
        stored record."""
        self.mode = mode
        self._set_form_visible(True)
        self.set_sections_visible(mode == "edit")
        with self.form.loading():
            fill()
        self.form.set_clean()
        self._set_heading()
        self._update_buttons()

    def start_new(self) -> None:
        self.record_id = None
        self.detail = None
        self.messages.show_lines([])
        self._show_form("new", self.clear_form)
        self.focus_first()

    def focus_first(self) -> None:
        self.form.focus_first()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.form.dirty or self.record_id is None)

    def save(self) -> None:
        if self.mode == "empty":
            return
        errors = self.form.input_errors()
        if errors:
            self.form.set_errors(errors)
            return
        try:
            data = self.collect()
        except ValueError:
            self.form.set_errors(self.form.input_errors())
            return
        self.form.clear_errors()
        if self.record_id is None:
            run_op(self.ctx, self.create_fn, data, on_done=self._save_done, on_error=self._save_failed)
        else:
            run_op(
                self.ctx,
                self.update_fn,
                self.record_id,
                data,
                on_done=self._save_done,
                on_error=self._save_failed,
            )

    def _save_done(self, outcome: Any) -> None:
        self.form.set_clean()
        value = getattr(outcome, "value", None)
        record_id = getattr(value, "id", None) or self.record_id
        warnings = [f.message for f in getattr(outcome, "warnings", [])]
        self.on_saved(outcome)
        self.messages.show_lines(warnings, WARN_STYLE, _("Saved, with warnings:") if warnings else None)
        if not warnings:
            self.messages.show_lines([], OK_STYLE, _("Saved."))
        self.ctx.status(_("Saved."))
        if record_id is not None:
            self.record_id = record_id
            self.load(record_id)
            self.saved.emit(record_id)

    def _save_failed(self, exc: BaseException) -> None:
        self.ctx.not_saved(exc)  # the status bar must not keep an earlier "Saved."
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict) and errors:
            mapping = self.field_map()
            mapped = {mapping.get(str(k), str(k)): str(v) for k, v in errors.items()}
            if not self.form.set_errors(mapped):
                self.messages.show_lines([str(exc)], BAD_STYLE)
            return
        self.ctx.show_error(exc, self)

    def cancel(self) -> None:
        if self.mode == "empty":
            return
        if self.record_id is None:
            self.show_empty()
            return
        self.form.dirty = False
        self.load(self.record_id)

    def run_dialog(
        self,
        dialog: Any,
        fn: Callable[..., Any],
        *args_of_dialog: Any,
        reload: bool = False,
    ) -> None:
        """Show ``dialog`` (a dialog with a ``submit`` hook); on submit run the service ``fn(db, *args)`` on the
        worker — a callable argument is read from the dialog then (``lambda d: d.value()``) — and when it is done
        close the dialog, show the Outcome's warnings and, with ``reload``, reload this record (the pages that
        show what changed refresh from the Outcome's Changes). A refusal stays in the dialog (``show_errors``)."""

        def submit(d: Any) -> None:
            args = [a(d) if callable(a) else a for a in args_of_dialog]

            def done(outcome: Any) -> None:
                d.accept()
                warnings = [f.message for f in outcome.warnings]
                self.messages.show_lines(warnings, header=_("Saved, with warnings:") if warnings else None)
                if reload:
                    self.reload()

            def refused(exc: BaseException) -> None:
                self.ctx.not_saved(exc)
                d.show_errors(exc)

            run_op(self.ctx, _call, fn, *args, on_done=done, on_error=refused, parent=d)

        dialog.submit = submit
        dialog.exec()

    def can_leave(self) -> bool:
        if not self.form.dirty or self.mode == "empty":
            return True
        choice = ask_unsaved(self)
        if choice == "save":
            self.save()
            return False
        if choice == "discard":
            self.form.dirty = False
            if self.record_id is not None:
                self.load(self.record_id)
            else:
                self.show_empty()
            return True
        return False
