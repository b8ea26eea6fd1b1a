"""People taken in by a first sync are found like people registered here: by name
(search key and full-text index), by mobile number, by e-mail written any case."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.infra.database import open_database
from desktop.models.person import Person
from desktop.models.sync import EntityClock
from desktop.services.people.search import search
from tests.helpers.postgres import create_database
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, ServerThread


def test_a_first_sync_indexes_the_people_it_inserts(make_client, server: ServerThread) -> None:  # type: ignore[no-untyped-def]
    origin: Client = make_client("origin")
    pid = origin.register("RSSMRA80A01H501U", surname="D'Angelo", name="Maria Chiara",
                          mobile="+39 333 123 4567")
    origin.edit(pid, email="  Maria.DAngelo@Example.IT ")
    for n in range(60):  # more than a snapshot page of the test agent (50)
        origin.register(f"BNCLRA80A01H5{n:02d}Z", surname=f"Bianchi{n}", name="Laura")
    origin.sync()
    fresh: Client = make_client("fresh")
    fresh.sync()

    assert [row.id for row in search(fresh.db, "dangelo maria")] == [pid]
    assert [row.id for row in search(fresh.db, "chiara")] == [pid]  # the full-text index
    assert len(search(fresh.db, "bianchi laura", limit=100)) == 60
    with fresh.db.read() as session:
        person = session.scalars(select(Person).where(Person.id == pid)).one()
        assert person.mobile_key == "+393331234567"
        assert person.email == "maria.dangelo@example.it"
        assert session.scalar(select(Person.id).where(Person.search_key == "")) is None


@pytest.mark.postgres
def test_a_first_sync_into_a_centres_postgresql_database(  # type: ignore[no-untyped-def]
        make_client, server: ServerThread, postgres_cluster: str) -> None:
    """A centre's shared PostgreSQL takes the same pages (Core inserts of the columns
    sent, no SQLite full-text index to defer) and finds the people by name."""
    origin: Client = make_client("origin")
    pid = origin.register("RSSMRA80A01H501U", surname="D'Angelo", name="Maria",
                          mobile="+39 333 123 4567")
    for n in range(60):
        origin.register(f"BNCLRA80A01H5{n:02d}Z", surname=f"Bianchi{n}", name="Laura")
    origin.sync()
    db = open_database(create_database(postgres_cluster), key=TEST_KEY)
    try:
        centre = Client("centre", db, server.store.create_workstation("centre"), server.url)
        centre.sync()
        assert [row.id for row in search(db, "dangelo maria")] == [pid]
        assert len(search(db, "bianchi laura", limit=100)) == 60
        with db.read() as session:
            person = session.scalars(select(Person).where(Person.id == pid)).one()
            assert (person.mobile_key, person.domicile_same, person.permit_type) == (
                "+393331234567", True, "")
            assert session.scalar(select(func.count()).select_from(EntityClock)) == 61
    finally:
        db.dispose()
