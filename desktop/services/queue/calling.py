"""Calling a ticket to a counter out of order, and calling it again (recall).

Calling the next ticket by the ordering policy is ``next_ticket.call_next``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.errors import BrokenInvariant, ValidationError
from desktop.i18n import _
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Counter
from desktop.models.queue import (
    CounterPause,
    Ticket,
    TicketEvent,
    WaitEstimate,
)
from desktop.services.queue.events import QueueError, append_event
from desktop.services.queue.policy import Candidate, Choice, Rule
from desktop.services.queue.rows import (
    load_counter,
    load_ticket,
    now_or,
    operator_id,
    own_ticket,
    retry_when_locked,
    ticket_info,
)
from desktop.services.queue.state import Kind, Status
from desktop.services.queue.types import (
    DEFAULT_CONFIG,
    CallResult,
    QueueConfig,
    RecallResult,
)
from desktop.services.security.permissions import Actor, Permission, require


def check_counter_free(session: Session, counter: Counter) -> None:
    # One round trip for both questions: is the counter paused, is a ticket still there.
    paused = select(CounterPause.id).where(
        CounterPause.counter_id == counter.id, CounterPause.kind == "pause",
        CounterPause.ended_at.is_(None)).exists()
    busy = select(Ticket.code).where(
        Ticket.counter_id == counter.id,
        Ticket.status.in_([Status.CALLED.value, Status.SERVING.value])).limit(1)
    is_paused, busy_code = session.execute(select(paused, busy.scalar_subquery())).one()
    if is_paused:
        raise QueueError(_("This counter is paused: resume work before calling."))
    if busy_code is not None:
        raise QueueError(_("Ticket {code} is still at this counter: finish, park or transfer "
                           "it first.").format(code=busy_code))


def _call(session: Session, ticket: Ticket, counter: Counter, actor: Actor, at: dt.datetime,
          choice: Choice) -> CallResult:
    append_event(session, ticket, Kind.CALLED, at, service_id=ticket.service_id,
                 counter_id=counter.id, operator_id=operator_id(actor), detail=choice.reason,
                 ref=choice.rule.value)
    # The estimate printed on the ticket was made when it was issued (made_at is the
    # ticket's issued_at); its first call gives the actual wait, in one statement.
    session.execute(update(WaitEstimate).where(
        WaitEstimate.ticket_id == ticket.id, WaitEstimate.actual_minutes.is_(None))
        .values(actual_minutes=round((at - ticket.issued_at).total_seconds() / 60, 2))
        .execution_options(synchronize_session=False))
    return CallResult(ticket_info(session, ticket), choice.rule.value, choice.reason)


@retry_when_locked
def call_specific(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
                  reason: str, *, now: dt.datetime | None = None) -> CallResult:
    """Call one chosen waiting ticket out of order; the reason is required and logged."""
    require(actor, Permission.QUEUE_OPERATE, db)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why this ticket is called out of order."),
                              {"reason": _("Required")})
    at = now_or(now)
    with db.transaction() as session:
        counter = load_counter(session, counter_id)
        check_counter_free(session, counter)
        ticket = load_ticket(session, ticket_id, lock=True)
        if ticket.status != Status.WAITING.value or ticket.site_id != counter.site_id:
            raise QueueError(_("Ticket {code} is not waiting any more.").format(code=ticket.code))
        choice = Choice(Candidate(ticket.id, ticket.number, ticket.queued_at), Rule.ARRIVAL,
                        _("called by the operator: {reason}").format(reason=reason))
        result = _call(session, ticket, counter, actor, at, choice)
        _last_event_rule(session, ticket.id, "specific")
        queue_notify.in_transaction(session, counter.site_id)
    queue_notify.committed(db, counter.site_id)
    return CallResult(result.ticket, "specific", result.reason)


def _last_event_rule(session: Session, ticket_id: uuid.UUID, rule: str) -> None:
    session.flush()
    session.execute(update(TicketEvent).where(
        TicketEvent.ticket_id == ticket_id,
        TicketEvent.seq == select(func.max(TicketEvent.seq)).where(
            TicketEvent.ticket_id == ticket_id).scalar_subquery()).values(ref=rule))


@retry_when_locked
def recall(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID, *,
           now: dt.datetime | None = None, config: QueueConfig = DEFAULT_CONFIG) -> RecallResult:
    """Call the same ticket again; after ``max_recalls`` the ticket becomes a no-show."""
    at = now_or(now)
    with db.transaction() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        ticket = own_ticket(session, ticket_id, counter_id)
        if ticket.status != Status.CALLED.value:
            raise QueueError(_("Only a called ticket can be recalled."))
        if ticket.called_at is None:
            raise BrokenInvariant("ticket.called_at is missing")
        wait = config.recall_cooldown - (at - ticket.called_at).total_seconds()
        if wait > 0:
            raise QueueError(_("Wait {seconds} seconds before calling {code} again.").format(
                seconds=int(wait) + 1, code=ticket.code))
        no_show = ticket.recalls >= config.max_recalls
        append_event(session, ticket, Kind.NO_SHOW if no_show else Kind.RECALLED, at,
                     counter_id=counter_id, operator_id=operator_id(actor))
        info = ticket_info(session, ticket)
        queue_notify.in_transaction(session, ticket.site_id)
        site_id = ticket.site_id
    queue_notify.committed(db, site_id)
    return RecallResult(info, no_show)
