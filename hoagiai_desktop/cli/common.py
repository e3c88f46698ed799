"""What several commands share (not a command itself: it is not in ``COMMAND_MODULES``)."""

from __future__ import annotations

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
