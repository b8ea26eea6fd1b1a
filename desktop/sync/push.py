"""Push: the outbox leaves in order, in batches, until it is empty.

Each answer is recorded with its outbox row; a mutation the server refuses (``rejected``,
or ``forbidden`` when this site has no authority over the record) or finds in conflict is
set aside in ``sync_problem`` (showing the region's version meanwhile) and the queue goes
on. A mutation stamped ahead of the server's clock (``clock``) is re-stamped from the
server's time and sent again (:func:`restamp`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.sync import EntityClock, OutboxEntry, SyncProblem
from desktop.sync import hlc, registry
from desktop.sync.apply import apply_shared
from desktop.sync.outbox import client_row, node_of
from desktop.sync.report import SyncReport
from desktop.sync.transport import TooLarge, Transport, TransportError
from wire.messages import ItemState, Mutation, MutationResult, Payload, PushAnswer, PushRequest
from wire.protocol import Op

#: A push that keeps finding pending work after this many batches is going in circles.
MAX_BATCHES = 10_000
#: Refused for its clock this many times in a row even after re-stamping: give up the round.
MAX_CLOCK_REFUSALS = 3


def mutation(entry: OutboxEntry) -> Mutation:
    """An outbox row as it travels."""
    return {"id": str(entry.id), "seq": entry.seq, "kind": entry.kind,
            "entity_id": str(entry.entity_id), "op": cast(Op, entry.op), "hlc": entry.hlc,
            "payload": cast(Payload, entry.payload)}


class Pusher:
    def __init__(self, db: Database, transport: Transport, renew: Callable[[], None],
                 batch_size: int, run_db: Callable[..., Any] | None = None) -> None:
        self.db = db
        self.transport = transport
        self.renew = renew
        self.batch_size = batch_size
        #: Where database work runs (the app's database worker); here by default.
        self.run_db: Callable[..., Any] = run_db or (lambda fn, *args: fn(*args))

    def push_all(self, report: SyncReport) -> None:
        clock_refusals = 0
        size = self.batch_size
        for _batch in range(MAX_BATCHES):
            batch: list[Mutation] = self.run_db(self._next_batch, size)
            if not batch:
                return
            request: PushRequest = {"mutations": batch}
            try:
                answer = cast(PushAnswer, self.transport.call("push", request))
            except TooLarge:
                if len(batch) == 1:
                    raise  # one change over the limit: nothing later can pass it
                # the batch is over the server's size limit: send it in halves
                size = len(batch) // 2
                continue
            refused_clock = any(r["status"] == "clock" for r in answer["results"])
            clock_refusals = clock_refusals + 1 if refused_clock else 0
            if clock_refusals > MAX_CLOCK_REFUSALS:
                raise TransportError("push: the server keeps refusing this PC's clock")
            self.run_db(self._record_answer, [uuid.UUID(m["id"]) for m in batch], answer,
                        report)
            self.renew()
        raise TransportError("push did not converge")

    def _next_batch(self, size: int) -> list[Mutation]:
        with self.db.read() as session:
            return [mutation(e) for e in session.scalars(select(OutboxEntry).where(
                OutboxEntry.status == "pending").order_by(OutboxEntry.seq)
                .limit(size))]

    def _record_answer(self, ids: list[uuid.UUID], answer: PushAnswer,
                       report: SyncReport) -> None:
        server_ms = int(answer.get("server_time_ms", 0))
        with self.db.transaction() as session:
            client = client_row(session)
            client.last_hlc = hlc.receive(client.last_hlc, hlc.encode(server_ms, 0, "00000000"))
            entries = {e.id: e for e in session.scalars(select(OutboxEntry).where(
                OutboxEntry.id.in_(ids)))}
            for result in answer["results"]:
                handle_result(session, entries.get(uuid.UUID(result["id"])), result, report)
            if any(r["status"] == "clock" for r in answer["results"]):
                # Stamped ahead of the server's clock: stamp them again from its time.
                restamp(session, server_ms)


def handle_result(session: Session, entry: OutboxEntry | None, result: MutationResult,
                  report: SyncReport) -> None:
    """Record the server's answer to ``entry``."""
    if entry is None:
        return
    status = result["status"]
    if status == "clock":  # stays pending: re-stamped by the caller, sent again
        return
    if status == "gap":
        session.execute(update(OutboxEntry).where(
            OutboxEntry.seq >= int(result["expected_seq"]),
            OutboxEntry.status != "pending").values(status="pending", acked_at=None))
        return
    report.pushed += 1
    outcome: str = (result.get("original") or status) if status == "duplicate" else status
    if status == "duplicate":
        report.duplicates += 1
    for old, new in (result.get("id_map") or {}).items():
        apply_id_map(session, entry.kind, uuid.UUID(old), uuid.UUID(new))
    if outcome in ("applied", "duplicate"):
        report.applied += status == "applied"
    elif outcome in ("rejected", "forbidden", "conflict"):
        if outcome == "conflict":
            report.conflicts += 1
        else:
            report.rejected += 1
        if outcome == "forbidden":
            result = {**result, "reason": forbidden_reason(entry.kind)}
        set_aside(session, entry, outcome, result)
    entry.status = outcome
    entry.acked_at = datetime.now(UTC)


