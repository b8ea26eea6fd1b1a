"""A hostile or broken client against the real server on 127.0.0.1: every input gets a
documented 4xx with a JSON body (or a per-mutation refusal), never a 5xx, and a refused
request leaves the store exactly as it was."""

from __future__ import annotations

import gzip
import json
import socket
import time
import uuid
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from server.models import Change, DailyAggregate, Entity, Meta, ProcessedMutation, Workstation
from server.store import Store
from tests.sync.conftest import ServerThread
from wire.messages import BODY_LIMIT_BYTES, COUNTER_MAX, PUSH_LIMIT_MAX
from wire.protocol import API_PREFIX

NOW = int(time.time() * 1000)


def fingerprint(store: Store) -> Any:
    """Everything a request could change."""
    with store.sessions() as session:
        return (
            sorted((str(r.workstation_id), str(r.id), r.status)
                   for r in session.scalars(select(ProcessedMutation))),
            sorted((r.kind, str(r.id), json.dumps(r.fields, sort_keys=True), r.deleted,
                    r.site_code) for r in session.scalars(select(Entity))),
            sorted((r.name, r.last_seq, r.token_hash) for r in session.scalars(select(Workstation))),
            sorted((r.key, r.value) for r in session.scalars(select(Meta))),
            session.scalar(select(func.count()).select_from(Change)),
            session.scalar(select(func.count()).select_from(DailyAggregate)))


def person(seq: int = 1, **change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()), "seq": seq, "kind": "person", "entity_id": str(uuid.uuid4()),
        "op": "upsert", "hlc": f"{NOW:013d}.00000.ab12cd34",
        "payload": {"fields": {"fiscal_code": "RSSMRA80A01H501U",
                               "fiscal_code_base": "RSSMRA80A01H501U", "surname": "Rossi",
                               "name": "Mario", "sex": "M", "birth_date": "1980-01-01",
                               "birthplace_code": "H501"}}}
    body.update(change)
    return body


def pushed(*mutations: dict[str, Any]) -> dict[str, Any]:
    return {"json": {"mutations": list(mutations)}}


def raw(data: bytes, **headers: str) -> dict[str, Any]:
    return {"data": data, "headers": {"Content-Type": "application/json", **headers}}


BAD: list[tuple[str, str, dict[str, Any], int]] = [
    ("id-not-a-uuid", "push", pushed(person(id="42")), 422),
    ("entity-id-not-a-uuid", "push", pushed(person(entity_id="x' OR 1=1")), 422),
    ("fields-as-a-list", "push", pushed(person(payload={"fields": ["surname", "Rossi"]})), 422),
    ("base-not-text", "push", pushed(person(payload={"fields": {}, "base": {"a": 1}})), 422),
    ("payload-as-a-string", "push", pushed(person(payload="fields")), 422),
    ("seq-zero", "push", pushed(person(seq=0)), 422),
    ("seq-past-the-bound", "push", pushed(person(seq=COUNTER_MAX + 1)), 422),
    ("seq-as-text", "push", pushed(person(seq="one")), 422),
    ("hlc-not-a-reading", "push", pushed(person(hlc="zzzz")), 422),
    ("unknown-op", "push", pushed(person(op="drop")), 422),
    ("mutations-not-a-list", "push", {"json": {"mutations": {"a": 1}}}, 422),
    ("too-many-mutations", "push",
     pushed(*[person(seq=n + 1) for n in range(PUSH_LIMIT_MAX + 1)]), 422),
    ("not-json", "push", raw(b"{mutations: ["), 422),
    ("json-array", "push", {"json": [1, 2]}, 422),
    ("nested-too-deeply", "push", raw(b"[" * 100_000 + b"]" * 100_000), 400),
    ("bad-gzip", "push", raw(b"not gzip at all", **{"Content-Encoding": "gzip"}), 400),
    ("truncated-gzip", "push",
     raw(gzip.compress(json.dumps({"mutations": []}).encode())[:12],
         **{"Content-Encoding": "gzip"}), 400),
    ("brotli", "push", raw(b"{}", **{"Content-Encoding": "br"}), 415),
    ("gzip-bomb", "push", raw(gzip.compress(b"[" + b" " * (64 * 1024 * 1024) + b"]", 9),
                              **{"Content-Encoding": "gzip"}), 413),
    ("body-too-large", "push", raw(b" " * (BODY_LIMIT_BYTES + 1)), 413),
    ("other-protocol", "hello", {"json": {"protocol": 2}}, 426),
    ("protocol-past-64-bits", "hello", {"json": {"protocol": 2**80}}, 422),
    ("pull-unknown-stream", "pull", {"json": {"stream": "passwords"}}, 422),
    ("pull-cursor-past-64-bits", "pull", {"json": {"stream": "people", "cursor": 2**64}}, 422),
    ("pull-negative-cursor", "pull", {"json": {"stream": "people", "cursor": -1}}, 422),
    ("pull-limit-zero", "pull", {"json": {"stream": "people", "limit": 0}}, 422),
    ("snapshot-unknown-stream", "snapshot", {"json": {"stream": "nope"}}, 422),
    ("snapshot-after-not-an-id", "snapshot", {"json": {"stream": "people", "after": "zz"}}, 422),
    ("snapshot-limit-huge", "snapshot", {"json": {"stream": "people", "limit": 10**9}}, 422),
]


