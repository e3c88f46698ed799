"""What every page receives: the open database, the worker, the settings, and the window's services.

``UiContext`` is created once by the window and passed to each page's constructor::

    ctx.db                      # the Database (read its .describe()/.path; do NOT query it on the GUI thread);
                                #   None while the window's data file is still being opened (start-up)
    ctx.worker.submit(fn, ...)  # run fn(db, ...) on the DB thread, see worker.py
    ctx.run(fn, ..., on_done=)  # the same, errors shown in the standard error dialog
    ctx.reader                  # a second worker for slow READ-ONLY summaries (dashboard); never write with it
    ctx.settings                # QSettings (per PC: language, text size, window layout, last period)
    ctx.open_record(kind, code) # go to the page owning that record kind and open it there
    ctx.changes_made            # Signal(Changes): emitted by ui/ops.run_op after a write with the Outcome's
                                #   Changes; each page refreshes when a kind it ``watches`` changed
    ctx.show_error(exc, parent) # one-sentence box for UserError, details box for anything else
    ctx.status(message)         # a transient message in the status bar
    ctx.not_saved(exc)          # after a refused write: the status bar says so (never an earlier "Saved.")
    ctx.adopt_database(db)      # after a restore reopened the data: both workers, the status bar, every page

Record kinds used by ``open_record``: "village", "team", "mediator", "case", "training" (``navigation.PAGES`` maps
each kind to the page that opens it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication, QWidget

from hoagiai_desktop.i18n import _
from hoagiai_desktop.ui.widgets.error_dialog import show_error
from hoagiai_desktop.ui.worker import DbWorker, Job

RECORD_KINDS = (
    "village",
    "team",
    "mediator",
    "case",
    "training",
    "commune",
)  # "commune": a province's registry


class UiContext(QObject):
    changes_made = Signal(object)  # Changes: what a write changed (ui/ops.run_op broadcasts it)
    navigate_requested = Signal(str, str)  # kind, code
    status_message = Signal(str)
    appearance_changed = Signal()  # text size / contrast changed in settings
    database_changed = Signal()  # ctx.db was replaced (restore)

    def __init__(
        self,
        db: Any,
        worker: DbWorker,
        settings: QSettings,
        parent: QObject | None = None,
        reader: DbWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.reader = reader or worker
        self.settings = settings
        self.window: QWidget | None = None
        self.ahead: dict[
            str, Any
        ] = {}  # name → Future: read by the opening thread for the first page (start-up)
        worker.default_error_handler = lambda exc: self.show_error(exc)
        self.reader.default_error_handler = lambda exc: self.show_error(exc)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Job:
        return self.worker.submit(fn, *args, on_done=on_done, on_error=on_error, **kwargs)

    def take_ahead(self, name: str) -> Any:
        """The Future of ``name`` read ahead at start-up (``ui.opening``), once; None when there is none."""
        return self.ahead.pop(name, None)

    def attach_database(self, db: Any) -> None:
        """The data file the window was waiting for is open: both workers use it (no page exists yet)."""
        self.db = db
        self.worker.set_database(db)
        if self.reader is not self.worker:
            self.reader.set_database(db)

    def adopt_database(self, db: Any) -> None:
        """From now on every page and both workers use ``db`` (the restore's Outcome, broadcast by ``run_op``
        right after, says everything changed: every page reloads from the new file)."""
        if getattr(self.db, "user_role", None) is not None:  # a restore keeps whoever is logged in
            db.actor, db.user_role = self.db.actor, self.db.user_role
        self.db = db
        self.worker.set_database(db)
        if self.reader is not self.worker:
            self.reader.set_database(db)
        self.database_changed.emit()

    def idle(self) -> bool:
        """No database job queued on either worker (tests)."""
        return self.worker.is_idle() and self.reader.is_idle()

    def open_record(self, kind: str, code: str) -> None:
        self.navigate_requested.emit(kind, code)

    def show_error(self, exc: BaseException, parent: QWidget | None = None) -> None:
        from hoagiai_desktop.storage.faults import explain

        self.status_message.emit("")  # an earlier "Saved." must not stand next to the error
        # a full, read-only, forbidden or vanished drive of the data file gets its one true sentence
        said = explain(exc, self.db.path) if self.db is not None else None
        show_error(parent or self.window or QApplication.activeWindow(), said or exc)

    def not_saved(self, exc: BaseException) -> None:
        """A write was refused: replace whatever the status bar said (an earlier "Saved.") with the reason."""
        message = getattr(exc, "message", None) or str(exc)
        self.status(_("Not saved: {reason}").format(reason=message) if message else _("Not saved."))

    def status(self, message: str) -> None:
        self.status_message.emit(message)
