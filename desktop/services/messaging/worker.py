"""The background sender: claims due messages under a lease, sends them, marks them.

One round (:meth:`Worker.run_once`):

1. **claim** — one transaction moves up to ``batch`` due rows to "sending" with this
   worker's name and a lease (``lease_until``), counting the attempt;
2. **send** — each message goes out through its transport; as soon as the server
   accepted it, its key is appended to the sent-log (:mod:`journal`, fsync'd);
3. **mark** — one transaction marks the batch "sent" (or "failed" with the next try
   after an exponential back-off), then the sent-log is emptied.

Killed anywhere, the worker loses nothing and repeats nothing it knows about: at start
(:meth:`Worker.recover`) a row still "sending" whose lease is this worker's or has
expired is marked "sent" if its key is in the sent-log, and queued again otherwise. The
one window left is between the server's "250 OK" and the sent-log's fsync (micro-
seconds, no database in it): a crash exactly there sends the message again with the same
Message-ID / Idempotency-Key, which a receiver that deduplicates recognises
(docs/messaging.md). A failed message is never dropped: it stays "failed", is retried
with back-off, and is listed among the unsent messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import socket
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.messaging import OutgoingMessage
from desktop.services.messaging.config import MessagingConfig, backoff
from desktop.services.messaging.journal import SentJournal
from desktop.services.messaging.transports import Outgoing, SendFailed, Transport

log = logging.getLogger(__name__)

#: Something the worker runs before each round to plan messages (reminders, turn near):
#: it gets the database and the moment and queues what is due.
Planner = Callable[[Database, dt.datetime], object]


@dataclass
class RoundReport:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    expired: int = 0
    errors: list[str] = field(default_factory=list)


class Worker:
    def __init__(self, db: Database, transports: Mapping[str, Transport],
                 journal: SentJournal, config: MessagingConfig | None = None, *,
                 owner: str | None = None, batch: int = 100,
                 lease: dt.timedelta = dt.timedelta(minutes=10),
                 planners: Sequence[Planner] = (), connections: int = 1,
                 make_transports: Callable[[], Mapping[str, Transport]] | None = None
                 ) -> None:
        self.db = db
        self.transports = transports
        self.journal = journal
        self.config = config or MessagingConfig()
        # Stable across restarts of the worker that owns this sent-log (the log's lock
        # makes it the only one), so a restarted worker settles its own leases at once.
        digest = hashlib.sha256(str(journal.path.resolve()).encode()).hexdigest()[:8]
        self.owner = owner or f"{socket.gethostname()[:40]}:{digest}"
        self.batch = batch
        self.lease = lease
        self.planners = list(planners)
        #: Parallel connections per round (each a ``make_transports()`` of its own).
        self.connections = max(1, connections)
        self.make_transports = make_transports
        self._extra: list[Mapping[str, Transport]] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- recovery ---------------------------------------------------------------------

    def recover(self) -> tuple[int, int]:
        """Settle the rows a killed worker left "sending": (marked sent, queued again)."""
        now = clock.now()
        done = self.journal.keys()
        marked = requeued = 0
        with self.db.transaction() as session:
            rows = session.scalars(select(OutgoingMessage).where(
                OutgoingMessage.status == "sending",
                or_(OutgoingMessage.lease_owner == self.owner,
                    OutgoingMessage.lease_until < now,
                    OutgoingMessage.key.in_(sorted(done))))).all()
            for row in rows:
                if row.key in done:
                    row.status, row.sent_at = "sent", row.sent_at or now
                    marked += 1
                else:
                    row.status = "queued"
                    requeued += 1
                row.lease_owner, row.lease_until = "", None
        self.journal.clear()
        if marked or requeued:
            log.info("messages: recovered %d sent and %d to resend", marked, requeued)
        return marked, requeued

    # -- one round --------------------------------------------------------------------

    def claim(self, now: dt.datetime) -> tuple[list[Outgoing], dict[str, tuple[uuid.UUID, int]], int]:
        with self.db.transaction() as session:
            expired = self._expire(session, now)
            query = (select(OutgoingMessage)
                     .where(OutgoingMessage.status.in_(("queued", "failed")),
                            OutgoingMessage.next_attempt_at <= now)
                     .order_by(OutgoingMessage.next_attempt_at).limit(self.batch))
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = session.scalars(query).all()
            out, ids = [], {}
            for row in rows:
                row.status, row.lease_owner = "sending", self.owner
                row.lease_until = now + self.lease
                row.attempts += 1
                out.append(Outgoing(row.key, row.channel, row.address, row.subject, row.body))
                ids[row.key] = (row.id, row.attempts)
            return out, ids, expired

    @staticmethod
    def _expire(session: Session, now: dt.datetime) -> int:
        result = session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.status.in_(("queued", "failed")),
                   OutgoingMessage.expires_at.is_not(None),
                   OutgoingMessage.expires_at <= now)
            .values(status="expired"))
        return int(getattr(result, "rowcount", 0) or 0)

    def _send_all(self, messages: list[Outgoing]
                  ) -> Iterator[tuple[Outgoing, str | None]]:
        """Send ``messages``: in order over one connection per channel, or spread over
        ``connections`` connections (each with its own transports) when configured."""
        lanes = self._lanes()
        if len(lanes) == 1 or len(messages) < 2:
            for message in messages:
                if self._stop.is_set():
                    return
                yield message, self.send_one(message, lanes[0])
            return
        chunks = [messages[i::len(lanes)] for i in range(len(lanes))]

        def lane(work: tuple[list[Outgoing], Mapping[str, Transport]]
                 ) -> list[tuple[Outgoing, str | None]]:
            chunk, transports = work
            done = []
            for message in chunk:
                if self._stop.is_set():
                    break
                done.append((message, self.send_one(message, transports)))
            return done

        with ThreadPoolExecutor(len(lanes), thread_name_prefix="sportello-send") as pool:
            for done in pool.map(lane, zip(chunks, lanes, strict=True)):
                yield from done

    def _lanes(self) -> list[Mapping[str, Transport]]:
        if self._extra is None:
            self._extra = [self.make_transports() for _ in range(self.connections - 1)] \
                if self.make_transports is not None else []
        return [self.transports, *self._extra]

    def close_transports(self) -> None:
        for transports in [self.transports, *(self._extra or [])]:
            for transport in transports.values():
                transport.close()

    def send_one(self, message: Outgoing,
                 transports: Mapping[str, Transport] | None = None) -> str | None:
        """Send and journal ``message``; returns None when sent, else the reason."""
        transport = (transports or self.transports).get(message.channel)
        if transport is None:
            return f"no transport for {message.channel}"
        try:
            transport.send(message)
        except SendFailed as exc:
            return exc.reason
        self.journal.append(message.key)
        self.sent_hook(message)
        return None

    def sent_hook(self, message: Outgoing) -> None:
        """Called between a message's sending and its marking (a subclass may watch)."""

    def mark(self, sent: list[uuid.UUID], failed: list[tuple[uuid.UUID, int, str]]) -> None:
        now = clock.now()
        with self.db.transaction() as session:
            if sent:
                session.execute(
                    update(OutgoingMessage).where(OutgoingMessage.id.in_(sent))
                    .values(status="sent", sent_at=now, lease_owner="", lease_until=None,
                            last_error=""))
            for row_id, attempts, reason in failed:
                session.execute(
                    update(OutgoingMessage).where(OutgoingMessage.id == row_id)
                    .values(status="failed", lease_owner="", lease_until=None,
                            last_error=reason[:500],
                            next_attempt_at=now + backoff(self.config, attempts)))
        self.journal.clear()

    def run_once(self) -> RoundReport:
        now = clock.now()
        for planner in self.planners:
            try:
                planner(self.db, now)
            except Exception:  # a planner's fault must not stop the sending
                log.exception("messages: planner %r failed", planner)
        messages, ids, expired = self.claim(now)
        report = RoundReport(claimed=len(messages), expired=expired)
        sent: list[uuid.UUID] = []
        failed: list[tuple[uuid.UUID, int, str]] = []
        try:
            for message, reason in self._send_all(messages):
                row_id, attempts = ids.pop(message.key)
                if reason is None:
                    sent.append(row_id)
                else:
                    failed.append((row_id, attempts, reason))
                    report.errors.append(reason)
        finally:
            self.mark(sent, failed)
            if ids:  # stopped before sending them: back to the queue, attempt not counted
                with self.db.transaction() as session:
                    for row_id, _attempts in ids.values():
                        session.execute(
                            update(OutgoingMessage).where(OutgoingMessage.id == row_id)
                            .values(status="queued", lease_owner="", lease_until=None,
                                    attempts=OutgoingMessage.attempts - 1))
        report.sent, report.failed = len(sent), len(failed)
        return report

    def drain(self, rounds: int = 1000) -> RoundReport:
        """Run rounds until nothing is due (tests, the command's ``--once``)."""
        total = RoundReport()
        for _ in range(rounds):
            report = self.run_once()
            total.claimed += report.claimed
            total.sent += report.sent
            total.failed += report.failed
            total.expired += report.expired
            total.errors += report.errors
            if report.claimed == 0:
                break
        return total

    # -- the background thread --------------------------------------------------------

    def run(self, interval: float = 5.0) -> None:
        self.recover()
        while not self._stop.is_set():
            try:
                report = self.run_once()
            except Exception:
                log.exception("messages: round failed")
                report = RoundReport()
            if report.claimed < self.batch:
                self._stop.wait(interval)
        self.close_transports()

    def start(self, interval: float = 5.0) -> threading.Thread:
        self._thread = threading.Thread(target=self.run, args=(interval,),
                                        name="sportello-messages", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
