"""Recording a change that must leave the site, inside the caller's own transaction.

    with db.transaction() as session:
        person.mobile = "333…"
        outbox.record(session, "person", person.id, "upsert", {"mobile": person.mobile})

The outbox row, its gap-free sequence number and its clock reading commit or roll back
together with the change itself: a change is never lost and never sent without being made.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.sync import EntityClock, OutboxEntry, SyncClient
from desktop.sync import hlc, registry
from wire import protocol

#: The operations a mutation may carry (the protocol's).
OPS = protocol.OPS


class NotSynced(ValueError):
    """A change of a kind that never leaves the site, or an unknown kind/op."""


def client_row(session: Session) -> SyncClient:
    """This database's sync identity, created on first use and locked for this transaction."""
    row = session.scalar(select(SyncClient).where(SyncClient.id == 1).with_for_update())
    if row is None:
        row = SyncClient(id=1, client_id=uuid.uuid4(), last_seq=0, last_hlc="", epoch="",
                         last_error="", clock_skew_ms=0)
        session.add(row)
        session.flush()
    return row


def node_of(row: SyncClient) -> str:
    return row.client_id.hex[:8]


def next_hlc(session: Session) -> str:
    row = client_row(session)
    row.last_hlc = hlc.tick(row.last_hlc, node_of(row), row.clock_skew_ms)
    return row.last_hlc


def record(session: Session, kind: str, entity_id: uuid.UUID, op: str,
           payload: dict[str, Any] | None = None, *,
           base: dict[str, str] | None = None) -> uuid.UUID | None:
    """Queue ``op`` on ``kind``/``entity_id`` for the server; returns the mutation id.

    For shared kinds ``payload`` holds field values; fields equal to what was last
    recorded or received are dropped (None is returned when nothing is left to send).
    ``base`` overrides the clocks the edit is based on (used by "keep mine").
    """
    info = registry.get(kind)
    if info is None or info.policy is registry.Policy.SITE:
        raise NotSynced(f"{kind} does not leave the site")
    if op not in OPS:
        raise NotSynced(f"unknown operation {op}")
    payload = dict(payload or {})
    client = client_row(session)
    reading = hlc.tick(client.last_hlc, node_of(client), client.clock_skew_ms)
    body: dict[str, Any] = {"fields": payload}
    if info.policy is registry.Policy.SHARED:
        clock = session.get(EntityClock, (kind, entity_id))
        if clock is None:
            clock = EntityClock(kind=kind, entity_id=entity_id, fields={}, known={},
                                deleted=False)
            session.add(clock)
        if op == "upsert":
            changed = {k: v for k, v in payload.items()
                       if k not in clock.known or clock.known[k] != v}
            if not changed:
                return None
            body = {"fields": changed,
                    "base": {k: (base or clock.fields).get(k, "") for k in changed}}
            clock.fields = {**clock.fields, **{k: reading for k in changed}}
            clock.known = {**clock.known, **changed}
        elif op == "delete":
            clock.deleted = True
    client.last_hlc = reading
    client.last_seq += 1
    entry = OutboxEntry(id=uuid.uuid4(), seq=client.last_seq, kind=kind, entity_id=entity_id,
                        op=op, hlc=reading, payload=body, status="pending")
    session.add(entry)
    return entry.id


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxEntry)
                              .where(OutboxEntry.status == "pending")) or 0)


def is_pending(session: Session, kind: str, entity_id: uuid.UUID) -> bool:
    """True while a change of this record has not reached the server ("not yet sent")."""
    return session.scalar(select(OutboxEntry.id).where(
        OutboxEntry.kind == kind, OutboxEntry.entity_id == entity_id,
        OutboxEntry.status == "pending").limit(1)) is not None
