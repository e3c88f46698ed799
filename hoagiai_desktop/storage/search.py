"""Accent-insensitive search that uses an index: FTS5 on SQLite, the folded column elsewhere.

"nguyen thi huong" finds "Nguyễn Thị Hường"; "dang" finds "Đặng" (the fold maps đ→d before indexing).
Every word of the query must match the start of a word in the record (search-as-you-type).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, literal_column, select, table, true
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.storage.derived import FTS_TABLES
from hoagiai_desktop.text import fold


def query_words(query: str | None) -> list[str]:
    return [w for w in fold((query or "").replace('"', " ")).split() if w]


def search_clause(session: Session, cls: Any, query: str | None) -> ColumnElement[bool]:
    """A WHERE clause limiting ``cls`` (Mediator, Case, Team, Village) to rows matching ``query``."""
    words = query_words(query)
    if not words:
        return true()
    column = cls.search_fold if cls is m.Case else cls.name_fold
    if session.get_bind().dialect.name == "sqlite" and cls in FTS_TABLES:
        fts = table(FTS_TABLES[cls], literal_column("rowid"), literal_column("body"))
        expression = " ".join(f'"{w}"*' for w in words)
        matched: Any = (
            select(literal_column("rowid"))
            .select_from(fts)
            .where(literal_column(FTS_TABLES[cls]).op("MATCH")(expression))
        )
        clause: ColumnElement[bool] = cls.id.in_(matched)
        return clause
    return and_(*(column.like(f"%{w}%") for w in words))
