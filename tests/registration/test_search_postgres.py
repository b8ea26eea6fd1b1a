"""Registration on a large centre's PostgreSQL: the same search and duplicate answers
as on SQLite, in a database with an Italian (ICU) collation like a real one."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from codicefiscale import codicefiscale

from desktop.infra.database import Database, open_database
from desktop.infra.notify import libpq_conninfo
from desktop.services.people.duplicates import DuplicateQuery, duplicates
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from desktop.services.people.search import search
from tests.helpers.postgres import cluster_for
from tests.registration.conftest import FakeActor

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with cluster_for("the PostgreSQL registration tests") as base:
        yield base


@pytest.fixture
def pg(base_url: str, tmp_path: Path) -> Iterator[Database]:
    name = f"r{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_conninfo(base_url + "/postgres"), autocommit=True) as conn:
        # Collation as in an Italian installation: ICU orders "Ross Ivana" next to
        # "Rossi", which a range scan on the search key must not confuse.
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                     "LOCALE_PROVIDER icu ICU_LOCALE 'it-IT' LOCALE 'C'")
    database = open_database(f"{base_url}/{name}", tmp_path)
    yield database
    database.dispose()


def person(surname: str, name: str, sex: str, born: dt.date, mobile: str,
           email: str = "") -> PersonForm:
    code = codicefiscale.encode(lastname=surname, firstname=name, gender=sex,
                                birthdate=born.strftime("%d/%m/%Y"), birthplace="D612")
    return PersonForm(
        fiscal_code=code, surname=surname, name=name, sex=sex, birth_date=born,
        birthplace_code="D612", residence_code="D612", residence_address="Via dei Servi",
        residence_number="1", residence_postcode="50122", mobile=mobile, email=email,
        privacy_acknowledged=True)


def test_search_and_duplicates_on_postgresql(pg: Database) -> None:
    clerk = FakeActor("sportello1", "sportello")
    people = [
        person("D'Amico", "Niccolò", "M", dt.date(1990, 4, 2), "3331000001",
               "n.damico@example.it"),
        person("Rossi", "Mario", "M", dt.date(1985, 12, 10), "3331000002"),
        person("Ross", "Ivana", "F", dt.date(1979, 7, 7), "3331000003"),
        person("Rossini", "Gioacchino", "M", dt.date(1992, 2, 29), "3479000004"),
        person("Dell'Orto", "Maria Chiara", "F", dt.date(2001, 1, 15), "3331000005"),
    ]
    saved = {f.surname: register_person(pg, clerk, f) for f in people}

    def names(query: str) -> list[str]:
        return [f"{r.surname} {r.name}" for r in search(pg, query)]

    assert names("rossi") == ["Rossi Mario", "Rossini Gioacchino"]
    assert names("damico") == names("d'amico") == ["D'Amico Niccolò"]
    assert names("niccolo") == ["D'Amico Niccolò"]
    assert names("chiara") == ["Dell'Orto Maria Chiara"]
    assert names("ross ivana") == ["Ross Ivana"]
    cf = saved["Rossi"].fiscal_code
    assert names(cf.lower()) == ["Rossi Mario"]
    assert names("347 9000") == ["Rossini Gioacchino"]
    assert names("N.DAMICO@example.it") == ["D'Amico Niccolò"]
    assert names("'; DROP TABLE person; --") == []

    twin = replace(people[1], name="Maria", mobile="3331000002")
    found = duplicates(pg, DuplicateQuery(
        fiscal_code=twin.fiscal_code, surname=twin.surname, name=twin.name, sex="M",
        birth_date=twin.birth_date, mobile=twin.mobile, email=""))
    assert found and found[0].person.id == saved["Rossi"].id
