"""What the screens read: a counter console's state and the waiting-room display's calls."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import and_, func, or_, select

from desktop.infra.database import Database
from desktop.models import Counter, Service
from desktop.models.queue import (
    Ticket,
    TicketEvent,
)
from desktop.services.queue.letters import letters_by_service
from desktop.services.queue.rows import (
    load_counter,
    local_day,
    now_or,
    open_pause,
    service_ids,
    ticket_info,
    ticket_infos,
)
from desktop.services.queue.state import AT_COUNTER, Kind, Status
from desktop.services.queue.types import CounterState, DisplayCall, DisplayState


def counter_state(db: Database, counter_id: uuid.UUID, *,
                  now: dt.datetime | None = None) -> CounterState:
    """What a counter console shows: its ticket, its parked tickets, its queue."""
    at = now_or(now)
    with db.read() as session:
        counter = load_counter(session, counter_id)
        mine = session.scalars(select(Ticket).where(
            Ticket.counter_id == counter_id,
            Ticket.status.in_([s.value for s in AT_COUNTER]),
            Ticket.archived.is_(False))).all()
        current = next((t for t in mine if t.status != Status.PARKED.value), None)
        waiting = session.scalars(select(Ticket).where(
            Ticket.site_id == counter.site_id, Ticket.day == local_day(at),
            Ticket.status == Status.WAITING.value, Ticket.service_id.in_(service_ids(counter)),
            Ticket.archived.is_(False)).order_by(Ticket.queued_at, Ticket.number)).all()
        pause_row = open_pause(session, counter_id)
        reason = ""
        if current is not None:
            last = session.scalars(select(TicketEvent.detail).where(
                TicketEvent.ticket_id == current.id, TicketEvent.kind == Kind.CALLED.value)
                .order_by(TicketEvent.seq.desc())).first()
            reason = last or ""
        return CounterState(
            counter.id, counter.number, counter.name,
            ticket_info(session, current) if current else None,
            tuple(ticket_infos(session, [t for t in mine if t.status == Status.PARKED.value])),
            tuple(ticket_infos(session, waiting)),
            pause_row.reason if pause_row else None, reason)


def display_state(db: Database, site_id: uuid.UUID, *, now: dt.datetime | None = None,
                  recent: int = 5) -> DisplayState:
    """Current calls (one per counter) and the last ``recent`` earlier calls of today."""
    at = now_or(now)
    day_start = dt.datetime.combine(local_day(at), dt.time(), tzinfo=at.astimezone().tzinfo)
    with db.read() as session:
        waiting_now = and_(Ticket.service_id == Service.id, Ticket.day == local_day(at),
                           Ticket.status == Status.WAITING.value, Ticket.archived.is_(False))
        # every active service (with 0 when nobody waits), and any other with someone
        # waiting; summed by the letter the room sees (neutral letters: see ``letters``)
        letters = letters_by_service(session, site_id)
        by_letter: dict[str, int] = {}
        for service_id, count in session.execute(
                select(Service.id, func.count(Ticket.id))
                .outerjoin(Ticket, waiting_now)
                .where(Service.site_id == site_id)
                .group_by(Service.id, Service.active)
                .having(or_(Service.active.is_(True), func.count(Ticket.id) > 0))):
            letter = letters[service_id]
            by_letter[letter] = by_letter.get(letter, 0) + int(count)
        waiting = tuple(sorted(by_letter.items()))
        rows = session.execute(
            select(Ticket.code, Counter.number, TicketEvent.at, TicketEvent.id, Ticket.status,
                   Ticket.counter_id, TicketEvent.counter_id)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .join(Counter, Counter.id == TicketEvent.counter_id)
            .where(Ticket.site_id == site_id, TicketEvent.at >= day_start,
                   TicketEvent.kind.in_([Kind.CALLED.value, Kind.RECALLED.value,
                                         Kind.RESUMED.value]))
            .order_by(TicketEvent.at.desc()).limit(60)).all()
    current: list[DisplayCall] = []
    earlier: list[DisplayCall] = []
    seen_counters: set[int] = set()
    seen_codes: set[str] = set()
    for code, number, when, event_id, status, holder, caller in rows:
        call = DisplayCall(code, number, when, str(event_id))
        active = status in (Status.CALLED.value, Status.SERVING.value) and holder == caller
        if active and number not in seen_counters and code not in seen_codes:
            current.append(call)
            seen_counters.add(number)
        elif code not in seen_codes and len(earlier) < recent:
            earlier.append(call)
        seen_codes.add(code)
    return DisplayState(tuple(current), tuple(earlier), waiting)
