"""Sync bookkeeping tables: outbox, per-entity clocks, stream cursors, problems, agent lock.

None of these rows is itself synchronised; they record what must leave the site and
what has arrived. The rows the region owns and no local model holds yet (vacancies,
employers, appointments, reference data until their areas land) live in ``SyncRecord``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class SyncClient(Base):
    """This database's identity towards the server: one row, locked to allocate sequence
    numbers and clock readings in the same transaction as the change that needs them."""

    __tablename__ = "sync_client"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[uuid.UUID]
    #: Last sequence number given to an outbox row (gap-free, per client).
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Last hybrid-logical-clock reading issued or received (never goes backwards).
    last_hlc: Mapped[str] = mapped_column(String(40), default="")
    #: The server epoch the cursors belong to.
    epoch: Mapped[str] = mapped_column(String(64), default="")
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    clock_skew_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class OutboxEntry(UUIDPrimaryKey, Base):
    """A local change that must reach the server; ``id`` is the mutation id."""

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    op: Mapped[str] = mapped_column(String(20))
    hlc: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: pending, applied, duplicate, rejected, conflict
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acked_at: Mapped[datetime | None]


class EntityClock(Base):
    """Per-field clock readings of a synchronised entity (kept beside, not inside, its row)."""

    __tablename__ = "sync_entity_clock"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    fields: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: The values last recorded or received, to send only what really changed.
    known: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(default=False)


class StreamCursor(Base):
    __tablename__ = "sync_cursor"

    stream: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: Last change-log version applied (0: nothing yet).
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    #: While a first sync (snapshot) is under way: the last key read and the version it
    #: was taken at.
    snapshot_after: Mapped[str | None] = mapped_column(String(64))
    snapshot_version: Mapped[int | None] = mapped_column(BigInteger)
    snapshot_done: Mapped[bool] = mapped_column(default=False)
    snapshot_total: Mapped[int] = mapped_column(BigInteger, default=0)
    snapshot_read: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncRecord(Base):
    """A region-owned record kept as the server sent it (for kinds without a local model)."""

    __tablename__ = "sync_record"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class SyncProblem(UUIDPrimaryKey, Timestamps, Base):
    """A mutation the server refused or found in conflict: set aside for an operator."""

    __tablename__ = "sync_problem"

    mutation_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    #: rejected or conflict
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    mine: Mapped[dict[str, Any]] = mapped_column(JSON)
    theirs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    resolved: Mapped[bool] = mapped_column(default=False, index=True)
    resolution: Mapped[str] = mapped_column(String(20), default="")


class SyncLock(Base):
    """One sync agent per database: a lease anybody may take once it has run out."""

    __tablename__ = "sync_lock"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner: Mapped[str] = mapped_column(String(80), default="")
    lease_until: Mapped[datetime | None]
