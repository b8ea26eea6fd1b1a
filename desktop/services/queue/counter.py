"""The queue's use cases: issue, call, recall, park, transfer, finish, undo, pause.

Each function is one transaction. Every action appends an event to the ticket's log
and rebuilds the ticket's cached state from that log (``queue_state.derive``), so the
log is the truth. Calling next is safe with several counters at once: on PostgreSQL
the chosen row is taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` (a counter that
loses the race chooses again); on SQLite the engine's ``BEGIN IMMEDIATE`` already
serialises writers. Ticket numbers come from one row per site, day and service,
incremented atomically in the issuing transaction; a unique constraint backs it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Counter, Service
from desktop.models.queue import (
    Appointment,
    CounterPause,
    PriorityCategory,
    Ticket,
    TicketEvent,
    WaitEstimate,
)
from desktop.services.queue.events import QueueError as QueueError
from desktop.services.queue.events import append_event, next_number, ticket_events
from desktop.services.queue.policy import Candidate, Choice, PolicyConfig, Rule, choose
from desktop.services.queue.state import AT_COUNTER, Kind, Status
from desktop.services.queue.stats import estimate_wait
from desktop.services.security.permissions import Actor, Permission, require

log = logging.getLogger(__name__)


class QueueEmpty(QueueError):
    def __init__(self) -> None:
        super().__init__(_("No ticket is waiting for the services of this counter."))


@dataclass(frozen=True)
class QueueConfig:
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    #: Seconds between two recalls of the same ticket.
    recall_cooldown: int = 20
    #: Recalls after which the next recall marks the ticket as a no-show.
    max_recalls: int = 3
    #: The charter's standard: share of people called within this wait.
    standard_wait: dt.timedelta = dt.timedelta(minutes=30)
    #: After a crash, a ticket only *called* goes back to the queue ("requeue") or
    #: stays with the counter ("keep"); a ticket being served always stays.
    crash_rule: str = "requeue"
    #: Outcome codes a counter may finish with.
    outcomes: tuple[str, ...] = ("servito", "rinviato", "documenti_mancanti", "non_di_competenza")


DEFAULT_CONFIG = QueueConfig()


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as views show it: no name, no codice fiscale."""

    id: uuid.UUID
    code: str
    number: int
    status: str
    service_id: uuid.UUID
    service_prefix: str
    service_name: str
    issued_at: dt.datetime
    queued_at: dt.datetime
    priority_label: str | None = None
    appointment_at: dt.datetime | None = None
    counter_id: uuid.UUID | None = None
    counter_number: int | None = None
    called_at: dt.datetime | None = None
    recalls: int = 0
    outcome: str = ""
    returning: bool = False
    #: The person served for this ticket, once linked (an id only: never a name here).
    person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketInfo
    ahead: int
    estimate_low: int
    estimate_high: int
    site_name: str


@dataclass(frozen=True)
class CallResult:
    ticket: TicketInfo
    rule: str
    reason: str


# -- helpers ----------------------------------------------------------------------------

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



def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else clock.now()


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def _info(session: Session, ticket: Ticket) -> TicketInfo:
    service = session.get(Service, ticket.service_id)
    assert service is not None
    priority = session.get(PriorityCategory, ticket.priority_id) if ticket.priority_id else None
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return TicketInfo(
        ticket.id, ticket.code, ticket.number, ticket.status, ticket.service_id,
        service.prefix, service.name, ticket.issued_at, ticket.queued_at,
        priority.label if priority else None, ticket.appointment_at, ticket.counter_id,
        counter.number if counter else None, ticket.called_at, ticket.recalls, ticket.outcome,
        ticket.return_service_id is not None, ticket.person_id)


def _operator_id(actor: Actor) -> uuid.UUID | None:
    value = getattr(actor, "id", None)
    return value if isinstance(value, uuid.UUID) else None


def _counter(session: Session, counter_id: uuid.UUID) -> Counter:
    # The services come in the same query: calling next always needs them.
    counter = session.scalars(select(Counter).options(joinedload(Counter.services))
                              .where(Counter.id == counter_id)).unique().first()
    if counter is None:
        raise NotFoundError(_("This counter no longer exists."))
    return counter


def _ticket(session: Session, ticket_id: uuid.UUID, *, lock: bool = False) -> Ticket:
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
    # the transaction, or they are gone (and fetched again) by the time _info runs.
    session.info.setdefault("queue_related", []).extend(r for r in row[1:] if r is not None)
    ticket: Ticket = row[0]
    return ticket


def _own_ticket(session: Session, ticket_id: uuid.UUID, counter_id: uuid.UUID) -> Ticket:
    ticket = _ticket(session, ticket_id, lock=True)
    if ticket.counter_id != counter_id or ticket.status not in AT_COUNTER:
        raise QueueError(_("Ticket {code} is no longer at this counter: reload the queue.")
                         .format(code=ticket.code))
    return ticket


