"""Booking: accepted inside the opening hours; refused (one Italian sentence, nothing
saved) in the past, outside the hours, over another appointment of the operator or of
the counter, outside the operator's configured hours."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models.agenda import OperatorHours
from desktop.models.queue import Appointment
from desktop.services import agenda
from tests.agenda.conftest import MONDAY, NOW, Site, local


def _request(site: Site, person: uuid.UUID, start: dt.datetime, **extra: object
             ) -> agenda.BookingRequest:
    return agenda.BookingRequest(site.info.site_id, site.service("B").id, person, start,
                                 **extra)  # type: ignore[arg-type]


def _count(site: Site) -> int:
    with site.db.read() as session:
        return session.scalar(select(func.count()).select_from(Appointment)) or 0


def test_a_booking_inside_the_hours_is_saved_with_a_code(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = agenda.book(site.db, site.actor, _request(
        site, people[0][0], local(MONDAY, 10, 30), minutes=30, purpose="Verifica del Patto",
        counter_id=site.counter(3).id, operator_id=site.actor.id), now=NOW)
    assert booked.booking_code.startswith("PR-") and len(booked.booking_code) == 9
    assert booked.status == "booked" and booked.counter_name == "Sportello 3"
    assert booked.start == local(MONDAY, 10, 30)
    day = agenda.day_view(site.db, site.actor, site.info.site_id, MONDAY)
    assert [a.id for a in day] == [booked.id]
    assert day[0].person_name == "Rossi0 Mario"


@pytest.mark.parametrize(("start", "field", "words"), [
    (local(MONDAY - dt.timedelta(days=7), 10), "start", "passato"),
    (local(MONDAY, 8, 30), "start", "chiusa"),
    (local(MONDAY, 12, 15), "start", "chiusa"),  # ends at 12:45, after closing
    (local(MONDAY, 15, 0), "start", "chiusa"),  # Monday afternoon: closed
])
def test_a_booking_outside_the_hours_or_in_the_past_is_refused(
        site: Site, people: list[tuple[uuid.UUID, str]], start: dt.datetime, field: str,
        words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        agenda.book(site.db, site.actor, _request(site, people[0][0], start), now=NOW)
    assert words in caught.value.user_message and field in caught.value.fields
    assert _count(site) == 0


def test_tuesday_afternoon_is_open(site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    tuesday = MONDAY + dt.timedelta(days=1)
    agenda.book(site.db, site.actor, _request(site, people[0][0], local(tuesday, 15)), now=NOW)
    assert _count(site) == 1


def test_overlaps_with_the_operator_or_the_counter_are_refused(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    agenda.book(site.db, site.actor, _request(
        site, people[0][0], local(MONDAY, 10), minutes=45, counter_id=site.counter(1).id,
        operator_id=site.actor.id), now=NOW)
    with pytest.raises(ValidationError) as caught:  # same operator, 10:30
        agenda.book(site.db, site.actor, _request(
            site, people[1][0], local(MONDAY, 10, 30), counter_id=site.counter(2).id,
            operator_id=site.actor.id), now=NOW)
    assert "operatore ha già un appuntamento dalle 10:00 alle 10:45" in \
        caught.value.user_message
    with pytest.raises(ValidationError) as caught:  # same counter, 9:30-10:15
        agenda.book(site.db, site.actor, _request(
            site, people[1][0], local(MONDAY, 9, 30), minutes=45,
            counter_id=site.counter(1).id), now=NOW)
    assert "Sportello 1 ha già un appuntamento" in caught.value.user_message
    assert _count(site) == 1
    # Right after it ends, the same operator and counter are free again.
    agenda.book(site.db, site.actor, _request(
        site, people[1][0], local(MONDAY, 10, 45), counter_id=site.counter(1).id,
        operator_id=site.actor.id), now=NOW)
    assert _count(site) == 2


def test_a_cancelled_appointment_frees_its_slot(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    first = agenda.book(site.db, site.actor, _request(
        site, people[0][0], local(MONDAY, 10), operator_id=site.actor.id), now=NOW)
    agenda.cancel(site.db, site.actor, first.id)
    agenda.book(site.db, site.actor, _request(
        site, people[1][0], local(MONDAY, 10), operator_id=site.actor.id), now=NOW)
    assert len(agenda.day_view(site.db, site.actor, site.info.site_id, MONDAY)) == 1


def test_the_operators_configured_hours_limit_the_bookings(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    with site.db.transaction() as session:
        session.add(OperatorHours(operator_id=site.actor.id, site_id=site.info.site_id,
                                  weekday=0, start=dt.time(9), end=dt.time(11)))
    with pytest.raises(ValidationError) as caught:
        agenda.book(site.db, site.actor, _request(
            site, people[0][0], local(MONDAY, 11), operator_id=site.actor.id), now=NOW)
    assert "orario" in caught.value.user_message and "operator" in caught.value.fields
    agenda.book(site.db, site.actor, _request(
        site, people[0][0], local(MONDAY, 10), operator_id=site.actor.id), now=NOW)
    slots = agenda.free_slots(site.db, site.actor, site.info.site_id, MONDAY, 30,
                              operator_id=site.actor.id, now=NOW)
    assert [s.strftime("%H:%M") for s in slots] == ["09:00", "09:15", "09:30", "10:30"]
