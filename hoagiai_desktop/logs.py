"""The log file: where it lives and how it is written. Logs never contain names, addresses or case text."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_logging_ready = False


def log_path() -> Path:
    from hoagiai_desktop.paths import data_dir

    return data_dir() / "logs" / "hoagiai.log"


def setup_logging() -> None:
    """Log to a rotating file in the data folder (once per process)."""
    global _logging_ready
    if _logging_ready:
        return
    _logging_ready = True
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
