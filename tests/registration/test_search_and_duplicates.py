"""Search box and duplicate check on a real SQLite database with FTS5 triggers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from codicefiscale import codicefiscale
from sqlalchemy import text

from desktop.infra.database import Database
from desktop.models import Person
from desktop.services.people.duplicates import DuplicateQuery, find_duplicates
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from desktop.services.people.search import query_kind, search_people
from tests.registration.conftest import FakeActor


def person(db: Database, clerk: FakeActor, form: PersonForm, surname: str, name: str,
           sex: str, birth: dt.date, **changes: object) -> PersonForm:
    code = codicefiscale.encode(lastname=surname, firstname=name, gender=sex,  # type: ignore[arg-type]
                                birthdate=birth.strftime("%d/%m/%Y"), birthplace="D612")
    new = replace(form, fiscal_code=code, surname=surname, name=name, sex=sex,
                  birth_date=birth, birthplace_code="D612", **changes)  # type: ignore[arg-type]
    register_person(db, clerk, new)
    return new


@pytest.fixture
def people(db: Database, clerk: FakeActor, mario_form: PersonForm) -> Database:
    register_person(db, clerk, mario_form)
    person(db, clerk, mario_form, "D'Angelo", "Nicolò", "M", dt.date(1979, 4, 2),
           mobile="+39 347 5551234", email="nico@example.it")
    person(db, clerk, mario_form, "Rossini", "Giulia", "F", dt.date(1990, 6, 1),
           mobile="3470000001", email="giulia@example.it")
    person(db, clerk, mario_form, "Bianchi", "Rossella", "F", dt.date(1991, 6, 1),
           mobile="3470000002", email="rossella@example.it")
    return db


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{r.surname} {r.name}" for r in rows]


def test_query_kinds() -> None:
    assert query_kind("*rssmra85t10a56nh*") == "cf"
    assert query_kind("nico@example.it") == "email"
    assert query_kind("+39 347 555") == "phone"
    assert query_kind("d'angelo") == "name"
    assert query_kind("  '%;  ") == ""


def test_search_by_code_finds_the_base_form_of_an_omocode(
        people: Database, clerk: FakeActor) -> None:
    assert names(search_people(people, clerk, "RSSMRA85T10A56NH")) == ["Rossi Mario"]
    assert names(search_people(people, clerk, "rssmra85t10a562s")) == ["Rossi Mario"]


def test_name_prefix_ignores_accents_apostrophes_and_order(
        people: Database, clerk: FakeActor) -> None:
    assert names(search_people(people, clerk, "ross")) == ["Rossi Mario", "Rossini Giulia",
                                                          "Bianchi Rossella"]
    assert names(search_people(people, clerk, "dangelo nicolo")) == ["D'Angelo Nicolò"]
    assert names(search_people(people, clerk, "D'ANGELO")) == ["D'Angelo Nicolò"]
    assert names(search_people(people, clerk, "nicolò d'ang")) == ["D'Angelo Nicolò"]
    assert names(search_people(people, clerk, "giulia")) == ["Rossini Giulia"]


def test_phone_and_email(people: Database, clerk: FakeActor) -> None:
    assert names(search_people(people, clerk, "+39 347 555 1234")) == ["D'Angelo Nicolò"]
    assert names(search_people(people, clerk, "GIULIA@example.it")) == ["Rossini Giulia"]
    assert names(search_people(people, clerk, "rossella@")) == ["Bianchi Rossella"]


@pytest.mark.parametrize("hostile", [
    "'; DROP TABLE person; --", "\" OR 1=1 --", "NEAR(a b)", "*", "ross* OR x",
    "😀😀", "a" * 10_000, "%", "_",
])
def test_hostile_search_input_is_harmless(people: Database, clerk: FakeActor,
                                          hostile: str) -> None:
    search_people(people, clerk, hostile)
    assert len(search_people(people, clerk, "ross")) == 3


def test_fts_index_follows_updates_and_deletes(people: Database, clerk: FakeActor) -> None:
    from sqlalchemy import select

    with people.transaction() as session:
        giulia = session.scalars(select(Person).where(Person.name == "Giulia")).one()
        giulia.surname = "Àlvarez"
    assert names(search_people(people, clerk, "giulia alva")) == ["Àlvarez Giulia"]
    assert names(search_people(people, clerk, "giulia rossini")) == []
    with people.transaction() as session:
        giulia = session.scalars(select(Person).where(Person.name == "Giulia")).one()
        session.execute(text("DELETE FROM visit WHERE person_id = :id"),
                        {"id": giulia.id.hex})
        session.delete(giulia)
    assert names(search_people(people, clerk, "giulia")) == []
    with people.read() as session:
        fts = session.execute(text("SELECT count(*) FROM person_fts")).scalar_one()
    assert fts == 3


def test_duplicate_tiers(people: Database, clerk: FakeActor) -> None:
    by_code = find_duplicates(people, clerk, DuplicateQuery(fiscal_code="RSSMRA85T10A56NH"))
    assert [(c.person.surname, c.tier) for c in by_code] == [("Rossi", 1)]
    assert "omocodice" in by_code[0].reasons[0]

    swapped = find_duplicates(people, clerk, DuplicateQuery(
        surname="Nicolo", name="Dangelo", sex="M", birth_date=dt.date(1979, 4, 2)))
    assert [(c.person.surname, c.tier) for c in swapped] == [("D'Angelo", 2)]
    assert "invertiti" in swapped[0].reasons[0]

    similar = find_duplicates(people, clerk, DuplicateQuery(
        surname="Rosi", name="Mario", sex="M", birth_date=dt.date(1985, 12, 10)))
    assert [c.person.surname for c in similar] == ["Rossi"]
    assert not find_duplicates(people, clerk, DuplicateQuery(
        surname="Verdi", name="Anna", sex="M", birth_date=dt.date(1985, 12, 10)))

    contact = find_duplicates(people, clerk, DuplicateQuery(
        surname="Nuovo", name="Tizio", mobile="347 000 0001", email="rossella@example.it"))
    assert sorted((c.person.name, c.tier) for c in contact) == [("Giulia", 3), ("Rossella", 3)]


def test_a_person_is_not_its_own_duplicate(people: Database, clerk: FakeActor) -> None:
    mario = search_people(people, clerk, "RSSMRA85T10A562S")[0]
    assert not find_duplicates(people, clerk, DuplicateQuery(
        fiscal_code=mario.fiscal_code, exclude_id=mario.id))
