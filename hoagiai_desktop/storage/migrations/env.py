"""Alembic environment: runs on the connection the app hands over (never opens its own)."""

from __future__ import annotations

from alembic import context

from hoagiai_desktop.domain.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line during development
    from hoagiai_desktop.storage.database import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "dev.sqlite3")
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
