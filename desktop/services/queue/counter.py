"""What a counter does with the ticket in front of it: start, park, resume, finish, transfer,
undo the last action, pause, and recover after a crash.

Each function is one transaction. Every action appends an event to the ticket's log and
rebuilds the ticket's cached state from that log (``state.derive``), so the log is the truth.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Service
from desktop.models.queue import (
    CounterPause,
    Ticket,
    TicketEvent,
)
from desktop.services.queue.calling import check_counter_free
from desktop.services.queue.events import (
    QueueError,
    append_event,
    record_event,
    ticket_events,
)
from desktop.services.queue.rows import (
    info_after,
    load_counter,
    load_ticket,
    local_day,
    now_or,
    open_pause,
    operator_id,
    own_ticket_row,
    retry_when_locked,
    ticket_info,
)
from desktop.services.queue.state import Kind, Status
from desktop.services.queue.types import DEFAULT_CONFIG, QueueConfig, TicketInfo
from desktop.services.security.permissions import Actor, Permission, require

log = logging.getLogger(__name__)


@retry_when_locked
def _simple(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
            kind: Kind, now: dt.datetime | None,
            first: Callable[[Session, uuid.UUID, str, dt.datetime], None] | None = None,
            **extra: str | uuid.UUID | None) -> TicketInfo:
    # A counter's everyday actions: plain rows (own_ticket_row, record_event), no ORM
    # ticket loaded or flushed, so a finish costs a few statements and little CPU.
    at = now_or(now)
    with db.transaction() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        row = own_ticket_row(session, ticket_id, counter_id)
        if kind == Kind.RESUMED:
            counter = load_counter(session, counter_id)
            check_counter_free(session, counter)
        if first is not None:
            first(session, row.id, row.code, at)
        try:
            state = record_event(session, row.id, kind, at, counter_id=counter_id,
                                 operator_id=operator_id(actor),
                                 **extra)  # type: ignore[arg-type]
        except ValueError as exc:
            raise QueueError(_("This action does not apply to ticket {code} now.").format(
                code=row.code), str(exc)) from exc
        info = info_after(session, row, state)
        queue_notify.in_transaction(session, row.site_id)
        site_id = row.site_id
    queue_notify.committed(db, site_id)
    return info


def start_service(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
                  person_id: uuid.UUID | None = None, *,
                  now: dt.datetime | None = None) -> TicketInfo:
    """The person arrived at the counter; optionally link the registration record."""
    return _simple(db, actor, counter_id, ticket_id, Kind.STARTED, now,
                   ref=str(person_id) if person_id else "")


def park(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID, *,
         now: dt.datetime | None = None) -> TicketInfo:
    return _simple(db, actor, counter_id, ticket_id, Kind.PARKED, now)


def resume(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID, *,
           now: dt.datetime | None = None) -> TicketInfo:
    return _simple(db, actor, counter_id, ticket_id, Kind.RESUMED, now)


def finish(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
           outcome: str, *, person_id: uuid.UUID | None = None, now: dt.datetime | None = None,
           config: QueueConfig = DEFAULT_CONFIG) -> TicketInfo:
    """Finish the ticket with ``outcome``; ``person_id`` links it to the person served.

    The link is part of the ticket's log (the ``finished`` event names the person, so
    an undo of the finish also undoes the link), is written on the person's visit of
    the day that has no ticket yet, and is audited.
    """
    if outcome not in config.outcomes:
        raise ValidationError(_("Choose an outcome."), {"outcome": _("Required")})
    if person_id is None:
        return _simple(db, actor, counter_id, ticket_id, Kind.FINISHED, now, detail=outcome)

    def link(session: Session, ticket_id: uuid.UUID, code: str, at: dt.datetime) -> None:
        _link_person(session, actor, ticket_id, code, person_id, at)

    return _simple(db, actor, counter_id, ticket_id, Kind.FINISHED, now, first=link,
                   detail=outcome, ref=str(person_id))


def _link_person(session: Session, actor: Actor, ticket_id: uuid.UUID, code: str,
                 person_id: uuid.UUID, at: dt.datetime) -> None:
    from desktop.models import Person
    from desktop.models.registration import Visit
    from desktop.services.security import audit

    if session.get(Person, person_id) is None:
        raise NotFoundError(_("The person served no longer exists: the ticket was not "
                              "finished."))
    day_start = dt.datetime.combine(local_day(at), dt.time(), tzinfo=at.astimezone().tzinfo)
    visit = session.scalars(select(Visit).where(
        Visit.person_id == person_id, Visit.ticket_id.is_(None), Visit.at >= day_start)
        .order_by(Visit.at.desc()).limit(1)).first()
    if visit is not None:
        visit.ticket_id = ticket_id
    # On the person, so "who handled this person" lists it; the ticket in the detail.
    audit.record(session, actor, "queue.ticket_person", "person", person_id,
                 detail=f"{code} ticket={ticket_id}")


def transfer(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
             to_service_id: uuid.UUID, *, returning: bool = False,
             now: dt.datetime | None = None) -> TicketInfo:
    """Send the ticket to another service's queue; ``returning`` brings it back afterwards."""
    with db.read() as session:
        target = session.get(Service, to_service_id)
        ticket = load_ticket(session, ticket_id)
        if target is None or target.site_id != ticket.site_id:
            raise NotFoundError(_("This service is not offered at this site."))
        if not target.active or not any(c.active for c in target.counters):
            raise QueueError(_("The service {name} is closed now: choose another service or "
                               "ask at the front desk.").format(name=target.name))
        back = ticket.service_id if returning else None
    return _simple(db, actor, counter_id, ticket_id, Kind.TRANSFERRED, now,
                   service_id=to_service_id, ref=str(back) if back else "")


