"""Bulk inserts of a first sync's pages: only the columns a record carries, and the
full-text index of names filled once a page instead of by a trigger per row.

A snapshot page brings thousands of people. Inserted through the mapped ``person`` table,
SQLAlchemy binds every one of its 45 columns (the model's defaults for the 30 the region
does not send) and SQLite's insert trigger adds one full-text row per person. Here the
insert names only the columns the region sends plus the keys derived from them (the
database's own column defaults fill the rest, the same values), and on SQLite the trigger
is set aside inside the page's transaction, the page's names are indexed with one
``INSERT ... SELECT`` and the trigger is put back from its own stored SQL: a failure
rolls all of it back together, and no other writer can insert meanwhile (the
transaction holds the write lock).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import column, insert, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from desktop.models.base import Base

#: The trigger that indexes a new person's name (desktop/migrations: registration).
FTS_TRIGGER = "person_fts_ai"


def narrow_table(name: str, columns: Sequence[str]) -> TableClause:
    """``name`` with only ``columns`` (their types kept, no Python-side defaults)."""
    full = Base.metadata.tables[name]
    return table(name, *(column(c, full.c[c].type) for c in columns))


def insert_rows(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    """One executemany of ``rows`` (all with the same keys) into ``name``.

    On SQLite the values go to the driver as tuples, each converted by its column type's
    own bind processor (what SQLAlchemy stores, without its per-row bookkeeping: two
    thirds of a page's Python time), a column at a time; elsewhere through a Core
    insert of those columns.
    """
    if not rows:
        return
    names = list(rows[0])
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite":
        session.execute(insert(narrow_table(name, names)), rows)
        return
    full = Base.metadata.tables[name]
    processors = [full.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in names]
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(name)} ({', '.join(quote(c) for c in names)}) "  # noqa: S608 - model names
           f"VALUES ({', '.join('?' * len(names))})")
    columns = [_bound([row[c] for row in rows], p)
               for c, p in zip(names, processors, strict=True)]
    conn.exec_driver_sql(sql, _rows(columns))


#: Rows joined into tuples at a time (:func:`_rows`).
ROW_CHUNK = 1000


def _rows(columns: list[list[Any]]) -> list[tuple[Any, ...]]:
    """The columns' values as one tuple a row, joined a thousand rows at a time: one
    ``zip`` of a whole page is C code that keeps the GIL (up to tens of ms on a busy
    PC), while the GUI thread waits."""
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(columns[0]), ROW_CHUNK):
        out.extend(zip(*(c[start:start + ROW_CHUNK] for c in columns), strict=True))
    return out


def _bound(values: list[Any], process: Callable[[Any], Any] | None) -> list[Any]:
    """A column's values as the driver takes them: converted column by column (one
    ``map`` a column rather than a generator a row: half of a page's Python time), and
    a value every row shares (the page's timestamp) converted once."""
    if process is None:
        return values
    if len(set(map(id, values))) == 1:
        return [process(values[0])] * len(values)
    return list(map(process, values))


@contextmanager
def fts_deferred(session: Session) -> Iterator[None]:
    """On SQLite, index the people inserted inside in one statement at the end."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (FTS_TRIGGER,)).first()
    if found is None:
        yield
        return
    before = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM person").scalar_one()
    conn.exec_driver_sql(f"DROP TRIGGER {FTS_TRIGGER}")
    yield
    conn.exec_driver_sql("INSERT INTO person_fts (person_id, search_key) "
                         "SELECT id, search_key FROM person WHERE rowid > ?", (before,))
    conn.exec_driver_sql(str(found[0]))


#: The page cache (KiB) of a connection that applies a first sync's pages. SQLite's
#: default, 2 MiB, holds a few per cent of the indexes of 250,000 people: each page
#: then re-read (and, on an encrypted file, decrypted) the index pages it had just
#: written, and the apply slowed as the table grew. The cache fills only as far as
#: pages are used, and is the connection's for its life (the pool keeps a few).
SNAPSHOT_CACHE_KIB = 65_536


def widen_cache(session: Session) -> None:
    """Give the session's SQLite connection the page cache of a bulk apply."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SNAPSHOT_CACHE_KIB}")


def among(session: Session, id_column: Any, ids: Sequence[uuid.UUID],
          *where: Any) -> set[uuid.UUID]:
    """Which of ``ids`` are in ``id_column`` (rows also matching ``where``).

    A snapshot page's ids are consecutive in the server's order, which is theirs here
    too (the 128-bit value, as text on SQLite, as bytes on PostgreSQL): one range scan
    between the first and the last answers, instead of an ``IN`` of a parameter per record.
    """
    if not ids:
        return set()
    wanted = set(ids)
    found = session.scalars(select(id_column).where(
        id_column >= min(ids), id_column <= max(ids), *where))
    return {value for value in found if value in wanted}
