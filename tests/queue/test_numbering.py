"""Ticket numbers never clash with tickets already written, on SQLite and PostgreSQL.

The number counter (one row per site, day and service) can be missing or behind the
tickets of its day: demo data, an import or a restored copy write tickets without it.
Issuing must then continue after the highest number instead of failing on the
unique constraint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from desktop.infra.database import Database, open_database
from desktop.models.queue import Ticket, TicketNumber
from desktop.services import queue as q
from desktop.services.organisation.centre import site_info
from desktop.services.queue import local_day
from desktop.services.queue.events import append_event
from desktop.services.queue.state import Kind, Status
from tests.helpers.counters import prepare_site
from tests.helpers.postgres import cluster_for, create_database
from tests.helpers.storage import TEST_KEY
from tests.queue.conftest import MORNING, at


def _written_without_counter(db: Database, site_id: object, service_id: object,
                             numbers: range) -> None:
    day = local_day(MORNING)
    with db.transaction() as session:
        for number in numbers:
            ticket = Ticket(site_id=site_id, day=day, first_service_id=service_id,
                            number=number, code=f"A{number:03d}", issued_at=MORNING,
                            service_id=service_id, queued_at=MORNING,
                            status=Status.WAITING.value)
            session.add(ticket)
            session.flush()
            append_event(session, ticket, Kind.ISSUED, MORNING, service_id=service_id)


def check_numbering(db: Database) -> None:
    site = site_info(db)
    service = next(s for s in site.services if s.prefix == "A")
    other = next(s for s in site.services if s.prefix == "B")

    # No counter row, three tickets already there: the next is the fourth.
    _written_without_counter(db, site.site_id, service.id, range(1, 4))
    issued = q.issue_ticket(db, site.site_id, service.id, now=at(1))
    assert issued.ticket.code == "A004"

    # A counter row left behind the tickets jumps past them.
    _written_without_counter(db, site.site_id, service.id, range(5, 8))
    with db.transaction() as session:
        session.execute(update(TicketNumber).where(TicketNumber.service_id == service.id)
                        .values(last_number=2))
    assert q.issue_ticket(db, site.site_id, service.id, now=at(2)).ticket.code == "A008"
    # ... and then counts on normally; other services and days are not affected.
    assert q.issue_ticket(db, site.site_id, service.id, now=at(3)).ticket.code == "A009"
    assert q.issue_ticket(db, site.site_id, other.id, now=at(4)).ticket.code == "B001"
    tomorrow = at(4) + dt.timedelta(days=1)
    assert q.issue_ticket(db, site.site_id, service.id, now=tomorrow).ticket.code == "A001"


def test_numbering_continues_after_tickets_written_without_counter_sqlite(
        db: Database) -> None:
    prepare_site(db.url)
    check_numbering(db)


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with cluster_for("the PostgreSQL numbering test") as base:
        yield base


@pytest.mark.postgres
def test_numbering_continues_after_tickets_written_without_counter_postgresql(
        postgres: str) -> None:
    url = create_database(postgres)
    prepare_site(url)
    db = open_database(url, key=TEST_KEY)
    try:
        check_numbering(db)
    finally:
        db.dispose()
