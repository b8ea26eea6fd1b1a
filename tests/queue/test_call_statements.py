"""Call next reads the policy's candidates in one statement, and still picks the same.

The three candidate sets (oldest normal, oldest priority, appointments around now) were
three statements, each a round trip and an execution on every call of every counter;
they are one statement now (three CTEs joined by UNION ALL). The choice is checked on a
queue where each of the three sets has a ticket, so none of them can be dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from desktop.models.queue import Ticket
from desktop.services import queue as q
from desktop.services.queue.events import ticket_events
from tests.helpers.counters import prepare_site, session_of
from tests.helpers.postgres import cluster_for, create_database
from tests.queue.conftest import Site, at

#: What every candidate read selects from; the CTE statement names it once per set.
_CANDIDATE_READ = "FROM queue_ticket LEFT OUTER JOIN queue_priority"


def _statements_of_call(site: Site, minute: float) -> tuple[q.CallResult, list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(statement)

    event.listen(site.db.engine, "before_cursor_execute", record)
    try:
        result = q.call_next(site.db, site.actor, site.counter(1).id, now=at(minute))
    finally:
        event.remove(site.db.engine, "before_cursor_execute", record)
    return result, seen


def test_call_next_reads_the_candidates_in_one_statement(site: Site) -> None:
    service = site.service("A").id
    q.issue_ticket(site.db, site.info.site_id, service, now=at(0))
    _result, statements = _statements_of_call(site, 1)
    assert len([s for s in statements if _CANDIDATE_READ in s]) == 1


def test_one_statement_still_weighs_priority_appointment_and_arrival(site: Site) -> None:
    service = site.service("A").id
    normal = q.issue_ticket(site.db, site.info.site_id, service, now=at(0)).ticket
    priority = q.issue_ticket(site.db, site.info.site_id, service, now=at(1),
                              priority_code="gravidanza").ticket
    booked = q.issue_ticket(site.db, site.info.site_id, service, now=at(2)).ticket
    with site.db.transaction() as session:  # a booked slot, as a check-in leaves it
        ticket = session.get(Ticket, booked.id)
        assert ticket is not None
        ticket.appointment_at = at(10)
    # The appointment is due first, then the priority ticket, then order of arrival.
    called = []
    for minute in (9, 11, 13):
        result, _statements = _statements_of_call(site, minute)
        called.append((result.ticket.id, result.rule))
        q.finish(site.db, site.actor, site.counter(1).id, result.ticket.id, "servito",
                 now=at(minute + 1))
    assert called == [(booked.id, "appointment"), (priority.id, "priority"),
                      (normal.id, "arrival")]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with cluster_for("the PostgreSQL call-and-finish statements test") as base:
        yield base


@pytest.mark.postgres
def test_postgresql_call_and_finish_write_the_event_with_the_projection(postgres: str) -> None:
    """On PostgreSQL the event insert rides in the ticket's update (one round trip): the
    cycle is twelve statements, the log and the projection (updated_at too) are right."""
    url = create_database(postgres)
    prepare_site(url, counters=1)
    db, site, actor = session_of(url)
    try:
        counter = next(c.id for c in site.counters if c.number == 1)
        service = next(s.id for s in site.services if s.prefix == "A")
        issued = q.issue_ticket(db, site.site_id, service).ticket
        seen: list[str] = []

        def record(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        called = q.call_next(db, actor, counter).ticket
        info = q.finish(db, actor, counter, called.id, "servito")
        event.remove(db.engine, "before_cursor_execute", record)
        assert called.id == issued.id and info.status == "finished"
        assert len(seen) == 12
        with db.read() as session:
            ticket = session.get(Ticket, issued.id)
            assert ticket is not None
            assert (ticket.status, ticket.outcome, ticket.counter_id) == (
                "finished", "servito", counter)
            assert ticket.updated_at >= ticket.created_at
            assert [(e.seq, e.kind) for e in ticket_events(session, issued.id)] == [
                (1, "issued"), (2, "called"), (3, "finished")]
    finally:
        db.dispose()
