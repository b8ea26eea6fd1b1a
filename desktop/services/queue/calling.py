"""Calling a ticket to a counter: the next one by the ordering policy, a chosen one, a recall.

Calling next is safe with several counters at once: on PostgreSQL the chosen row is taken
with ``SELECT ... FOR UPDATE SKIP LOCKED`` (a counter that loses the race chooses again); on
SQLite the engine's ``BEGIN IMMEDIATE`` already serialises writers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.errors import BrokenInvariant, ValidationError
from desktop.i18n import _
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Counter
from desktop.models.queue import (
    CounterPause,
    PriorityCategory,
    Ticket,
    TicketEvent,
    WaitEstimate,
)
from desktop.services.queue.events import QueueError, append_event
from desktop.services.queue.policy import Candidate, Choice, Rule, choose
from desktop.services.queue.rows import (
    load_counter,
    load_ticket,
    local_day,
    now_or,
    operator_id,
    own_ticket,
    retry_when_locked,
    service_ids,
    ticket_info,
)
from desktop.services.queue.state import Kind, Status
from desktop.services.queue.types import (
    DEFAULT_CONFIG,
    CallResult,
    QueueConfig,
    QueueEmpty,
    RecallResult,
)
from desktop.services.security.permissions import Actor, Permission, require


def _priority_streak(session: Session, service_ids: Sequence[uuid.UUID], day_start: dt.datetime,
                     ratio: int) -> int:
    """Priority tickets called in a row most recently for these services (from the log)."""
    rows = session.scalars(
        select(TicketEvent.ref).where(
            TicketEvent.kind == Kind.CALLED.value, TicketEvent.service_id.in_(service_ids),
            TicketEvent.at >= day_start)
        .order_by(TicketEvent.at.desc()).limit(ratio + 1)).all()
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
        counter = load_counter(session, counter_id)
        check_counter_free(session, counter)
        services = service_ids(counter)
        if not services:
            raise QueueError(_("This counter serves no open service."))
        day = local_day(at)
        day_start = dt.datetime.combine(day, dt.time(), tzinfo=at.astimezone().tzinfo)
        postgres = session.get_bind().dialect.name == "postgresql"
        candidates = _candidates(session, counter.site_id, day, services, at, lock=postgres)
        # The N:1 streak only matters when a priority ticket competes with others.
        kinds = {c.priority_label is None for c, _row in candidates.values()}
        streak = (_priority_streak(session, services, day_start, config.policy.priority_ratio)
                  if kinds == {True, False} else 0)
        choice = choose([candidate for candidate, _row in candidates.values()], at,
                        config.policy, streak)
        if choice is None:
            raise QueueEmpty()
        ticket = candidates[choice.ticket.id][1]
        result = _call(session, ticket, counter, actor, at, choice)
        queue_notify.in_transaction(session, counter.site_id)
    queue_notify.committed(db, counter.site_id)
    return result


def _candidates(session: Session, site_id: uuid.UUID, day: dt.date,
                services: Sequence[uuid.UUID], at: dt.datetime,
                *, lock: bool) -> dict[uuid.UUID, tuple[Candidate, Ticket]]:
    """The tickets that can win under the policy: the oldest normal and the oldest priority
    ticket and the appointments around now (reading all 2,000 of a busy day would be slow).

    With ``lock`` (PostgreSQL) the rows are taken ``FOR UPDATE SKIP LOCKED``: a row another
    counter is calling right now is skipped, and the next one is considered instead; the
    rows not chosen are released at commit, a fraction of a second later.
    """
    base = (select(Ticket, PriorityCategory.label)
            .outerjoin(PriorityCategory, PriorityCategory.id == Ticket.priority_id)
            .where(Ticket.site_id == site_id, Ticket.day == day,
                   Ticket.status == Status.WAITING.value, Ticket.service_id.in_(services),
                   Ticket.archived.is_(False)))
    order = (Ticket.queued_at, Ticket.number, Ticket.id)
    window = dt.timedelta(hours=3)
    queries = [
        base.where(Ticket.priority_id.is_(None)).order_by(*order).limit(1),
        base.where(Ticket.priority_id.is_not(None)).order_by(*order).limit(1),
        base.where(Ticket.appointment_at.between(at - window, at + window))
        .order_by(Ticket.appointment_at, *order).limit(3),
    ]
    if lock:
        queries = [query.with_for_update(skip_locked=True, of=Ticket) for query in queries]
    found: dict[uuid.UUID, tuple[Candidate, Ticket]] = {}
    for query in queries:
        for ticket, label in session.execute(query):
            found[ticket.id] = (Candidate(
                ticket.id, ticket.number, ticket.queued_at,
                label if ticket.priority_id else None, ticket.appointment_at,
                dt.timedelta(minutes=ticket.appointment_early),
                dt.timedelta(minutes=ticket.appointment_late)), ticket)
    return found


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
