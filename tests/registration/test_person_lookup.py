"""A code given to a command or service names only the person holding that exact code:
an omocode holder is someone else, so an unregistered code never reaches them (an
export, an erasure or an audit query for one person must not return another)."""

from __future__ import annotations

import pytest

from desktop.errors import NotFoundError
from desktop.infra.database import Database
from desktop.models.person_lookup import person_by_code
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from desktop.services.security.subject_requests import export_person
from tests.registration.conftest import FakeActor
from tests.registration.test_omocode_and_did import MARIO, OMOCODE, mauro


def test_the_exact_holder_and_nobody_else(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    mario = register_person(db, clerk, mario_form)
    with db.read() as session:
        found = person_by_code(session, MARIO)
        assert found is not None and found.id == mario.id
        # Mauro holds the omocode but is not registered here: nobody is found.
        assert person_by_code(session, OMOCODE) is None
    holder = register_person(db, clerk, mauro(mario_form))
    with db.read() as session:
        found = person_by_code(session, OMOCODE)
        assert found is not None and found.id == holder.id


def test_a_data_subject_request_for_an_unregistered_omocode_finds_nobody(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    register_person(db, clerk, mario_form)
    with pytest.raises(NotFoundError):
        export_person(db, FakeActor("resp", "responsabile"), OMOCODE)
