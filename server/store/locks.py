"""What keeps concurrent pushes of several server processes apart on PostgreSQL.

A push reads records, merges and writes them back; two pushes touching the same person
must not interleave (a lost update), and two centres creating the same person (same
codice fiscale, different ids) must not both miss each other's row. Before any mutation
is applied, a push takes a transaction-level advisory lock for every record it names
(kind and id), for every natural key its fields carry or the named records currently
have, and for every site-day of the daily aggregates it brings. The keys are taken in
ascending order so two pushes never wait for each other in a circle; the locks go with
the transaction's end. SQLite needs none of this: one process, and every transaction
takes the database's write lock at BEGIN.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.models import Entity, IdAlias
from wire.messages import Mutation
from wire.protocol import DAILY_AGGREGATE, SYNCED_KINDS

#: SQLSTATEs after which the whole push is run again: serialization failure, deadlock
#: detected, and a unique key taken by a transaction the locks did not foresee.
RETRYABLE = frozenset({"40001", "40P01", "23505"})


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for ``name``."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big",
                          signed=True)


def _entity_id(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def named_keys(mutations: Iterable[Mutation]) -> tuple[set[str], set[tuple[str, uuid.UUID]]]:
    """The lock names the mutations themselves carry, and the records they name."""
    names: set[str] = set()
    records: set[tuple[str, uuid.UUID]] = set()
    for mutation in mutations:
        kind = str(mutation.get("kind"))
        entity_id = _entity_id(mutation.get("entity_id"))
        if entity_id is None:
            continue
        records.add((kind, entity_id))
        names.add(f"e:{kind}:{entity_id}")
        body = mutation.get("payload") or {}
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            continue
        rule = SYNCED_KINDS.get(kind)
        if rule is not None and rule.natural_key and fields.get(rule.natural_key):
            names.add(f"n:{kind}:{fields[rule.natural_key]}")
        if kind == DAILY_AGGREGATE:
            names.add(f"a:{fields.get('site_code')}:{fields.get('day')}")
    return names, records


def current_keys(session: Session, records: set[tuple[str, uuid.UUID]]) -> set[str]:
    """Lock names of the records as they stand: where their aliases point, their natural
    keys (plain column reads: the ORM's identity map stays empty until the locks are held)."""
    if not records:
        return set()
    ids = list({entity_id for _kind, entity_id in records})
    names: set[str] = set()
    targets = set(records)
    for kind, _alias, target in session.execute(
            select(IdAlias.kind, IdAlias.alias, IdAlias.target)
            .where(IdAlias.alias.in_(ids))).all():
        names.add(f"e:{kind}:{target}")
        targets.add((kind, target))
    for kind, _id, natural_key in session.execute(
            select(Entity.kind, Entity.id, Entity.natural_key)
            .where(Entity.id.in_(list({t for _k, t in targets})))).all():
        if natural_key and (kind, _id) in targets:
            names.add(f"n:{kind}:{natural_key}")
    return names


def take(session: Session, names: Iterable[str]) -> None:
    keys = sorted({lock_key(name) for name in names})
    if keys:
        session.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS "
                             "bigint[])) AS k"), {"keys": keys})


def lock_push(session: Session, mutations: list[Mutation]) -> None:
    """Take the push's advisory locks (PostgreSQL only; a no-op elsewhere).

    First the names the mutations carry; then, read under those locks, the natural keys
    the named records have and the records their aliases point to. Those cannot change
    any more: a record's natural key and a client id's alias are written only by a push
    holding that record's or id's lock.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    names, records = named_keys(mutations)
    take(session, names)
    take(session, current_keys(session, records) - names)
