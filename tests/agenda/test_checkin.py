"""Check-in at the kiosk (health card or booking code) and at the front desk, the call
within the slot ahead of an earlier walk-in with the reason shown, and the absences."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models.queue import Appointment, Ticket
from desktop.services import agenda, queue
from tests.agenda.conftest import MONDAY, NOW, Site, local


def _book(site: Site, person: uuid.UUID, hour: int, minute: int = 0,
          day: dt.date = MONDAY) -> agenda.AppointmentInfo:
    return agenda.book(site.db, site.actor, agenda.BookingRequest(
        site.info.site_id, site.service("B").id, person, local(day, hour, minute),
        purpose="Verifica"), now=NOW)


def test_check_in_by_health_card_then_called_before_an_earlier_walk_in(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = _book(site, people[0][0], 10, 30)
    walk_in = queue.issue_ticket(site.db, site.info.site_id, site.service("B").id,
                                 now=local(MONDAY, 10, 0))
    done = agenda.check_in(site.db, site.info.site_id, people[0][1].lower(),
                           now=local(MONDAY, 10, 20))
    assert done.appointment_id == booked.id
    assert done.issued.ticket.appointment_at == booked.start
    # 10:22: the appointment waits in arrival order (precedence from 10:33): the walk-in goes.
    early = queue.call_next(site.db, site.actor, site.counter(1).id, now=local(MONDAY, 10, 22))
    assert early.ticket.id == walk_in.ticket.id and early.rule == "arrival"
    queue.finish(site.db, site.actor, site.counter(1).id, walk_in.ticket.id, "servito",
                 now=local(MONDAY, 10, 24))
    other_walk_in = queue.issue_ticket(site.db, site.info.site_id, site.service("B").id,
                                       now=local(MONDAY, 10, 1))
    called = queue.call_next(site.db, site.actor, site.counter(1).id,
                             now=local(MONDAY, 10, 34))
    assert called.ticket.id == done.issued.ticket.id != other_walk_in.ticket.id
    assert called.rule == "appointment" and called.reason == "appuntamento delle 10:30"
    with site.db.read() as session:
        row = session.get(Appointment, booked.id)
        assert row is not None and row.status == "checked_in"
        assert row.checked_in_at == local(MONDAY, 10, 20)


def test_check_in_by_booking_code_at_the_kiosk(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = _book(site, people[1][0], 11)
    done = agenda.check_in(site.db, site.info.site_id, f" {booked.booking_code.lower()} ",
                           now=local(MONDAY, 10, 50))
    assert done.appointment_id == booked.id
    with pytest.raises(ValidationError) as caught:  # twice
        agenda.check_in(site.db, site.info.site_id, booked.booking_code,
                        now=local(MONDAY, 10, 52))
    assert "già registrato la presenza" in caught.value.user_message


@pytest.mark.parametrize(("code", "moment", "words"), [
    ("PR-ZZZZZZ", local(MONDAY, 10, 50), "Nessun appuntamento ha questo codice"),
    ("", local(MONDAY, 10, 50), "Nessun appuntamento ha questo codice"),
    ("booked", local(MONDAY, 9, 0), "È presto per l'appuntamento delle 11:00: può "
     "registrare la presenza dalle 10:00"),
    ("booked", local(MONDAY, 11, 31), "L'appuntamento delle 11:00 è scaduto"),
    ("booked", local(MONDAY + dt.timedelta(days=1), 11), "era il 23/11/2026 alle 11:00"),
    ("booked", local(MONDAY - dt.timedelta(days=1), 11), "è il 23/11/2026 alle 11:00: torni"),
])
def test_a_check_in_that_cannot_be_made_says_why_and_issues_nothing(
        site: Site, people: list[tuple[uuid.UUID, str]], code: str, moment: dt.datetime,
        words: str) -> None:
    booked = _book(site, people[1][0], 11)
    with pytest.raises(ValidationError) as caught:
        agenda.check_in(site.db, site.info.site_id,
                        booked.booking_code if code == "booked" else code, now=moment)
    assert words in caught.value.user_message
    with site.db.read() as session:
        assert session.scalars(select(Ticket)).first() is None


def test_front_desk_check_in(site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = _book(site, people[2][0], 9, 30)
    done = agenda.check_in_at_desk(site.db, site.actor, booked.id, now=local(MONDAY, 9, 25))
    assert done.issued.ticket.code.startswith("B")


def test_absences_become_no_shows_after_the_configured_time(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    missed = _book(site, people[0][0], 9)
    kept = _book(site, people[1][0], 9, 30)
    later = _book(site, people[2][0], 11)
    agenda.check_in(site.db, site.info.site_id, kept.booking_code, now=local(MONDAY, 9, 20))
    with site.db.read() as session:  # 9:29: not yet an absence (30 minutes after 9:00)
        assert agenda.no_shows(session, local(MONDAY, 0), now=local(MONDAY, 9, 29)) == []
        found = agenda.no_shows(session, local(MONDAY, 0), now=local(MONDAY, 9, 31))
    assert found == [(missed.id, people[0][0], missed.start)]
    assert agenda.mark_no_shows(site.db, site.info.site_id, now=local(MONDAY, 9, 31)) == 1
    with site.db.read() as session:
        rows = {a.id: a.status for a in session.scalars(select(Appointment))}
    assert rows == {missed.id: "no_show", kept.id: "checked_in", later.id: "booked"}
