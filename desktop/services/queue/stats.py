"""Queue statistics, wait estimates and the day close, all derived from the event log.

Wait = first call minus issue; service = finish minus start (or first call); total =
finish minus issue. Grouped per service, counter, operator and hour of issue. The
share "within standard" is the share of called tickets whose wait did not exceed the
charter's standard. Every wait estimate promised at issue is compared with the wait
that happened.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from desktop import formatting
from desktop.errors import BrokenInvariant, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Counter, Operator, Service
from desktop.models.queue import QueueDay, Ticket, TicketEvent, WaitEstimate
from desktop.services.queue import ticket_contacts
from desktop.services.queue.events import QueueError, append_event
from desktop.services.queue.letters import draw
from desktop.services.queue.state import OPEN, Event, Kind, Status, Timings, timings
from desktop.services.security.permissions import Actor, Permission, require

#: Service minutes assumed when a service has no history yet.
DEFAULT_SERVICE_MINUTES = 8.0
SMOOTHING = 0.25


def smoothed(values: Iterable[float], alpha: float = SMOOTHING) -> float | None:
    """Exponentially weighted mean, oldest value first."""
    result: float | None = None
    for value in values:
        result = value if result is None else alpha * value + (1 - alpha) * result
    return result


# Built once: the kiosk runs these on every ticket.
_RECENT_SERVICE = (
    select(Ticket.called_at, TicketEvent.at)
    .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
    .where(Ticket.service_id == bindparam("service"), TicketEvent.kind == Kind.FINISHED.value,
           TicketEvent.at >= bindparam("since"), Ticket.called_at.is_not(None))
    .order_by(TicketEvent.at.desc()).limit(400))
_AHEAD = (select(func.count()).select_from(Ticket).where(
    Ticket.site_id == bindparam("site"), Ticket.day == bindparam("day"),
    Ticket.service_id == bindparam("service"), Ticket.status == Status.WAITING.value,
    Ticket.id != bindparam("ticket")))


def service_minutes(session: Session, service_id: uuid.UUID, hour: int,
                    since: dt.datetime) -> float:
    """Smoothed service time of a service, preferring calls made at the same local hour."""
    rows = session.connection().execute(
        _RECENT_SERVICE, {"service": service_id, "since": since}).all()
    samples = [(called.astimezone().hour, (finished - called).total_seconds() / 60)
               for called, finished in reversed(rows) if called is not None]
    same_hour = smoothed(m for h, m in samples if h == hour)
    overall = smoothed(m for _h, m in samples)
    return same_hour or overall or DEFAULT_SERVICE_MINUTES


def estimate_wait(session: Session, site_id: uuid.UUID, service_id: uuid.UUID, day: dt.date,
                  at: dt.datetime, ticket_id: uuid.UUID,
                  counters: int | None = None) -> tuple[int, int, int]:
    """(people ahead, low, high minutes): work ahead over the counters serving the service.

    ``counters``: the service's active counters, when the caller has counted them."""
    ahead = int(session.connection().execute(_AHEAD, {
        "site": site_id, "day": day, "service": service_id, "ticket": ticket_id}).scalar_one())
    if counters is None:
        service = session.get(Service, service_id)
        counters = sum(1 for c in service.counters if c.active) if service else 1
    per_ticket = service_minutes(session, service_id, at.astimezone().hour,
                                 at - dt.timedelta(days=14))
    expected = ahead * per_ticket / max(1, counters)
    low = int(expected * 0.7)
    high = int(expected * 1.3 + 0.999) + (2 if ahead else 1)
    return ahead, low, max(high, low + 1)


# -- statistics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStats:
    dimension: str  # "service", "counter", "operator", "hour"
    key: str
    tickets: int
    called: int
    no_shows: int
    mean_wait: float | None
    mean_service: float | None
    mean_total: float | None
    within_standard: float | None  # share 0..1 of called tickets


@dataclass(frozen=True)
class QueueStatistics:
    date_from: dt.date
    date_to: dt.date
    tickets: int
    called: int
    served: int
    no_shows: int
    within_standard: float | None
    standard_minutes: int
    groups: tuple[GroupStats, ...]
    estimates: int
    estimate_mean_error: float | None  # minutes, |actual - middle of the range|
    estimate_in_range: float | None  # share of estimates whose actual wait fell in the range


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def _group(dimension: str, key: str, items: list[tuple[Timings, bool]],
           standard: float) -> GroupStats:
    waits = [t.wait_minutes for t, _ in items if t.wait_minutes is not None]
    return GroupStats(
        dimension, key, len(items), len(waits), sum(1 for t, _ in items if t.no_show),
        _mean(waits), _mean([t.service_minutes for t, _ in items
                             if t.service_minutes is not None]),
        _mean([t.total_minutes for t, _ in items if t.total_minutes is not None]),
        round(sum(1 for w in waits if w <= standard) / len(waits), 4) if waits else None)


