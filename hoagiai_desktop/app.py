"""Composition root of the console script ``hoagiai``: the log file first, then the command line, which runs a
command or, without one, opens the window.

Nothing here is imported by the layers below (no import cycles, DESIGN rule 8): opening a data file lives in
``storage.opening``, the log file in ``logs``, starting the window in ``cli.run_window``. Heavy libraries
(SQLAlchemy, ReportLab, Qt) are imported only by the command that needs them, so ``hoagiai --help`` stays quick.
"""

from __future__ import annotations

from collections.abc import Sequence

from hoagiai_desktop.cli import main as cli_main
from hoagiai_desktop.logs import setup_logging


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()
    return cli_main(argv)
