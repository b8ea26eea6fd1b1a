"""Neutral ticket letters: by default every service shows "A" from one sequence, so the
room cannot tell who came for collocamento mirato; a site may choose otherwise, but not a
letter that only one service uses."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models import Service, Site
from desktop.models.queue import Ticket
from desktop.services import queue as q
from desktop.services.organisation.centre import site_info
from desktop.services.queue.letters import set_ticket_letters
from tests.consent.conftest import operator

MORNING = dt.datetime(2026, 11, 25, 9, 0).astimezone(dt.UTC)


@pytest.fixture
def organised(db: Database) -> Database:
    """The demo's organisation (services A-E, counters 1-5) with no tickets, as seeded."""
    from desktop.demo import SeedContext, organisation

    with db.transaction() as session:
        organisation.seed(SeedContext(session, random.Random(1), Faker("it_IT")))
    return db


def _issue_every_service(db: Database, start: float = 0) -> dict[str, str]:
    site = site_info(db)
    return {s.prefix: q.issue_ticket(db, site.site_id, s.id, now=MORNING + dt.timedelta(
        minutes=start + i)).ticket.code for i, s in enumerate(site.services)}


def test_by_default_every_service_shows_a_from_one_sequence(organised: Database) -> None:
    codes = _issue_every_service(organised)
    assert list(codes.values()) == ["A001", "A002", "A003", "A004", "A005"]
    again = _issue_every_service(organised, 10)
    assert list(again.values()) == ["A006", "A007", "A008", "A009", "A010"]
    site = site_info(organised)
    state = q.display_state(organised, site.site_id, now=MORNING + dt.timedelta(minutes=30))
    assert state.waiting == (("A", 10),)


def test_letters_per_group_and_the_services_own_letters(organised: Database) -> None:
    manager = operator(organised, "demo")
    shown = set_ticket_letters(organised, manager, "FI01-SC", "neutral",
                               {"A": "A", "B": "A", "C": "B", "D": "B", "E": "B"})
    assert shown == {"A": "A", "B": "A", "C": "B", "D": "B", "E": "B"}
    codes = _issue_every_service(organised)
    assert codes == {"A": "A001", "B": "A002", "C": "B001", "D": "B002", "E": "B003"}
    set_ticket_letters(organised, manager, "FI01-SC", "service")
    # switched in the middle of the day: D goes on after the day's D ticket (B002),
    # a number is never handed out twice
    assert _issue_every_service(organised, 10)["D"] == "D003"


@pytest.mark.parametrize(("letters", "sentence"), [
    ({"D": "D"}, "La lettera D sarebbe usata dal solo servizio Collocamento mirato: la sala "
                 "d'attesa capirebbe perché una persona è venuta. Assegnarla ad almeno due "
                 "servizi, o lasciare A per tutti."),
    ({"D": "7"}, "La lettera di un biglietto è una lettera dalla A alla Z: 7 non lo è."),
])
def test_a_letter_that_would_reveal_a_service_is_refused_and_nothing_changes(
        organised: Database, letters: dict[str, str], sentence: str) -> None:
    manager = operator(organised, "demo")
    with pytest.raises(ValidationError) as caught:
        set_ticket_letters(organised, manager, "FI01-SC", "neutral", letters)
    assert caught.value.user_message == sentence
    with organised.read() as session:
        assert {s.public_letter for s in session.scalars(select(Service))} == {""}
        assert {s.ticket_letters for s in session.scalars(select(Site))} == {"neutral"}


def test_the_demo_day_shows_no_service_letter(demo_db: Database) -> None:
    with demo_db.read() as session:
        codes = set(session.scalars(select(Ticket.code)))
    assert codes and {c[0] for c in codes} == {"A"}
