"""When to back up automatically — a small policy object the window drives.

The window calls ``note_change()`` after every committed write, asks ``due()`` from a timer (say once a minute)
and calls ``run()`` on its worker thread when it is; on quitting it calls ``on_close()``. A backup is due when
something changed and 30 minutes have passed since the first change that no backup holds yet. ``on_close()`` backs up only if something changed since the last backup. Each backup is
verified and followed by thinning (``thinning.backup_now``).

The clock is injectable so the policy is tested without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from hoagiai_desktop.storage.backup import BackupInfo
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.thinning import backup_now

DEFAULT_INTERVAL = 30 * 60.0


class AutoBackup:
    def __init__(
        self,
        db: Database,
        *,
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        backup: Callable[[Database, str], BackupInfo] | None = None,
    ) -> None:
        self.db = db
        self.interval = interval
        self._clock = clock
        self._backup = backup or (lambda d, reason: backup_now(d, reason=reason))
        self._lock = threading.Lock()
        self._changes = 0
        self._since: float | None = None  # when the interval started: last backup, or first change after it
        self.last_backup: BackupInfo | None = None
        self.last_error: str | None = None

    @property
    def pending_changes(self) -> int:
        return self._changes

    def note_change(self, n: int = 1) -> None:
        """Something was committed (call after each write the window makes)."""
        with self._lock:
            if self._since is None:
                self._since = self._clock()
            self._changes += n

    def due(self) -> bool:
        with self._lock:
            return (
                self._changes > 0 and self._since is not None and self._clock() - self._since >= self.interval
            )

    def run(self, reason: str = "auto") -> BackupInfo | None:
        """Back up now if anything changed (whatever the time); returns the backup, or None if nothing to do.

        A failed backup is remembered in ``last_error`` (one sentence for the status bar) and raised.
        """
        with self._lock:
            if self._changes == 0:
                return None
            seen = self._changes
        try:
            info = self._backup(self.db, reason)
        except Exception as exc:
            self.last_error = str(exc)
            raise
        with self._lock:
            self._changes -= seen  # writes made while the backup ran are kept for the next one
            self._since = self._clock() if self._changes else None
            self.last_backup = info
            self.last_error = None
        return info

    def run_if_due(self) -> BackupInfo | None:
        return self.run("auto") if self.due() else None

    def on_close(self) -> BackupInfo | None:
        """Call when the window closes: a backup if anything changed since the last one."""
        return self.run("close")

    def rebind(self, db: Database) -> None:
        """After a restore the window has a new ``Database``: keep the policy, point it there."""
        with self._lock:
            self.db = db
            self._changes = 0
            self._since = None
