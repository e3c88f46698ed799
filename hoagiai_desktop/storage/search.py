"""Accent-insensitive search that uses an index: FTS5 on SQLite, the folded column elsewhere.

"nguyen thi huong" finds "Nguyễn Thị Hường"; "dang" finds "Đặng" (the fold maps đ→d before indexing).
Every word of the query must match the start of a word in the record (search-as-you-type).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, and_, literal_column, select, table, true

from hoagiai_desktop.storage.dialect import dialect_name
from hoagiai_desktop.text import fold

# the FTS5 index of each searchable table (SQLite; kept up to date by ``storage.derived``)
FTS_OF_TABLE = {
    "mediator": "fts_mediator",
    "case_file": "fts_case",
    "team": "fts_team",
    "village": "fts_village",
}


def query_words(query: str | None) -> list[str]:
    return [w for w in fold((query or "").replace('"', " ")).split() if w]


def search_clause(reader: Any, cls: Any, query: str | None) -> ColumnElement[bool]:
    """A WHERE clause limiting ``cls`` (Mediator, Case, Team, Village — the ORM class or its Core table) to rows
    matching ``query``. ``reader`` is the ORM session or Core connection the query runs on (for its database)."""
    words = query_words(query)
    if not words:
        return true()
    columns = cls.c if isinstance(cls, Table) else cls.__table__.c
    column = columns.search_fold if "search_fold" in columns else columns.name_fold
    fts_name = FTS_OF_TABLE.get(columns.id.table.name)
    if dialect_name(reader) == "sqlite" and fts_name is not None:
        fts = table(fts_name, literal_column("rowid"), literal_column("body"))
        expression = " ".join(f'"{w}"*' for w in words)
        matched: Any = (
            select(literal_column("rowid"))
            .select_from(fts)
            .where(literal_column(fts_name).op("MATCH")(expression))
        )
        clause: ColumnElement[bool] = columns.id.in_(matched)
        return clause
    return and_(*(column.like(f"%{w}%") for w in words))
