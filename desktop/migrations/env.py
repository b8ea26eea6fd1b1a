"""Alembic environment: run by desktop.infra.database with a live connection.

There is no alembic.ini: the configuration is built in code, so the frozen build
and a source checkout migrate the same way. Developers create a revision with
``python -m desktop.infra.database revision -m "message"``.
"""

from __future__ import annotations

from alembic import context

from desktop.models import Base
from desktop.models.base import UTCDateTime

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when misused
    raise RuntimeError("Sportello migrations run only through desktop.infra.database")



def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write UTC timestamps as plain ``sa.DateTime()``: migrations never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


context.configure(
    connection=connection,
    render_item=render_item,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE on SQLite
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
