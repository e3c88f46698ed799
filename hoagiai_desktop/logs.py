"""The log file: where it lives and how it is written. Logs never contain names, addresses or case text.

The file (and the per-user folder it lives in) is opened when a command or the window starts (``open_log_file``)
or on the first record, whichever comes first — not while the command line is only being parsed, so
``hoagiai --help`` does not pay for it.
"""

from __future__ import annotations

import logging
from pathlib import Path

_handler: _LogFileOnFirstRecord | None = None


def log_path() -> Path:
    from hoagiai_desktop.paths import data_dir

    return data_dir() / "logs" / "hoagiai.log"


def log_formatter() -> logging.Formatter:
    """The one formatter of the log file: it cannot let names or case text through (``log_privacy``)."""
    from hoagiai_desktop.log_privacy import PrivateFormatter

    return PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def _open_log_file() -> logging.Handler:
    import logging.handlers

    from hoagiai_desktop.storage.private import make_private, make_private_dir

    try:
        path = log_path()
        make_private_dir(path.parent)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        make_private(path)  # a log written by an older version may still be world-readable
    except OSError:
        handler = logging.NullHandler()  # a read-only profile must not stop the program
    handler.setFormatter(log_formatter())
    return handler


class _LogFileOnFirstRecord(logging.Handler):
    """Hands every record to the rotating log file, which it opens when the first record arrives."""

    def __init__(self) -> None:
        super().__init__()
        self._file: logging.Handler | None = None

    def open(self) -> logging.Handler:
        if self._file is None:
            self._file = _open_log_file()
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        self.open().handle(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging() -> None:
    """Log to a rotating file in the data folder (once per process)."""
    global _handler
    if _handler is not None:
        return
    from hoagiai_desktop.storage.private import restrict_process

    restrict_process()  # everything this process creates from now on is for the user only
    _handler = _LogFileOnFirstRecord()
    root = logging.getLogger()
    root.addHandler(_handler)
    root.setLevel(logging.INFO)


def open_log_file() -> None:
    """Open the log file now (a command or the window is starting), if ``setup_logging`` was called."""
    if _handler is not None:
        _handler.open()
