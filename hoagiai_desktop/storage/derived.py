"""Everything derived from what people type, maintained in one place just before each flush.

* search folds and collation keys (``name_fold``, ``sort_key``, ``search_fold``) from names and texts;
* the SQLite FTS5 search index (``fts_*`` tables) after the flush;
* audit entries (entity, code, action, changed field *names* — no values) for every create / update / delete.

Services therefore never compute these by hand, and bulk loaders call :func:`rebuild_search` once at the end.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import AuditAction
from hoagiai_desktop.storage.search import FTS_OF_TABLE
from hoagiai_desktop.text import fold, person_sort_key, sort_key

# Columns that are derived or bookkeeping and never worth an audit line.
_DERIVED = {"name_fold", "sort_key", "search_fold", "id"}
# entity → FTS table on SQLite (created by the initial migration).
FTS_TABLES: dict[type[m.Base], str] = {
    cls: FTS_OF_TABLE[cls.__table__.name] for cls in (m.Mediator, m.Case, m.Team, m.Village)
}
_NOT_AUDITED = (m.AuditEntry, m.Setting)


def case_search_text(case: m.Case) -> str:
    parts = [case.code, case.summary, case.place, case.subtype]
    parts += [p.name for p in case.parties]
    parts += [p.address for p in case.parties]
    return fold(" ".join(p for p in parts if p))


def _refresh(obj: Any) -> None:
    if isinstance(obj, m.Mediator):
        obj.name_fold = fold(f"{obj.full_name} {obj.code}")
        obj.sort_key = person_sort_key(obj.full_name)
    elif isinstance(obj, m.Team | m.Village):
        obj.name_fold = fold(f"{obj.name} {obj.code}")
        obj.sort_key = sort_key(obj.name)
    elif isinstance(obj, m.TrainingEvent):
        obj.name_fold = fold(f"{obj.title} {obj.code} {obj.venue or ''}")
    elif isinstance(obj, m.Case):
        obj.search_fold = case_search_text(obj)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    touched = list(session.new) + list(session.dirty)
    with session.no_autoflush:
        cases = set()
        for obj in touched:
            if isinstance(obj, m.Party) and obj.case is not None:
                cases.add(obj.case)
            _refresh(obj)
        for case in cases:
            _refresh(case)
        if session.info.get("audit", True):
            _audit(session)


def _audit(session: Session) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    who = str(session.info.get("actor") or "?")
    entries: list[m.AuditEntry] = []
    for obj, action in (
        *((o, AuditAction.CREATE) for o in session.new),
        *((o, AuditAction.UPDATE) for o in session.dirty),
        *((o, AuditAction.DELETE) for o in session.deleted),
    ):
        if isinstance(obj, _NOT_AUDITED):
            continue
        state = inspect(obj)
        if action is AuditAction.UPDATE:
            fields = [a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()]
            fields = [f for f in fields if f not in _DERIVED]
            if not fields:
                continue
        elif action is AuditAction.CREATE:
            fields = [
                a.key
                for a in state.mapper.column_attrs
                if a.key not in _DERIVED and getattr(obj, a.key) is not None
            ]
        else:
            fields = []
        entries.append(
            m.AuditEntry(
                at=now, who=who, entity=type(obj).__table__.name, entity_code=_code_of(obj),
                action=action, fields=",".join(fields) or None,
            )
        )  # fmt: skip
    session.add_all(entries)


def _code_of(obj: Any) -> str | None:
    if isinstance(obj, m.AppUser):  # known by the login name: the audit shows whose account changed
        return obj.name
    code = getattr(obj, "code", None)
    if code:
        return str(code)
    for parent in ("case", "mediator", "event", "team"):
        owner = getattr(obj, parent, None)
        if owner is not None and getattr(owner, "code", None):
            return str(owner.code)
    key = getattr(obj, "key", None)
    return str(key) if key else None


def _after_flush(session: Session, _ctx: Any) -> None:
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    for obj in list(session.new) + list(session.dirty):
        table = FTS_TABLES.get(type(obj))
        if table is None or obj.id is None:
            continue
        body = obj.search_fold if isinstance(obj, m.Case) else obj.name_fold
        conn.execute(text(f"DELETE FROM {table} WHERE rowid = :id"), {"id": obj.id})
        conn.execute(
            text(f"INSERT INTO {table}(rowid, body) VALUES (:id, :body)"), {"id": obj.id, "body": body}
        )
    for obj in session.deleted:
        table = FTS_TABLES.get(type(obj))
        if table is not None and obj.id is not None:
            conn.execute(text(f"DELETE FROM {table} WHERE rowid = :id"), {"id": obj.id})


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)


def rebuild_search(session: Session) -> None:
    """Recompute folds/keys of every row and rebuild the FTS index (after bulk loads that bypass the ORM)."""
    conn = session.connection()
    updates: dict[str, list[dict[str, Any]]] = {"mediator": [], "team": [], "village": [], "case_file": []}
    for mediator_id, name, code in conn.execute(text("SELECT id, full_name, code FROM mediator")):
        updates["mediator"].append(
            {"b_id": mediator_id, "name_fold": fold(f"{name} {code}"), "sort_key": person_sort_key(name)}
        )
    for table in ("team", "village"):
        for row_id, name, code in conn.execute(text(f"SELECT id, name, code FROM {table}")):
            updates[table].append(
                {"b_id": row_id, "name_fold": fold(f"{name} {code}"), "sort_key": sort_key(name)}
            )
    parties: dict[int, list[str]] = {}
    for case_id, name, address in conn.execute(text("SELECT case_id, name, address FROM party ORDER BY id")):
        parties.setdefault(case_id, []).extend(p for p in (name, address) if p)
    for cid, code, summary, place, subtype in conn.execute(
        text("SELECT id, code, summary, place, subtype FROM case_file")
    ):
        words = (code, summary, place, subtype, *parties.get(cid, []))
        updates["case_file"].append({"b_id": cid, "search_fold": fold(" ".join(p for p in words if p))})
    for table_name, rows in updates.items():
        if rows:
            target = m.Base.metadata.tables[table_name]
            session.execute(target.update().where(target.c.id == bindparam("b_id")), rows)
    if conn.dialect.name == "sqlite":
        for cls, fts in FTS_TABLES.items():
            column = "search_fold" if cls is m.Case else "name_fold"
            table = cast(Table, cls.__table__).name
            conn.execute(text(f"DELETE FROM {fts}"))
            conn.execute(text(f"INSERT INTO {fts}(rowid, body) SELECT id, {column} FROM {table}"))
