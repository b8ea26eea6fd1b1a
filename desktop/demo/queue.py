"""Demo queue: priority categories, a few appointments, today's tickets in every state
and five past days of served tickets for the statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.demo import SeedContext
from desktop.models import Counter, Service
from desktop.models.queue import Appointment, PriorityCategory, Ticket, WaitEstimate
from desktop.services.queue import _append
from desktop.services.queue_state import Kind, Status

ORDER = 40

PRIORITIES = [
    ("disabilita", "disabilità", True),
    ("gravidanza", "gravidanza", True),
    ("over75", "età oltre 75 anni", True),
    ("minori", "con bambini piccoli", True),
    ("urgenza", "urgenza segnalata dai servizi sociali", False),
]

OUTCOMES = ("servito", "servito", "servito", "rinviato", "documenti_mancanti")


def seed_priorities(ctx: SeedContext) -> dict[str, PriorityCategory]:
    ctx.session.flush()
    site = ctx.shared["site"]
    rows = {code: PriorityCategory(site_id=site.id, code=code, label=label, kiosk=kiosk)
            for code, label, kiosk in PRIORITIES}
    ctx.session.add_all(rows.values())
    ctx.shared["priorities"] = rows
    return rows


def _local(day: dt.date, hour: int, minute: float) -> dt.datetime:
    base = dt.datetime.combine(day, dt.time(hour, 0)).astimezone(dt.UTC)
    return base + dt.timedelta(minutes=minute)


def seed(ctx: SeedContext) -> None:
    ctx.session.flush()
    priorities = seed_priorities(ctx)
    site = ctx.shared["site"]
    services: dict[str, Service] = ctx.shared["services"]
    counters = {c.number: c for c in ctx.session.query(Counter).filter_by(site_id=site.id)}
    operators = ctx.shared["operators"]
    today = dt.date.today()
    rng = ctx.rng
    numbers: dict[tuple[dt.date, str], int] = {}

    def new_ticket(day: dt.date, prefix: str, at: dt.datetime, **extra: Any) -> Ticket:
        key = (day, prefix)
        numbers[key] = numbers.get(key, 0) + 1
        service = services[prefix]
        ticket = Ticket(site_id=site.id, day=day, first_service_id=service.id,
                        number=numbers[key], code=f"{prefix}{numbers[key]:03d}", issued_at=at,
                        service_id=service.id, queued_at=at, status=Status.WAITING.value,
                        **extra)
        ctx.session.add(ticket)
        ctx.session.flush()
        _append(ctx.session, ticket, Kind.ISSUED, at, service_id=service.id)
        return ticket

    def serve(ticket: Ticket, counter: Counter, called: dt.datetime, minutes: float,
              finish: bool = True) -> None:
        op = operators[counter.number % len(operators)]
        rule = "priority" if ticket.priority_id else "arrival"
        reason = "ordine di arrivo" if rule == "arrival" else "priorità"
        _append(ctx.session, ticket, Kind.CALLED, called, service_id=ticket.service_id,
                counter_id=counter.id, operator_id=op.id, detail=reason, ref=rule)
        _append(ctx.session, ticket, Kind.STARTED, called + dt.timedelta(minutes=1),
                counter_id=counter.id, operator_id=op.id)
        if finish:
            _append(ctx.session, ticket, Kind.FINISHED, called + dt.timedelta(minutes=minutes),
                    counter_id=counter.id, operator_id=op.id, detail=rng.choice(OUTCOMES))

    def day_of(day: dt.date, count: int, open_from: int, archive: bool) -> list[Ticket]:
        free = {n: _local(day, 9, 0) for n in counters}
        made: list[Ticket] = []
        for i in range(count):
            prefix = rng.choice("AAABBCCDE")
            issued = _local(day, 8, 45 + i * (210 / count) + rng.uniform(0, 4))
            prio = rng.random() < 0.12
            ticket = new_ticket(day, prefix, issued,
                                priority_id=rng.choice(list(priorities.values())).id
                                if prio else None)
            made.append(ticket)
            if i >= open_from:
                continue
            able = [c for c in counters.values() if any(s.prefix == prefix for s in c.services)]
            counter = min(able, key=lambda c: free[c.number])
            called = max(free[counter.number], issued + dt.timedelta(minutes=rng.uniform(1, 4)))
            if rng.random() < 0.05:
                _append(ctx.session, ticket, Kind.CALLED, called, service_id=ticket.service_id,
                        counter_id=counter.id, detail="ordine di arrivo", ref="arrival")
                _append(ctx.session, ticket, Kind.NO_SHOW, called + dt.timedelta(minutes=2),
                        counter_id=counter.id)
                free[counter.number] = called + dt.timedelta(minutes=2)
            else:
                minutes = rng.uniform(4, 16)
                serve(ticket, counter, called, minutes)
                free[counter.number] = called + dt.timedelta(minutes=minutes + 0.5)
            wait = (called - issued).total_seconds() / 60
            guess = max(0.0, wait + rng.uniform(-8, 8))
            ctx.session.add(WaitEstimate(
                ticket_id=ticket.id, service_id=ticket.service_id, made_at=issued,
                ahead=int(guess / 6), low_minutes=int(guess * 0.7),
                high_minutes=int(guess * 1.3) + 2, actual_minutes=round(wait, 2)))
            ticket.archived = archive
        return made

    for back in range(5, 0, -1):
        past = today - dt.timedelta(days=back)
        if past.weekday() < 5:
            day_of(past, rng.randint(35, 60), 10_000, True)
    made = day_of(today, 34, 18, False)
    # Today: some at counters, one parked, the rest waiting (a few with priority).
    start = _local(today, 10, 5)
    for number in (1, 3, 4):
        counter = counters[number]
        served = {sv.id for sv in counter.services}
        ticket = next((t for t in made[18:] if t.status == Status.WAITING.value
                       and t.service_id in served), None)
        if ticket is not None:
            serve(ticket, counter, start + dt.timedelta(minutes=number), 0, finish=False)
    parked = next((t for t in made[18:] if t.status == Status.WAITING.value
                   and t.service_id in (services["A"].id, services["B"].id)), None)
    if parked is not None:
        counter = counters[2]
        serve(parked, counter, start - dt.timedelta(minutes=20), 0, finish=False)
        _append(ctx.session, parked, Kind.PARKED, start - dt.timedelta(minutes=12),
                counter_id=counter.id)
    for hour, minute, prefix in ((10, 30, "B"), (11, 0, "C"), (11, 30, "D")):
        ctx.session.add(Appointment(
            site_id=site.id, service_id=services[prefix].id,
            scheduled_at=_local(today, hour, minute), reference=f"PR-{rng.randint(1000, 9999)}"))
