"""Opening a database: SQLite (WAL, synchronous=FULL, foreign keys) or PostgreSQL through one interface.

``Database`` owns the engine and a session factory. Every unit of work is one short transaction::

    with db.transaction() as session:
        ...   # committed on success, rolled back on any exception

Sessions use ``expire_on_commit=False`` so objects handed back to callers stay readable after the commit.
"""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:  # the ORM loads with the first session (see Database._session_factory)
    from sqlalchemy.orm import Session, sessionmaker

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def _sqlite_on_connect(dbapi_con: Any, _record: Any) -> None:
    # Let SQLAlchemy manage transactions (pysqlite's implicit BEGIN handling is disabled below).
    dbapi_con.isolation_level = None
    cur = dbapi_con.cursor()
    for pragma in SQLITE_PRAGMAS:
        cur.execute(pragma)
    cur.close()


def _sqlite_on_connect_read_only(dbapi_con: Any, _record: Any) -> None:
    # A read-only connection must not try to switch the journal mode (that is a write).
    dbapi_con.isolation_level = None
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_on_checkin(dbapi_con: Any, _record: Any) -> None:
    # A reader switched the connection to query_only (Database.reading); the next user may be a writer.
    if dbapi_con is not None:
        dbapi_con.execute("PRAGMA query_only=OFF")


# the first statement of a reading transaction (PostgreSQL: transaction-scoped, nothing to undo)
READ_ONLY_SQL = {"sqlite": "PRAGMA query_only=ON", "postgresql": "SET TRANSACTION READ ONLY"}


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def url_for(target: str | Path) -> str:
    """A SQLAlchemy URL for a path to a SQLite file, or the URL itself (postgresql+psycopg://…).

    The plain ``postgresql://user@host/db`` that officers are told to type names psycopg (version 3, the driver
    HoaGiai ships), not SQLAlchemy's default psycopg2, which is not installed."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def make_engine(target: str | Path, *, read_only: bool = False) -> Engine:
    url = make_url(url_for(target))
    if url.get_backend_name() == "sqlite":
        if read_only and url.database:
            # On a read-only drive SQLite cannot make the -shm a WAL file needs even to read: open it as
            # immutable there (nothing can change it anyway), so checking or reading such a copy still works.
            folder = os.path.dirname(url.database) or "."
            frozen = "&immutable=1" if os.path.isdir(folder) and not os.access(folder, os.W_OK) else ""
            url = url.set(database=f"file:{url.database}?mode=ro{frozen}", query={"uri": "true"})
        # hide_parameters: a database error's text must never carry the values (names, case text) it was
        # writing — that text ends up in messages and the log.
        engine = create_engine(url, poolclass=NullPool if read_only else None, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_on_connect_read_only if read_only else _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        if not read_only:
            event.listen(engine, "checkin", _sqlite_on_checkin)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


class Database:
    """An open database: engine, session factory and who is writing (for the audit log)."""

    def __init__(self, target: str | Path, *, read_only: bool = False, actor: str | None = None) -> None:
        self.target = str(target)
        self.read_only = read_only
        self.engine = make_engine(target, read_only=read_only)
        self.actor = actor or _os_user()
        self.user_role: str | None = None  # the logged-in user's role (services.users.login)
        self.has_users: bool | None = None  # cached by services.users.has_users; None = not asked yet
        self._sessions: sessionmaker[Session] | None = None
        self._sessions_made = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        if not self.is_sqlite or not self.engine.url.database:
            return None
        return Path(self.engine.url.database.removeprefix("file:").split("?")[0])

    def _session_factory(self) -> sessionmaker[Session]:
        # Made on first use: the ORM, the models and the derived-field hooks load only when a session is wanted;
        # a command that reads with Core SQL alone (`hoagiai stats`, :meth:`reading_connection`) never pays for
        # them (about a third of its CPU time).
        with self._sessions_made:
            if self._sessions is None:
                from sqlalchemy.orm import sessionmaker

                from hoagiai_desktop.storage import derived

                self._sessions = sessionmaker(self.engine, expire_on_commit=False)
                derived.install(self._sessions)
            return self._sessions

    def session(self, bind: Connection | None = None) -> Session:
        factory = self._session_factory()
        session = factory(bind=bind) if bind is not None else factory()
        session.info["actor"] = self.actor
        return session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One connection held for a run of transactions (``transaction(bind=…)``): a loop of thousands of short
        transactions — ``receive`` of a whole country — then skips the pool's check-out, its liveness ping and
        its reset on return, which on a server are round trips of their own for every transaction."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def transaction(self, *, audit: bool = True, bind: Connection | None = None) -> Iterator[Session]:
        """One unit of work, all or nothing. ``audit=False`` for bulk loads that write one summary entry;
        ``bind``: on a connection held by :meth:`connection` (no transaction of its own open)."""
        if self.read_only:
            from hoagiai_desktop.errors import UserError
            from hoagiai_desktop.i18n import _

            raise UserError(
                _(
                    "This data file is open read-only, so nothing can be changed; close the other HoaGiai window first."
                )
            )
        session = self.session(bind)
        session.info["audit"] = audit
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: nothing is committed, and loaded objects stay readable (detached) after.

        Read-only at the database level, not by convention: a write through the reader fails in the database
        (SQLite ``PRAGMA query_only``, undone when the connection goes back to the pool; PostgreSQL
        ``SET TRANSACTION READ ONLY``), so a service that reads can never change the data by mistake.
        """
        session = self.session()
        try:
            if not self.read_only:  # a read-only file is opened mode=ro already
                session.connection().exec_driver_sql(READ_ONLY_SQL[self.engine.dialect.name])
            yield session
        finally:
            session.close()  # ends the transaction without expiring what was loaded

    @contextmanager
    def reading_connection(self) -> Iterator[Connection]:
        """:meth:`reading` as a Core connection, for aggregate SQL over the Core tables (no ORM objects): read-only
        at the database level the same way, and rolled back when the block ends."""
        with self.engine.connect() as conn:
            if not self.read_only:
                conn.exec_driver_sql(READ_ONLY_SQL[self.engine.dialect.name])
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        """Where the data is, for the status bar and messages (no password)."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, container)
        return "?"
