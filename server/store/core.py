"""The store: the server database, its workstations (tokens) and the admin commands.

Each protocol call is one transaction; the logic lives in push, pull and aggregates.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from server.models import Entity, Meta, ProcessedMutation, Workstation, utcnow
from server.store import audit_checkpoints
from server.store.aggregates import summarize
from server.store.batch import BatchSession, preload
from server.store.changes import epoch, head, log_change, meta_row, write_changes
from server.store.engine import make_engine, reader
from server.store.locks import RETRYABLE, lock_key, lock_push
from server.store.pull import pull_changes, snapshot_page
from server.store.push import push_mutations
from server.store.schema import upgrade
from server.store.tail import ChangeTail
from wire.messages import (
    AggregatesAnswer,
    AuditCheckpointsAnswer,
    AuditEntryHash,
    AuditVerifyAnswer,
    HelloState,
    Mutation,
    MutationResult,
    PullAnswer,
)
from wire.protocol import KINDS, PROTOCOL_VERSION, STREAMS, Policy

#: Every workstation token starts with it: recognisable in logs, and never with "-",
#: which a command line would read as an option.
PREFIX = "spt_"
#: How many times a push that lost a race with another server process is run again.
ATTEMPTS = 8


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


#: What :meth:`Store.who` reads of a workstation.
WORKSTATION_COLUMNS = tuple(Workstation.__table__.columns)


class UnknownWorkstation(LookupError):
    """A workstation that was removed while its request was being served."""


class Store:
    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.postgres = self.engine.dialect.name == "postgresql"
        self.sessions = sessionmaker(self.engine, class_=BatchSession, expire_on_commit=False)
        #: Sessions of the read-only calls (autocommit on PostgreSQL).
        self.reader = reader(self.engine)
        self.reads = sessionmaker(self.reader, expire_on_commit=False)
        #: This process's formatted copy of the recent change log (what pulls read).
        self.tail = ChangeTail()
        upgrade(self.engine)
        self._first_epoch()

    def _first_epoch(self) -> None:
        """The first epoch and version, once even when several workers start together
        (an advisory lock on PostgreSQL makes the others wait, then they find them)."""
        with self.engine.begin() as conn:
            if self.postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                             {"k": lock_key("sportello-server-schema")})
            if conn.scalar(select(Meta.value).where(Meta.key == "epoch")) is None:
                conn.execute(insert(Meta), [{"key": "epoch", "value": uuid.uuid4().hex},
                                            {"key": "version", "value": "0"}])

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session
            write_changes(session)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- admin ---------------------------------------------------------------------------

    def create_workstation(self, name: str, days: int | None = None,
                           site: str | None = None) -> str:
        token = PREFIX + secrets.token_urlsafe(32)
        expires = utcnow() + timedelta(days=days) if days else None
        with self.transaction() as session:
            row = session.scalar(select(Workstation).where(Workstation.name == name))
            if row is None:
                session.add(Workstation(name=name, token_hash=hash_token(token),
                                        expires_at=expires, last_seq=0, site_code=site))
            else:
                row.token_hash = hash_token(token)
                row.expires_at = expires
                row.site_code = site or row.site_code
        return token

    def expire_workstation(self, name: str) -> None:
        with self.transaction() as session:
            row = session.scalar(select(Workstation).where(Workstation.name == name))
            if row is not None:
                row.expires_at = utcnow() - timedelta(seconds=1)

    def new_epoch(self) -> str:
        """After a restore from a backup: every client starts its streams again."""
        value = uuid.uuid4().hex
        with self.transaction() as session:
            meta_row(session, "epoch", lock=True).value = value
        return value

    def publish(self, kind: str, records: list[dict[str, Any]]) -> int:
        """Publish region-owned records (vacancies, employers, reference data …)."""
        rule = KINDS.get(kind)
        if rule is None or rule.policy is not Policy.REGION:
            raise ValueError(f"{kind} is not published by the region")
        with self.transaction() as session:
            for record in records:
                data = dict(record)
                entity_id = uuid.UUID(str(data.pop("id"))) if "id" in data else uuid.uuid4()
                deleted = bool(data.pop("_deleted", False))
                row = session.get(Entity, (kind, entity_id))
                if row is None:
                    row = Entity(kind=kind, id=entity_id, natural_key=None, fields={},
                                 clocks={}, deleted=False, version=0)
                    session.add(row)
                row.fields = data
                row.deleted = deleted
                log_change(session, row)
        return len(records)

    def who(self, token: str) -> Workstation | None:
        """The workstation a token belongs to, unless it expired or was disabled: read
        on every request (a revoked token is refused at once), as one plain statement
        on a pooled connection, which costs a fifth of an ORM session's query."""
        with self.reader.connect() as conn:
            found = conn.execute(select(*WORKSTATION_COLUMNS).where(
                Workstation.token_hash == hash_token(token))).first()
        if found is None:
            return None
        row = Workstation(**found._asdict())
        if row.expires_at is not None and row.expires_at < utcnow():
            return None
        return row

    # -- the protocol's calls ------------------------------------------------------------

    def hello(self, ws: Workstation) -> HelloState:
        with self.reads() as session:
            current = session.get(Workstation, ws.id)
            if current is None:
                raise UnknownWorkstation(ws.name)
            return {"protocol": PROTOCOL_VERSION, "epoch": epoch(session),
                    "version": head(session), "last_seq": current.last_seq,
                    "streams": list(STREAMS)}

    def push(self, ws: Workstation, mutations: list[Mutation],
             latest_ms: int | None = None) -> list[MutationResult]:
        """Apply a workstation's batch in one transaction.

        The workstation's row lock keeps its own pushes in order; on PostgreSQL the
        advisory locks of :mod:`server.store.locks` keep other workstations' pushes of the
        same records apart, and a push that still loses a race (a deadlock PostgreSQL broke,
        a unique key taken meanwhile) is run again from the start, nothing of it kept.
        """
        for _attempt in range(ATTEMPTS - 1):
            try:
                return self._push_once(ws, mutations, latest_ms)
            except DBAPIError as exc:
                if not self._retryable(exc):
                    raise
        return self._push_once(ws, mutations, latest_ms)

    def _push_once(self, ws: Workstation, mutations: list[Mutation],
                   latest_ms: int | None) -> list[MutationResult]:
        with self.transaction() as session:
            station = session.get(Workstation, ws.id, with_for_update=True)
            if station is None:
                raise UnknownWorkstation(ws.name)
            lock_push(session, mutations)
            preload(session, mutations)
            return push_mutations(session, station, mutations, latest_ms)

    def _retryable(self, exc: DBAPIError) -> bool:
        return self.postgres and getattr(exc.orig, "sqlstate", None) in RETRYABLE

    def pull(self, stream: str, client_epoch: str, after: int, limit: int) -> PullAnswer:
        with self.reads() as session:
            return pull_changes(session, stream, client_epoch, after, limit)

    def pull_page(self, stream: str, client_epoch: str, after: int, limit: int, *,
                  gzip: bool = False) -> bytes:
        """:meth:`pull` as the JSON bytes the HTTP answer carries (gzip-compressed when
        ``gzip``); its few plain statements need no ORM session."""
        with self.reader.connect() as conn:
            return self.tail.page(conn, stream, client_epoch, after, limit, gzip=gzip)

    def snapshot(self, stream: str, after: str, limit: int) -> bytes:
        with self.reads() as session:
            return snapshot_page(session, stream, after, limit)

    def aggregates(self, date_from: date, date_to: date,
                   site_code: str | None = None) -> AggregatesAnswer:
        """The sites' daily aggregates of a period, summed over days and over sites."""
        with self.reads() as session:
            return summarize(session, date_from, date_to, site_code)

    def audit_checkpoints(self, ws: Workstation, after_seq: int = 0) -> AuditCheckpointsAnswer:
        """The workstation's audit checkpoints, the flagged ones included."""
        with self.reads() as session:
            return audit_checkpoints.list_checkpoints(session, ws, after_seq)

    def audit_verify(self, ws: Workstation, last_seq: int,
                     entries: list[AuditEntryHash]) -> AuditVerifyAnswer:
        """The workstation's chain as it stands, against its accepted checkpoints."""
        with self.reads() as session:
            return audit_checkpoints.verify(session, ws, last_seq, entries)

    def audit_overview(self) -> list[dict[str, Any]]:
        """Per workstation: the newest accepted audit checkpoint and the flagged ones."""
        with self.reads() as session:
            return audit_checkpoints.overview(session)

    # -- for tests and tools -------------------------------------------------------------

    def snapshot_entities(self, kind: str) -> dict[str, dict[str, Any]]:
        """Every live record of a kind (tests compare clients with this)."""
        with self.reads() as session:
            rows = session.scalars(select(Entity).where(
                Entity.kind == kind, Entity.deleted.is_(False))).all()
            return {str(r.id): dict(r.fields) for r in rows}

    def processed(self) -> dict[str, str]:
        with self.reads() as session:
            return {str(r.id): r.status for r in session.scalars(select(ProcessedMutation))}
