"""First start on an empty database: a short form for the commune, and an offer to load sample data or import
a workbook (or start with an empty register)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import unit
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.widgets.fit import available_area, scrolling
from hoagiai_desktop.ui.widgets.forms import ERROR_STYLE


def load_demo_then_unit(db: Any, data: unit.UnitInput) -> None:
    """Sample data first (it needs an empty database), then the commune the officer typed."""
    from hoagiai_desktop.demo import generate

    generate(db, size="commune", seed=1)
    unit.save_unit(db, data)


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hoagiai_desktop.ui.pages.settings_page import UnitForm

        self.setWindowTitle(_("Welcome to HoaGiai"))
        intro = QLabel(
            _(
                "This data file is empty. Tell the app which commune it belongs to; you can change this later in Settings."
            )
        )
        intro.setWordWrap(True)
        self.form = UnitForm()
        self.form.fill(None)
        self.start_empty = QRadioButton(_("Start with an empty register"))
        self.demo = QRadioButton(_("Load sample data to try the app (a made-up commune)"))
        self.workbook = QRadioButton(_("Import a workbook (.xlsx) I already have"))
        self.start_empty.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.start_empty, self.demo, self.workbook):
            group.addButton(b)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Later"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(intro)
        inner.addWidget(self.form)
        for b in (self.start_empty, self.demo, self.workbook):
            inner.addWidget(b)
        inner.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.addWidget(
            scrolling(content), 1
        )  # 200 % text on a 720 px screen: the form scrolls, Start stays
        layout.addWidget(buttons)
        # Wide enough that the commune's fields are wider than their labels (the dialog opened at its minimum,
        # about 340 px, with 16-character fields), and it grows with the text size; as tall as the form needs
        # (the screen fitter shrinks it to the screen).
        area = available_area(parent)
        width = min(self.fontMetrics().averageCharWidth() * 80, int(area.width() * 0.95))
        self.setMinimumWidth(width)
        need = max(content.sizeHint().height(), content.heightForWidth(width))
        self.resize(width, need + buttons.sizeHint().height() + 40)

    def choice(self) -> str:
        if self.demo.isChecked():
            return "demo"
        if self.workbook.isChecked():
            return "workbook"
        return "empty"

    def _ok(self) -> None:
        errors = self.form.input_errors()
        if errors:
            self.form.set_errors(errors)
            return
        self.accept()


def offer(window: Any) -> None:
    ctx = window.ctx
    dialog = FirstRunDialog(window)
    if not dialog.exec():
        return
    data = dialog.form.value()
    choice = dialog.choice()

    def done(_result: Any) -> None:
        if choice == "workbook":
            window.show_page("import")
        ctx.status(_("Saved."))

    if choice == "demo":
        ctx.status(_("Creating sample data…"))
        run_op(
            ctx,
            load_demo_then_unit,
            data,
            on_done=done,
            changes=Changes.all(),
            label=_("Creating sample data…"),
        )
    else:
        run_op(ctx, unit.save_unit, data, on_done=done)
