"""Agenda fixtures: the queue's small site (services A-E, counters 1-5, no tickets), a
few people, and a working Monday morning to book on."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop.infra.database import Database
from desktop.models import Person
from tests.queue import conftest as queue_fixtures
from tests.queue.conftest import Site

#: The queue's fixtures, shared: a small site and a view context over it.
site = queue_fixtures.site
qctx = queue_fixtures.qctx

#: A Monday (the demo site is open Mon-Fri 9:00-12:30, Tue and Thu also 14:30-16:30).
MONDAY = dt.date(2026, 11, 23)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware moment at local ``hour:minute`` of ``day``."""
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


#: "Now" in most tests: the Friday before, at noon.
NOW = local(MONDAY - dt.timedelta(days=3), 12)


def add_people(db: Database, count: int) -> list[tuple[uuid.UUID, str]]:
    """``count`` people (id, codice fiscale) with well-formed synthetic codes."""
    made: list[tuple[uuid.UUID, str]] = []
    with db.transaction() as session:
        for i in range(count):
            code = f"AGNDAA{80 + i % 20:02d}A{1 + i // 20:02d}D612Z"
            person = Person(id=uuid.uuid4(), fiscal_code=code, fiscal_code_base=code,
                            surname=f"Rossi{i}", name="Mario", sex="M",
                            birth_date=dt.date(1980, 1, 1), birthplace_code="D612",
                            email=f"mario{i}@esempio.invalid")
            session.add(person)
            made.append((person.id, code))
    return made


@pytest.fixture
def people(site: Site) -> list[tuple[uuid.UUID, str]]:
    return add_people(site.db, 6)
