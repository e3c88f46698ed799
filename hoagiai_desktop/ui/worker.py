"""One worker thread that owns every database call, so the GUI thread never waits on the database.

Usage from any page (GUI thread)::

    ctx.worker.submit(services.cases_read.case_ids, case_filter, on_done=self._show, on_error=self._failed)

``fn`` runs on the worker thread as ``fn(db, *args, **kwargs)`` (it receives the :class:`Database`) and must return
plain data: ids, frozen rows and records from the ``*_read`` services (DESIGN rule 2) — never a session, and no ORM
object to a widget (a lazy relationship would load on the GUI thread, or fail once detached).
``on_done(result)`` / ``on_error(exc)`` are then called on the GUI thread. Jobs run one at a time in submission
order (one writer). When ``on_error`` is omitted the worker's ``default_error_handler`` is used (the window shows
the error dialog).

A callback that is a bound method of a QObject that has been deleted meanwhile is silently dropped.
``submit`` returns a :class:`Job`; ``job.cancel()`` drops its callbacks (the function may still run).
Tests call :meth:`DbWorker.wait_idle` (or ``qtbot.waitUntil(worker.is_idle)``) to let queued jobs finish.

The window also runs a second instance, ``ctx.reader``, for slow read-only summaries (the dashboard's figures and
attention list on a province take seconds): SQLite in WAL mode lets it read while the main worker answers the
lists and does every write, so the register stays quick while the dashboard is computed. Never write through
``ctx.reader``.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import threading
import traceback
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QElapsedTimer, QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)

_live: weakref.WeakSet[DbWorker] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """A QThread destroyed while running aborts the process: stop every worker a caller forgot to stop."""
    for worker in list(_live):
        with contextlib.suppress(RuntimeError):  # its Qt object is already gone
            worker.stop(timeout_ms=2_000)


DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Courier(QObject):
    arrived = Signal(object)  # the finished Future


def deliver(future: Future[Any], owner: QObject, on_done: DoneCallback, on_error: ErrorCallback) -> None:
    """``on_done(result)`` or ``on_error(exc)`` on the GUI thread once ``future`` (finished on any thread) is done;
    dropped if ``owner`` was deleted meanwhile. For work begun before a worker existed (``ui.opening``)."""
    courier = _Courier(owner)

    def arrived(done: Future[Any]) -> None:
        courier.deleteLater()
        exc = done.exception()
        if exc is None:
            on_done(done.result())
        else:
            on_error(exc)

    courier.arrived.connect(arrived, Qt.ConnectionType.QueuedConnection)

    def finished(done: Future[Any]) -> None:
        with contextlib.suppress(RuntimeError):  # the owner, and the courier with it, were deleted
            courier.arrived.emit(done)

    future.add_done_callback(finished)


@dataclass
class Job:
    """A submitted unit of work; ``cancel()`` makes its callbacks not run."""

    id: int
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    on_done: DoneCallback | None = None
    on_error: ErrorCallback | None = None
    cancelled: bool = False
    details: str = field(default="", repr=False)  # traceback text when it failed

    def cancel(self) -> None:
        self.cancelled = True


class _Executor(QObject):
    """Lives on the worker thread; runs jobs and reports back by signals (queued to the GUI thread)."""

    finished = Signal(object, object)  # job, result
    failed = Signal(object, object)  # job, exception

    def __init__(self, db: Any) -> None:
        super().__init__()
        self.db = db

    @Slot(object)
    def run(self, job: Job) -> None:
        if job.cancelled:
            self.finished.emit(job, None)
            return
        try:
            result = job.fn(self.db, *job.args, **job.kwargs)
        except BaseException as exc:  # reported to the GUI thread, never lost
            job.details = traceback.format_exc()
            self.failed.emit(job, exc)
        else:
            self.finished.emit(job, result)


class DbWorker(QObject):
    """Runs ``fn(db, ...)`` on one QThread; delivers results on the GUI thread."""

    _request = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, db: Any, parent: QObject | None = None, name: str = "hoagiai-db") -> None:
        super().__init__(parent)
        self.db = db
        self._ids = itertools.count(1)
        self._pending: dict[int, Job] = {}
        self._lock = threading.Lock()
        self.default_error_handler: ErrorCallback | None = None
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._executor = _Executor(db)
        self._executor.moveToThread(self._thread)
        self._request.connect(self._executor.run)
        self._executor.finished.connect(self._on_finished)
        self._executor.failed.connect(self._on_failed)
        self._thread.start()
        _live.add(self)

    # -- public -------------------------------------------------------------------------------------------

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: Any,
    ) -> Job:
        job = Job(next(self._ids), fn, args, kwargs, on_done, on_error)
        with self._lock:
            was_idle = not self._pending
            self._pending[job.id] = job
        if was_idle:
            self.busy_changed.emit(True)
        self._request.emit(job)
        return job

    def set_database(self, db: Any) -> None:
        """Use ``db`` for every job submitted from now on (after a restore reopened the data file).

        The switch itself runs as a job, so jobs already queued finish on the old database."""

        def switch(_old: Any) -> None:
            self._executor.db = db

        self.db = db
        self.submit(switch)

    def switch_database_here(self, db: Any) -> None:
        """Use ``db`` at once — only from a job running on this worker's thread (e.g. the restore job itself),
        so the job queued next already runs on the new file."""
        self.db = db
        self._executor.db = db

    def is_idle(self) -> bool:
        with self._lock:
            return not self._pending

    def pending_count(self) -> int:
        with self._lock:
            return len(self._pending)

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until every submitted job has reported back (for tests and shutdown)."""
        clock = QElapsedTimer()
        clock.start()
        while not self.is_idle():
            if clock.elapsed() > timeout_ms:
                return False
            QCoreApplication.processEvents()
            QThread.msleep(2)
        QCoreApplication.processEvents()
        return True

    def stop(self, timeout_ms: int = 5_000) -> None:
        """Finish the running job and stop the thread (queued jobs are dropped)."""
        with self._lock:
            for job in self._pending.values():
                job.cancel()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(QDeadlineTimer(timeout_ms))

    # -- delivery (GUI thread) ------------------------------------------------------------------------------

    def _done(self, job: Job) -> None:
        with self._lock:
            self._pending.pop(job.id, None)
            idle = not self._pending
        if idle:
            self.busy_changed.emit(False)

    @staticmethod
    def _alive(callback: Callable[..., Any]) -> bool:
        owner = getattr(callback, "__self__", None)
        return not isinstance(owner, QObject) or shiboken6.isValid(owner)

    @Slot(object, object)
    def _on_finished(self, job: Job, result: Any) -> None:
        self._done(job)
        if job.cancelled or job.on_done is None or not self._alive(job.on_done):
            return
        try:
            job.on_done(result)
        except Exception as exc:
            log.exception("error in a result handler")
            self._report(job, exc, traceback.format_exc())

    @Slot(object, object)
    def _on_failed(self, job: Job, exc: BaseException) -> None:
        self._done(job)
        if job.cancelled:
            return
        self._report(job, exc, job.details)

    def _report(self, job: Job, exc: BaseException, details: str) -> None:
        from hoagiai_desktop.errors import UserError

        if not isinstance(exc, UserError):
            log.error("database job %s failed:\n%s", getattr(job.fn, "__name__", "?"), details)
        exc.__dict__.setdefault("details", details)
        handler = job.on_error if job.on_error is not None and self._alive(job.on_error) else None
        handler = handler or self.default_error_handler
        if handler is not None:
            handler(exc)
