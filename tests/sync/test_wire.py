"""The protocol is declared once (wire/): the server's pydantic models, the answers a real
server sends and the desktop's registry all agree with it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import BaseModel

from desktop.sync import registry
from desktop.sync.transport import Transport
from server import schemas
from tests.sync.conftest import Client, ServerThread
from wire import messages, protocol

PAIRS: list[tuple[type[BaseModel], Any]] = [
    (schemas.Hello, messages.HelloRequest),
    (schemas.HelloAnswer, messages.HelloAnswer),
    (schemas.Mutation, messages.Mutation),
    (schemas.Push, messages.PushRequest),
    (schemas.MutationResult, messages.MutationResult),
    (schemas.PushAnswer, messages.PushAnswer),
    (schemas.PullRequest, messages.PullRequest),
    (schemas.PullAnswer, messages.PullAnswer),
    (schemas.SnapshotRequest, messages.SnapshotRequest),
    (schemas.SnapshotAnswer, messages.SnapshotAnswer),
]


def keys(message: Any) -> set[str]:
    return set(message.__required_keys__) | set(message.__optional_keys__)


@pytest.mark.parametrize(("model", "message"), PAIRS, ids=[m.__name__ for m, _ in PAIRS])
def test_the_server_models_carry_the_wire_fields(model: type[BaseModel], message: Any) -> None:
    assert set(model.model_fields) == keys(message)


def conforms(answer: dict[str, Any], message: Any) -> None:
    assert set(message.__required_keys__) <= set(answer) <= keys(message), message.__name__


def test_a_real_server_answers_in_the_wire_shapes(make_client: Any,
                                                  server: ServerThread) -> None:
    a: Client = make_client("a")
    pid = a.register("RSSMRA80A01H501U")
    a.sync()
    transport = Transport(a.url, lambda: a.token, timeout=10, retries=0)
    try:
        hello = transport.call("hello", {"protocol": protocol.PROTOCOL_VERSION,
                                         "client_id": "", "client_time_ms": 0})
        conforms(hello, messages.HelloAnswer)
        assert hello["streams"] == list(protocol.STREAMS)
        now = f"{hello['server_time_ms']:013d}.00000.x"  # within the server's clock bound
        mutation = {"id": str(uuid.uuid4()), "seq": hello["last_seq"] + 1, "kind": "person",
                    "entity_id": str(pid), "op": "upsert", "hlc": now,
                    "payload": {"fields": {"surname": "Russo"}, "base": {}}}
        pushed = transport.call("push", {"mutations": [mutation]})
        conforms(pushed, messages.PushAnswer)
        (result,) = pushed["results"]
        conforms(result, messages.MutationResult)
        assert result["status"] in protocol.STATUSES
        conforms(result["theirs"], messages.ItemState)
        for conflict in result["conflicts"].values():
            conforms(conflict, messages.FieldConflict)
        pulled = transport.call("pull", {"stream": "people", "epoch": hello["epoch"],
                                         "cursor": 0, "limit": 10})
        conforms(pulled, messages.PullAnswer)
        assert pulled["items"]
        for item in pulled["items"]:
            conforms(item, messages.PullItem)
        page = transport.call("snapshot", {"stream": "people", "after": "", "limit": 10})
        conforms(page, messages.SnapshotAnswer)
        for item in page["items"]:
            conforms(item, messages.SnapshotItem)
    finally:
        transport.close()


def test_the_desktop_registry_holds_every_kind_of_the_protocol() -> None:
    for name, kind in protocol.KINDS.items():
        local = registry.get(name)
        assert local is not None, name
        assert (local.policy, local.stream) == (kind.policy, kind.stream)
        assert (local.identity_fields, local.contact_fields) == (kind.identity, kind.contact)
    assert registry.streams() == list(protocol.STREAMS)