def queue_statistics(db: Database, site_id: uuid.UUID, date_from: dt.date, date_to: dt.date,
                     standard: dt.timedelta = dt.timedelta(minutes=30)) -> QueueStatistics:
    if date_to < date_from:
        raise ValidationError(_("The end date comes before the start date."))
    standard_min = standard.total_seconds() / 60
    with db.read() as session:
        tickets = session.execute(select(Ticket.id, Ticket.status).where(
            Ticket.site_id == site_id, Ticket.day >= date_from, Ticket.day <= date_to)).all()
        status = dict(tickets.__iter__())
        by_ticket: dict[uuid.UUID, list[Event]] = defaultdict(list)
        for r in session.scalars(select(TicketEvent).join(Ticket).where(
                Ticket.site_id == site_id, Ticket.day >= date_from, Ticket.day <= date_to)):
            by_ticket[r.ticket_id].append(Event(r.seq, r.kind, r.at, r.service_id, r.counter_id,
                                                r.operator_id, r.detail, r.ref))
        names = {
            "service": dict(session.execute(select(Service.id, Service.prefix)).all()),
            "counter": {k: str(v) for k, v in
                        session.execute(select(Counter.id, Counter.number)).all()},
            "operator": dict(session.execute(select(Operator.id, Operator.username))
                             .all()),
        }
        estimates = session.execute(select(WaitEstimate.low_minutes, WaitEstimate.high_minutes,
                                           WaitEstimate.actual_minutes).join(
            Ticket, Ticket.id == WaitEstimate.ticket_id).where(
            Ticket.site_id == site_id, Ticket.day >= date_from, Ticket.day <= date_to,
            WaitEstimate.actual_minutes.is_not(None))).all()
    all_timings = [(timings(events), status.get(tid) == Status.FINISHED.value)
                   for tid, events in by_ticket.items()]
    groups: list[GroupStats] = []
    keyed: dict[tuple[str, str], list[tuple[Timings, bool]]] = defaultdict(list)
    for item in all_timings:
        t = item[0]
        keyed[("service", names["service"].get(t.service_id, "?") if t.service_id else "?")].append(item)
        keyed[("hour", f"{t.issued_at.astimezone().hour:02d}")].append(item)
        if t.counter_id is not None:
            keyed[("counter", names["counter"].get(t.counter_id, "?"))].append(item)
        if t.operator_id is not None:
            keyed[("operator", names["operator"].get(t.operator_id, "?"))].append(item)
    for (dimension, key), items in sorted(keyed.items()):
        groups.append(_group(dimension, key, items, standard_min))
    overall = _group("all", "", all_timings, standard_min)
    errors = [abs(actual - (low + high) / 2) for low, high, actual in estimates
              if actual is not None]
    inside = [low <= actual <= high for low, high, actual in estimates if actual is not None]
    return QueueStatistics(
        date_from, date_to, len(all_timings), overall.called,
        sum(1 for t, finished in all_timings if t.finished_at is not None),
        overall.no_shows, overall.within_standard, int(standard_min), tuple(groups),
        len(errors), _mean(errors),
        round(sum(inside) / len(inside), 4) if inside else None)


CSV_HEADER = ["dimensione", "chiave", "biglietti", "chiamati", "assenti", "attesa_media_min",
              "servizio_medio_min", "totale_medio_min", "quota_entro_standard"]


def write_csv(stats: QueueStatistics, target: Path) -> Path:
    """Write the statistics as CSV (semicolon separated, as Italian spreadsheets expect)."""
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(CSV_HEADER)
        for g in stats.groups:
            writer.writerow([g.dimension, g.key, g.tickets, g.called, g.no_shows,
                             _fmt(g.mean_wait), _fmt(g.mean_service), _fmt(g.mean_total),
                             _fmt(g.within_standard)])
    return target


def _fmt(value: float | None) -> str:
    return "" if value is None else formatting.decimal(value, 2, grouping=False)


# -- day close ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DayClosed:
    day: dt.date
    issued: int
    served: int
    no_shows: int
    cancelled: int
    carried_over: int


def close_day(db: Database, actor: Actor, site_id: uuid.UUID, day: dt.date, *,
              carry_over: bool = False, now: dt.datetime | None = None) -> DayClosed:
    """Archive a day's tickets. Open tickets are cancelled, or carried over to the next
    day as new tickets (new numbers) when ``carry_over``. Nothing is ever deleted."""
    require(actor, Permission.QUEUE_CLOSE_DAY, db)
    at = now or clock.now()
    with db.transaction() as session:
        if session.scalars(select(QueueDay).where(QueueDay.site_id == site_id,
                                                  QueueDay.day == day)).first():
            raise QueueError(_("This day has already been closed."))
        tickets = session.scalars(select(Ticket).where(
            Ticket.site_id == site_id, Ticket.day == day).order_by(Ticket.queued_at)).all()
        served = sum(1 for t in tickets if t.status == Status.FINISHED.value)
        no_shows = sum(1 for t in tickets if t.status == Status.NO_SHOW.value)
        cancelled = carried = 0
        next_day = day + dt.timedelta(days=1)
        for ticket in tickets:
            if ticket.status in OPEN:
                reason = "carried_over" if carry_over else "day_closed"
                append_event(session, ticket, Kind.CANCELLED, at, detail=reason)
                if carry_over:
                    carried += 1
                    _carry(session, ticket, next_day)
                else:
                    cancelled += 1
            ticket.archived = True
        ticket_contacts.forget_day(session, site_id, day)  # "turn near" numbers: one day only
        session.add(QueueDay(site_id=site_id, day=day, closed_at=at, closed_by=actor.username,
                             issued=len(tickets), served=served, no_shows=no_shows,
                             carried_over=carried))
    queue_notify.committed(db, site_id)
    return DayClosed(day, len(tickets), served, no_shows, cancelled, carried)


def _carry(session: Session, old: Ticket, day: dt.date) -> None:
    service = session.get(Service, old.service_id)
    if service is None:
        raise BrokenInvariant("service is missing")
    number, code = draw(session, old.site_id, day, service)
    start = dt.datetime.combine(day, dt.time(8, 0)).astimezone(dt.UTC)
    ticket = Ticket(site_id=old.site_id, day=day, first_service_id=old.service_id, number=number,
                    code=code, issued_at=start,
                    priority_id=old.priority_id, service_id=old.service_id, queued_at=start,
                    status=Status.WAITING.value)
    session.add(ticket)
    session.flush()
    append_event(session, ticket, Kind.ISSUED, start, service_id=old.service_id,
                 detail=f"carried over from {old.code}")
