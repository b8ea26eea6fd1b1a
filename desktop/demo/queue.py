"""Demo queue: priority categories, a few appointments, today's tickets in every state
and five past days of served tickets for the statistics.

"Today" is the day the demo is opened, not only the day it was created: opening the
demo on a later day (:func:`roll_forward`) closes the days left open, as a centre
does at the end of a day, and seeds a fresh working day. The day's number counters
are written with the tickets, so the kiosk's next ticket follows the seeded ones.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.demo.context import DEMO_SEED, DEMO_USERNAME, SeedContext
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Counter, Operator, Service, Site
from desktop.models.queue import (
    Appointment,
    PriorityCategory,
    Ticket,
    TicketNumber,
    WaitEstimate,
)
from desktop.services.queue.events import append_event
from desktop.services.queue.letters import public_letter
from desktop.services.queue.state import Kind, Status

ORDER = 40

PRIORITIES = [
    ("disabilita", "disabilità", True),
    ("gravidanza", "gravidanza", True),
    ("over75", "età oltre 75 anni", True),
    ("minori", "con bambini piccoli", True),
    ("urgenza", "urgenza segnalata dai servizi sociali", False),
]

OUTCOMES = ("servito", "servito", "servito", "rinviato", "documenti_mancanti")

#: The demo site (see organisation.py).
SITE_CODE = "FI01-SC"


def seed_priorities(ctx: SeedContext) -> dict[str, PriorityCategory]:
    ctx.session.flush()
    site = ctx.shared["site"]
    rows = {code: PriorityCategory(site_id=site.id, code=code, label=label, kiosk=kiosk)
            for code, label, kiosk in PRIORITIES}
    ctx.session.add_all(rows.values())
    ctx.shared["priorities"] = rows
    return rows


#: The demo's working morning, from the hour the first counter prepares to the hour the
#: last event of the seeded day has happened.
MORNING = (8, 13)


def _local(day: dt.date, hour: int, minute: float) -> dt.datetime:
    base = dt.datetime.combine(day, dt.time(hour, 0)).astimezone(dt.UTC)
    return base + dt.timedelta(minutes=minute)


@dataclass
class _Seeder:
    """Writes demo tickets through the queue's own event log."""

    session: Session
    rng: random.Random
    site: Site
    services: dict[str, Service]
    counters: dict[int, Counter]
    operators: list[Operator]
    priorities: list[PriorityCategory]
    numbers: dict[tuple[dt.date, str], int] = field(default_factory=dict)
    #: A young day's morning, squeezed between midnight and now (see ``working_day``):
    #: where it starts, and how many real minutes one minute of the usual morning takes.
    squeezed_from: dt.datetime | None = None
    scale: float = 1.0

    def at(self, day: dt.date, hour: int, minute: float) -> dt.datetime:
        if self.squeezed_from is None:
            return _local(day, hour, minute)
        return self.squeezed_from + self.minutes((hour - MORNING[0]) * 60 + minute)

    def minutes(self, value: float) -> dt.timedelta:
        return dt.timedelta(minutes=value * self.scale)

    def letter(self, prefix: str) -> str:
        """The letter the waiting room sees (neutral by default: see queue.letters)."""
        return public_letter(self.site.ticket_letters or "neutral", self.services[prefix])

    def new_ticket(self, day: dt.date, prefix: str, at: dt.datetime, **extra: Any) -> Ticket:
        letter = self.letter(prefix)
        key = (day, letter)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        number = self.numbers[key]
        service = self.services[prefix]
        ticket = Ticket(site_id=self.site.id, day=day, first_service_id=service.id,
                        number=number, code=f"{letter}{number:03d}", issued_at=at,
                        service_id=service.id, queued_at=at, status=Status.WAITING.value,
                        **extra)
        self.session.add(ticket)
        self.session.flush()
        append_event(self.session, ticket, Kind.ISSUED, at, service_id=service.id)
        return ticket

    def serve(self, ticket: Ticket, counter: Counter, called: dt.datetime, minutes: float,
              finish: bool = True) -> None:
        op = self.operators[counter.number % len(self.operators)]
        rule = "priority" if ticket.priority_id else "arrival"
        reason = "ordine di arrivo" if rule == "arrival" else "priorità"
        append_event(self.session, ticket, Kind.CALLED, called, service_id=ticket.service_id,
                     counter_id=counter.id, operator_id=op.id, detail=reason, ref=rule)
        append_event(self.session, ticket, Kind.STARTED, called + self.minutes(1),
                     counter_id=counter.id, operator_id=op.id)
        if finish:
            append_event(self.session, ticket, Kind.FINISHED,
                         called + self.minutes(minutes), counter_id=counter.id,
                         operator_id=op.id, detail=self.rng.choice(OUTCOMES))

    def day_of(self, day: dt.date, count: int, open_from: int, archive: bool) -> list[Ticket]:
        rng, counters = self.rng, self.counters
        free = {n: self.at(day, 9, 0) for n in counters}
        made: list[Ticket] = []
        for i in range(count):
            prefix = rng.choice("AAABBCCDE")
            issued = self.at(day, 8, 45 + i * (210 / count) + rng.uniform(0, 4))
            prio = rng.random() < 0.12
            ticket = self.new_ticket(day, prefix, issued,
                                     priority_id=rng.choice(self.priorities).id
                                     if prio else None)
            made.append(ticket)
            if i >= open_from:
                continue
            able = [c for c in counters.values() if any(s.prefix == prefix for s in c.services)]
            counter = min(able, key=lambda c: free[c.number])
            called = max(free[counter.number], issued + self.minutes(rng.uniform(1, 4)))
            if rng.random() < 0.05:
                append_event(self.session, ticket, Kind.CALLED, called, service_id=ticket.service_id,
                             counter_id=counter.id, detail="ordine di arrivo", ref="arrival")
                append_event(self.session, ticket, Kind.NO_SHOW, called + self.minutes(2),
                             counter_id=counter.id)
                free[counter.number] = called + self.minutes(2)
            else:
                minutes = rng.uniform(4, 16)
                self.serve(ticket, counter, called, minutes)
                free[counter.number] = called + self.minutes(minutes + 0.5)
            wait = (called - issued).total_seconds() / 60
            guess = max(0.0, wait + rng.uniform(-8, 8))
            self.session.add(WaitEstimate(
                ticket_id=ticket.id, service_id=ticket.service_id, made_at=issued,
                ahead=int(guess / 6), low_minutes=int(guess * 0.7),
                high_minutes=int(guess * 1.3) + 2, actual_minutes=round(wait, 2)))
            ticket.archived = archive
        return made

    def working_day(self, today: dt.date) -> None:
        """Today: some served, some at counters, one parked, the rest waiting.

        The morning runs from 8:45 to about 12:45. Opened earlier than that, the whole
        morning is squeezed, in the same order, between the opening (8:00) and a minute
        ago, so that at 9:15 the room has been filling since the doors opened, not since
        3 in the morning; opened before 8:30 (at night, at dawn) there is no room for it
        after the opening, and it is squeezed between midnight and a minute ago. A demo
        never holds an event that has not happened yet (the counter's undo and the display
        read it as the latest), nor one of another day.
        """
        now = clock.now()
        if now - dt.timedelta(minutes=1) < _local(today, MORNING[1], 0):
            opening = _local(today, MORNING[0], 0)
            if now < opening + dt.timedelta(minutes=30):
                opening = dt.datetime.combine(today, dt.time()).astimezone(dt.UTC)
            room = max(0.0, (now - opening).total_seconds() / 60 - 1)
            self.squeezed_from = opening
            self.scale = min(1.0, room / ((MORNING[1] - MORNING[0]) * 60))
        made = self.day_of(today, 34, 18, False)
        start = self.at(today, 10, 5)
        for number in (1, 3, 4):
            counter = self.counters[number]
            served = {sv.id for sv in counter.services}
            ticket = next((t for t in made[18:] if t.status == Status.WAITING.value
                           and t.service_id in served), None)
            if ticket is not None:
                self.serve(ticket, counter, start + self.minutes(number), 0,
                           finish=False)
        parked = next((t for t in made[18:] if t.status == Status.WAITING.value
                       and t.service_id in (self.services["A"].id, self.services["B"].id)),
                      None)
        if parked is not None:
            counter = self.counters[2]
            self.serve(parked, counter, start - self.minutes(20), 0, finish=False)
            append_event(self.session, parked, Kind.PARKED, start - self.minutes(12),
                         counter_id=counter.id)
        for hour, minute, prefix in ((10, 30, "B"), (11, 0, "C"), (11, 30, "D")):
            self.session.add(Appointment(
                site_id=self.site.id, service_id=self.services[prefix].id,
                scheduled_at=self.at(today, hour, minute),
                reference=f"PR-{self.rng.randint(1000, 9999)}"))

    def write_counters(self) -> None:
        """The day's number counters, as the kiosk would have left them."""
        for (day, letter), last in self.numbers.items():
            # the group's counter is kept by its first service (queue.letters.draw)
            first = min(p for p in self.services if self.letter(p) == letter)
            self.session.add(TicketNumber(site_id=self.site.id, day=day,
                                          service_id=self.services[first].id,
                                          last_number=last))
        self.session.flush()