def _open_pause(session: Session, counter_id: uuid.UUID) -> CounterPause | None:
    return session.scalars(select(CounterPause).where(
        CounterPause.counter_id == counter_id, CounterPause.kind == "pause",
        CounterPause.ended_at.is_(None))).first()


def _service_ids(counter: Counter) -> list[uuid.UUID]:
    return [s.id for s in counter.services if s.active]


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


# -- issuing ------------------------------------------------------------------------------


@retry_when_locked
def issue_ticket(db: Database, site_id: uuid.UUID, service_id: uuid.UUID, *,
                 priority_code: str | None = None, appointment_id: uuid.UUID | None = None,
                 now: dt.datetime | None = None,
                 config: QueueConfig = DEFAULT_CONFIG) -> IssuedTicket:
    """Issue a ticket (kiosk or front desk). No actor: the kiosk is unattended."""
    at = _now(now)
    day = local_day(at)
    with db.transaction() as session:
        service = session.get(Service, service_id)
        if service is None or service.site_id != site_id:
            raise NotFoundError(_("This service is not offered at this site."))
        if not service.active or not any(c.active for c in service.counters):
            raise QueueError(_("The service {name} is closed now: choose another service or "
                               "ask at the front desk.").format(name=service.name))
        priority_id = None
        if priority_code:
            priority = session.scalars(select(PriorityCategory).where(
                PriorityCategory.site_id == site_id, PriorityCategory.code == priority_code,
                PriorityCategory.active.is_(True))).first()
            if priority is None:
                raise ValidationError(_("Unknown priority category."))
            priority_id = priority.id
        appointment = session.get(Appointment, appointment_id) if appointment_id else None
        number = next_number(session, site_id, day, service_id)
        ticket = Ticket(
            site_id=site_id, day=day, first_service_id=service_id, number=number,
            code=f"{service.prefix}{number:03d}", issued_at=at, priority_id=priority_id,
            service_id=service_id, queued_at=at, status=Status.WAITING.value,
            appointment_at=appointment.scheduled_at if appointment else None,
            appointment_early=appointment.early_minutes if appointment else 15,
            appointment_late=appointment.late_minutes if appointment else 15)
        session.add(ticket)
        session.flush()
        if appointment is not None:
            appointment.ticket_id = ticket.id
        append_event(session, ticket, Kind.ISSUED, at, service_id=service_id)
        ahead, low, high = estimate_wait(session, site_id, service_id, day, at, ticket.id)
        session.add(WaitEstimate(ticket_id=ticket.id, service_id=service_id, made_at=at,
                                 ahead=ahead, low_minutes=low, high_minutes=high))
        info = _info(session, ticket)
        site_name = service.site.name
        queue_notify.in_transaction(session, site_id)
    queue_notify.committed(db, site_id)
    return IssuedTicket(info, ahead, low, high, site_name)


# -- calling ---------------------------------------------------------------------------------


@retry_when_locked
def call_next(db: Database, actor: Actor, counter_id: uuid.UUID, *,
              now: dt.datetime | None = None,
              config: QueueConfig = DEFAULT_CONFIG) -> CallResult:
    """Call the ticket the policy chooses for this counter, in one transaction."""
    require(actor, Permission.QUEUE_OPERATE)
    at = _now(now)
    with db.transaction() as session:
        counter = _counter(session, counter_id)
        _check_free(session, counter)
        services = _service_ids(counter)
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


def _check_free(session: Session, counter: Counter) -> None:
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
                 counter_id=counter.id, operator_id=_operator_id(actor), detail=choice.reason,
                 ref=choice.rule.value)
    # The estimate printed on the ticket was made when it was issued (made_at is the
    # ticket's issued_at); its first call gives the actual wait, in one statement.
    session.execute(update(WaitEstimate).where(
        WaitEstimate.ticket_id == ticket.id, WaitEstimate.actual_minutes.is_(None))
        .values(actual_minutes=round((at - ticket.issued_at).total_seconds() / 60, 2))
        .execution_options(synchronize_session=False))
    return CallResult(_info(session, ticket), choice.rule.value, choice.reason)


@retry_when_locked
def call_specific(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
                  reason: str, *, now: dt.datetime | None = None) -> CallResult:
    """Call one chosen waiting ticket out of order; the reason is required and logged."""
    require(actor, Permission.QUEUE_OPERATE)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why this ticket is called out of order."),
                              {"reason": _("Required")})
    at = _now(now)
    with db.transaction() as session:
        counter = _counter(session, counter_id)
        _check_free(session, counter)
        ticket = _ticket(session, ticket_id, lock=True)
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


@dataclass(frozen=True)
class RecallResult:
    ticket: TicketInfo
    no_show: bool


