"""The queue's indicator of the Osservatorio: waiting and service times of a period's
tickets, with the definitions of desktop.services.queue.stats, grouped in SQL per ticket
(see desktop.services.actions.indicators)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from desktop.models import Site
from desktop.models.queue import Ticket, TicketEvent
from desktop.services.queue.state import Event, Kind, Timings, timings
from desktop.values.indicators import Period, QueueIndicator


def _minutes(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 1440.0
    return func.extract("epoch", later - earlier) / 60.0


def queue(session: Session, period: Period, standard_minutes: int) -> QueueIndicator:
    """Queue times with the definitions of queue_stats, aggregated in SQL per ticket.

    Tickets with an undone action (rare) are left to queue_state.timings in Python,
    which knows which events an undo cancels; the rest are summed by the database.
    """
    ticket_where: list[ColumnElement[bool]] = [
        Ticket.day.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        site_id: uuid.UUID | None = session.scalar(
            select(Site.id).where(Site.code == period.site_code))
        ticket_where.append(Ticket.site_id == site_id)

    def first(kind: Kind) -> Any:
        return func.min(case((TicketEvent.kind == kind.value, TicketEvent.at)))

    # One group per ticket. SQLite groups by the rowid: the tickets are then read in
    # the table's order (the period's tickets are contiguous) instead of in the order of
    # the 32-character ids, a random read per ticket.
    ticket_key: Any = literal_column("queue_ticket.rowid") \
        if session.get_bind().dialect.name == "sqlite" else Ticket.id
    per_ticket = (
        select(func.min(Ticket.issued_at).label("issued"),
               first(Kind.CALLED).label("called"), first(Kind.STARTED).label("started"),
               func.max(case((TicketEvent.kind == Kind.FINISHED.value, TicketEvent.at)))
               .label("finished"),
               func.max(case((TicketEvent.kind == Kind.UNDO.value, 1), else_=0)).label("undo"))
        .select_from(Ticket).join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(*ticket_where).group_by(ticket_key).subquery())
    wait = _minutes(session, per_ticket.c.called, per_ticket.c.issued)
    service = case((per_ticket.c.finished.is_not(None), _minutes(
        session, per_ticket.c.finished, func.coalesce(per_ticket.c.started, per_ticket.c.called))))
    # Grouped by "has an undo": the common case (none) needs no second statement.
    totals = [0, 0, 0, 0.0, 0, 0.0, 0]
    undone = False
    for undo, *row in session.execute(
            select(per_ticket.c.undo, func.count(), func.count(per_ticket.c.called),
                   func.count(per_ticket.c.finished), func.coalesce(func.sum(wait), 0.0),
                   func.count(service), func.coalesce(func.sum(service), 0.0),
                   func.count(case((wait <= standard_minutes + 1e-9, 1))))
            .group_by(per_ticket.c.undo)).all():
        if undo:
            undone = True
            continue
        totals = [int(row[0]), int(row[1]), int(row[2]), float(row[3]), int(row[4]),
                  float(row[5]), int(row[6])]
    for extra in _undone_timings(session, ticket_where) if undone else ():
        totals[0] += 1
        if extra.wait_minutes is not None:
            totals[1] += 1
            totals[3] += extra.wait_minutes
            totals[6] += extra.wait_minutes <= standard_minutes
        if extra.finished_at is not None:
            totals[2] += 1
        if extra.service_minutes is not None:
            totals[4] += 1
            totals[5] += extra.service_minutes
    tickets, called, _served, wait_sum, services, service_sum, within = totals
    return QueueIndicator(
        int(tickets), int(called), int(totals[2]),
        round(wait_sum / called, 2) if called else None,
        round(service_sum / services, 2) if services else None,
        round(within / called, 4) if called else None, standard_minutes)


def _undone_timings(session: Session,
                    ticket_where: list[ColumnElement[bool]]) -> list[Timings]:
    undo = aliased(TicketEvent)
    ids = select(undo.ticket_id).join(Ticket, Ticket.id == undo.ticket_id).where(
        *ticket_where, undo.kind == Kind.UNDO.value).distinct()
    events: dict[uuid.UUID, list[Event]] = defaultdict(list)
    for r in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id.in_(ids))):
        events[r.ticket_id].append(Event(r.seq, r.kind, r.at, r.service_id, r.counter_id,
                                         r.operator_id, r.detail, r.ref))
    return [timings(log) for log in events.values()]
