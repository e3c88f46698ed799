"""Errors shown to a person: one sentence they can act on; technical details behind "Copy details".

``show_error(parent, exc)``: a :class:`UserError` is shown as its sentence only; anything else is a bug — the user
sees a plain sentence and can copy the traceback for support (it is also in the log file).
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

log = logging.getLogger(__name__)


def error_details(exc: BaseException) -> str:
    details = getattr(exc, "details", "") or ""
    if not details:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return str(details)


def build_error_box(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """The message box for ``exc`` (not shown), so tests can inspect it."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("HoaGiai"))
    if isinstance(exc, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(
        _(
            "Something unexpected went wrong; nothing was changed. Please try again, or copy the details for support."
        )
    )
    details = error_details(exc)
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Close)  # before addButton: it drops custom buttons
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)  # owned by the box
    copy.setObjectName("copy_details")
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    return box


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, UserError):
        log.error("unexpected error shown to the user: %s", error_details(exc))
    build_error_box(parent, exc).exec()