@retry_when_locked
def recall(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID, *,
           now: dt.datetime | None = None, config: QueueConfig = DEFAULT_CONFIG) -> RecallResult:
    """Call the same ticket again; after ``max_recalls`` the ticket becomes a no-show."""
    require(actor, Permission.QUEUE_OPERATE)
    at = _now(now)
    with db.transaction() as session:
        ticket = _own_ticket(session, ticket_id, counter_id)
        if ticket.status != Status.CALLED.value:
            raise QueueError(_("Only a called ticket can be recalled."))
        assert ticket.called_at is not None
        wait = config.recall_cooldown - (at - ticket.called_at).total_seconds()
        if wait > 0:
            raise QueueError(_("Wait {seconds} seconds before calling {code} again.").format(
                seconds=int(wait) + 1, code=ticket.code))
        no_show = ticket.recalls >= config.max_recalls
        append_event(session, ticket, Kind.NO_SHOW if no_show else Kind.RECALLED, at,
                     counter_id=counter_id, operator_id=_operator_id(actor))
        info = _info(session, ticket)
        queue_notify.in_transaction(session, ticket.site_id)
        site_id = ticket.site_id
    queue_notify.committed(db, site_id)
    return RecallResult(info, no_show)


@retry_when_locked
def _simple(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
            kind: Kind, now: dt.datetime | None,
            first: Callable[[Session, Ticket, dt.datetime], None] | None = None,
            **extra: str | uuid.UUID | None) -> TicketInfo:
    require(actor, Permission.QUEUE_OPERATE)
    at = _now(now)
    with db.transaction() as session:
        ticket = _own_ticket(session, ticket_id, counter_id)
        if kind == Kind.RESUMED:
            counter = _counter(session, counter_id)
            _check_free(session, counter)
        if first is not None:
            first(session, ticket, at)
        try:
            append_event(session, ticket, kind, at, counter_id=counter_id,
                         operator_id=_operator_id(actor), **extra)  # type: ignore[arg-type]
        except ValueError as exc:
            raise QueueError(_("This action does not apply to ticket {code} now.").format(
                code=ticket.code), str(exc)) from exc
        info = _info(session, ticket)
        queue_notify.in_transaction(session, ticket.site_id)
        site_id = ticket.site_id
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

    def link(session: Session, ticket: Ticket, at: dt.datetime) -> None:
        _link_person(session, actor, ticket, person_id, at)

    return _simple(db, actor, counter_id, ticket_id, Kind.FINISHED, now, first=link,
                   detail=outcome, ref=str(person_id))


def _link_person(session: Session, actor: Actor, ticket: Ticket, person_id: uuid.UUID,
                 at: dt.datetime) -> None:
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
        visit.ticket_id = ticket.id
    # On the person, so "who handled this person" lists it; the ticket in the detail.
    audit.record(session, actor, "queue.ticket_person", "person", person_id,  # type: ignore[arg-type]
                 detail=f"{ticket.code} ticket={ticket.id}")


def transfer(db: Database, actor: Actor, counter_id: uuid.UUID, ticket_id: uuid.UUID,
             to_service_id: uuid.UUID, *, returning: bool = False,
             now: dt.datetime | None = None) -> TicketInfo:
    """Send the ticket to another service's queue; ``returning`` brings it back afterwards."""
    with db.read() as session:
        target = session.get(Service, to_service_id)
        ticket = _ticket(session, ticket_id)
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
    require(actor, Permission.QUEUE_OPERATE)
    at = _now(now)
    with db.transaction() as session:
        rows = session.scalars(select(TicketEvent).where(
            TicketEvent.counter_id == counter_id, TicketEvent.at >= at - dt.timedelta(hours=12))
            .order_by(TicketEvent.at.desc(), TicketEvent.seq.desc()).limit(20)).all()
        for row in rows:
            if row.kind == Kind.UNDO.value:
                raise QueueError(_("The last action has already been undone."))
            ticket = _ticket(session, row.ticket_id, lock=True)
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
                         operator_id=_operator_id(actor), ref=str(row.seq), detail=row.kind)
            info = _info(session, ticket)
            queue_notify.in_transaction(session, ticket.site_id)
            site_id = ticket.site_id
            break
        else:
            raise QueueError(_("There is nothing to undo at this counter."))
    queue_notify.committed(db, site_id)
    return info


# -- pauses and crash recovery ------------------------------------------------------------


@retry_when_locked
def pause(db: Database, actor: Actor, counter_id: uuid.UUID, reason: str, *,
          now: dt.datetime | None = None) -> None:
    require(actor, Permission.QUEUE_OPERATE)
    if not reason.strip():
        raise ValidationError(_("Say why the counter pauses."), {"reason": _("Required")})
    with db.transaction() as session:
        counter = _counter(session, counter_id)
        if _open_pause(session, counter_id) is None:
            session.add(CounterPause(counter_id=counter_id, operator_id=_operator_id(actor),
                                     reason=reason.strip(), started_at=_now(now)))
        site_id = counter.site_id
    queue_notify.committed(db, site_id)


