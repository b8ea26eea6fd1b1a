"""The server-wide values (epoch, head version) and the change log that pull reads."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.models import Change, Entity, Meta
from wire.messages import ItemState
from wire.protocol import KINDS


class MissingMeta(RuntimeError):
    """The server database lacks a value the store writes when it creates it."""


def meta_row(session: Session, key: str, *, lock: bool = False) -> Meta:
    row = session.get(Meta, key, with_for_update=lock)
    if row is None:
        raise MissingMeta(f"the server database has no {key!r}: not made by this server")
    return row


def epoch(session: Session) -> str:
    """Changes when the server is restored from a backup: every client starts again."""
    return meta_row(session, "epoch").value


def head(session: Session) -> int:
    """The latest version of the change log."""
    return int(meta_row(session, "version").value)


def item_state(row: Entity) -> ItemState:
    return {"fields": dict(row.fields), "clocks": dict(row.clocks), "deleted": row.deleted}


def log_change(session: Session, row: Entity) -> None:
    """Give ``row`` the next gap-free version and write it to its stream's change log.

    The version is taken under a row lock (not from a database sequence), so the log has
    no holes on PostgreSQL either; the lock is held until the transaction ends.
    """
    stream = KINDS[row.kind].stream
    if stream is None:
        return
    meta = session.info.get("version_row")
    if meta is None:
        meta = meta_row(session, "version", lock=True)
        session.info["version_row"] = meta
    version = int(meta.value) + 1
    meta.value = str(version)
    row.version = version
    session.add(Change(version=version, stream=stream, kind=row.kind, entity_id=row.id,
                       data=dict(item_state(row))))
