"""The server-wide values (epoch, head version) and the change log that pull reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from server.models import Change, Entity, Meta
from wire.messages import ItemState
from wire.protocol import KINDS

#: ``session.info`` key of the changes a transaction made, numbered when it ends.
PENDING = "pending_changes"


class MissingMeta(RuntimeError):
    """The server database lacks a value the store writes when it creates it."""


def meta_row(session: Session, key: str, *, lock: bool = False) -> Meta:
    row = session.get(Meta, key, with_for_update=lock, populate_existing=lock)
    if row is None:
        raise MissingMeta(f"the server database has no {key!r}: not made by this server")
    return row


def epoch(session: Session) -> str:
    """Changes when the server is restored from a backup: every client starts again."""
    return meta_row(session, "epoch").value


def head(session: Session) -> int:
    """The latest version of the change log."""
    return int(meta_row(session, "version").value)


def epoch_and_head(session: Session | Connection) -> tuple[str, int]:
    """:func:`epoch` and :func:`head` in one round trip (what every pull reads first)."""
    values = {key: value for key, value in session.execute(select(Meta.key, Meta.value)
                                                           .where(Meta.key.in_(("epoch", "version"))))}
    if len(values) != 2:
        raise MissingMeta("the server database has no epoch or version: not made by this "
                          "server")
    return values["epoch"], int(values["version"])


def item_state(row: Entity) -> ItemState:
    return {"fields": dict(row.fields), "clocks": dict(row.clocks), "deleted": row.deleted}


def log_change(session: Session, row: Entity) -> None:
    """Note ``row``'s state as it is now for its stream's change log.

    The change gets its version when the transaction ends (:func:`write_changes`), so the
    lock that makes versions gap-free is held only for the last moment of a push, not
    while its mutations are merged: pushes of several server processes merge in parallel.
    """
    stream = KINDS[row.kind].stream
    if stream is None:
        return
    pending: list[tuple[Entity, str, dict[str, Any]]] = session.info.setdefault(PENDING, [])
    pending.append((row, stream, dict(item_state(row))))


def write_changes(session: Session) -> None:
    """Give the transaction's changes the next gap-free versions, in the order they were
    made, and write them to the change log; call it just before the commit.

    The versions are taken under the row lock of ``meta.version`` (not from a database
    sequence), held until the commit: transactions commit in version order, so a reader
    never sees version n+1 without version n and the log has no holes on PostgreSQL.
    """
    pending: list[tuple[Entity, str, dict[str, Any]]] = session.info.pop(PENDING, [])
    if not pending:
        return
    with session.no_autoflush:  # the records are written once, with their versions
        meta = meta_row(session, "version", lock=True)
    version = int(meta.value)
    changes = []
    for row, stream, data in pending:
        version += 1
        row.version = version
        changes.append({"version": version, "stream": stream, "kind": row.kind,
                        "entity_id": row.id, "data": data})
    # one bulk INSERT, not an ORM object each: nothing reads them back in the transaction
    with session.no_autoflush:
        session.execute(insert(Change), changes)
    meta.value = str(version)
