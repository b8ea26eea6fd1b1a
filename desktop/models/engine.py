"""Engine factory: the same code opens the embedded SQLite file or a PostgreSQL URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

#: ``PRAGMA application_id`` of every Sportello SQLite file ("SPRT").
SQLITE_APPLICATION_ID = 0x53505254

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=10000",
)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory or non-SQLite URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy own transactions (pysqlite's own BEGIN handling is unreliable),
    # as the SQLAlchemy docs recommend for serializable SQLite behaviour.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    try:
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if journal != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock at BEGIN: two writers queue on busy_timeout
    # instead of failing later with "database is locked" on lock upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False, key: str | None = None) -> Engine:
    """Create an engine for ``url`` with Sportello's connection settings.

    With ``key`` a SQLite file is opened through SQLCipher (``sqlite+pysqlcipher``);
    the key travels in the engine's URL object only, never in ``url`` or a log line.
    """
    if is_sqlite(url):
        target = make_url(url)
        if key is not None:
            target = target.set(drivername="sqlite+pysqlcipher", password=key)
        engine = create_engine(target, echo=echo, connect_args={"timeout": 10})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5)
