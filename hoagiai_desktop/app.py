"""Composition root of the console script ``hoagiai``: the log file first, then the command line, which runs a
command or, without one, opens the window.

Nothing here is imported by the layers below (no import cycles, DESIGN rule 8): opening a data file lives in
``storage.opening``, the log file in ``logs``, starting the window in ``cli.run_window``. Heavy libraries
(SQLAlchemy, ReportLab, Qt) are imported only by the command that needs them, so ``hoagiai --help`` stays quick.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from hoagiai_desktop.cli import main as cli_main
from hoagiai_desktop.logs import setup_logging


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()
    code = cli_main(argv)
    if argv is None:  # the console script: the process ends as soon as this returns
        # Freeze what the process holds, so the interpreter's last garbage collections skip it: after SQLAlchemy is
        # loaded they walk every object of the library for about 0.1 s of CPU (a third of `hoagiai stats`'s own
        # work) and reclaim nothing — the process is ending. Files and the data file are closed by then; the log
        # is flushed by logging's exit hook. A caller passing argv (a test) keeps collecting.
        gc.freeze()
    return code
