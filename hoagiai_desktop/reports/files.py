"""Writing output files without ever leaving a half-written one (DESIGN rule 13); a full, read-only, vanished or
forbidden target is said in one sentence (``hoagiai_desktop.output``)."""

from __future__ import annotations

import os
from pathlib import Path

from hoagiai_desktop.output import write_output


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to a private temporary file beside ``path``, fsync it, then rename it over ``path``."""
    return write_output(path, lambda fh: fh.write(data))
