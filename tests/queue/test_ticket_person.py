"""Finishing a ticket links it to the person served: in the log, the visit, the audit."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from desktop.errors import NotFoundError
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.audit import AuditEntry
from desktop.models.queue import Ticket
from desktop.models.registration import Visit
from desktop.services import queue as q
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import get_operator


def _serve_one(db: Database) -> tuple[q.TicketInfo, object, uuid.UUID]:
    site = site_info(db)
    actor = get_operator(db, "demo")
    counter = next(c for c in site.counters if c.number == 5)  # serves E only
    service = next(s for s in site.services if s.prefix == "E")
    issued = q.issue_ticket(db, site.site_id, service.id)
    called = q.call_specific(db, actor, counter.id, issued.ticket.id, "test")
    return called.ticket, actor, counter.id


def test_finish_links_the_ticket_to_the_person_and_undo_unlinks(demo_db: Database) -> None:
    with clock.use(clock.fixed(clock.now())):
        ticket, actor, counter_id = _serve_one(demo_db)
        with demo_db.transaction() as session:
            person = session.scalars(select(Person).limit(1)).one()
            person_id = person.id
            session.add(Visit(person_id=person_id, kind="lookup", at=clock.now()))
        info = q.finish(demo_db, actor, counter_id, ticket.id, "servito",  # type: ignore[arg-type]
                        person_id=person_id)
        assert info.status == "finished" and info.person_id == person_id
        with demo_db.read() as session:
            visit = session.scalars(select(Visit).where(Visit.person_id == person_id)
                                    .order_by(Visit.at.desc())).first()
            assert visit is not None and visit.ticket_id == ticket.id
            assert session.scalars(select(AuditEntry).where(
                AuditEntry.action == "queue.ticket_person",
                AuditEntry.target_type == "person", AuditEntry.target_id == str(person_id),
                AuditEntry.detail.contains(str(ticket.id)))).one()
        undone = q.undo_last(demo_db, actor, counter_id)  # type: ignore[arg-type]
        assert undone.status == "called"
        assert undone.person_id is None


def test_finish_for_an_unknown_person_changes_nothing(demo_db: Database) -> None:
    ticket, actor, counter_id = _serve_one(demo_db)
    with pytest.raises(NotFoundError) as caught:
        q.finish(demo_db, actor, counter_id, ticket.id, "servito",  # type: ignore[arg-type]
                 person_id=uuid.uuid4())
    assert caught.value.user_message == ("La persona servita non esiste più: il biglietto "
                                         "non è stato chiuso.")
    with demo_db.read() as session:
        row = session.get(Ticket, ticket.id)
        assert row is not None and row.status == "called" and row.person_id is None
        assert not session.scalars(select(AuditEntry).where(
            AuditEntry.action == "queue.ticket_person")).all()
