"""Audit checkpoints travel to the real regional server through the outbox; the server
keeps them per workstation, refuses (and keeps, flagged) one that goes backwards, and a
workstation's chain is verified against them even after its local anchor is gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.infra.database import Database
from desktop.services.security import audit, audit_anchor, audit_region
from desktop.sync import service
from desktop.sync.transport import Transport
from server import schemas
from tests.helpers.storage import trust_test_key
from tests.sync.conftest import Client, ServerThread
from wire import messages

PAIRS: list[tuple[Any, Any]] = [
    (schemas.AuditCheckpointsRequest, messages.AuditCheckpointsRequest),
    (schemas.AuditCheckpoint, messages.AuditCheckpoint),
    (schemas.AuditCheckpointsAnswer, messages.AuditCheckpointsAnswer),
    (schemas.AuditEntryHash, messages.AuditEntryHash),
    (schemas.AuditVerifyRequest, messages.AuditVerifyRequest),
    (schemas.AuditVerifyAnswer, messages.AuditVerifyAnswer),
]


@pytest.mark.parametrize(("model", "message"), PAIRS, ids=[m.__name__ for m, _ in PAIRS])
def test_the_server_models_carry_the_wire_fields(model: Any, message: Any) -> None:
    keys = set(message.__required_keys__) | set(message.__optional_keys__)
    assert set(model.model_fields) == keys


def act(db: Database, times: int) -> tuple[int, str]:
    """``times`` audited actions, each its own transaction; the head (seq, hash)."""
    seq = 0
    for i in range(times):
        with db.transaction() as session:
            seq = audit.record(session, None, "person.read", "person", f"p{i}")
    return seq, head_hash(db, seq)


def head_hash(db: Database, seq: int) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT hash FROM audit_entry WHERE seq = :s"),
                                {"s": seq}).scalar())


def cut_newest(db: Database, how_many: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_entry_no_delete"))
        conn.execute(text("DELETE FROM audit_entry WHERE seq > "
                          "(SELECT MAX(seq) FROM audit_entry) - :n"), {"n": how_many})


#: The server's store on SQLite and on PostgreSQL (a throwaway cluster).
BOTH = pytest.mark.parametrize("server_url", [
    "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


def server_side(server: ServerThread, client: Client) -> dict[str, Any]:
    ws = server.store.who(client.token)
    assert ws is not None
    return dict(server.store.audit_checkpoints(ws))


@BOTH
def test_a_checkpoint_reaches_the_server_through_a_real_sync(
        make_client: Any, server: ServerThread) -> None:
    a: Client = make_client("a")
    seq, digest = act(a.db, 7)
    assert audit_anchor.checkpoint_now(a.db, "SPORTELLO-01") is not None
    assert a.pending() == 1
    a.sync()
    assert a.pending() == 0
    kept = server_side(server, a)
    assert kept["workstation"] == "a" and kept["flagged"] == 0
    assert [(c["seq"], c["hash"], c["count"], c["workstation"])
            for c in kept["checkpoints"]] == [(seq, digest, seq, "SPORTELLO-01")]
    # nothing new: no second checkpoint is queued
    audit_anchor.checkpoint_now(a.db, "SPORTELLO-01")
    assert a.pending() == 0


def test_every_hundred_entries_one_travels_by_itself(make_client: Any,
                                                     server: ServerThread) -> None:
    a: Client = make_client("a")
    act(a.db, audit_anchor.SERVER_EVERY + 3)
    a.sync()
    kept = server_side(server, a)
    hundred = head_hash(a.db, audit_anchor.SERVER_EVERY)
    assert [(c["seq"], c["hash"]) for c in kept["checkpoints"]] == [
        (audit_anchor.SERVER_EVERY, hundred)]


@BOTH
def test_the_server_flags_a_checkpoint_that_goes_backwards(make_client: Any,
                                                          server: ServerThread) -> None:
    a: Client = make_client("a")
    act(a.db, 10)
    audit_anchor.checkpoint_now(a.db, "ws")
    a.sync()
    cut_newest(a.db, 3)
    assert audit_anchor.checkpoint_now(a.db, "ws") is not None  # the shorter head goes too
    a.sync()
    kept = server_side(server, a)
    assert kept["flagged"] == 1
    assert [(c["seq"], c.get("flagged")) for c in kept["checkpoints"]] == [
        (7, True), (10, False)]
    assert "backwards" in str(kept["checkpoints"][0]["reason"])
    # the refusal reaches the workstation's Problems list, named in Italian
    assert [p.kind for p in a.problems()] == ["audit_checkpoint"]
    from desktop.views.sync.problem_fields import problem_label

    (problem,) = service.problems(a.db)
    assert problem_label(problem).startswith("Punto di controllo del registro degli accessi")


def test_the_same_entry_with_another_hash_is_flagged(server: ServerThread) -> None:
    token = server.store.create_workstation("x")
    ws = server.store.who(token)
    assert ws is not None
    hlc = "0000000000001.00000.x"

    def push(seq: int, number: int, digest: str) -> str:
        mutation = {"id": f"00000000-0000-4000-8000-{number:012d}", "seq": seq,
                    "kind": "audit_checkpoint", "entity_id": f"10000000-0000-4000-8000-"
                    f"{number:012d}", "op": "create", "hlc": hlc,
                    "payload": {"fields": {"workstation": "x", "seq": 5, "hash": digest,
                                           "count": 5, "at": "2026-01-01T00:00:00"}}}
        (result,) = server.store.push(ws, [mutation])  # type: ignore[list-item]
        return str(result["status"])

    assert push(1, 1, "a" * 64) == "applied"
    assert push(2, 2, "a" * 64) == "applied"  # the same head again: fine
    assert push(3, 3, "b" * 64) == "rejected"
    assert dict(server.store.audit_checkpoints(ws))["flagged"] == 1


@BOTH
def test_the_server_verifies_a_chain_against_its_checkpoints(
        make_client: Any, server: ServerThread) -> None:
    a: Client = make_client("a")
    seq, digest = act(a.db, 4)
    audit_anchor.checkpoint_now(a.db, "ws")
    a.sync()
    transport = Transport(a.url, lambda: a.token, timeout=10, retries=0)
    try:
        asked = transport.call("audit/verify", {"last_seq": seq, "entries": []})
        assert (asked["ok"], asked["problem"], asked["wanted"]) == (False, "incomplete", [seq])
        intact = transport.call("audit/verify", {"last_seq": seq,
                                                 "entries": [{"seq": seq, "hash": digest}]})
        assert (intact["ok"], intact["checkpoints"], intact["first_broken"]) == (True, 1, None)
        cut = transport.call("audit/verify", {"last_seq": seq - 1, "entries": []})
        assert (cut["ok"], cut["problem"], cut["first_broken"]) == (False, "truncated", seq)
        rewritten = transport.call("audit/verify", {
            "last_seq": seq, "entries": [{"seq": seq, "hash": "c" * 64}]})
        assert (rewritten["problem"], rewritten["first_broken"]) == ("rewritten", 1)
    finally:
        transport.close()


def test_the_region_still_sees_the_cut_when_the_local_anchor_is_gone(
        make_client: Any, server: ServerThread, isolated_home: Path) -> None:
    """The intruder deletes the newest entries, the sealed copy and its key."""
    a: Client = make_client("a")
    seq, _digest = act(a.db, 12)
    audit_anchor.checkpoint_now(a.db, "ws")
    a.sync()
    cut_newest(a.db, 1)
    database = Path(str(a.db.file))
    audit_anchor.anchor_path(database).unlink()
    database.with_name(database.name + audit_anchor.KEY_SUFFIX).unlink()
    audit_anchor.forget_cached_keys()  # a new process would not have it either
    assert audit.verify(a.db).ok  # locally nothing is left to tell
    config = isolated_home / "config"
    service.save_token(a.db, config, a.token)
    found = audit_region.fetch(a.db, a.url, config)
    result = audit.verify(a.db, found.checkpoints)
    assert (result.ok, result.first_broken) == (False, seq)
    assert "server regionale" in result.reason
    # and from the command line, in Italian, with a non-zero exit
    url = a.db.url
    a.db.dispose()
    trust_test_key(database, isolated_home)
    env = dict(os.environ, SPORTELLO_HOME=str(isolated_home))
    done = subprocess.run([sys.executable, "-m", "desktop", "audit", "verify", "--db", url,
                           "--region", "--server", a.url], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"ALTERATO alla voce {seq}" in done.stdout
    assert "server regionale" in done.stdout


def test_each_sync_round_carries_the_newest_head(make_client: Any, server: ServerThread,
                                                 isolated_home: Path) -> None:
    """The round the application and ``sportello sync`` run anchors the head first."""
    a: Client = make_client("a")
    seq, digest = act(a.db, 3)
    config = isolated_home / "config"
    service.save_token(a.db, config, a.token)
    audit.configure("SPORTELLO-02")
    try:
        audit_region.sync_now(a.db, a.url, config)
    finally:
        audit.configure("postazione")
    kept = server_side(server, a)["checkpoints"]
    assert [(c["seq"], c["hash"], c["workstation"]) for c in kept] == [
        (seq, digest, "SPORTELLO-02")]


def test_the_region_lists_every_workstation_and_its_flagged_checkpoints(
        make_client: Any, server: ServerThread, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from server.cli import main

    a: Client = make_client("a")
    make_client("b")  # never synced: no checkpoint at all, which the region can see
    act(a.db, 5)
    audit_anchor.checkpoint_now(a.db, "ws")
    a.sync()
    cut_newest(a.db, 2)
    audit_anchor.checkpoint_now(a.db, "ws")
    a.sync()
    assert main(["admin", "--db", server.store.url, "audit-checkpoints"]) == 0
    listed = {w["workstation"]: w for w in json.loads(capsys.readouterr().out)}
    assert (listed["a"]["newest_seq"], listed["a"]["checkpoints"]) == (5, 1)
    assert [(f["seq"], "backwards" in f["reason"]) for f in listed["a"]["flagged"]] == [
        (3, True)]
    assert (listed["b"]["newest_seq"], listed["b"]["flagged"]) == (None, [])
