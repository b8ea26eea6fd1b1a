"""Call next reads the policy's candidates in one statement, and still picks the same.

The three candidate sets (oldest normal, oldest priority, appointments around now) were
three statements, each a round trip and an execution on every call of every counter;
they are one statement now (three CTEs joined by UNION ALL). The choice is checked on a
queue where each of the three sets has a ticket, so none of them can be dropped.
"""

from __future__ import annotations

from sqlalchemy import event

from desktop.models.queue import Ticket
from desktop.services import queue as q
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
