"""Taking the region's records into this database (pulled pages, and the region's
version of a record set aside in Problems)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.sync import EntityClock, OutboxEntry
from desktop.sync import bulk, hlc, registry
from desktop.sync.outbox import client_row
from wire.messages import ItemState, PullItem, SnapshotItem

#: Test hook: called with (stream, items applied so far) while a page is being applied.
fault_hook: Callable[[str, int], None] | None = None

Item = PullItem | SnapshotItem


def apply_items(session: Session, stream: str, items: Sequence[Item], *,
                snapshot: bool) -> None:
    """Apply a page of ``stream`` (a snapshot page first inserts the records it can)."""
    if snapshot:
        items = insert_new(session, items)
    for number, item in enumerate(items):
        if fault_hook is not None:
            fault_hook(stream, number)
        kind = registry.get(item["kind"])
        if kind is None or kind.apply is None:
            continue
        entity_id = uuid.UUID(item["id"])
        if kind.policy is registry.Policy.SHARED:
            apply_shared(session, kind.name, entity_id, item, force=False)
        else:
            kind.apply(session, entity_id, None if item["deleted"] else item["fields"])
        session.flush()


def insert_new(session: Session, items: Sequence[Item]) -> list[Item]:
    """Bulk-insert the records this database does not have; return the others."""
    by_kind: dict[str, list[Item]] = {}
    for item in items:
        by_kind.setdefault(item["kind"], []).append(item)
    rest: list[Item] = []
    for name, group in by_kind.items():
        kind = registry.get(name)
        if kind is None or kind.insert_many is None or kind.existing is None:
            rest.extend(group)
            continue
        ids = [uuid.UUID(i["id"]) for i in group]
        have = kind.existing(session, ids)
        if kind.policy is registry.Policy.SHARED:
            have |= bulk.among(session, EntityClock.entity_id, ids, EntityClock.kind == name)
        new: list[tuple[uuid.UUID, Item]] = []
        for entity_id, item in zip(ids, group, strict=True):
            if entity_id in have or item["deleted"]:
                rest.append(item)
            else:
                new.append((entity_id, item))
        kind.insert_many(session, [(entity_id, i["fields"]) for entity_id, i in new])
        if kind.policy is registry.Policy.SHARED and new:
            bulk.insert_rows(session, "sync_entity_clock", [
                {"kind": name, "entity_id": entity_id, "fields": i["clocks"],
                 "known": i["fields"], "deleted": False} for entity_id, i in new])
    return rest


def apply_shared(session: Session, kind_name: str, entity_id: uuid.UUID,
                 item: ItemState | dict[str, Any], *, force: bool) -> None:
    """Take the server's state of a shared record, keeping fields edited here since."""
    kind = registry.get(kind_name)
    if kind is None or kind.apply is None:
        return
    clock = session.get(EntityClock, (kind_name, entity_id))
    if clock is None:
        clock = EntityClock(kind=kind_name, entity_id=entity_id, fields={}, known={},
                            deleted=False)
        session.add(clock)
    pending = session.scalar(select(OutboxEntry.id).where(
        OutboxEntry.kind == kind_name, OutboxEntry.entity_id == entity_id,
        OutboxEntry.status == "pending").limit(1)) is not None
    if item.get("deleted"):
        # our pending edit, if any, goes first: the server will answer it
        kind.apply(session, entity_id, None)
        clock.deleted = True
        return
    if clock.deleted and pending and not force:
        return  # our delete has not reached the server yet
    clocks = item.get("clocks") or {}
    taken: dict[str, Any] = {}
    new_clocks = dict(clock.fields)
    new_known = dict(clock.known)
    for key, value in (item.get("fields") or {}).items():
        theirs = str(clocks.get(key, ""))
        if pending and not force and clock.fields.get(key, "") > theirs:
            continue
        taken[key] = value
        new_clocks[key] = theirs
        new_known[key] = value
    clock.fields = new_clocks
    clock.known = new_known
    clock.deleted = False
    if taken:
        kind.apply(session, entity_id, taken if not force else {**new_known, **taken})
    top = max(clocks.values(), default="")
    if top:
        client = client_row(session)
        client.last_hlc = hlc.receive(client.last_hlc, str(top))
