"""The protocol's ordinary path against the real server: tokens, push, pull, merge."""

from __future__ import annotations

import gzip
import json
import uuid

import requests
from sqlalchemy import func, select

from desktop.models.person import Person
from desktop.sync.agent import SyncReport
from desktop.sync.transport import AuthError
from tests.sync.conftest import Client, ServerThread, assert_converged


def test_no_token_or_a_wrong_one_is_401(server: ServerThread) -> None:
    body = {"protocol": 1}
    assert requests.post(f"{server.url}/v1/hello", json=body, timeout=5).status_code == 401
    wrong = requests.post(f"{server.url}/v1/hello", json=body, timeout=5,
                          headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    token = server.store.create_workstation("centre")
    good = requests.post(f"{server.url}/v1/hello", timeout=5,
                         data=gzip.compress(json.dumps(body).encode()),
                         headers={"Authorization": f"Bearer {token}",
                                  "Content-Encoding": "gzip",
                                  "Content-Type": "application/json"})
    assert good.status_code == 200 and good.json()["last_seq"] == 0
    openapi = requests.get(f"{server.url}/openapi.json", timeout=5).json()
    assert {"/v1/hello", "/v1/push", "/v1/pull", "/v1/snapshot"} <= set(openapi["paths"])


def test_two_centres_exchange_people(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    pid = a.register("RSSMRA80A01H501U", mobile="3331112222")
    report = a.sync()
    assert report.applied == 1 and a.pending() == 0
    b.sync()
    assert b.people()[str(pid)]["mobile"] == "3331112222"
    b.edit(pid, email="mario@example.it")
    b.sync()
    a.sync()
    assert a.people()[str(pid)]["email"] == "mario@example.it"
    assert_converged(server, a, b)


def test_same_person_edited_offline_at_two_centres(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    pid = a.register("RSSMRA80A01H501U")
    a.sync()
    b.sync()
    a.edit(pid, mobile="3330000001", surname="Rossini")
    b.edit(pid, email="b@example.it", surname="Russo")
    a.sync()
    b.sync()
    a.sync()
    # contacts merged field by field; the identity edit made second is a conflict at b
    for client in (a, b):
        person = client.people()[str(pid)]
        assert (person["mobile"], person["email"], person["surname"]) == (
            "3330000001", "b@example.it", "Rossini")
    [problem] = b.problems()
    assert problem.status == "conflict"
    assert problem.mine == {"email": "b@example.it", "surname": "Russo"}
    assert problem.theirs["fields"]["surname"] == "Rossini"
    assert_converged(server, a, b)


def test_person_registered_at_two_centres_is_merged(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    first = a.register("VRDLGU70B02F205X", mobile="1")
    a.sync()
    second = b.register("VRDLGU70B02F205X", email="l@example.it")
    b.edit(second, mobile="2")
    report = b.sync()
    assert report.applied == 2
    assert set(b.people()) == {str(first)}
    assert b.people()[str(first)]["mobile"] == "2"
    a.sync()
    assert_converged(server, a, b)


def test_expired_token_stops_and_resumes(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    a.register("RSSMRA80A01H501U")
    server.store.expire_workstation("a")
    try:
        a.sync()
        raise AssertionError("an expired token must be refused")
    except AuthError:
        pass
    assert a.pending() == 1
    a.token = server.store.create_workstation("a")
    a.sync()
    assert_converged(server, a)


def _visit_and_address(client: Client, person_id: uuid.UUID, town: str) -> None:
    from desktop.models.registration import Visit

    with client.db.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.residence_code, person.residence_address = town, "Via Roma"
        session.add(Visit(person_id=person_id, kind="registrazione", site_code=client.name))


def _local_record(client: Client, fiscal_code: str) -> tuple[uuid.UUID, str, str, int]:
    from desktop.models.registration import Visit

    with client.db.read() as session:
        person = session.scalars(select(Person).where(
            Person.fiscal_code_base == fiscal_code)).one()
        visits = session.scalar(select(func.count()).select_from(Visit).where(
            Visit.person_id == person.id))
        return person.id, person.residence_code, person.residence_address, int(visits or 0)


def test_same_person_registered_at_two_centres_keeps_what_each_recorded(
        make_client, server: ServerThread) -> None:
    """Both centres register the same codice fiscale before either syncs. The region
    keeps one id; each centre's record takes it, with its own address and visits."""
    a: Client = make_client("a")
    b: Client = make_client("b")
    code = "RSSMRA80A01H501U"
    _visit_and_address(a, a.register(code), "G702")
    _visit_and_address(b, b.register(code), "D612")
    a.sync()
    b.sync()  # pushes its own (the server maps it onto a's id) and pulls a's
    a.sync()
    id_a, town_a, street_a, visits_a = _local_record(a, code)
    id_b, town_b, street_b, visits_b = _local_record(b, code)
    assert id_a == id_b
    assert (town_a, street_a, visits_a) == ("G702", "Via Roma", 1)
    assert (town_b, street_b, visits_b) == ("D612", "Via Roma", 1)
    assert_converged(server, a, b)


def test_a_pulled_record_with_a_known_code_keeps_the_local_history(
        make_client, server: ServerThread) -> None:
    """The region's record arrives before this centre pushed its own: the local one takes
    the region's id without losing its address or visits."""
    a: Client = make_client("a")
    b: Client = make_client("b")
    code = "VRDLCU85M41D612Z"
    a.register(code, surname="Verdi", name="Lucia")
    a.sync()
    _visit_and_address(b, b.register(code, surname="Verdi", name="Lucia"), "D612")
    agent = b.agent()  # pull before pushing, as after a network cut during the push
    try:
        assert agent.acquire()
        agent.hello()
        agent.pull_all(SyncReport())
        agent.release()
    finally:
        agent.transport.close()
    _id, town, street, visits = _local_record(b, code)
    assert (town, street, visits) == ("D612", "Via Roma", 1)
    b.sync()
    _id, town, street, visits = _local_record(b, code)
    assert (town, street, visits) == ("D612", "Via Roma", 1)
    assert len(b.people()) == 1
