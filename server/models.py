"""The regional server's own tables (it shares only the wire format with the desktop)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData()
    type_annotation_map = {datetime: DateTime(), uuid.UUID: Uuid()}


class Meta(Base):
    """Server-wide values: ``epoch`` (changes when restored) and ``version`` (change log)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(80))


class Workstation(Base):
    __tablename__ = "workstation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[datetime | None]
    #: The site the token speaks for (a centre's database serving several: their codes,
    #: comma-separated, main first); None: issued before sites, speaks for none.
    site_code: Mapped[str | None] = mapped_column(String(200), default=None)
    #: Highest mutation sequence number processed for this workstation (gap-free).
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class ProcessedMutation(Base):
    """Every mutation ever processed, with its answer: a resend gets the same answer."""

    __tablename__ = "processed_mutation"

    #: Mutation ids are the client's: the same id from two workstations is two mutations.
    workstation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(String(20))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Entity(Base):
    """The current state of one record of any kind, with per-field clocks."""

    __tablename__ = "entity"
    __table_args__ = (UniqueConstraint("kind", "natural_key"),)

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    #: The key duplicates are found by (the omocode-normalised codice fiscale of a person).
    natural_key: Mapped[str | None] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    clocks: Mapped[dict[str, str]] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    #: The site holding the record (docs/sync-protocol.md, "Authority"): the site that
    #: created it or, for a person, took their latest DID; None: no site holds it.
    site_code: Mapped[str | None] = mapped_column(String(20), default=None)


class IdAlias(Base):
    """A client's id for a record the server merged into another."""

    __tablename__ = "id_alias"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    alias: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    target: Mapped[uuid.UUID]


class Change(Base):
    """The change log: one row per change, ``version`` gap-free and increasing."""

    __tablename__ = "change"

    version: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                         primary_key=True, autoincrement=False)
    stream: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ConflictLog(Base):
    __tablename__ = "conflict_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class DailyAggregate(Base):
    """A site's indicator counts for one day (no personal data); the latest one wins."""

    __tablename__ = "daily_aggregate"
    __table_args__ = (UniqueConstraint("site_code", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_code: Mapped[str] = mapped_column(String(20), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    schema: Mapped[int] = mapped_column(Integer, default=1)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Clock reading of the mutation that brought it (a later one replaces it).
    hlc: Mapped[str] = mapped_column(String(40), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditCheckpoint(Base):
    """A workstation's audit chain head as it pushed it (docs/security.md).

    ``flagged`` marks one refused because it went backwards (a lower sequence or count
    than one accepted before, or another hash for the same entry): kept as evidence."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    workstation_id: Mapped[uuid.UUID] = mapped_column(index=True)
    workstation: Mapped[str] = mapped_column(String(100))
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[str] = mapped_column(String(40))
    flagged: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