@retry_when_locked
def undo_last(db: Database, actor: Actor, counter_id: uuid.UUID, *,
              now: dt.datetime | None = None) -> TicketInfo:
    """Cancel this counter's last action (an ``undo`` event; nothing is erased)."""
    at = now_or(now)
    with db.transaction() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        rows = session.scalars(select(TicketEvent).where(
            TicketEvent.counter_id == counter_id, TicketEvent.at >= at - dt.timedelta(hours=12))
            .order_by(TicketEvent.at.desc(), TicketEvent.seq.desc()).limit(20)).all()
        for row in rows:
            if row.kind == Kind.UNDO.value:
                raise QueueError(_("The last action has already been undone."))
            ticket = load_ticket(session, row.ticket_id, lock=True)
            events = ticket_events(session, ticket.id)
            effective_events = [e for e in events if e.kind != Kind.UNDO.value]
            undone = {int(e.ref) for e in events if e.kind == Kind.UNDO.value}
            live = [e for e in effective_events if e.seq not in undone]
            if row.seq in undone:
                continue
            if live[-1].seq != row.seq:
                raise QueueError(_("Ticket {code} has changed since: this action can no longer "
                                   "be undone.").format(code=ticket.code))
            if row.kind in (Kind.FINISHED.value, Kind.RESUMED.value, Kind.TRANSFERRED.value):
                busy = session.scalars(select(Ticket).where(
                    Ticket.counter_id == counter_id, Ticket.id != ticket.id,
                    Ticket.status.in_([Status.CALLED.value, Status.SERVING.value]))).first()
                if busy is not None:
                    raise QueueError(_("Ticket {code} is still at this counter: finish, park "
                                       "or transfer it first.").format(code=busy.code))
            append_event(session, ticket, Kind.UNDO, at, counter_id=counter_id,
                         operator_id=operator_id(actor), ref=str(row.seq), detail=row.kind)
            info = ticket_info(session, ticket)
            queue_notify.in_transaction(session, ticket.site_id)
            site_id = ticket.site_id
            break
        else:
            raise QueueError(_("There is nothing to undo at this counter."))
    queue_notify.committed(db, site_id)
    return info


@retry_when_locked
def pause(db: Database, actor: Actor, counter_id: uuid.UUID, reason: str, *,
          now: dt.datetime | None = None) -> None:
    require(actor, Permission.QUEUE_OPERATE, db)
    if not reason.strip():
        raise ValidationError(_("Say why the counter pauses."), {"reason": _("Required")})
    with db.transaction() as session:
        counter = load_counter(session, counter_id)
        if open_pause(session, counter_id) is None:
            session.add(CounterPause(counter_id=counter_id, operator_id=operator_id(actor),
                                     reason=reason.strip(), started_at=now_or(now)))
        site_id = counter.site_id
    queue_notify.committed(db, site_id)


@retry_when_locked
def end_pause(db: Database, actor: Actor, counter_id: uuid.UUID, *,
              now: dt.datetime | None = None) -> None:
    with db.transaction() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        counter = load_counter(session, counter_id)
        current = open_pause(session, counter_id)
        if current is not None:
            current.ended_at = now_or(now)
        site_id = counter.site_id
    queue_notify.committed(db, site_id)


@retry_when_locked
def recover_counter(db: Database, actor: Actor, counter_id: uuid.UUID, *,
                    now: dt.datetime | None = None,
                    config: QueueConfig = DEFAULT_CONFIG) -> list[TicketInfo]:
    """Run when a counter console starts: settle what a crash left behind, by rule.

    A ticket only called (not yet served) returns to the queue in its old place when
    ``crash_rule`` is "requeue"; a ticket being served or parked stays with the counter.
    Returns the tickets that went back to the queue.
    """
    at = now_or(now)
    returned: list[TicketInfo] = []
    with db.transaction() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        counter = load_counter(session, counter_id)
        if config.crash_rule == "requeue":
            called = session.scalars(select(Ticket).where(
                Ticket.counter_id == counter_id, Ticket.status == Status.CALLED.value,
                Ticket.day == local_day(at))).all()
            for ticket in called:
                append_event(session, ticket, Kind.REQUEUED, at, counter_id=counter_id,
                             operator_id=operator_id(actor), detail="recovered")
                returned.append(ticket_info(session, ticket))
        site_id = counter.site_id
    if returned:
        log.info("counter %s: %d ticket(s) returned to the queue after restart",
                 counter_id, len(returned))
        queue_notify.committed(db, site_id)
    return returned