def _counters(session: Session, site: Site) -> dict[int, Counter]:
    return {c.number: c for c in session.scalars(select(Counter).where(
        Counter.site_id == site.id))}


def seed(ctx: SeedContext) -> None:
    ctx.session.flush()
    priorities = seed_priorities(ctx)
    site = ctx.shared["site"]
    today = clock.today()
    seeder = _Seeder(ctx.session, ctx.rng, site, ctx.shared["services"],
                     _counters(ctx.session, site), ctx.shared["operators"],
                     list(priorities.values()))
    for back in range(5, 0, -1):
        past = today - dt.timedelta(days=back)
        if past.weekday() < 5:
            seeder.day_of(past, ctx.rng.randint(35, 60), 10_000, True)
    seeder.working_day(today)
    seeder.write_counters()


def roll_forward(db: Database) -> bool:
    """The demo opened on a later day: close the days left open and seed today's queue.

    Returns False when there is nothing to do (today already has its queue, or this
    is not a demo database). Earlier days are closed with the queue's own day close
    (open tickets cancelled, everything archived), so the statistics stay coherent.
    """
    from desktop.services.queue.stats import close_day
    from desktop.services.security.accounts import OperatorInfo

    today = clock.today()
    with db.read() as session:
        site = session.scalars(select(Site).where(Site.code == SITE_CODE)).first()
        responsible = session.scalars(select(Operator).where(
            Operator.username == DEMO_USERNAME)).first()
        if site is None or responsible is None:
            return False
        if session.scalars(select(Ticket.id).where(
                Ticket.site_id == site.id, Ticket.day >= today).limit(1)).first() is not None:
            return False
        open_days = sorted(set(session.scalars(select(Ticket.day).where(
            Ticket.site_id == site.id, Ticket.day < today, Ticket.archived.is_(False)))))
        actor = OperatorInfo(responsible.id, responsible.username, responsible.full_name,
                             responsible.role, site.code)
        site_id = site.id
    for day in open_days:
        close_day(db, actor, site_id, day)
    with db.transaction() as session:
        site = session.get(Site, site_id)
        if site is None:
            raise LookupError(f"demo site {site_id} missing while seeding")
        services = {s.prefix: s for s in session.scalars(select(Service).where(
            Service.site_id == site_id))}
        usernames = {o.username: o for o in session.scalars(select(Operator))}
        from desktop.demo.organisation import OPERATORS

        operators = [usernames[u] for u, _n, _r in OPERATORS if u in usernames]
        priorities = list(session.scalars(select(PriorityCategory).where(
            PriorityCategory.site_id == site_id).order_by(PriorityCategory.code)))
        seeder = _Seeder(session, random.Random(DEMO_SEED + today.toordinal()), site,  # noqa: S311 - seeded on purpose: the same demo every time, nothing secret
                         services, _counters(session, site), operators, priorities)
        seeder.working_day(today)
        seeder.write_counters()
    return True
