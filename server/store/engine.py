"""The server database's engine: SQLite for one process, PostgreSQL for several.

On PostgreSQL every round trip counts (a push is about fifteen statements, a pull
four): a pooled connection is checked only when it sat idle long enough to have been
dropped (not before each use, as ``pool_pre_ping`` does), and read-only calls run in
autocommit (no BEGIN and ROLLBACK round trips; under READ COMMITTED each statement saw
its own snapshot anyway).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import ConnectionPoolEntry

#: A pooled connection idle longer than this is checked before it is handed out.
PING_AFTER_IDLE_S = 30.0


def make_engine(url: str, pool_size: int) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_immediate(engine)
        return engine
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size)
    event.listen(engine, "checkin", _on_checkin)
    event.listen(engine, "checkout", _on_checkout)
    return engine


def reader(engine: Engine) -> Engine:
    """The engine read-only calls use: autocommit on PostgreSQL, the same on SQLite
    (where every transaction takes the write lock at BEGIN, reads included)."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _sqlite_immediate(engine: Engine) -> None:
    """Every SQLite transaction takes the write lock at BEGIN: no upgrade deadlocks."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _on_checkin(_dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
    record.info["idle_since"] = time.monotonic()


def _on_checkout(dbapi_conn: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
    """Check a connection that sat idle in the pool (a restarted server or a dropped
    link leaves dead ones); DisconnectionError makes the pool open a fresh one."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_conn.rollback()
    except Exception as exc:  # any failure here means the link is unusable
        raise sa_exc.DisconnectionError("pooled connection is gone") from exc
