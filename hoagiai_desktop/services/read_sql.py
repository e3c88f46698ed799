"""Small SQL helpers every read module shares (one definition, not one copy per register).

They build clauses only; each read module (``cases_read``, ``mediators_read``, ``teams_read``, ``villages_read``,
``training_read``) runs its own query — through :meth:`Database.reading` (an ORM session) or, for the lists the
window opens with, :meth:`Database.reading_connection` (Core: no ORM to import or configure at start-up) — and hands
back frozen rows. Both kinds of reader are accepted here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select

from hoagiai_desktop.storage.dialect import dialect_name

if TYPE_CHECKING:
    from hoagiai_desktop.domain.indicators import Reader


def agg_text(session: Reader, column: Any) -> Any:
    """Join the texts of a group with "; " (group_concat on SQLite, string_agg elsewhere)."""
    if dialect_name(session) == "sqlite":
        return func.group_concat(column, "; ")
    return func.string_agg(column, "; ")


def order(sort: str | None, columns: dict[str, Any], default: str) -> tuple[list[Any], str]:
    """ORDER BY terms for a sort key such as ``"name"`` or ``"-code"`` (unknown keys fall back to ``default``).

    A column may be a tuple (the first part sorts, the others break ties in the same direction).
    """
    key = (sort or default).strip()
    descending = key.startswith("-")
    name = key.lstrip("-")
    if name not in columns:
        name, descending = default.lstrip("-"), default.startswith("-")
    column = columns[name]
    parts = column if isinstance(column, tuple) else (column,)
    return [p.desc() if descending else p.asc() for p in parts], name


def sort_key(sort: str, descending: bool) -> str:
    """The ``order`` spelling of a filter's (sort, descending) pair."""
    return ("-" if descending else "") + sort


def count(s: Reader, stmt: Select[Any]) -> int:
    """How many rows ``stmt`` returns (the ``count_*`` twin of a list)."""
    return int(s.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def page(stmt: Select[Any], limit: int | None, offset: int) -> Select[Any]:
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def as_date(value: Any) -> dt.date | None:
    """A date from an aggregate (SQLite hands MIN/MAX of dates back as text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    """``ids`` in blocks small enough for one ``IN (...)`` on every database."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]
