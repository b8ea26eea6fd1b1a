"""The protocol's ordinary path against the real server: tokens, push, pull, merge."""

from __future__ import annotations

import gzip
import json

import requests

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
