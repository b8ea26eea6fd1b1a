"""Loading the queue's rows inside a transaction, and the retry every writer shares.

The building blocks of the use cases in issuing, calling, counter and board; not used
outside the queue package.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from desktop.errors import BrokenInvariant, NotFoundError
from desktop.i18n import _
from desktop.infra import clock
from desktop.models import Counter, Service
from desktop.models.queue import (
    CounterPause,
    PriorityCategory,
    Ticket,
)
from desktop.services.queue.events import QueueError
from desktop.services.queue.state import AT_COUNTER
from desktop.services.queue.types import TicketInfo
from desktop.services.security.permissions import Actor

log = logging.getLogger(__name__)


_F = TypeVar("_F", bound=Callable[..., Any])


def retry_when_locked(fn: _F) -> _F:
    """Run a whole transaction again when SQLite stayed locked past its busy timeout.

    SQLite's busy handler is not fair: with many counters writing at once one of them
    can wait longer than the timeout. The transaction was rolled back, so trying again
    is safe; the operator only notices a short delay.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(5):
            try:
                return fn(*args, **kwargs)
            except sa_exc.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 4:
                    raise
                log.info("database busy, retrying %s", fn.__name__)
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else clock.now()


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def ticket_info(session: Session, ticket: Ticket) -> TicketInfo:
    service = session.get(Service, ticket.service_id)
    if service is None:
        raise BrokenInvariant("service is missing")
    priority = session.get(PriorityCategory, ticket.priority_id) if ticket.priority_id else None
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return TicketInfo(
        ticket.id, ticket.code, ticket.number, ticket.status, ticket.service_id,
        service.prefix, service.name, ticket.issued_at, ticket.queued_at,
        priority.label if priority else None, ticket.appointment_at, ticket.counter_id,
        counter.number if counter else None, ticket.called_at, ticket.recalls, ticket.outcome,
        ticket.return_service_id is not None, ticket.person_id)


def operator_id(actor: Actor) -> uuid.UUID | None:
    value = getattr(actor, "id", None)
    return value if isinstance(value, uuid.UUID) else None


def load_counter(session: Session, counter_id: uuid.UUID) -> Counter:
    # The services come in the same query: calling next always needs them.
    counter = session.scalars(select(Counter).options(joinedload(Counter.services))
                              .where(Counter.id == counter_id)).unique().first()
    if counter is None:
        raise NotFoundError(_("This counter no longer exists."))
    return counter


def load_ticket(session: Session, ticket_id: uuid.UUID, *, lock: bool = False) -> Ticket:
    # The ticket's service, counter and priority come in the same query, so the
    # TicketInfo built at the end of the action finds them in the session.
    query = (select(Ticket, Service, Counter, PriorityCategory)
             .join(Service, Service.id == Ticket.service_id)
             .outerjoin(Counter, Counter.id == Ticket.counter_id)
             .outerjoin(PriorityCategory, PriorityCategory.id == Ticket.priority_id)
             .where(Ticket.id == ticket_id))
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Ticket)
    row = session.execute(query).first()
    if row is None:
        raise NotFoundError(_("This ticket does not exist."))
    # The session's identity map holds objects weakly: keep the related rows alive for
    # the transaction, or they are gone (and fetched again) by the time ticket_info runs.
    session.info.setdefault("queue_related", []).extend(r for r in row[1:] if r is not None)
    ticket: Ticket = row[0]
    return ticket


def own_ticket(session: Session, ticket_id: uuid.UUID, counter_id: uuid.UUID) -> Ticket:
    ticket = load_ticket(session, ticket_id, lock=True)
    if ticket.counter_id != counter_id or ticket.status not in AT_COUNTER:
        raise QueueError(_("Ticket {code} is no longer at this counter: reload the queue.")
                         .format(code=ticket.code))
    return ticket


def open_pause(session: Session, counter_id: uuid.UUID) -> CounterPause | None:
    return session.scalars(select(CounterPause).where(
        CounterPause.counter_id == counter_id, CounterPause.kind == "pause",
        CounterPause.ended_at.is_(None))).first()


def service_ids(counter: Counter) -> list[uuid.UUID]:
    return [s.id for s in counter.services if s.active]


def ticket_infos(session: Session, tickets: Sequence[Ticket]) -> list[TicketInfo]:
    return [ticket_info(session, t) for t in tickets]
