"""Agenda benchmark.

Figure: the day view of a site holding 2,000 appointments in a week (about 400 a day,
8 counters, 500 people), p95 over repeated reads of each weekday, target 50 ms. Floor:
the same rows read by plain SQL (the same joins, no ORM, no dataclasses) through the
same driver and encrypted file, in the same run; the ratio is printed.
Second figure: the reminder worker's messages per second to a local SMTP server, with
its plain-smtplib floor (``bench.reminders``, also runnable alone).
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import uuid
from pathlib import Path

from bench.harness import Figure, percentile, timed
from tests.helpers.counters import prepare_site, session_of

APPOINTMENTS = 2000
PEOPLE = 500

_FLOOR_SQL = """
SELECT a.id, a.site_id, a.service_id, s.name, a.scheduled_at, a.duration_minutes,
       a.purpose, a.reference, a.status, a.person_id, p.surname, p.name, p.fiscal_code,
       a.counter_id, c.name, a.operator_id, o.full_name, a.measure, a.ticket_id
FROM queue_appointment a
JOIN service s ON s.id = a.service_id
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN counter c ON c.id = a.counter_id
LEFT JOIN operator o ON o.id = a.operator_id
WHERE a.site_id = ? AND a.scheduled_at >= ? AND a.scheduled_at < ? AND a.status != 'cancelled'
ORDER BY a.scheduled_at, c.number, a.id
"""


def _seed(db: object, site: object, monday: dt.date) -> None:
    from desktop.models import Person
    from desktop.models.queue import Appointment

    rng = random.Random(25)
    counters = [c.id for c in site.counters]  # type: ignore[attr-defined]
    services = [s.id for s in site.services if s.prefix in "AB"]  # type: ignore[attr-defined]
    with db.transaction() as session:  # type: ignore[attr-defined]
        people = []
        for i in range(PEOPLE):
            code = f"BNCH{i:04d}A80A01D"[:16]
            person = Person(id=uuid.uuid4(), fiscal_code=code, fiscal_code_base=code,
                            surname=f"Rossi{i}", name="Anna", sex="F",
                            birth_date=dt.date(1985, 1, 1), birthplace_code="D612")
            session.add(person)
            people.append(person.id)
        session.flush()
        for i in range(APPOINTMENTS):
            day = monday + dt.timedelta(days=i % 5)
            minute = (i // 5) % 400
            start = dt.datetime.combine(day, dt.time(8)).astimezone(dt.UTC) + dt.timedelta(
                minutes=minute)
            session.add(Appointment(
                site_id=site.site_id, service_id=services[i % 2],  # type: ignore[attr-defined]
                person_id=rng.choice(people), scheduled_at=start, duration_minutes=30,
                counter_id=counters[i % len(counters)], purpose="Colloquio",
                reference=f"PR-B{i:05d}"))


def run(quick: bool = False) -> list[Figure]:
    from desktop.services import agenda
    from desktop.services.agenda.reads import local_bounds

    repeat = 10 if quick else 40
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+pysqlite:///{Path(folder) / 'agenda.sqlite'}"
        prepare_site(url)
        db, site, actor = session_of(url)
        try:
            monday = dt.date(2026, 11, 23)
            _seed(db, site, monday)
            days = [monday + dt.timedelta(days=d) for d in range(5)]
            sizes = {len(agenda.day_view(db, actor, site.site_id, d)) for d in days}
            assert sizes == {APPOINTMENTS // 5}, sizes
            view_ms: list[float] = []
            floor_ms: list[float] = []
            for day in days:
                view_ms += timed(lambda day=day: agenda.day_view(  # type: ignore[misc]
                    db, actor, site.site_id, day), repeat)
                start, end = local_bounds(day)

                def floor(start: dt.datetime = start, end: dt.datetime = end) -> int:
                    with db.engine.connect() as conn:
                        rows = conn.exec_driver_sql(_FLOOR_SQL, (
                            site.site_id.hex, start.replace(tzinfo=None).isoformat(" "),
                            end.replace(tzinfo=None).isoformat(" "))).fetchall()
                    if len(rows) != APPOINTMENTS // 5:
                        raise AssertionError(f"floor read {len(rows)} rows")
                    return len(rows)

                floor_ms += timed(floor, repeat)
        finally:
            db.dispose()
    from bench import reminders  # the worker's figure belongs to the agenda's run too
    return [Figure("agenda", "day view p95 (400 of 2,000 appointments in a week)",
                   percentile(view_ms, 95), "ms", percentile(floor_ms, 95), 50.0),
            *reminders.run(quick)]
