"""The server database's schema, made and upgraded by Alembic (``server/migrations``).

Every worker process runs :func:`upgrade` when it opens the store: on PostgreSQL under a
transaction-level advisory lock, so when several workers start together one migrates and
the others find it done. A database made before the server had migrations (its tables
were created directly from the models) carries no Alembic version: it is recognised by
its columns and continues from the revision it matches.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from server.store.locks import lock_key

#: The revision a database made directly from the models of the release that added
#: sites (before migrations) matches.
SITES_REVISION = "0002"
#: ... and the release that added the audit checkpoints.
CHECKPOINTS_REVISION = "0003"


def migrations_dir() -> Path:
    """``server/migrations``, in a source tree or in the installed bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "server" / "migrations"
    return Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database's schema to the latest revision (made from nothing if empty)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                         {"k": lock_key("sportello-server-schema")})
        config = alembic_config(conn)
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and "workstation" in tables:
            columns = {column["name"] for column in inspect(conn).get_columns("workstation")}
            if "audit_checkpoint" in tables:
                command.stamp(config, CHECKPOINTS_REVISION)
            elif "site_code" in columns:
                command.stamp(config, SITES_REVISION)
            # otherwise: the first release's tables; 0001 creates only what is missing
        command.upgrade(config, "head")
