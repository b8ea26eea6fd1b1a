"""The sync agent: hello, push until the outbox is empty, then pull every stream.

One agent per database at a time (a lease in ``sync_lock``, which works the same on a
SQLite file and on a centre's shared PostgreSQL). Every page pulled is applied together
with its cursor in one transaction, so a crash half-way leaves the previous cursor and the
page is simply read again. A mutation the server refuses or finds in conflict is set aside
in ``sync_problem`` and the queue goes on.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desktop import collector
from desktop.infra.database import Database
from desktop.models.base import Base
from desktop.models.sync import (
    EntityClock,
    OutboxEntry,
    StreamCursor,
    SyncClient,
    SyncLock,
    SyncProblem,
)
from desktop.sync import hlc, registry
from desktop.sync.outbox import client_row
from desktop.sync.transport import ProtocolError, Transport, TransportError

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
LOCK_NAME = "agent"

#: Test hook: called with (stream, items applied so far) while a page is being applied.
fault_hook: Callable[[str, int], None] | None = None


class SyncBusy(Exception):
    """Another agent holds this database's sync lease."""


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    resets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    stream: str
    done: int
    total: int


def utcnow() -> datetime:
    return datetime.now(UTC)


class SyncAgent:
    def __init__(self, db: Database, transport: Transport, *, owner: str | None = None,
                 batch_size: int = 200, page_size: int = 1000, snapshot_page: int = 5000,
                 lease_seconds: int = 120,
                 progress: Callable[[Progress], None] | None = None) -> None:
        self.db = db
        self.transport = transport
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.batch_size = batch_size
        self.page_size = page_size
        self.snapshot_page = snapshot_page
        self.lease = timedelta(seconds=lease_seconds)
        self.progress = progress
        #: Monotonic "still alive" mark the watchdog reads.
        self.heartbeat = utcnow()

    # -- the lease -------------------------------------------------------------------------

    def acquire(self) -> bool:
        now = utcnow()
        with self.db.transaction() as session:
            if session.get(SyncLock, LOCK_NAME) is None:
                session.add(SyncLock(name=LOCK_NAME, owner="", lease_until=None))
                session.flush()
            result = session.execute(
                update(SyncLock)
                .where(SyncLock.name == LOCK_NAME,
                       (SyncLock.owner == self.owner) | (SyncLock.owner == "")
                       | (SyncLock.lease_until.is_(None)) | (SyncLock.lease_until < now))
                .values(owner=self.owner, lease_until=now + self.lease))
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def renew(self) -> None:
        self.heartbeat = utcnow()
        with self.db.transaction() as session:
            result = session.execute(
                update(SyncLock).where(SyncLock.name == LOCK_NAME, SyncLock.owner == self.owner)
                .values(lease_until=utcnow() + self.lease))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise SyncBusy("the sync lease was taken over")

    def release(self) -> None:
        with self.db.transaction() as session:
            session.execute(update(SyncLock).where(
                SyncLock.name == LOCK_NAME, SyncLock.owner == self.owner)
                .values(owner="", lease_until=None))

    # -- one round -------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        if not self.acquire():
            raise SyncBusy("another sync agent is working on this database")
        report = SyncReport()
        try:
            self.hello()
            self.push_all(report)
            self.pull_all(report)
            with self.db.transaction() as session:
                client = client_row(session)
                client.last_success_at = utcnow()
                client.last_error = ""
        except TransportError as exc:
            with self.db.transaction() as session:
                client_row(session).last_error = str(exc)
            raise
        finally:
            self.release()
        return report

    def hello(self) -> dict[str, Any]:
        with self.db.read() as session:
            client = session.get(SyncClient, 1)
            client_id = str(client.client_id) if client else ""
        answer = self.transport.call("hello", {
            "protocol": PROTOCOL_VERSION, "client_id": client_id,
            "client_time_ms": hlc.now_ms()})
        if answer.get("protocol") != PROTOCOL_VERSION:
            raise ProtocolError("protocol version mismatch")
        with self.db.transaction() as session:
            client = client_row(session)
            client.clock_skew_ms = int(answer.get("clock_skew_ms", 0))
            client.last_hlc = hlc.receive(
                client.last_hlc, hlc.encode(int(answer["server_time_ms"]), 0, "00000000"))
            epoch = str(answer["epoch"])
            if client.epoch and client.epoch != epoch:
                log.warning("the regional server was restored (new epoch): streams restart")
                self._reset_streams(session)
            client.epoch = epoch
            server_seq = int(answer["last_seq"])
            # The server lost mutations it had acknowledged (restored backup): resend them.
            session.execute(update(OutboxEntry).where(
                OutboxEntry.seq > server_seq, OutboxEntry.status != "pending")
                .values(status="pending", acked_at=None))
            if server_seq > client.last_seq:  # this database was restored: skip used numbers
                self._renumber(session, client, server_seq)
        return answer

    def _renumber(self, session: Session, client: SyncClient, server_seq: int) -> None:
        pending = session.scalars(select(OutboxEntry).where(OutboxEntry.status == "pending")
                                  .order_by(OutboxEntry.seq.desc())).all()
        offset = server_seq - client.last_seq
        for entry in pending:
            entry.seq += offset
            session.flush()
        client.last_seq = server_seq

    def _reset_streams(self, session: Session) -> None:
        session.execute(delete(StreamCursor))
        for kind in registry.kinds():
            if kind.policy is registry.Policy.REGION and kind.clear is not None:
                kind.clear(session)

    # -- push ------------------------------------------------------------------------------

    def push_all(self, report: SyncReport) -> None:
        rounds = 0
        while True:
            rounds += 1
            if rounds > 10_000:
                raise TransportError("push did not converge")
            with self.db.read() as session:
                batch = session.scalars(select(OutboxEntry).where(
                    OutboxEntry.status == "pending").order_by(OutboxEntry.seq)
                    .limit(self.batch_size)).all()
            if not batch:
                return
            answer = self.transport.call("push", {"mutations": [{
                "id": str(e.id), "seq": e.seq, "kind": e.kind, "entity_id": str(e.entity_id),
                "op": e.op, "hlc": e.hlc, "payload": e.payload} for e in batch]})
            with self.db.transaction() as session:
                client = client_row(session)
                client.last_hlc = hlc.receive(client.last_hlc, hlc.encode(
                    int(answer.get("server_time_ms", 0)), 0, "00000000"))
                entries = {e.id: e for e in session.scalars(select(OutboxEntry).where(
                    OutboxEntry.id.in_([e.id for e in batch])))}
                for result in answer["results"]:
                    self._handle_result(session, entries.get(uuid.UUID(result["id"])),
                                        result, report)
            self.renew()

    def _handle_result(self, session: Session, entry: OutboxEntry | None,
                       result: dict[str, Any], report: SyncReport) -> None:
        if entry is None:
            return
        status = result["status"]
        if status == "gap":
            session.execute(update(OutboxEntry).where(
                OutboxEntry.seq >= int(result["expected_seq"]),
                OutboxEntry.status != "pending").values(status="pending", acked_at=None))
            return
        report.pushed += 1
        outcome = result.get("original") or status if status == "duplicate" else status
        if status == "duplicate":
            report.duplicates += 1
        for old, new in (result.get("id_map") or {}).items():
            self._apply_id_map(session, entry.kind, uuid.UUID(old), uuid.UUID(new))
        if outcome in ("applied", "duplicate"):
            report.applied += status == "applied"
        elif outcome in ("rejected", "conflict"):
            if outcome == "rejected":
                report.rejected += 1
            else:
                report.conflicts += 1
            self._set_aside(session, entry, outcome, result)
        entry.status = outcome
        entry.acked_at = utcnow()

    def _apply_id_map(self, session: Session, kind_name: str, old: uuid.UUID,
                      new: uuid.UUID) -> None:
        if old == new:
            return
        kind = registry.get(kind_name)
        if kind is not None and kind.on_id_map is not None:
            kind.on_id_map(session, old, new)
        session.execute(update(OutboxEntry).where(
            OutboxEntry.kind == kind_name, OutboxEntry.entity_id == old)
            .values(entity_id=new))
        clock = session.get(EntityClock, (kind_name, old))
        if clock is not None:
            if session.get(EntityClock, (kind_name, new)) is None:
                session.add(EntityClock(kind=kind_name, entity_id=new, fields=clock.fields,
                                        known=clock.known, deleted=clock.deleted))
            session.delete(clock)
        session.execute(update(SyncProblem).where(
            SyncProblem.kind == kind_name, SyncProblem.entity_id == old)
            .values(entity_id=new))

    def _set_aside(self, session: Session, entry: OutboxEntry, outcome: str,
                   result: dict[str, Any]) -> None:
        exists = session.scalar(select(SyncProblem.id).where(
            SyncProblem.mutation_id == entry.id))
        theirs = result.get("theirs") or {}
        if exists is None:
            session.add(SyncProblem(
                id=uuid.uuid4(), mutation_id=entry.id, kind=entry.kind,
                entity_id=entry.entity_id, status=outcome,
                reason=str(result.get("reason") or ""),
                mine=dict(entry.payload.get("fields") or {}), theirs=theirs,
                resolved=False, resolution=""))
        # Until an operator decides, the record shows the region's version.
        if theirs and not theirs.get("deleted"):
            self._apply_shared(session, entry.kind, entry.entity_id, theirs, force=True)
        elif theirs.get("deleted"):
            self._apply_shared(session, entry.kind, entry.entity_id, theirs, force=True)

    # -- pull ------------------------------------------------------------------------------

    def pull_all(self, report: SyncReport) -> None:
        for stream in registry.streams():
            self.pull_stream(stream, report)

    def _cursor(self, stream: str) -> StreamCursor:
        with self.db.transaction() as session:
            cursor = session.get(StreamCursor, stream)
            if cursor is None:
                cursor = StreamCursor(stream=stream, version=0, snapshot_after=None,
                                      snapshot_version=None, snapshot_done=False,
                                      snapshot_total=0, snapshot_read=0)
                session.add(cursor)
            return cursor

    def pull_stream(self, stream: str, report: SyncReport) -> None:
        cursor = self._cursor(stream)
        with self.db.read() as session:
            client = session.get(SyncClient, 1)
            epoch = client.epoch if client else ""
        if not cursor.snapshot_done:
            cursor = self._snapshot(stream, cursor, epoch, report)
        while True:
            page = self.transport.call("pull", {
                "stream": stream, "epoch": epoch, "cursor": cursor.version,
                "limit": self.page_size})
            if page["reset"]:
                report.resets.append(stream)
                with self.db.transaction() as session:
                    self._reset_streams(session)
                    client_row(session).epoch = str(page["epoch"])
                raise TransportError("the server asked for a new first sync")
            with self.db.transaction() as session:
                current = session.get(StreamCursor, stream, with_for_update=True)
                assert current is not None
                self._apply_items(session, stream, page["items"], snapshot=False)
                current.version = int(page["cursor"])
                cursor = _detached(current)
            report.pulled += len(page["items"])
            self.renew()
            if not page["has_more"]:
                return

    def _snapshot(self, stream: str, cursor: StreamCursor, epoch: str,
                  report: SyncReport) -> StreamCursor:
        """Read the stream's pages, fetching the next one while this one is applied."""

        def fetch(after: str) -> dict[str, Any]:
            return self.transport.call("snapshot", {
                "stream": stream, "after": after, "limit": self.snapshot_page})

        with (ThreadPoolExecutor(1, thread_name_prefix="sync-prefetch") as prefetch,
              collector.young_only()):
            future: Future[dict[str, Any]] | None = prefetch.submit(
                fetch, cursor.snapshot_after or "")
            try:
                while future is not None:
                    collector.collect_young()
                    page = future.result()
                    if page["epoch"] != epoch:
                        raise TransportError("the server epoch changed during the first sync")
                    future = prefetch.submit(fetch, page["after"]) if page["has_more"] else None
                    with self.db.transaction() as session:
                        current = session.get(StreamCursor, stream, with_for_update=True)
                        assert current is not None
                        self._apply_items(session, stream, page["items"], snapshot=True)
                        if current.snapshot_version is None:
                            current.snapshot_version = int(page["version"])
                        current.snapshot_after = page["after"]
                        if int(page["total"]) >= 0:
                            current.snapshot_total = int(page["total"])
                        current.snapshot_read += len(page["items"])
                        if not page["has_more"]:
                            current.snapshot_done = True
                            current.version = current.snapshot_version
                        cursor = _detached(current)
                    report.pulled += len(page["items"])
                    if self.progress is not None:
                        self.progress(Progress(stream, cursor.snapshot_read,
                                               cursor.snapshot_total))
                    self.renew()
            finally:
                if future is not None:
                    future.cancel()
        return cursor

    def _apply_items(self, session: Session, stream: str, items: list[dict[str, Any]],
                     *, snapshot: bool) -> None:
        if snapshot:
            items = self._insert_new(session, items)
        for number, item in enumerate(items):
            if fault_hook is not None:
                fault_hook(stream, number)
            kind = registry.get(item["kind"])
            if kind is None or kind.apply is None:
                continue
            entity_id = uuid.UUID(item["id"])
            if kind.policy is registry.Policy.SHARED:
                self._apply_shared(session, kind.name, entity_id, item, force=False)
            else:
                kind.apply(session, entity_id, None if item["deleted"] else item["fields"])
            session.flush()

    def _insert_new(self, session: Session,
                    items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk-insert the records this database does not have; return the others."""
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            by_kind.setdefault(item["kind"], []).append(item)
        rest: list[dict[str, Any]] = []
        for name, group in by_kind.items():
            kind = registry.get(name)
            if kind is None or kind.insert_many is None or kind.existing is None:
                rest.extend(group)
                continue
            ids = [uuid.UUID(i["id"]) for i in group]
            have = kind.existing(session, ids)
            if kind.policy is registry.Policy.SHARED:
                have |= set(session.scalars(select(EntityClock.entity_id).where(
                    EntityClock.kind == name, EntityClock.entity_id.in_(ids))))
            new: list[tuple[uuid.UUID, dict[str, Any]]] = []
            for entity_id, item in zip(ids, group, strict=True):
                if entity_id in have or item["deleted"]:
                    rest.append(item)
                else:
                    new.append((entity_id, item))
            kind.insert_many(session, [(entity_id, i["fields"]) for entity_id, i in new])
            if kind.policy is registry.Policy.SHARED and new:
                session.execute(insert(Base.metadata.tables["sync_entity_clock"]), [
                    {"kind": name, "entity_id": entity_id, "fields": i["clocks"],
                     "known": i["fields"], "deleted": False} for entity_id, i in new])
        return rest

    def _apply_shared(self, session: Session, kind_name: str, entity_id: uuid.UUID,
                      item: dict[str, Any], *, force: bool) -> None:
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
            if pending and not force and not clock.deleted:
                pass  # our pending edit goes first; the server will answer it
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


def _detached(cursor: StreamCursor) -> StreamCursor:
    return StreamCursor(stream=cursor.stream, version=cursor.version,
                        snapshot_after=cursor.snapshot_after,
                        snapshot_version=cursor.snapshot_version,
                        snapshot_done=cursor.snapshot_done,
                        snapshot_total=cursor.snapshot_total,
                        snapshot_read=cursor.snapshot_read)
