"""The data kinds that travel, each with its owner policy, serializer and apply function.

The kinds themselves (policy, stream, fields) are the protocol's (:mod:`wire.protocol`);
this module attaches the desktop's functions to them. Areas that land later (agreements,
actions, vacancies …) call :func:`register` with their own functions; until then
region-owned kinds are kept as :class:`SyncRecord` rows and site-only kinds are refused by
the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desktop.models.base import Base
from desktop.models.person import Person, phone_key, search_key
from desktop.models.references import move_references
from desktop.models.sync import SyncRecord
from desktop.sync import bulk
from wire.protocol import KINDS, PERSON_CONTACT, PERSON_FIELDS, PERSON_IDENTITY, STREAMS, Policy

__all__ = [
    "PERSON_CONTACT", "PERSON_FIELDS", "PERSON_IDENTITY", "ApplyFn", "ClearFn", "DataKind",
    "ExistingFn", "IdMapFn", "InsertManyFn", "Policy", "SerializeFn", "adopt_person_id",
    "apply_person", "get", "kinds", "person_existing", "person_fields", "person_id_map",
    "person_insert_many", "record_apply", "record_clear", "record_existing",
    "record_insert_many", "record_serialize", "register", "serialize_person", "streams",
]

log = logging.getLogger(__name__)


#: apply(session, entity_id, fields or None when deleted)
ApplyFn = Callable[[Session, uuid.UUID, dict[str, Any] | None], None]
SerializeFn = Callable[[Session, uuid.UUID], dict[str, Any] | None]
#: on_id_map(session, local_id, server_id): re-point local references after a merge.
IdMapFn = Callable[[Session, uuid.UUID, uuid.UUID], None]
InsertManyFn = Callable[[Session, list[tuple[uuid.UUID, dict[str, Any]]]], None]
ExistingFn = Callable[[Session, list[uuid.UUID]], set[uuid.UUID]]
ClearFn = Callable[[Session], None]


@dataclass(frozen=True)
class DataKind:
    name: str
    policy: Policy
    #: The pull stream it arrives on (None: never pulled).
    stream: str | None
    apply: ApplyFn | None = None
    serialize: SerializeFn | None = None
    identity_fields: frozenset[str] = field(default_factory=frozenset)
    contact_fields: frozenset[str] = field(default_factory=frozenset)
    on_id_map: IdMapFn | None = None
    #: Fast path for a snapshot page: insert records known to be new in one statement.
    insert_many: InsertManyFn | None = None
    #: Which of these ids exist locally (the rest may go through ``insert_many``).
    existing: ExistingFn | None = None
    #: Forget every local record of the kind (after a server restore, before a snapshot).
    clear: ClearFn | None = None


_KINDS: dict[str, DataKind] = {}


def register(kind: DataKind) -> None:
    """Add or replace a data kind (areas replace the defaults with their own models)."""
    _KINDS[kind.name] = kind


def get(name: str) -> DataKind | None:
    return _KINDS.get(name)


def kinds() -> list[DataKind]:
    return list(_KINDS.values())


def streams() -> list[str]:
    """The pull streams, in a stable order (people first: the others may refer to them)."""
    found = {k.stream for k in _KINDS.values() if k.stream}
    return [s for s in STREAMS if s in found] + sorted(found - set(STREAMS))


# -- the record kept for region-owned kinds without a local model -----------------------


def record_apply(kind: str) -> ApplyFn:
    def apply(session: Session, entity_id: uuid.UUID, fields: dict[str, Any] | None) -> None:
        if fields is None:
            session.execute(delete(SyncRecord).where(
                SyncRecord.kind == kind, SyncRecord.entity_id == entity_id))
            return
        row = session.get(SyncRecord, (kind, entity_id))
        if row is None:
            session.add(SyncRecord(kind=kind, entity_id=entity_id, data=fields))
        else:
            row.data = fields
    return apply


def record_insert_many(kind: str) -> InsertManyFn:
    def insert_many(session: Session, rows: list[tuple[uuid.UUID, dict[str, Any]]]) -> None:
        bulk.insert_rows(session, "sync_record", [
            {"kind": kind, "entity_id": entity_id, "data": data} for entity_id, data in rows])
    return insert_many


def record_existing(kind: str) -> ExistingFn:
    def existing(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
        return bulk.among(session, SyncRecord.entity_id, ids, SyncRecord.kind == kind)
    return existing


def record_clear(kind: str) -> ClearFn:
    def clear(session: Session) -> None:
        session.execute(delete(SyncRecord).where(SyncRecord.kind == kind))
    return clear


def record_serialize(kind: str) -> SerializeFn:
    def serialize(session: Session, entity_id: uuid.UUID) -> dict[str, Any] | None:
        row = session.get(SyncRecord, (kind, entity_id))
        return None if row is None else dict(row.data)
    return serialize


# -- person -----------------------------------------------------------------------------

def serialize_person(session: Session, entity_id: uuid.UUID) -> dict[str, Any] | None:
    person = session.get(Person, entity_id)
    if person is None:
        return None
    return person_fields(person)


def person_fields(person: Person) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(PERSON_FIELDS):
        value = getattr(person, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def apply_person(session: Session, entity_id: uuid.UUID, fields: dict[str, Any] | None) -> None:
    person = session.get(Person, entity_id)
    if fields is None:
        if person is not None:
            session.delete(person)
        return
    values = {k: v for k, v in fields.items() if k in PERSON_FIELDS}
    if "birth_date" in values and isinstance(values["birth_date"], str):
        values["birth_date"] = dt.date.fromisoformat(values["birth_date"])
    if person is None:
        if not values.keys() >= PERSON_IDENTITY:
            return  # an incomplete record cannot be shown; it arrives whole later
        # the code as held is unique (an omocode is another person): the reduced form
        # never identifies anyone
        clash = session.scalar(select(Person).where(
            Person.fiscal_code == values["fiscal_code"]))
        if clash is not None:  # the same person registered here under another id
            person = adopt_person_id(session, clash, entity_id)
        else:
            session.add(Person(id=entity_id, **values))
            return
    for key, value in values.items():
        setattr(person, key, value)


def adopt_person_id(session: Session, local: Person, region_id: uuid.UUID) -> Person:
    """Give a record registered here the id the region knows the same person by.

    Everything recorded here stays: the columns the region does not carry (addresses,
    privacy acknowledgement, permit …) are copied to the row under the new id, and every
    row attached to the person (DID, visits, curriculum, agreements, tickets …) moves to
    it, before the old row is removed. Returns the record under ``region_id``.
    """
    table = Base.metadata.tables[Person.__tablename__]
    old_id = local.id
    session.flush()
    row = dict(session.execute(select(table).where(table.c.id == old_id)).mappings().one())
    session.expunge(local)
    # the code is unique: park the old row's under a placeholder while both rows exist
    session.execute(update(table).where(table.c.id == old_id)
                    .values(fiscal_code="~" + old_id.hex[:15]))
    session.execute(insert(table).values({**row, "id": region_id}))
    move_references(session, region_id, old_id)
    session.execute(delete(table).where(table.c.id == old_id))
    log.info("person %s now carries the region's id %s", old_id, region_id)
    adopted = session.get(Person, region_id)
    if adopted is None:
        raise LookupError(f"person {region_id} vanished while taking the region's id")
    return adopted


def person_id_map(session: Session, local_id: uuid.UUID, server_id: uuid.UUID) -> None:
    """The server merged our new person into one it knew: keep the region's id, and
    everything recorded here."""
    local = session.get(Person, local_id)
    if local is None:
        return
    if session.get(Person, server_id) is None:
        adopt_person_id(session, local, server_id)
    else:
        # both are here already: what hangs on ours moves to the region's record
        move_references(session, server_id, local_id)
        session.delete(local)


def person_existing(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return bulk.among(session, Person.id, ids)


def person_insert_many(session: Session, rows: list[tuple[uuid.UUID, dict[str, Any]]]) -> None:
    complete = [(i, f) for i, f in rows if f.keys() >= PERSON_IDENTITY]
    codes = [f["fiscal_code"] for _, f in complete]
    clashing = set(session.scalars(select(Person.fiscal_code).where(
        Person.fiscal_code.in_(codes))))
    now = dt.datetime.now(dt.UTC)
    fast = []
    for entity_id, fields in complete:
        if fields["fiscal_code"] in clashing:
            apply_person(session, entity_id, fields)
            continue
        values = {k: fields.get(k, "") for k in PERSON_FIELDS}
        values["birth_date"] = dt.date.fromisoformat(str(fields["birth_date"]))
        values["citizenship"] = fields.get("citizenship") or "italiana"
        # what the model's before_insert derives (a Core insert does not fire it): the
        # name search, the phone search and the e-mail as compared
        values["email"] = str(values["email"] or "").strip().lower()
        fast.append({"id": entity_id, "created_at": now, "updated_at": now,
                     "search_key": search_key(str(values["surname"]), str(values["name"])),
                     "mobile_key": phone_key(str(values["mobile"] or "")), **values})
    if fast:
        # the columns sent and their keys only; the names indexed once (desktop.sync.bulk)
        with bulk.fts_deferred(session):
            bulk.insert_rows(session, "person", fast)


def _register_defaults() -> None:
    """Every kind of the protocol, with the functions this desktop has for it."""
    for spec in KINDS.values():
        name = spec.name
        if name == "person":
            register(DataKind(name, spec.policy, spec.stream, apply_person, serialize_person,
                              spec.identity, spec.contact, person_id_map, person_insert_many,
                              person_existing))
        elif spec.policy is Policy.REGION:
            register(DataKind(name, spec.policy, spec.stream, record_apply(name),
                              record_serialize(name), insert_many=record_insert_many(name),
                              existing=record_existing(name), clear=record_clear(name)))
        else:
            # append-only kinds (a DID and, separately, its end …) are pushed once by
            # their centre; site kinds never leave it
            register(DataKind(name, spec.policy, spec.stream))


_register_defaults()
