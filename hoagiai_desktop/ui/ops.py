"""Run a write on the database worker and tell every page what changed (DESIGN rule 3, Anki's ``CollectionOp``).

Usage from any page (GUI thread)::

    run_op(self.ctx, registry.create_village, data, on_done=self._saved, label=_("Saving the village…"))

``fn(db, *args)`` runs on the worker like ``ctx.run``. When it takes longer than :data:`PROGRESS_AFTER_MS`, a
small window-modal progress box with ``label`` and a busy cursor appear until it ends (a quick save shows
nothing, so nothing flickers). A failure goes to ``on_error`` or, without one, ``ctx.show_error``. On success
``on_done(result)`` runs first, then the result's ``Changes`` (an ``Outcome``'s, or ``changes=`` for the few
writes that do not return one) are broadcast with ``ctx.changes_made``: each page refreshes itself when a kind
it ``watches`` changed. No page announces changes by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from hoagiai_desktop.services.changes import NOTHING, Changes, Outcome
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.worker import Job

PROGRESS_AFTER_MS = 600  # below this a write feels instant; above it the officer must see that work goes on
PROGRESS_NAME = "op_progress"  # objectName of the progress box (tests find it by this name)


class _Progress(QObject):
    """Shows a busy box and cursor once the operation has run for PROGRESS_AFTER_MS; ``finish`` hides them."""

    def __init__(self, label: str, parent: QWidget | None, *, start: bool = True) -> None:
        super().__init__()
        self.label = label
        self.parent_widget = parent
        self.dialog: QProgressDialog | None = None
        self.cursor = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PROGRESS_AFTER_MS)
        self.timer.timeout.connect(self.show)
        if start:
            self.timer.start()

    def show(self) -> None:
        parent = (
            self.parent_widget
            if self.parent_widget is not None and shiboken6.isValid(self.parent_widget)
            else None
        )
        dialog = QProgressDialog(self.label, "", 0, 0, parent)
        dialog.setObjectName(PROGRESS_NAME)
        dialog.setCancelButton(None)  # a write runs to its end: all or nothing, never half
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowTitle(self.label)
        dialog.show()
        self.dialog = dialog
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.cursor = True

    def finish(self) -> None:
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if self.cursor:
            QApplication.restoreOverrideCursor()
            self.cursor = False


def _alive(callback: Callable[..., Any] | None) -> bool:
    """False for a bound method of a widget that has been deleted meanwhile (its page was closed)."""
    owner = getattr(callback, "__self__", None)
    return callback is not None and (not isinstance(owner, QObject) or shiboken6.isValid(owner))


def run_op(
    ctx: UiContext,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    label: str = "",
    changes: Changes = NOTHING,
    parent: QWidget | None = None,
    progress: bool = True,
    **kwargs: Any,
) -> Job:
    """Run the write ``fn(db, *args, **kwargs)`` on the worker; see the module docstring. ``progress=False`` for a
    page that shows its own progress (the workbook import's bar with Cancel)."""
    indicator = _Progress(label, parent or ctx.window, start=progress)

    def done(result: Any) -> None:
        indicator.finish()
        if _alive(on_done):
            assert on_done is not None
            on_done(result)
        made = result.changes if isinstance(result, Outcome) else NOTHING
        if made or changes:
            ctx.changes_made.emit(made | changes)

    def failed(exc: BaseException) -> None:
        indicator.finish()
        if _alive(on_error):
            assert on_error is not None
            on_error(exc)
        else:
            ctx.show_error(exc, parent if parent is not None and shiboken6.isValid(parent) else None)

    return ctx.worker.submit(fn, *args, on_done=done, on_error=failed, **kwargs)
