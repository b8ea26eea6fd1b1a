"""The faults the sync must survive, each against the real server on 127.0.0.1.

After each one: every mutation is on the server exactly once or in Problems, and every
client's data equals the server's (``assert_converged``).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from desktop.infra.database import sqlite_copy
from desktop.models.sync import StreamCursor, SyncClient
from desktop.sync import apply as apply_module
from desktop.sync import hlc
from desktop.sync.agent import SyncBusy
from desktop.sync.transport import AuthError, Transport, TransportError
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, FaultProxy, ServerThread, assert_converged

ROOT = Path(__file__).resolve().parents[2]


def cf(number: int) -> str:
    return f"TSTPRS80A01H{number:03d}Z"[:16]


def test_killed_after_local_commit_before_push(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    a.sync()
    url = str(a.db.url)
    script = (
        "import os, signal, datetime as dt, uuid\n"
        "from desktop.infra.database import open_database\n"
        "from desktop.models.person import Person\n"
        "from desktop.sync import outbox\n"
        "from desktop.sync.registry import person_fields\n"
        f"db = open_database({url!r}, key={TEST_KEY!r})\n"
        "with db.transaction() as s:\n"
        "    p = Person(id=uuid.uuid4(), fiscal_code='KLLDPR80A01H501K',"
        " fiscal_code_base='KLLDPR80A01H501K', surname='Kill', name='Ed', sex='M',"
        " birth_date=dt.date(1980,1,1), birthplace_code='H501', citizenship='italiana',"
        " mobile='', email='')\n"
        "    s.add(p); s.flush()\n"
        "    outbox.record(s, 'person', p.id, 'upsert', person_fields(p))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert done.returncode == -9
    assert a.pending() == 1
    a.sync()
    assert_converged(server, a)
    assert len(server.store.snapshot_entities("person")) == 1


def test_reply_lost_after_server_commit(make_client, server: ServerThread,
                                        proxy: FaultProxy) -> None:
    a: Client = make_client("a")
    a.register(cf(1))
    proxy.arm("drop", after=1)  # hello passes, the push answer is lost
    with pytest.raises(TransportError):
        a.sync(proxy.url)
    assert a.pending() == 1 and len(server.store.processed()) == 1
    report = a.sync(proxy.url)
    assert report.duplicates == 1
    assert_converged(server, a)


def test_same_batch_sent_concurrently(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    for n in range(5):
        a.register(cf(n))
    first = a.agent()
    assert first.acquire()
    with pytest.raises(SyncBusy):
        a.agent().sync_once()
    first.release()
    # two agents that slipped past the lease (e.g. two databases restored from one copy)
    with a.db.read() as session:
        from desktop.models.sync import OutboxEntry

        batch = [{"id": str(e.id), "seq": e.seq, "kind": e.kind,
                  "entity_id": str(e.entity_id), "op": e.op, "hlc": e.hlc,
                  "payload": e.payload} for e in session.scalars(select(OutboxEntry))]
    answers: list[list[str]] = []

    def send() -> None:
        body = gzip.compress(json.dumps({"mutations": batch}).encode())
        reply = requests.post(f"{server.url}/v1/push", data=body, timeout=10, headers={
            "Authorization": f"Bearer {a.token}", "Content-Encoding": "gzip",
            "Content-Type": "application/json"})
        answers.append([r["status"] for r in reply.json()["results"]])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [["applied"] * 5, ["duplicate"] * 5]
    a.sync()
    assert_converged(server, a)
    assert len(server.store.snapshot_entities("person")) == 5


def test_link_cut_mid_push_and_mid_pull_page(make_client, server: ServerThread,
                                             proxy: FaultProxy) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    for n in range(120):
        a.register(cf(n))
    proxy.arm(("cut", 40), after=2)  # hello, first batch; the second batch's answer is cut
    with pytest.raises(TransportError):
        a.sync(proxy.url)
    a.sync(proxy.url)
    proxy.arm(("cut", 300), after=3)  # b: hello, two snapshot pages, then a cut page
    with pytest.raises(TransportError):
        b.sync(proxy.url)
    a.edit(uuid.UUID(next(iter(a.people()))), mobile="3330000000")
    a.sync(proxy.url)
    b.sync(proxy.url)
    proxy.arm(("cut", 100), after=1)  # a pull page cut
    a.edit(uuid.UUID(next(iter(a.people()))), mobile="3330000001")
    a.sync()
    with pytest.raises(TransportError):
        b.sync(proxy.url)
    b.sync(proxy.url)
    assert_converged(server, a, b)


class Killed(BaseException):
    """The process dying in the middle of a transaction."""


def test_killed_while_applying_a_page(make_client, server: ServerThread,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    for n in range(30):
        a.register(cf(n))
    a.sync()
    b.sync()
    for pid in list(a.people())[:10]:
        a.edit(uuid.UUID(pid), email=f"{pid[:6]}@example.it")
    a.sync()

    def die(stream: str, number: int) -> None:
        if stream == "people" and number == 4:
            raise Killed()

    monkeypatch.setattr(apply_module, "fault_hook", die)
    with pytest.raises(Killed):
        b.sync()
    monkeypatch.setattr(apply_module, "fault_hook", None)
    with b.db.transaction() as session:  # the dead process's lease runs out
        from desktop.models.sync import SyncLock

        session.get(SyncLock, "agent").lease_until = None  # type: ignore[union-attr]
    b.sync()
    assert_converged(server, a, b)


def test_server_restored_from_an_older_backup(make_client, server: ServerThread,
                                              tmp_path: Path) -> None:
    a: Client = make_client("a")
    first = a.register(cf(1))
    a.sync()
    backup = tmp_path / "server-backup.sqlite"
    sqlite_copy(tmp_path / "server.sqlite", backup)
    a.register(cf(2))
    a.edit(first, mobile="3339990000")
    a.sync()
    server.stop()
    restored_db = tmp_path / "restored.sqlite"
    sqlite_copy(backup, restored_db)
    restored = ServerThread(f"sqlite+pysqlite:///{restored_db}")
    try:
        restored.store.new_epoch()
        a.url = restored.url
        report = a.sync()
        assert report.applied == 2  # the two lost mutations sent again
        assert len(restored.store.snapshot_entities("person")) == 2
        assert_converged(restored, a)
    finally:
        restored.stop()
        server.store = restored.store  # the fixture's stop() runs again harmlessly


def test_client_clock_two_hours_off_and_jumping_back(make_client, server: ServerThread,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    pid = a.register(cf(1))
    a.sync()
    real = time.time
    monkeypatch.setattr(hlc, "wall_clock", lambda: real() - 7200)
    b.sync()  # b learns it is two hours behind
    with b.db.read() as session:
        assert abs(session.get(SyncClient, 1).clock_skew_ms + 7_200_000) < 60_000  # type: ignore[union-attr]
    monkeypatch.setattr(hlc, "wall_clock", real)
    a.edit(pid, mobile="111")
    a.sync()
    time.sleep(0.01)
    monkeypatch.setattr(hlc, "wall_clock", lambda: real() - 7200)
    b.edit(pid, mobile="222")  # made later, with a clock two hours behind: still wins
    monkeypatch.setattr(hlc, "wall_clock", lambda: real() - 10_800)  # and it jumps back
    b.edit(pid, email="later@example.it")
    b.sync()
    monkeypatch.setattr(hlc, "wall_clock", real)
    a.sync()
    assert a.people()[str(pid)]["mobile"] == "222"
    assert a.people()[str(pid)]["email"] == "later@example.it"
    with b.db.read() as session:
        from desktop.models.sync import OutboxEntry

        readings = [e.hlc for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
    assert readings == sorted(readings)
    assert_converged(server, a, b)


def test_always_rejected_mutation_goes_to_problems(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    bad = a.register(cf(1), surname="")  # no surname: the region refuses the new record
    good = a.register(cf(2))
    report = a.sync()
    assert report.rejected == 1 and report.applied == 1 and a.pending() == 0
    [problem] = a.problems()
    assert problem.status == "rejected" and problem.entity_id == bad
    assert "surname" in problem.reason or "identity" in problem.reason
    assert a.sync().rejected == 0  # set aside: never sent again, never blocks
    assert set(server.store.snapshot_entities("person")) == {str(good)}
    assert_converged(server, a)


def test_token_expiring_in_the_middle_of_a_batch(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    for n in range(7):
        a.register(cf(n))
    calls = {"push": 0}

    class Expiring(Transport):
        def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
            if path == "push":
                calls["push"] += 1
                if calls["push"] == 2:
                    server.store.expire_workstation("a")
            return super().call(path, body)

    agent = a.agent(batch_size=3)
    agent.transport = Expiring(a.url, lambda: a.token, retries=0)
    with pytest.raises(AuthError):
        agent.sync_once()
    assert a.pending() == 4
    a.token = server.store.create_workstation("a")
    a.sync()
    assert_converged(server, a)


def test_first_sync_cut_at_half(make_client, server: ServerThread, proxy: FaultProxy) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    for n in range(200):
        a.register(cf(n))
    a.sync()
    proxy.arm("drop", after=3)  # hello + two snapshot pages of 50
    with pytest.raises(TransportError):
        b.sync(proxy.url)
    with b.db.read() as session:
        cursor = session.get(StreamCursor, "people")
        assert cursor is not None and cursor.snapshot_read == 100
        assert not cursor.snapshot_done and cursor.snapshot_total == 200
    assert len(b.people()) == 100
    b.sync(proxy.url)
    assert_converged(server, a, b)


def test_delete_racing_an_update(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    first = a.register(cf(1))
    second = a.register(cf(2))
    a.sync()
    b.sync()
    a.delete(first)
    b.edit(first, mobile="3330000000")
    b.delete(second)
    a.edit(second, mobile="3330000001")
    a.sync()  # delete of first wins; a's update of second arrives before b's delete
    b.sync()
    a.sync()
    assert first not in a.people() and str(first) not in b.people()
    assert [p.status for p in b.problems()] == ["rejected"]
    assert_converged(server, a, b)


def test_token_kept_in_keyring_or_a_private_file(isolated_home: Path) -> None:
    from desktop.sync import credentials

    where = credentials.store_token(isolated_home / "config", "ws", "secret")
    assert credentials.load_token(isolated_home / "config", "ws") == "secret"
    if where != "keyring":
        assert os.stat(where).st_mode & 0o777 == 0o600
