"""Calling the next ticket: the policy's choice for a counter, in one short transaction.

Every counter does this all day, so it is written for few statements and little CPU:
the counter in one query (its site, number, open services, pause and the ticket still at
its desk), the candidate tickets as plain rows, and the event recorded with Core
statements (``record_event``); no ORM object is loaded or flushed. The checks are the
same as everywhere: the operator's account and role, the counter free, the transition
valid for the ticket's whole log.

Calling next is safe with several counters at once: on PostgreSQL the candidate rows are
taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` (a row another counter is calling right
now is skipped, and the next one is considered instead; the rows not chosen are released
at commit); on SQLite the engine's ``BEGIN IMMEDIATE`` already serialises writers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Connection,
    Table,
    and_,
    bindparam,
    select,
    union_all,
    update,
)

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Counter, Service
from desktop.models.organisation import counter_service
from desktop.models.queue import (
    CounterPause,
    PriorityCategory,
    Ticket,
    TicketEvent,
    WaitEstimate,
)
from desktop.services.queue.events import QueueError, record_event
from desktop.services.queue.policy import Candidate, Rule, choose
from desktop.services.queue.rows import local_day, now_or, operator_id, retry_when_locked
from desktop.services.queue.state import Kind, Status
from desktop.services.queue.types import (
    DEFAULT_CONFIG,
    CallResult,
    QueueConfig,
    QueueEmpty,
    TicketInfo,
)
from desktop.services.security.permissions import Actor, Permission, require


@dataclass(frozen=True)
class _Desk:
    site_id: uuid.UUID
    number: int
    #: The counter's open services: id -> (prefix, name).
    services: dict[uuid.UUID, tuple[str, str]]


# The statements are built once: building and hashing them on every call cost more CPU
# than running them.

_COUNTER: BindParameter[uuid.UUID] = bindparam("counter")
_DESK = (
    select(Counter.site_id, Counter.number, Service.id, Service.prefix, Service.name,
           select(CounterPause.id).where(
               CounterPause.counter_id == _COUNTER, CounterPause.kind == "pause",
               CounterPause.ended_at.is_(None)).exists(),
           select(Ticket.code).where(
               Ticket.counter_id == _COUNTER,
               Ticket.status.in_([Status.CALLED.value, Status.SERVING.value]))
           .limit(1).scalar_subquery())
    .select_from(Counter)
    .outerjoin(counter_service, counter_service.c.counter_id == Counter.id)
    .outerjoin(Service, and_(Service.id == counter_service.c.service_id,
                             Service.active.is_(True)))
    .where(Counter.id == _COUNTER))


def _desk(connection: Connection, counter_id: uuid.UUID) -> _Desk:
    """The counter, its open services, and whether it is free, in one query."""
    rows = connection.execute(_DESK, {"counter": counter_id}).all()
    if not rows:
        raise NotFoundError(_("This counter no longer exists."))
    site_id, number, _service, _prefix, _name, is_paused, busy_code = rows[0]
    if is_paused:
        raise QueueError(_("This counter is paused: resume work before calling."))
    if busy_code is not None:
        raise QueueError(_("Ticket {code} is still at this counter: finish, park or transfer "
                           "it first.").format(code=busy_code))
    return _Desk(site_id, number, {row[2]: (row[3], row[4]) for row in rows
                                   if row[2] is not None})


def _candidate_query(*, lock: bool) -> Any:
    """The oldest normal ticket, the oldest priority ticket, the appointments around now,
    as ONE statement (one round trip): three CTEs joined by UNION ALL. With ``lock``
    (PostgreSQL) each CTE takes its rows ``FOR UPDATE SKIP LOCKED``, exactly as three
    separate queries in the same transaction would."""
    base = (select(Ticket.id, Ticket.number, Ticket.queued_at, Ticket.priority_id,
                   PriorityCategory.label, Ticket.appointment_at, Ticket.appointment_early,
                   Ticket.appointment_late, Ticket.code, Ticket.issued_at, Ticket.service_id)
            .select_from(Ticket)
            .outerjoin(PriorityCategory, PriorityCategory.id == Ticket.priority_id)
            .where(Ticket.site_id == bindparam("site"), Ticket.day == bindparam("day"),
                   Ticket.status == Status.WAITING.value,
                   Ticket.service_id.in_(bindparam("services", expanding=True)),
                   Ticket.archived.is_(False)))
    order = (Ticket.queued_at, Ticket.number, Ticket.id)
    parts = (
        ("normal", base.where(Ticket.priority_id.is_(None)).order_by(*order).limit(1)),
        ("priority", base.where(Ticket.priority_id.is_not(None)).order_by(*order).limit(1)),
        ("appointments",
         base.where(Ticket.appointment_at.between(bindparam("early"), bindparam("late")))
         .order_by(Ticket.appointment_at, *order).limit(3)),
    )
    ctes = [(query.with_for_update(skip_locked=True, of=Ticket) if lock else query).cte(name)
            for name, query in parts]
    return union_all(*(select(cte) for cte in ctes))


_CANDIDATES = _candidate_query(lock=False)
_CANDIDATES_LOCKED = _candidate_query(lock=True)
_STREAK = (select(TicketEvent.ref).where(
    TicketEvent.kind == Kind.CALLED.value,
    TicketEvent.service_id.in_(bindparam("services", expanding=True)),
    TicketEvent.at >= bindparam("since"))
    .order_by(TicketEvent.at.desc()).limit(bindparam("count")))
_ACTUAL_WAIT = (update(cast(Table, WaitEstimate.__table__))
                .where(WaitEstimate.ticket_id == bindparam("ticket"),
                       WaitEstimate.actual_minutes.is_(None)))


def _candidates(connection: Connection, site_id: uuid.UUID, day: dt.date,
                services: Sequence[uuid.UUID], at: dt.datetime,
                *, lock: bool) -> dict[uuid.UUID, tuple[Candidate, Any]]:
    """The tickets that can win under the policy (reading all 2,000 of a busy day would
    be slow). With ``lock`` (PostgreSQL) the rows are taken ``FOR UPDATE SKIP LOCKED``."""
    window = dt.timedelta(hours=3)
    params = {"site": site_id, "day": day, "services": list(services),
              "early": at - window, "late": at + window}
    found: dict[uuid.UUID, tuple[Candidate, Any]] = {}
    for row in connection.execute(_CANDIDATES_LOCKED if lock else _CANDIDATES, params):
        if row.id not in found:
            found[row.id] = (Candidate(
                row.id, row.number, row.queued_at, row.label if row.priority_id else None,
                row.appointment_at, dt.timedelta(minutes=row.appointment_early),
                dt.timedelta(minutes=row.appointment_late)), row)
    return found


def _priority_streak(connection: Connection, service_ids: Sequence[uuid.UUID],
                     day_start: dt.datetime, ratio: int) -> int:
    """Priority tickets called in a row most recently for these services (from the log)."""
    rows = connection.execute(_STREAK, {"services": list(service_ids), "since": day_start,
                                        "count": ratio + 1}).scalars().all()
    streak = 0
    for rule in rows:
        if rule != Rule.PRIORITY.value:
            break
        streak += 1
    return streak


@retry_when_locked
def call_next(db: Database, actor: Actor, counter_id: uuid.UUID, *,
              now: dt.datetime | None = None,
              config: QueueConfig = DEFAULT_CONFIG) -> CallResult:
    """Call the ticket the policy chooses for this counter, in one transaction."""
    at = now_or(now)
    with db.transaction() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        connection = session.connection()
        desk = _desk(connection, counter_id)
        services = list(desk.services)
        if not services:
            raise QueueError(_("This counter serves no open service."))
        day = local_day(at)
        postgres = connection.dialect.name == "postgresql"
        candidates = _candidates(connection, desk.site_id, day, services, at, lock=postgres)
        # The N:1 streak only matters when a priority ticket competes with others.
        kinds = {c.priority_label is None for c, _row in candidates.values()}
        day_start = dt.datetime.combine(day, dt.time(), tzinfo=at.astimezone().tzinfo)
        streak = (_priority_streak(connection, services, day_start,
                                   config.policy.priority_ratio)
                  if kinds == {True, False} else 0)
        choice = choose([candidate for candidate, _row in candidates.values()], at,
                        config.policy, streak)
        if choice is None:
            raise QueueEmpty()
        row = candidates[choice.ticket.id][1]
        state = record_event(session, row.id, Kind.CALLED, at, service_id=row.service_id,
                             counter_id=counter_id, operator_id=operator_id(actor),
                             detail=choice.reason, ref=choice.rule.value)
        # The estimate printed on the ticket was made when it was issued; its first call
        # gives the actual wait, in one statement.
        connection.execute(_ACTUAL_WAIT, {
            "ticket": row.id,
            "actual_minutes": round((at - row.issued_at).total_seconds() / 60, 2)})
        queue_notify.in_transaction(session, desk.site_id)
    queue_notify.committed(db, desk.site_id)
    service_id = state.service_id or row.service_id
    prefix, name = desk.services[service_id]
    info = TicketInfo(
        row.id, row.code, row.number, state.status.value, service_id, prefix, name,
        row.issued_at, state.queued_at, row.label if row.priority_id else None,
        row.appointment_at, state.counter_id, desk.number, state.called_at, state.recalls,
        state.outcome, state.return_service_id is not None, state.person_id)
    return CallResult(info, choice.rule.value, choice.reason)