def apply_id_map(session: Session, kind_name: str, old: uuid.UUID, new: uuid.UUID) -> None:
    """The server merged our record ``old`` into its ``new``: re-point everything here."""
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


def set_aside(session: Session, entry: OutboxEntry, outcome: str,
              result: MutationResult) -> None:
    """Put a refused or conflicting mutation in Problems for an operator to decide."""
    exists = session.scalar(select(SyncProblem.id).where(
        SyncProblem.mutation_id == entry.id))
    theirs: ItemState | dict[str, Any] = result.get("theirs") or {}
    if exists is None:
        session.add(SyncProblem(
            id=uuid.uuid4(), mutation_id=entry.id, kind=entry.kind,
            entity_id=entry.entity_id, status=outcome,
            reason=str(result.get("reason") or ""),
            mine=dict(entry.payload.get("fields") or {}), theirs=dict(theirs),
            resolved=False, resolution=""))
    # Until an operator decides, the record shows the region's version (or its deletion).
    if theirs:
        apply_shared(session, entry.kind, entry.entity_id, theirs, force=True)


def forbidden_reason(kind: str) -> str:
    """The Italian sentence an operator reads for a change outside this site's authority."""
    if kind == "person":
        return _("only the centre in charge of this person may change their personal details "
                 "or delete them; any centre may change their contact details.")
    return _("these data belong to another site, and each site sends only its own.")


def restamp(session: Session, server_ms: int) -> int:
    """Give pending mutations stamped ahead of the server's time (``server_ms``) new readings
    that follow the server's time, in outbox order; returns how many.

    The local clock itself is pulled back to the server's time: it is the one place where
    a reading may go backwards, because a reading ahead of the region is a wrong clock's.
    The clocks kept for the records' fields follow their mutation's new reading, so the
    next edit is still based on what the region will hold.
    """
    client = client_row(session)
    ahead = hlc.encode(server_ms + 1, 0, "")
    if client.last_hlc > ahead:
        client.last_hlc = hlc.encode(server_ms, 0, node_of(client))
    entries = session.scalars(select(OutboxEntry).where(
        OutboxEntry.status == "pending", OutboxEntry.hlc > ahead)
        .order_by(OutboxEntry.seq)).all()
    for entry in entries:
        reading = hlc.tick(client.last_hlc, node_of(client), client.clock_skew_ms)
        clock = session.get(EntityClock, (entry.kind, entry.entity_id))
        if clock is not None and entry.hlc in clock.fields.values():
            clock.fields = {k: reading if v == entry.hlc else v
                            for k, v in clock.fields.items()}
        entry.hlc = reading
        client.last_hlc = reading
    return len(entries)
