"""Push: the outbox leaves in order, in batches, until it is empty.

Each answer is recorded with its outbox row; a mutation the server refuses or finds in
conflict is set aside in ``sync_problem`` (showing the region's version meanwhile) and the
queue goes on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.infra.database import Database
from desktop.models.sync import EntityClock, OutboxEntry, SyncProblem
from desktop.sync import hlc, registry
from desktop.sync.apply import apply_shared
from desktop.sync.outbox import client_row
from desktop.sync.report import SyncReport
from desktop.sync.transport import Transport, TransportError
from wire.messages import ItemState, Mutation, MutationResult, Payload, PushAnswer, PushRequest
from wire.protocol import Op

#: A push that keeps finding pending work after this many batches is going in circles.
MAX_BATCHES = 10_000


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
        for _ in range(MAX_BATCHES):
            batch: list[Mutation] = self.run_db(self._next_batch)
            if not batch:
                return
            request: PushRequest = {"mutations": batch}
            answer = cast(PushAnswer, self.transport.call("push", request))
            self.run_db(self._record_answer, [uuid.UUID(m["id"]) for m in batch], answer,
                        report)
            self.renew()
        raise TransportError("push did not converge")

    def _next_batch(self) -> list[Mutation]:
        with self.db.read() as session:
            return [mutation(e) for e in session.scalars(select(OutboxEntry).where(
                OutboxEntry.status == "pending").order_by(OutboxEntry.seq)
                .limit(self.batch_size))]

    def _record_answer(self, ids: list[uuid.UUID], answer: PushAnswer,
                       report: SyncReport) -> None:
        with self.db.transaction() as session:
            client = client_row(session)
            client.last_hlc = hlc.receive(client.last_hlc, hlc.encode(
                int(answer.get("server_time_ms", 0)), 0, "00000000"))
            entries = {e.id: e for e in session.scalars(select(OutboxEntry).where(
                OutboxEntry.id.in_(ids)))}
            for result in answer["results"]:
                handle_result(session, entries.get(uuid.UUID(result["id"])), result, report)


def handle_result(session: Session, entry: OutboxEntry | None, result: MutationResult,
                  report: SyncReport) -> None:
    """Record the server's answer to ``entry``."""
    if entry is None:
        return
    status = result["status"]
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
    elif outcome in ("rejected", "conflict"):
        if outcome == "rejected":
            report.rejected += 1
        else:
            report.conflicts += 1
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
