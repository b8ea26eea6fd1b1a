"""Demo agenda: the next five working days hold appointments at counters 2-4 with the
counsellors, checked by the agenda's own rules (opening hours, no overlaps). Nobody
booked them, so they leave no audit line (a person's accesses stay the demo's own)."""

from __future__ import annotations

import datetime as dt
import random

from desktop.demo.context import DEMO_SEED, SeedContext
from desktop.infra import clock
from desktop.services.agenda.booking import appointment_row, check_request
from desktop.services.agenda.types import BookingRequest

ORDER = 55

PURPOSES = ("Colloquio di orientamento", "Verifica del Patto di servizio",
            "Aggiornamento del curriculum", "Presentazione di offerte di lavoro")
SLOTS = (dt.time(9, 0), dt.time(9, 45), dt.time(10, 30), dt.time(11, 15))
#: counter number -> the counsellor who receives there.
DESKS = {2: "m.conti", 3: "l.marchi", 4: "s.ferri"}


def seed(ctx: SeedContext) -> None:
    ctx.session.flush()
    site, services = ctx.shared["site"], ctx.shared["services"]
    people = list(ctx.shared.get("people", []))
    operators = {o.username: o for o in ctx.shared["operators"]}
    counters = {c.number: c for c in site.counters}
    if not people:
        return
    now = clock.now()
    # Its own randomness: the modules seeded after this one see the demo they always saw.
    rng = random.Random(DEMO_SEED + 25)  # noqa: S311 - seeded on purpose, nothing secret
    day, days = clock.today(), 0
    while days < 5:
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        days += 1
        for number, username in DESKS.items():
            operator = operators[username]
            for slot in SLOTS:
                if rng.random() < 0.4:
                    continue
                counter = counters[number]
                service = next(iter(counter.services), services["B"])
                request = BookingRequest(
                    site.id, service.id, rng.choice(people).id,
                    dt.datetime.combine(day, slot).astimezone(), 30,
                    rng.choice(PURPOSES), counter.id, operator.id)
                check_request(ctx.session, request, now)
                appointment_row(ctx.session, request)
