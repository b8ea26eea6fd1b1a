"""A working day simulated through the real services on a real (encrypted) SQLite file:
200 walk-ins and 60 appointments at 4 counters, service times from the demo's
distribution (desktop/demo/queue.py: 4 to 16 minutes, half a minute between people).

The same 260 visits are run twice with the same arrival times and service times:
- with the agenda: the 60 people book, arrive up to 15 minutes early and check in at the
  kiosk with their booking code, and the queue's policy merges them with the walk-ins;
- without it: the 60 arrive at their slot time and take a ticket like everyone else.

Appointments must start within 10 minutes of their slot for at least 95% of them, and
the walk-ins' longest wait may grow by no more than 20% against the second run.

Load: 260 visits of 10.5 minutes on average are about 2,730 counter-minutes; arrivals
spread over 800 minutes keep 4 counters about 85% busy (a fuller day has no stable
queue at all: waits grow all day whatever the order).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.infra import clock
from desktop.models import Counter, Service, Site
from desktop.services import agenda, queue
from tests.agenda.conftest import Site as SiteFixture
from tests.agenda.conftest import add_people, local

DAY = dt.date(2026, 11, 24)  # a Tuesday
OPEN = local(DAY, 8)
SPAN = 800  # minutes over which people arrive
COUNTERS = 4
SEED = 25


@dataclass(frozen=True)
class Visit:
    index: int
    arrival: dt.datetime
    minutes: float  # service time
    slot: dt.datetime | None = None  # appointment holders only
    code: str = ""


def _plan(rng: random.Random) -> tuple[list[Visit], list[dt.datetime]]:
    walk_ins = [OPEN + dt.timedelta(minutes=rng.uniform(0, SPAN)) for _i in range(200)]
    slots = [OPEN + dt.timedelta(minutes=30 + i * (SPAN - 60) / 59) for i in range(60)]
    slots = [s.replace(second=0, microsecond=0) for s in slots]
    early = [rng.uniform(0, 15) for _i in range(60)]
    minutes = [rng.uniform(4, 16) for _i in range(260)]
    visits = [Visit(i, t, minutes[i]) for i, t in enumerate(walk_ins)]
    visits += [Visit(200 + j, s - dt.timedelta(minutes=early[j]), minutes[200 + j], s)
               for j, s in enumerate(slots)]
    return visits, slots


def _prepare(site: SiteFixture) -> uuid.UUID:
    """The simulated centre: open 8:00-22:00, counters 1-4 serving service B."""
    with site.db.transaction() as session:
        row = session.get(Site, site.info.site_id)
        assert row is not None
        row.opening_hours = "Lunedì–Venerdì 8:00–22:00"
        service = session.scalars(select(Service).where(Service.site_id == row.id,
                                                        Service.prefix == "B")).one()
        for counter in session.scalars(select(Counter).where(Counter.site_id == row.id)):
            counter.active = counter.number <= COUNTERS
            counter.services = [service]
        return service.id


def _run(site: SiteFixture, service_id: uuid.UUID, visits: list[Visit],
         with_agenda: bool) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    """Drive the day; returns each visit's (queued, called) moments."""
    counters = [site.counter(n).id for n in range(1, COUNTERS + 1)]
    free = dict.fromkeys(counters, OPEN)
    arrivals = sorted(visits, key=lambda v: (v.arrival if with_agenda or v.slot is None
                                            else v.slot, v.index))
    ticket_of: dict[uuid.UUID, Visit] = {}
    queued: dict[int, dt.datetime] = {}
    out: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    waiting, i = 0, 0
    while i < len(arrivals) or waiting:
        counter = min(counters, key=lambda c: (free[c], counters.index(c)))
        now = free[counter]
        while i < len(arrivals):
            visit = arrivals[i]
            at = visit.arrival if with_agenda or visit.slot is None else visit.slot
            if at > now:
                break
            with clock.use(clock.fixed(at)):
                if with_agenda and visit.slot is not None:
                    issued = agenda.check_in(site.db, site.info.site_id, visit.code, now=at).issued
                else:
                    issued = queue.issue_ticket(site.db, site.info.site_id, service_id, now=at)
            ticket_of[issued.ticket.id] = visit
            queued[visit.index] = at
            waiting, i = waiting + 1, i + 1
        if not waiting:
            free[counter] = (arrivals[i].arrival if with_agenda or arrivals[i].slot is None
                             else arrivals[i].slot)  # type: ignore[assignment]
            continue
        with clock.use(clock.fixed(now)):
            called = queue.call_next(site.db, site.actor, counter, now=now)
            visit = ticket_of[called.ticket.id]
            done = now + dt.timedelta(minutes=visit.minutes)
            queue.finish(site.db, site.actor, counter, called.ticket.id, "servito", now=done)
        out[visit.index] = (queued[visit.index], now)
        free[counter] = done + dt.timedelta(minutes=0.5)
        waiting -= 1
    return out


def _longest_walk_in_wait(out: dict[int, tuple[dt.datetime, dt.datetime]]) -> float:
    return max((called - queued).total_seconds() / 60
               for index, (queued, called) in out.items() if index < 200)


def test_a_day_of_walk_ins_and_appointments(site: SiteFixture) -> None:
    service_id = _prepare(site)
    visits, slots = _plan(random.Random(SEED))
    # Without the agenda first (nobody booked), on the same database: the day's
    # tickets are numbered on, which changes nothing in the order.
    without = _run(site, service_id, visits, with_agenda=False)
    people = add_people(site.db, 60)
    booked: list[Visit] = []
    for visit, (person_id, _code) in zip(visits[200:], people, strict=True):
        assert visit.slot is not None
        info = agenda.book(site.db, site.actor, agenda.BookingRequest(
            site.info.site_id, service_id, person_id, visit.slot, 10, purpose="Colloquio"),
            now=OPEN - dt.timedelta(days=1))
        booked.append(Visit(visit.index, visit.arrival, visit.minutes, visit.slot,
                            info.booking_code))
    with_agenda = _run(site, service_id, [*visits[:200], *booked], with_agenda=True)

    lateness = [(with_agenda[v.index][1] - v.slot).total_seconds() / 60
                for v in booked if v.slot is not None]
    on_time = sum(1 for late in lateness if late <= 10) / len(lateness)
    before = _longest_walk_in_wait(without)
    after = _longest_walk_in_wait(with_agenda)
    print(f"\nappointments started within 10 minutes of their slot: {on_time:.1%} "
          f"(latest {max(lateness):+.1f} min, earliest {min(lateness):+.1f} min)")
    print(f"walk-ins' longest wait: {after:.1f} min with the agenda, {before:.1f} min when "
          f"the 60 arrive as walk-ins at their slot ({after / before - 1:+.1%})")
    assert len(with_agenda) == len(without) == 260
    assert on_time >= 0.95
    assert after <= before * 1.20
