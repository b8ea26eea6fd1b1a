"""Alembic environment of the regional server: run by server.store.schema with a live
connection (no alembic.ini; the configuration is built in code)."""

from __future__ import annotations

from alembic import context

from server.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when misused
    raise RuntimeError("the server's migrations run only through server.store.schema")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE on SQLite
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
