"""Demo convocations already past: a few people with a DID in force were convened in the
last two weeks and did not come, so the Condizionalità page has absences to show on the
demo database on any day (one still inside its justification window, the others past it,
which become sanction proposals when the page is opened). Nobody booked them at a
counter, so they leave no audit line; they use their own randomness, so the modules seeded
after this one see the demo they always saw."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from desktop.demo.context import DEMO_SEED, SeedContext
from desktop.infra import clock
from desktop.models.queue import Appointment
from desktop.models.registration import Did
from desktop.services.agenda.booking import appointment_row
from desktop.services.agenda.types import BookingRequest

ORDER = 67

PURPOSE = "Convocazione: verifica del Patto di servizio"
#: Working days before today of each missed convocation.
DAYS_AGO = (9, 6, 1)


def _working_day_before(day: dt.date, count: int) -> dt.date:
    while count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def seed(ctx: SeedContext) -> None:
    ctx.session.flush()
    site, services = ctx.shared["site"], ctx.shared["services"]
    convened = {pid for pid in ctx.session.scalars(
        select(Appointment.person_id).where(Appointment.person_id.is_not(None)))}
    with_did = sorted({pid for pid in ctx.session.scalars(
        select(Did.person_id).where(Did.ended_on.is_(None)))} - convened, key=str)
    if len(with_did) < len(DAYS_AGO):
        return
    rng = random.Random(DEMO_SEED + 67)  # noqa: S311 - seeded on purpose, nothing secret
    counter = next(c for c in site.counters if c.number == 2)
    service = next(iter(counter.services), services["B"])
    for person_id, ago in zip(rng.sample(with_did, len(DAYS_AGO)), DAYS_AGO, strict=True):
        day = _working_day_before(clock.today(), ago)
        start = dt.datetime.combine(day, dt.time(9, 30)).astimezone()
        appointment_row(ctx.session, BookingRequest(
            site.id, service.id, person_id, start, 30, PURPOSE, counter.id, None))
