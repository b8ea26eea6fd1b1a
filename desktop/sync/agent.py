"""The sync agent: hello, push until the outbox is empty, then pull every stream.

One agent per database at a time (a lease in ``sync_lock``, which works the same on a
SQLite file and on a centre's shared PostgreSQL). Pushing is :mod:`desktop.sync.push`,
pulling :mod:`desktop.sync.pull`; in the application the rounds are run by the scheduler
of ``desktop/views/sync/scheduler.py``, waiting by :func:`desktop.sync.loop.delays` after a
failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.infra.database import Database
from desktop.models.sync import OutboxEntry, SyncClient
from desktop.sync import hlc
from desktop.sync.lease import LEASE_SECONDS, LOCK_NAME, DbRunner, Lease, direct
from desktop.sync.outbox import client_row
from desktop.sync.pull import Puller, reset_streams
from desktop.sync.push import Pusher, restamp
from desktop.sync.report import Progress, SyncBusy, SyncReport
from desktop.sync.transport import ProtocolError, Transport, TransportError
from wire.messages import HelloAnswer, HelloRequest
from wire.protocol import PROTOCOL_VERSION

__all__ = ["LOCK_NAME", "PROTOCOL_VERSION", "SNAPSHOT_PAGE", "Progress", "SyncAgent",
           "SyncBusy", "SyncReport", "utcnow"]

log = logging.getLogger(__name__)


#: Records a first sync's page brings, each page applied in one transaction. Fewer,
#: larger transactions write the person indexes' pages fewer times (10,000 rather than
#: 5,000: 5 % less CPU for 100,000 people); larger still, each page's parse and release
#: hold the GIL longer (desktop.sync.decode, pull.release) and the prefetched page costs
#: more memory (about 40 MB more for 10,000).
SNAPSHOT_PAGE = 10_000


def utcnow() -> datetime:
    return datetime.now(UTC)


class SyncAgent:
    """One round at a time. ``run_db`` runs each database step (a function that opens its
    own transaction) where database work belongs: the app passes its database worker, so
    a round started on the network worker never touches the database from there."""

    def __init__(self, db: Database, transport: Transport, *, owner: str | None = None,
                 batch_size: int = 200, page_size: int = 1000,
                 snapshot_page: int = SNAPSHOT_PAGE,
                 lease_seconds: float = LEASE_SECONDS, heartbeat_seconds: float | None = None,
                 progress: Callable[[Progress], None] | None = None,
                 run_db: DbRunner = direct) -> None:
        self.db = db
        self.transport = transport
        self.lease = Lease(db, owner=owner, seconds=lease_seconds, run_db=run_db)
        self.owner = self.lease.owner
        self.batch_size = batch_size
        self.page_size = page_size
        self.snapshot_page = snapshot_page
        self.heartbeat_seconds = heartbeat_seconds or max(0.5, lease_seconds / 4)
        self.progress = progress
        self.run_db = run_db
        #: Monotonic "still alive" mark the watchdog reads.
        self.heartbeat = utcnow()
        #: When this agent last wrote its lease (time.monotonic()).
        self._renewed = float("-inf")

    # -- the lease (desktop.sync.lease) ---------------------------------------------------

    def acquire(self) -> bool:
        if not self.lease.acquire():
            return False
        self._renewed = time.monotonic()
        return True

    def renew(self) -> None:
        """Called after every page and batch: the lease is written at most once a
        heartbeat period (the heartbeat thread renews it meanwhile), not once a page, a
        committed write each. A lease can only run out after ``lease_seconds`` without
        a renewal, longer than that period, so a takeover is still seen at the first
        page after it."""
        self.heartbeat = utcnow()
        now = time.monotonic()
        if self.lease.lost or now - self._renewed >= self.heartbeat_seconds:
            self.lease.renew()
            self._renewed = now

    def release(self) -> None:
        self.lease.release()

    # -- one round -------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        if not self.acquire():
            raise SyncBusy("another sync agent is working on this database")
        self.lease.start_heartbeat(self.heartbeat_seconds)
        report = SyncReport()
        try:
            self.hello()
            self.push_all(report)
            self.pull_all(report)
            self.run_db(self._succeeded)
        except TransportError as exc:
            self.run_db(self._failed, str(exc))
            raise
        finally:
            self.release()
        return report

    def _succeeded(self) -> None:
        with self.db.transaction() as session:
            client = client_row(session)
            client.last_success_at = utcnow()
            client.last_error = ""

    def _failed(self, error: str) -> None:
        with self.db.transaction() as session:
            client_row(session).last_error = error

    def _client_id(self) -> str:
        with self.db.read() as session:
            client = session.get(SyncClient, 1)
            return str(client.client_id) if client else ""

    def hello(self) -> HelloAnswer:
        request: HelloRequest = {"protocol": PROTOCOL_VERSION,
                                 "client_id": self.run_db(self._client_id),
                                 "client_time_ms": hlc.now_ms()}
        answer = cast(HelloAnswer, self.transport.call("hello", request))
        if answer.get("protocol") != PROTOCOL_VERSION:
            raise ProtocolError("protocol version mismatch")
        self.run_db(self._take_hello, answer)
        return answer

    def _take_hello(self, answer: HelloAnswer) -> None:
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
        Pusher(self.db, self.transport, self.renew, self.batch_size,
               run_db=self.run_db).push_all(report)

    def pull_all(self, report: SyncReport) -> None:
        self._puller().pull_all(report)

    def pull_stream(self, stream: str, report: SyncReport) -> None:
        self._puller().pull_stream(stream, report)

    def _puller(self) -> Puller:
        return Puller(self.db, self.transport, self.renew, page_size=self.page_size,
                      snapshot_page=self.snapshot_page, progress=self.progress,
                      run_db=self.run_db)