def call(server: ServerThread, name: str, token: str | None, request: dict[str, Any],
         method: str = "post") -> requests.Response:
    headers = dict(request.get("headers") or {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    kwargs = {k: v for k, v in request.items() if k != "headers"}
    return requests.request(method, f"{server.url}{API_PREFIX}/{name}", headers=headers,
                            timeout=60, **kwargs)


def declared(server: ServerThread, path: str, method: str = "post") -> set[int]:
    openapi = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    return {int(code) for code in openapi["paths"][path][method]["responses"]}


@pytest.mark.parametrize(("call_name", "request_", "status"),
                         [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_is_a_documented_4xx_and_changes_nothing(
        server: ServerThread, call_name: str, request_: dict[str, Any], status: int) -> None:
    token = server.store.create_workstation("a", site="S1")
    before = fingerprint(server.store)
    answer = call(server, call_name, token, request_)
    assert answer.status_code == status, answer.text[:300]
    assert isinstance(answer.json()["detail"], str | list)
    assert status in declared(server, f"{API_PREFIX}/{call_name}")
    assert fingerprint(server.store) == before
    # and without a token, the same request is a 401 before anything else
    assert call(server, call_name, None, request_).status_code == 401


def test_aggregates_bad_dates_are_422(server: ServerThread) -> None:
    token = server.store.create_workstation("a", site="S1")
    for params in ({"date_from": "2025-02-01", "date_to": "2025-01-01"},
                   {"date_from": "2025-13-01", "date_to": "2025-12-31"}, {}):
        answer = call(server, "aggregates", token, {"params": params}, "get")
        assert answer.status_code == 422 and answer.json()["detail"]
    assert 401 in declared(server, f"{API_PREFIX}/aggregates", "get")


def test_no_token_is_refused_before_the_body_is_read(server: ServerThread) -> None:
    """A caller without a valid token announces 1 GB and sends nothing: the 401 comes at
    once (the server never waits for, nor reads, the body)."""
    for token in ("", "Authorization: Bearer spt_wrong\r\n"):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall((f"POST {API_PREFIX}/push HTTP/1.1\r\nHost: x\r\n{token}"
                          "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"
                          "Content-Length: 1000000000\r\n\r\n").encode())
            answer = b""
            while b"}" not in answer:  # headers and the JSON body may come apart
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
        assert answer.startswith(b"HTTP/1.1 401"), answer[:80]
        assert b'"detail"' in answer


def test_a_disabled_workstation_is_refused(server: ServerThread) -> None:
    token = server.store.create_workstation("a", site="S1")
    assert call(server, "hello", token, {"json": {"protocol": 1}}).status_code == 200
    server.store.expire_workstation("a")
    before = fingerprint(server.store)
    for name in ("hello", "push", "pull", "snapshot"):
        answer = call(server, name, token, pushed(person()))
        assert answer.status_code == 401 and answer.json()["detail"]
    assert fingerprint(server.store) == before


def test_the_same_mutation_twice_in_one_batch(server: ServerThread) -> None:
    token = server.store.create_workstation("a", site="S1")
    first = person(seq=1)
    answer = call(server, "push", token, pushed(first, {**first, "seq": 2}))
    assert answer.status_code == 200
    assert [r["status"] for r in answer.json()["results"]] == ["applied", "duplicate"]
    assert list(server.store.processed().values()) == ["applied"]


def test_mutation_ids_belong_to_their_workstation(server: ServerThread) -> None:
    a = server.store.create_workstation("a", site="S1")
    b = server.store.create_workstation("b", site="S2")
    batch = pushed(person(seq=1))
    assert call(server, "push", a, batch).json()["results"][0]["status"] == "applied"
    # b replays a's batch: for b it is b's own first mutation, not "already applied"
    replay = call(server, "push", b, batch).json()["results"][0]
    assert replay["status"] == "applied" and "original" not in replay
    with server.store.sessions() as session:
        rows = session.scalars(select(ProcessedMutation)).all()
        assert len(rows) == 2 and len({r.workstation_id for r in rows}) == 2
        assert {w.name: w.last_seq for w in session.scalars(select(Workstation))} == {
            "a": 1, "b": 1}


def test_values_json_cannot_carry_back_are_refused(server: ServerThread) -> None:
    token = server.store.create_workstation("a", site="S1," + "S" * 30)  # a code too long
    nan = (b'{"mutations":[{"id":"%s","seq":1,"kind":"daily_aggregate","entity_id":"%s",'
           b'"op":"create","hlc":"%013d.00000.ab12cd34","payload":{"fields":{"site_code":"S1",'
           b'"day":"2025-03-01","figures":{"actions":NaN}}}}]}') % (
        str(uuid.uuid4()).encode(), str(uuid.uuid4()).encode(), NOW)
    answer = call(server, "push", token, raw(nan))
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "rejected"
    numeric = person(seq=2)
    numeric["payload"]["fields"]["surname"] = 42
    assert call(server, "push", token, pushed(numeric)).json()["results"][0][
        "status"] == "rejected"
    seq = 2
    for bad in ({"schema": "x"}, {"schema": 10**30}, {"site_code": "S" * 30},
                {"figures": {"actions": 1e308}}, {"figures": {"actions": True}}):
        fields = {"site_code": "S1", "day": "2025-03-01", "figures": {"actions": 1}, **bad}
        seq += 1
        answer = call(server, "push", token, pushed({
            "id": str(uuid.uuid4()), "seq": seq, "kind": "daily_aggregate",
            "entity_id": str(uuid.uuid4()), "op": "create", "hlc": f"{NOW:013d}.00000.ab12cd34",
            "payload": {"fields": fields}}))
        assert answer.status_code == 200, (bad, answer.text)
        assert answer.json()["results"][0]["status"] == "rejected", bad
    seq += 1
    assert call(server, "push", token, pushed(person(seq=seq, payload={"fields": {
        "fiscal_code": "X" * 65}}))).json()["results"][0]["status"] == "rejected"
    summed = call(server, "aggregates", token,
                  {"params": {"date_from": "2025-01-01", "date_to": "2025-12-31"}}, "get")
    assert summed.status_code == 200 and summed.json()["days"] == 0
    pulled = call(server, "pull", token, {"json": {"stream": "people"}})
    assert pulled.status_code == 200 and pulled.json()["items"] == []


def test_a_pull_cursor_from_the_future_is_a_documented_reset(server: ServerThread) -> None:
    """Within the bound, a cursor past the head is the sign of a restored server: the answer
    is 200 with ``reset`` (docs/sync-protocol.md, "pull"), and nothing changes."""
    token = server.store.create_workstation("a", site="S1")
    hello = call(server, "hello", token, {"json": {"protocol": 1}}).json()
    before = fingerprint(server.store)
    answer = call(server, "pull", token, {"json": {"stream": "people", "epoch": hello["epoch"],
                                                   "cursor": COUNTER_MAX}})
    assert answer.status_code == 200 and answer.json()["reset"] is True
    assert fingerprint(server.store) == before


def test_a_chunked_body_is_capped_as_it_arrives(server: ServerThread) -> None:
    """No Content-Length to refuse up front: the server counts what it reads and stops."""
    token = server.store.create_workstation("a", site="S1")
    before = fingerprint(server.store)
    chunk = b" " * (1024 * 1024)

    def endless() -> Any:
        for _ in range(BODY_LIMIT_BYTES // len(chunk) + 2):
            yield chunk

    answer = call(server, "push", token, {"data": endless(), "headers": {
        "Content-Type": "application/json"}})
    assert answer.status_code == 413 and answer.json()["detail"]
    assert fingerprint(server.store) == before
    assert call(server, "hello", token, {"json": {"protocol": 1}}).status_code == 200
