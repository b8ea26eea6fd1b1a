"""The sync agent: hello, push until the outbox is empty, then pull every stream.

One agent per database at a time (a lease in ``sync_lock``, which works the same on a
SQLite file and on a centre's shared PostgreSQL). Pushing is :mod:`desktop.sync.push`,
pulling :mod:`desktop.sync.pull`; the background loop that runs rounds is
:class:`desktop.sync.loop.SyncLoop`.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.infra.database import Database
from desktop.models.sync import OutboxEntry, SyncClient, SyncLock
from desktop.sync import hlc
from desktop.sync.outbox import client_row
from desktop.sync.pull import Puller, reset_streams
from desktop.sync.push import Pusher, restamp
from desktop.sync.report import Progress, SyncBusy, SyncReport
from desktop.sync.transport import ProtocolError, Transport, TransportError
from wire.messages import HelloAnswer, HelloRequest
from wire.protocol import PROTOCOL_VERSION

__all__ = ["LOCK_NAME", "PROTOCOL_VERSION", "Progress", "SyncAgent", "SyncBusy",
           "SyncReport", "utcnow"]

log = logging.getLogger(__name__)

LOCK_NAME = "agent"


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

    def hello(self) -> HelloAnswer:
        with self.db.read() as session:
            client = session.get(SyncClient, 1)
            client_id = str(client.client_id) if client else ""
        request: HelloRequest = {"protocol": PROTOCOL_VERSION, "client_id": client_id,
                                 "client_time_ms": hlc.now_ms()}
        answer = cast(HelloAnswer, self.transport.call("hello", request))
        if answer.get("protocol") != PROTOCOL_VERSION:
            raise ProtocolError("protocol version mismatch")
        with self.db.transaction() as session:
            client = client_row(session)
            client.clock_skew_ms = int(answer.get("clock_skew_ms", 0))
            client.last_hlc = hlc.receive(
                client.last_hlc, hlc.encode(int(answer["server_time_ms"]), 0, "00000000"))
            restamp(session, int(answer["server_time_ms"]))  # pending readings ahead of it
            epoch = str(answer["epoch"])
            if client.epoch and client.epoch != epoch:
                log.warning("the regional server was restored (new epoch): streams restart")
                reset_streams(session)
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

    # -- push and pull ----------------------------------------------------------------------

    def push_all(self, report: SyncReport) -> None:
        Pusher(self.db, self.transport, self.renew, self.batch_size).push_all(report)

    def pull_all(self, report: SyncReport) -> None:
        self._puller().pull_all(report)

    def pull_stream(self, stream: str, report: SyncReport) -> None:
        self._puller().pull_stream(stream, report)

    def _puller(self) -> Puller:
        return Puller(self.db, self.transport, self.renew, page_size=self.page_size,
                      snapshot_page=self.snapshot_page, progress=self.progress)
