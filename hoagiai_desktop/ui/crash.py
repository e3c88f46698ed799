"""One global handler for errors nobody caught: logged with the traceback, shown as one sentence naming the log file.

``install()`` (called once when the window is built) replaces ``sys.excepthook`` (an exception in a Qt slot or
virtual method — a button handler — reaches it: PySide prints it through ``sys.excepthook`` and carries on, which in
the Windows build without a console would be silence) and ``threading.excepthook`` (an exception in a thread other
than the database workers, which report their own). Qt's own fatal/critical messages go to the log through
``qInstallMessageHandler``.

The officer never sees a traceback: the box says what happened in one sentence and where the log file is, so
support can ask for it. While one such box is open, further errors are only logged (a failing timer must not
pile up boxes).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

log = logging.getLogger(__name__)

_installed: _Relay | None = None
_showing = False


def log_file() -> Path | None:
    """The file the log is written to: the program's log file (``logs.py``) or another file handler, if any."""
    from hoagiai_desktop import logs

    for handler in reversed(logging.getLogger().handlers):
        if handler is getattr(logs, "_handler", None):
            return logs.log_path()
        name = getattr(handler, "baseFilename", None)
        if name and name != os.devnull:
            return Path(name)
    return None


def crash_sentence(path: Path | None = None) -> str:
    """What the officer reads: one sentence, with the log file's place when there is one."""
    path = path if path is not None else log_file()
    if path is None:
        return _("Something went wrong and the last action may not have finished. Please try again.")
    return _(
        "Something went wrong and the last action may not have finished. Please try again; the details for "
        "support are in the log file {path}."
    ).format(path=path)


def build_crash_box(message: str, details: str) -> QMessageBox:
    """The box shown for an uncaught error (not shown here, so tests can inspect it): no traceback in it."""
    parent = QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setObjectName("crash_box")
    box.setWindowTitle(_("HoaGiai"))
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(message)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the log's path can be copied
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)  # for support, not shown
    copy.setObjectName("copy_details")
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    return box


class _Relay(QObject):
    """Carries an error from any thread to the GUI thread (a queued signal), where the box may be shown."""

    report = Signal(str, str)  # sentence, details

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(self._show)
        self.shown: list[str] = []  # sentences shown (tests read it)

    def _show(self, message: str, details: str) -> None:
        global _showing
        self.shown.append(message)
        if _showing:
            return
        _showing = True
        try:
            build_crash_box(message, details).exec()
        finally:
            _showing = False


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log the traceback and show the sentence (on the GUI thread, whatever thread this runs on)."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    if isinstance(exc, UserError):  # a sentence meant for the officer that nobody caught: show it as it is
        message = exc.message
        log.warning("uncaught user error: %s", message)
    else:
        log.error("uncaught error:\n%s", details)
        message = crash_sentence()
    relay = _installed
    if relay is None or QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    relay.report.emit(message, details)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    handle(args.exc_type, args.exc_value, args.exc_traceback)


def _qt_messages(kind: QtMsgType, _context: Any, message: str) -> None:
    if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.error("Qt: %s", message)
    elif kind == QtMsgType.QtWarningMsg and "propagateSizeHints" not in message:
        log.warning("Qt: %s", message)


def install(*, qt_messages: bool = True) -> _Relay:
    """Install the handlers once (idempotent); returns the relay (tests read ``shown``).

    ``qt_messages=False`` leaves Qt's message handler alone (pytest-qt captures Qt messages with its own)."""
    global _installed
    if _installed is None:
        _installed = _Relay()
        sys.excepthook = handle
        threading.excepthook = _thread_hook
        if qt_messages:
            qInstallMessageHandler(_qt_messages)
    return _installed


def uninstall() -> None:
    """Put Python's own hooks back (tests)."""
    global _installed
    if _installed is not None:
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__
        _installed.deleteLater()
        _installed = None
