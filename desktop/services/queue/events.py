"""A ticket's event log and its daily numbering: the pieces every queue module writes with.

``queue`` (the counters' use cases), ``queue_stats`` (day close, reissue) and the demo
data all append events and draw numbers through here, so none of them needs another's
private helpers and ``queue`` and ``queue_stats`` no longer import each other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.errors import SportelloError
from desktop.models.base import utcnow
from desktop.models.queue import Ticket, TicketEvent, TicketNumber
from desktop.services.queue.state import Event, Kind, TicketState, derive


class QueueError(SportelloError):
    """A queue action that cannot be done now; the queue is unchanged."""


def ticket_events(session: Session, ticket_id: uuid.UUID) -> list[Event]:
    # Plain columns, not entities: the log is only read to rebuild the state.
    rows = session.execute(
        select(TicketEvent.seq, TicketEvent.kind, TicketEvent.at, TicketEvent.service_id,
               TicketEvent.counter_id, TicketEvent.operator_id, TicketEvent.detail,
               TicketEvent.ref)
        .where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.seq))
    return [Event(*row) for row in rows]


# The hot path's statements, built once: building and hashing a statement per call cost
# more CPU than running it.
_EVENTS = (select(TicketEvent.seq, TicketEvent.kind, TicketEvent.at, TicketEvent.service_id,
                  TicketEvent.counter_id, TicketEvent.operator_id, TicketEvent.detail,
                  TicketEvent.ref)
           .where(TicketEvent.ticket_id == bindparam("ticket")).order_by(TicketEvent.seq))
_ADD_EVENT = insert(cast(Table, TicketEvent.__table__))
#: SET takes the columns named in the parameters (and updated_at, by its onupdate).
_SET_PROJECTION = update(cast(Table, Ticket.__table__)).where(Ticket.id == bindparam("ticket"))
#: PostgreSQL: the event insert rides in the projection update as a data-modifying CTE
#: (executed exactly once, in the same statement): one round trip instead of two.
_EVENT_CTE = insert(cast(Table, TicketEvent.__table__)).values(
    id=bindparam("e_id"), ticket_id=bindparam("ticket"), seq=bindparam("e_seq"),
    kind=bindparam("e_kind"), at=bindparam("e_at"), service_id=bindparam("e_service"),
    counter_id=bindparam("e_counter"), operator_id=bindparam("e_operator"),
    detail=bindparam("e_detail"), ref=bindparam("e_ref")).cte("new_event")
_ADD_EVENT_AND_SET_PROJECTION = _SET_PROJECTION.add_cte(_EVENT_CTE)


def record_event(session: Session, ticket_id: uuid.UUID, kind: Kind, at: dt.datetime, *,
                 service_id: uuid.UUID | None = None, counter_id: uuid.UUID | None = None,
                 operator_id: uuid.UUID | None = None, detail: str = "",
                 ref: str = "") -> TicketState:
    """:func:`append_event` for the hot paths (call next, finish): the same log read, fold,
    event insert and projection update, as Core statements on the transaction's
    connection (on PostgreSQL the insert rides in the update: two round trips, not
    three), with no ORM ticket loaded or flushed. Returns the new state.

    Only for a ticket not loaded as an ORM object in this session (it would go stale).
    """
    connection = session.connection()
    events = [Event(*row) for row in connection.execute(_EVENTS, {"ticket": ticket_id})]
    event = Event(events[-1].seq + 1 if events else 1, kind.value, at, service_id, counter_id,
                  operator_id, detail, ref)
    state = derive([*events, event])  # raises InvalidTransition before anything is written
    together = connection.dialect.name == "postgresql"
    if not together:
        connection.execute(_ADD_EVENT, {
            "id": uuid.uuid4(), "ticket_id": ticket_id, "seq": event.seq, "kind": event.kind,
            "at": at, "service_id": service_id, "counter_id": counter_id,
            "operator_id": operator_id, "detail": detail, "ref": ref})
    projection: dict[str, object] = {
        "ticket": ticket_id, "status": state.status.value, "counter_id": state.counter_id,
        "operator_id": state.operator_id, "person_id": state.person_id,
        "queued_at": state.queued_at, "called_at": state.called_at, "recalls": state.recalls,
        "return_service_id": state.return_service_id, "outcome": state.outcome}
    if state.service_id is not None:
        projection["service_id"] = state.service_id
    if together:
        projection.update({
            "e_id": uuid.uuid4(), "e_seq": event.seq, "e_kind": event.kind, "e_at": at,
            "e_service": service_id, "e_counter": counter_id, "e_operator": operator_id,
            "e_detail": detail, "e_ref": ref,
            # The column's onupdate is not applied to an UPDATE carrying a CTE: given here.
            "updated_at": utcnow()})
        connection.execute(_ADD_EVENT_AND_SET_PROJECTION, projection)
    else:
        connection.execute(_SET_PROJECTION, projection)
    return state


def append_event(session: Session, ticket: Ticket, kind: Kind, at: dt.datetime, *,
                 service_id: uuid.UUID | None = None, counter_id: uuid.UUID | None = None,
                 operator_id: uuid.UUID | None = None, detail: str = "", ref: str = "") -> Event:
    """Append one event and rebuild the ticket's cached state from the whole log."""
    events = ticket_events(session, ticket.id)
    event = Event(len(events) + 1 if not events else events[-1].seq + 1, kind.value, at,
                  service_id, counter_id, operator_id, detail, ref)
    state = derive([*events, event])  # raises InvalidTransition before anything is written
    session.add(TicketEvent(ticket_id=ticket.id, seq=event.seq, kind=event.kind, at=at,
                            service_id=service_id, counter_id=counter_id,
                            operator_id=operator_id, detail=detail, ref=ref))
    ticket.status = state.status.value
    ticket.service_id = state.service_id or ticket.service_id
    ticket.counter_id = state.counter_id
    ticket.operator_id = state.operator_id
    ticket.person_id = state.person_id
    ticket.queued_at = state.queued_at
    ticket.called_at = state.called_at
    ticket.recalls = state.recalls
    ticket.return_service_id = state.return_service_id
    ticket.outcome = state.outcome
    return event


