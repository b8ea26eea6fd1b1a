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

from sqlalchemy import bindparam, select
from sqlalchemy import exc as sa_exc
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
from desktop.services.queue.state import AT_COUNTER, TicketState
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


def check_at_counter(ticket: Any, counter_id: uuid.UUID) -> None:
    """Refuse a ``ticket`` (a Ticket or a row of it) that left ``counter_id``."""
    if ticket.counter_id != counter_id or ticket.status not in AT_COUNTER:
        raise QueueError(_("Ticket {code} is no longer at this counter: reload the queue.")
                         .format(code=ticket.code))


def own_ticket(session: Session, ticket_id: uuid.UUID, counter_id: uuid.UUID) -> Ticket:
    ticket = load_ticket(session, ticket_id, lock=True)
    check_at_counter(ticket, counter_id)
    return ticket


def open_pause(session: Session, counter_id: uuid.UUID) -> CounterPause | None:
    return session.scalars(select(CounterPause).where(
        CounterPause.counter_id == counter_id, CounterPause.kind == "pause",
        CounterPause.ended_at.is_(None))).first()


def service_ids(counter: Counter) -> list[uuid.UUID]:
    return [s.id for s in counter.services if s.active]


def ticket_infos(session: Session, tickets: Sequence[Ticket]) -> list[TicketInfo]:
    return [ticket_info(session, t) for t in tickets]


# -- the hot paths (call next, finish): plain rows, no ORM ticket ------------------------


_TICKET_ROW = (select(Ticket.id, Ticket.site_id, Ticket.code, Ticket.number, Ticket.status,
                      Ticket.service_id, Ticket.counter_id, Ticket.issued_at,
                      Ticket.appointment_at, PriorityCategory.label.label("priority_label"),
                      Service.prefix, Service.name.label("service_name"),
                      Counter.number.label("counter_number"))
               .join(Service, Service.id == Ticket.service_id)
               .outerjoin(Counter, Counter.id == Ticket.counter_id)
               .outerjoin(PriorityCategory, PriorityCategory.id == Ticket.priority_id)
               .where(Ticket.id == bindparam("ticket")))
_TICKET_ROW_LOCKED = _TICKET_ROW.with_for_update(of=Ticket)


def load_ticket_row(session: Session, ticket_id: uuid.UUID, *, lock: bool = False) -> Any:
    """What :func:`info_after` needs of a ticket, in one Core query (locked on PostgreSQL)."""
    locked = lock and session.get_bind().dialect.name == "postgresql"
    row = session.connection().execute(_TICKET_ROW_LOCKED if locked else _TICKET_ROW,
                                       {"ticket": ticket_id}).first()
    if row is None:
        raise NotFoundError(_("This ticket does not exist."))
    return row


def own_ticket_row(session: Session, ticket_id: uuid.UUID, counter_id: uuid.UUID) -> Any:
    """:func:`own_ticket` as a plain row."""
    row = load_ticket_row(session, ticket_id, lock=True)
    check_at_counter(row, counter_id)
    return row


def info_after(session: Session, row: Any, state: TicketState) -> TicketInfo:
    """The :class:`TicketInfo` of the ticket ``row`` once an event gave it ``state``; the
    service or counter is read again only when the event changed it (a transfer)."""
    service_id = state.service_id or row.service_id
    prefix, name = row.prefix, row.service_name
    if service_id != row.service_id:
        service = session.get(Service, service_id)
        if service is None:
            raise BrokenInvariant("service is missing")
        prefix, name = service.prefix, service.name
    number = row.counter_number if state.counter_id == row.counter_id else None
    if state.counter_id is not None and state.counter_id != row.counter_id:
        counter = session.get(Counter, state.counter_id)
        number = counter.number if counter else None
    return TicketInfo(
        row.id, row.code, row.number, state.status.value, service_id, prefix, name,
        row.issued_at, state.queued_at, row.priority_label, row.appointment_at,
        state.counter_id, number, state.called_at, state.recalls, state.outcome,
        state.return_service_id is not None, state.person_id)