@retry_when_locked
def end_pause(db: Database, actor: Actor, counter_id: uuid.UUID, *,
              now: dt.datetime | None = None) -> None:
    require(actor, Permission.QUEUE_OPERATE)
    with db.transaction() as session:
        counter = _counter(session, counter_id)
        current = _open_pause(session, counter_id)
        if current is not None:
            current.ended_at = _now(now)
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
    require(actor, Permission.QUEUE_OPERATE)
    at = _now(now)
    returned: list[TicketInfo] = []
    with db.transaction() as session:
        counter = _counter(session, counter_id)
        if config.crash_rule == "requeue":
            called = session.scalars(select(Ticket).where(
                Ticket.counter_id == counter_id, Ticket.status == Status.CALLED.value,
                Ticket.day == local_day(at))).all()
            for ticket in called:
                append_event(session, ticket, Kind.REQUEUED, at, counter_id=counter_id,
                             operator_id=_operator_id(actor), detail="recovered")
                returned.append(_info(session, ticket))
        site_id = counter.site_id
    if returned:
        log.info("counter %s: %d ticket(s) returned to the queue after restart",
                 counter_id, len(returned))
        queue_notify.committed(db, site_id)
    return returned


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityInfo:
    code: str
    label: str
    kiosk: bool


def priority_categories(db: Database, site_id: uuid.UUID, *,
                        kiosk_only: bool = False) -> tuple[PriorityInfo, ...]:
    with db.read() as session:
        query = select(PriorityCategory).where(PriorityCategory.site_id == site_id,
                                               PriorityCategory.active.is_(True))
        if kiosk_only:
            query = query.where(PriorityCategory.kiosk.is_(True))
        return tuple(PriorityInfo(p.code, p.label, p.kiosk)
                     for p in session.scalars(query.order_by(PriorityCategory.label)))



@dataclass(frozen=True)
class CounterState:
    counter_id: uuid.UUID
    counter_number: int
    counter_name: str
    current: TicketInfo | None
    parked: tuple[TicketInfo, ...]
    waiting: tuple[TicketInfo, ...]
    paused_reason: str | None
    last_reason: str = ""


def _tickets(session: Session, tickets: Sequence[Ticket]) -> list[TicketInfo]:
    return [_info(session, t) for t in tickets]


def counter_state(db: Database, counter_id: uuid.UUID, *,
                  now: dt.datetime | None = None) -> CounterState:
    """What a counter console shows: its ticket, its parked tickets, its queue."""
    at = _now(now)
    with db.read() as session:
        counter = _counter(session, counter_id)
        mine = session.scalars(select(Ticket).where(
            Ticket.counter_id == counter_id,
            Ticket.status.in_([s.value for s in AT_COUNTER]),
            Ticket.archived.is_(False))).all()
        current = next((t for t in mine if t.status != Status.PARKED.value), None)
        waiting = session.scalars(select(Ticket).where(
            Ticket.site_id == counter.site_id, Ticket.day == local_day(at),
            Ticket.status == Status.WAITING.value, Ticket.service_id.in_(_service_ids(counter)),
            Ticket.archived.is_(False)).order_by(Ticket.queued_at, Ticket.number)).all()
        pause_row = _open_pause(session, counter_id)
        reason = ""
        if current is not None:
            last = session.scalars(select(TicketEvent.detail).where(
                TicketEvent.ticket_id == current.id, TicketEvent.kind == Kind.CALLED.value)
                .order_by(TicketEvent.seq.desc())).first()
            reason = last or ""
        return CounterState(
            counter.id, counter.number, counter.name,
            _info(session, current) if current else None,
            tuple(_tickets(session, [t for t in mine if t.status == Status.PARKED.value])),
            tuple(_tickets(session, waiting)),
            pause_row.reason if pause_row else None, reason)


@dataclass(frozen=True)
class DisplayCall:
    """One line of the waiting-room display: ticket code and counter number only."""

    ticket_code: str
    counter_number: int
    at: dt.datetime
    seq: str


@dataclass(frozen=True)
class DisplayState:
    current: tuple[DisplayCall, ...]
    recent: tuple[DisplayCall, ...]


def display_state(db: Database, site_id: uuid.UUID, *, now: dt.datetime | None = None,
                  recent: int = 5) -> DisplayState:
    """Current calls (one per counter) and the last ``recent`` earlier calls of today."""
    at = _now(now)
    day_start = dt.datetime.combine(local_day(at), dt.time(), tzinfo=at.astimezone().tzinfo)
    with db.read() as session:
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
    return DisplayState(tuple(current), tuple(earlier))