def next_number(session: Session, site_id: uuid.UUID, day: dt.date,
                service_id: uuid.UUID, among: Sequence[uuid.UUID] = ()) -> int:
    """Increment the per site/day/service counter atomically and return the new number.

    The counter never hands out a number a ticket of that day and service already has:
    a missing row starts after the highest existing number, and a row that lags behind
    the tickets (tickets written without it: an import, demo data, a restored copy)
    jumps past them. Both happen inside the same atomic upsert, so two kiosks issuing
    at once still get different numbers.

    ``among``: the services that share this counter's sequence (neutral ticket letters,
    see ``letters``): no number any of their tickets has is handed out again.
    """
    connection = session.connection()
    return int(connection.execute(_number_statement(connection.dialect.name), {
        "b_site": site_id, "b_day": day, "b_service": service_id,
        "b_among": list(among) or [service_id]}).scalar_one())


_NUMBER_STATEMENTS: dict[str, Any] = {}


def _number_statement(dialect: str) -> Any:
    """:func:`next_number`'s upsert for ``dialect``, built once."""
    statement = _NUMBER_STATEMENTS.get(dialect)
    if statement is not None:
        return statement
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    highest = (select(func.coalesce(func.max(Ticket.number), 0) + 1)
               .where(Ticket.site_id == bindparam("b_site"), Ticket.day == bindparam("b_day"),
                      Ticket.first_service_id.in_(bindparam("b_among", expanding=True)))
               .scalar_subquery())
    values = insert_(TicketNumber).values(
        site_id=bindparam("b_site"), day=bindparam("b_day"),
        service_id=bindparam("b_service"), last_number=highest)
    statement = values.on_conflict_do_update(
        index_elements=["site_id", "day", "service_id"],
        set_={"last_number": case(
            (values.excluded.last_number > TicketNumber.last_number,
             values.excluded.last_number),
            else_=TicketNumber.last_number + 1)},
    ).returning(TicketNumber.last_number)
    _NUMBER_STATEMENTS[dialect] = statement
    return statement


def add_issued_event(session: Session, ticket_id: uuid.UUID, at: dt.datetime,
                     service_id: uuid.UUID) -> None:
    """The first event of a ticket just inserted (its log is empty: nothing to read)."""
    session.connection().execute(_ADD_EVENT, {
        "id": uuid.uuid4(), "ticket_id": ticket_id, "seq": 1, "kind": Kind.ISSUED.value,
        "at": at, "service_id": service_id, "counter_id": None, "operator_id": None,
        "detail": "", "ref": ""})
