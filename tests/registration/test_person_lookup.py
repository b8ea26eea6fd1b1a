"""A code given to a command or service names one person: the holder of that exact code;
the reduced form only when it is not ambiguous (an omocode holder is someone else)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.errors import ValidationError
from desktop.services.database import Database
from desktop.services.person_lookup import person_by_code
from desktop.services.registration import PersonForm, register_person
from tests.registration.conftest import FakeActor
from tests.registration.test_omocode_and_did import MARIO, OMOCODE, mauro

#: A third code of the same family, held by nobody: it reduces to MARIO too.
OTHER_OMOCODE = "RSSMRA85T10A5S2E"


def test_the_exact_holder_wins_over_whoever_shares_the_reduced_code(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    mario = register_person(db, clerk, mario_form)
    holder = register_person(db, clerk, mauro(mario_form))
    with db.read() as session:
        found = person_by_code(session, OMOCODE)
        assert found is not None and found.id == holder.id
        found = person_by_code(session, MARIO)
        assert found is not None and found.id == mario.id


def test_the_reduced_form_is_used_only_when_it_names_one_person(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    register_person(db, clerk, mauro(mario_form))
    with db.read() as session:
        # Nobody holds MARIO: the one person sharing its reduced form is the answer.
        found = person_by_code(session, MARIO)
        assert found is not None and found.fiscal_code == OMOCODE
        assert person_by_code(session, "BNCLRA90A41D612X") is None
    register_person(db, clerk, replace(mauro(mario_form), fiscal_code=OTHER_OMOCODE,
                                       name="Mirko", mobile="347 7654322",
                                       email="mirko.rossi@example.it"))
    with db.read() as session, pytest.raises(ValidationError, match="codice esatto"):
        person_by_code(session, MARIO)
