"""Pull (the change log after a cursor) and snapshot (a first sync's pages of records)."""

from __future__ import annotations

import json
import uuid
from typing import cast

from sqlalchemy import Connection, String, Text, func, select, type_coerce
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from server.models import Change, Entity
from server.store.changes import epoch_and_head
from wire.messages import PullAnswer
from wire.protocol import stream_kinds


def pull_changes(session: Session, stream: str, client_epoch: str, after: int,
                 limit: int) -> PullAnswer:
    """The changes of ``stream`` after version ``after`` (see :func:`pull_page`)."""
    return cast(PullAnswer, json.loads(pull_page(session, stream, client_epoch, after, limit)))


def pull_page(session: Session | Connection, stream: str, client_epoch: str, after: int,
              limit: int) -> bytes:
    """The changes of ``stream`` after version ``after`` as the JSON of a PullAnswer; a
    reset when the client's epoch or cursor does not belong to this server's history.

    Each change's stored JSON is copied into its item as it is: a page of a thousand
    changes is neither decoded nor encoded again (what pull spent most of its time on).
    """
    current, top = epoch_and_head(session)
    if client_epoch != current or after > top:
        return json.dumps({"stream": stream, "epoch": current, "reset": True, "items": [],
                           "cursor": 0, "has_more": False, "head": top}).encode()
    rows = session.execute(
        select(Change.version, Change.kind, Change.entity_id, sql_cast(Change.data, Text))
        .where(Change.stream == stream, Change.version > after)
        .order_by(Change.version).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = ",".join(f'{{"version":{version},"kind":"{kind}","id":"{entity_id}",{data[1:]}'
                     for version, kind, entity_id, data in rows)
    cursor = rows[-1][0] if rows else after
    if not has_more:
        cursor = max(cursor, top)
    top_json = json.dumps({"stream": stream, "epoch": current, "reset": False,
                           "cursor": cursor, "has_more": has_more, "head": top})
    return (top_json[:-1] + ',"items":[' + items + "]}").encode()


def snapshot_page(session: Session, stream: str, after: str, limit: int) -> bytes:
    """A snapshot page (wire.messages.SnapshotAnswer) as JSON bytes; the stored JSON of
    each record is copied as it is (no decoding and re-encoding of 5,000 records a page)."""
    live = (Entity.kind.in_(stream_kinds(stream)), Entity.deleted.is_(False))
    current, version = epoch_and_head(session)
    total = -1
    if not after:
        total = int(session.scalar(select(func.count()).select_from(Entity)
                                   .where(*live)) or 0)
    # the id as the driver holds it (no UUID object a row: a fifth of a page's time)
    query = select(Entity.kind, type_coerce(Entity.id, String), sql_cast(Entity.fields, Text),
                   sql_cast(Entity.clocks, Text)).where(*live)
    if after:
        query = query.where(Entity.id > uuid.UUID(after))
    # a Core statement on the session's connection: no ORM row handling for 5,000 rows
    rows = session.connection().execute(query.order_by(Entity.id).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = ",".join(
        f'{{"kind":"{kind}","id":"{_dashed(entity_id)}","fields":{fields},'
        f'"clocks":{clocks},"deleted":false}}' for kind, entity_id, fields, clocks in rows)
    top = json.dumps({"stream": stream, "epoch": current, "version": version,
                      "total": total, "after": _dashed(rows[-1][1]) if rows else after,
                      "has_more": has_more})
    return (top[:-1] + ',"items":[' + items + "]}").encode()


def _dashed(value: object) -> str:
    """A stored id in the form ``str(uuid.UUID)`` gives: SQLite holds 32 hex digits,
    PostgreSQL's driver gives a UUID."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)
