"""Automatic backups while the window is open: every 30 minutes of changes, and when the app quits.

``install_autobackup(ctx)`` is called once by the window when its data file is open. It lives apart from the
backup page so that starting the window does not import that page (its Excel and restore libraries) on the GUI
thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from hoagiai_desktop.i18n import _
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.storage.autobackup import AutoBackup
from hoagiai_desktop.storage.backup import BackupInfo
from hoagiai_desktop.ui.context import UiContext

log = logging.getLogger(__name__)

AUTOBACKUP_ATTR = "hoagiai_autobackup"
CHECK_EVERY_MS = 60_000


def install_autobackup(ctx: UiContext, *, interval: float | None = None) -> AutoBackup:
    """Back up every 30 minutes of changes and on quitting. Idempotent; returns the policy."""
    existing = getattr(ctx, AUTOBACKUP_ATTR, None)
    if isinstance(existing, AutoBackup):
        return existing
    policy = AutoBackup(ctx.db) if interval is None else AutoBackup(ctx.db, interval=interval)
    setattr(ctx, AUTOBACKUP_ATTR, policy)
    if ctx.db.path is None:  # a server database is backed up on the server
        return policy
    # every write counts towards the next automatic backup, except writing a report's package or receipt
    ctx.changes_made.connect(
        lambda changes: policy.note_change() if changes != Changes(report=True) else None
    )

    def run_if_due() -> None:
        if policy.due():
            ctx.run(lambda db: policy.run("auto"), on_done=lambda info: _announce(ctx, info),
                    on_error=lambda exc: ctx.status(str(exc)))  # fmt: skip

    timer = QTimer(ctx)
    timer.setInterval(CHECK_EVERY_MS)
    timer.timeout.connect(run_if_due)
    timer.start()
    app = QApplication.instance()
    if isinstance(app, QObject):
        app.aboutToQuit.connect(lambda: _backup_on_quit(policy))
    return policy


def _announce(ctx: UiContext, info: BackupInfo | None) -> None:
    if info is not None:
        ctx.status(_("Automatic backup made at {time}.").format(time=info.created.strftime("%H:%M")))


def _backup_on_quit(policy: AutoBackup) -> None:
    try:
        policy.on_close()
    except Exception:  # quitting must not fail; the reason is in the log
        log.exception("backup on close failed")
