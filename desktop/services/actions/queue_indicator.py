"""The queue's indicator of the Osservatorio: waiting and service times of a period's
tickets, with the definitions of desktop.services.queue.stats, grouped in SQL per ticket
(see desktop.services.actions.indicators)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from desktop.models import Site
from desktop.models.queue import Ticket, TicketEvent
from desktop.services.queue.state import Event, Kind, Timings, timings
from desktop.values.indicators import Period, QueueIndicator


def _minute(session: Session, moment: Any) -> ColumnElement[Any]:
    """``moment`` as a number of minutes (since some fixed origin): aggregating numbers
    allocates nothing, where the minimum of a text timestamp copied it on every row."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(moment) * 1440.0
    return func.extract("epoch", moment) / 60.0


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

    def when(kind: Kind) -> Any:
        """The minute of each event of ``kind`` (NULL for the other events)."""
        return case((TicketEvent.kind == kind.value, _minute(session, TicketEvent.at)))

    # One group per ticket, the tickets read in the order of their ids (from an index
    # holding the day and issue time: all sites', or the site's), so no sorting, and
    # the probes of their events walk the events' index in order too.
    grouped = (
        select(func.min(_minute(session, Ticket.issued_at)).label("issued"),
               func.min(when(Kind.CALLED)).label("called"),
               func.min(when(Kind.STARTED)).label("started"),
               func.max(when(Kind.FINISHED)).label("finished"),
               func.max(case((TicketEvent.kind == Kind.UNDO.value, 1), else_=0)).label("undo"))
        .select_from(Ticket).join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(*ticket_where).group_by(Ticket.id))
    # The events from their timings index alone, whatever the statistics say.
    grouped = grouped.with_hint(TicketEvent, "INDEXED BY ix_queue_ticket_event_timing",
                                "sqlite")
    grouped = grouped.with_hint(Ticket, "INDEXED BY ix_queue_ticket_timing" if
                                period.site_code is None else
                                "INDEXED BY ix_queue_ticket_site_timing", "sqlite")
    per_ticket = grouped.subquery()
    wait = per_ticket.c.called - per_ticket.c.issued
    service = case((per_ticket.c.finished.is_not(None), per_ticket.c.finished
                    - func.coalesce(per_ticket.c.started, per_ticket.c.called)))
    # Summed over the tickets with no undo, with conditional aggregates and no GROUP BY:
    # grouping by "has an undo" sorted every ticket in a temporary b-tree.
    plain = per_ticket.c.undo == 0

    def only_plain(value: Any) -> Any:
        return case((plain, value))

    row = session.execute(
        select(func.count(only_plain(1)), func.count(only_plain(per_ticket.c.called)),
               func.count(only_plain(per_ticket.c.finished)),
               func.coalesce(func.sum(only_plain(wait)), 0.0),
               func.count(only_plain(service)), func.coalesce(func.sum(only_plain(service)), 0.0),
               func.count(case((and_(plain, wait <= standard_minutes + 1e-9), 1))),
               func.max(per_ticket.c.undo))).one()
    totals = [int(row[0]), int(row[1]), int(row[2]), float(row[3]), int(row[4]),
              float(row[5]), int(row[6])]
    undone = bool(row[7])
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
