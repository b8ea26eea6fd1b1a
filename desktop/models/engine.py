"""Engine factory: the same code opens the embedded SQLite file or a PostgreSQL URL."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

#: ``PRAGMA application_id`` of every Sportello SQLite file ("SPRT").
SQLITE_APPLICATION_ID = 0x53505254

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=10000",
    # Up to 32 MiB of decrypted pages a connection (SQLite's default: 2 MiB), taken only
    # as pages are read. Every page read again after it left the cache is decrypted
    # again, and a large write (an import) spilled its changes to the journal mid-way.
    "PRAGMA cache_size=-32768",
)

#: A pooled server connection idle for longer than this is checked before it is used.
PING_AFTER_IDLE_S = 10.0


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


#: Execution option of the connections that only read (Database.read).
READ_ONLY_OPTION = "sportello_read_only"


def _on_sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock at BEGIN: two writers queue on busy_timeout
    # instead of failing later with "database is locked" on lock upgrade. A reader
    # needs no lock at all in WAL mode: a deferred BEGIN gives it a snapshot.
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class _SQLiteCompiler(SQLiteCompiler):
    """SQLite's compiler, with table hints: ``select.with_hint(Model, "INDEXED BY ix",
    "sqlite")`` names the index a statement must read (SQLAlchemy renders table hints
    only for the dialects whose compiler says how; PostgreSQL ignores them)."""

    def get_from_hint_text(self, table: Any, text: str | None) -> str | None:
        return text


#: Prepared statements a report connection keeps (see :func:`make_engine`).
REPORT_STATEMENTS = 4


def make_engine(url: str, *, echo: bool = False, key: str | None = None,
                report: bool = False) -> Engine:
    """Create an engine for ``url`` with Sportello's connection settings.

    With ``key`` a SQLite file is opened through SQLCipher (``sqlite+pysqlcipher``);
    the key travels in the engine's URL object only, never in ``url`` or a log line.

    ``report``: an engine for long reads on SQLite (Database.report), whose
    connections keep only a few prepared statements. Each statement the driver keeps
    prepared holds part of its connection's small-allocation arena (SQLite's
    "lookaside"); once it is used up, every allocation of a query takes SQLite's one
    process-wide allocator lock, and two reports on two threads spent most of their
    time waiting for each other there (the Osservatorio's refresh: 3x slower).
    """
    if is_sqlite(url):
        target = make_url(url)
        if key is not None:
            # x'...': SQLCipher's raw key (64 hex digits), no PBKDF2 per connection.
            target = target.set(drivername="sqlite+pysqlcipher", password=f"x'{key}'")
        # QueuePool for SQLCipher too (its dialect defaults to one connection per thread,
        # so a read inside a transaction on one thread failed "within a transaction").
        connect_args: dict[str, Any] = {"timeout": 10}
        if report:
            connect_args["cached_statements"] = REPORT_STATEMENTS
        engine = create_engine(target, echo=echo, connect_args=connect_args,
                               poolclass=QueuePool, pool_size=2 if report else 5)
        engine.dialect.statement_compiler = _SQLiteCompiler
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    engine = create_engine(url, echo=echo, pool_size=5, max_overflow=5)
    event.listen(engine, "checkin", _on_server_checkin)
    event.listen(engine, "checkout", _on_server_checkout)
    return engine


def _on_server_checkin(_dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
    record.info["idle_since"] = time.monotonic()


def _on_server_checkout(dbapi_conn: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
    """Check a connection that sat idle in the pool before handing it out.

    A server restart or a dropped LAN link leaves dead connections in the pool; they
    are found here, and the pool opens a fresh one instead (DisconnectionError is its
    signal to do so). A connection given back moments ago is not checked: a busy
    counter calls and finishes tickets back to back, and a check on every checkout
    (``pool_pre_ping``) cost two of the fifteen round trips of a call-and-finish.
    """
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
    except Exception as exc:  # any failure here means the connection is unusable
        raise sa_exc.DisconnectionError("pooled connection is gone") from exc

