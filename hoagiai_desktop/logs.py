"""The log file: where it lives and how it is written. Logs never contain names, addresses or case text."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_logging_ready = False


def log_path() -> Path:
    from hoagiai_desktop.paths import data_dir

    return data_dir() / "logs" / "hoagiai.log"


def log_formatter() -> logging.Formatter:
    """The one formatter of the log file: it cannot let names or case text through (``log_privacy``)."""
    from hoagiai_desktop.log_privacy import PrivateFormatter

    return PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def setup_logging() -> None:
    """Log to a rotating file in the data folder (once per process)."""
    global _logging_ready
    if _logging_ready:
        return
    _logging_ready = True
    from hoagiai_desktop.storage.private import make_private, make_private_dir, restrict_process

    restrict_process()  # everything this process creates from now on is for the user only
    try:
        path = log_path()
        make_private_dir(path.parent)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        make_private(path)  # a log written by an older version may still be world-readable
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(log_formatter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
