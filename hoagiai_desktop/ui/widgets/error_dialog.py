"""Errors shown to a person: one sentence they can act on; technical details behind "Copy details".

``show_error(parent, exc)``: a :class:`UserError` is shown as its sentence only; anything else is a bug — the user
sees a plain sentence naming the log file (the traceback is written there, never shown) and can copy the details.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.ui.crash import log_file

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
    path = log_file()
    if path is None:
        box.setText(
            _(
                "Something unexpected went wrong; nothing was changed. Please try again, or copy the details "
                "for support."
            )
        )
    else:
        box.setText(
            _(
                "Something unexpected went wrong; nothing was changed. Please try again; the details for support "
                "are in the log file {path}."
            ).format(path=path)
        )
    details = error_details(exc)  # never shown to the officer (no traceback in the box): logged, or copied
    box.setStandardButtons(QMessageBox.StandardButton.Close)  # before addButton: it drops custom buttons
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)  # owned by the box
    copy.setObjectName("copy_details")
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    return box


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, UserError):
        log.error("unexpected error shown to the user: %s", error_details(exc))
    build_error_box(parent, exc).exec()
