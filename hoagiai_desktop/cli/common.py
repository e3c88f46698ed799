"""What several commands share (not a command itself: it is not in ``COMMAND_MODULES``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SQLAlchemy loads only when a command opens a data file, not for --help
    from hoagiai_desktop.storage.database import Database


@contextmanager
def opened_db(ctx: Any, **options: bool) -> Iterator[Database]:
    """The data file, opened with ``ctx.open_db(**options)`` for the ``with`` block and closed whatever happens."""
    db = ctx.open_db(**options)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def loading_libraries() -> Iterator[None]:
    """Import heavy libraries inside this block: the garbage collector pauses while they load.

    Importing SQLAlchemy and the tables makes a few hundred thousand objects that live as long as the process; the
    collections their allocations trigger walk them again and again and reclaim nothing — about a fifth of the
    import's CPU time (``benchmarks/bench_stats.py``). Collection resumes when the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
