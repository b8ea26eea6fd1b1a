"""The region on PostgreSQL with several server processes (``--workers 2``, real HTTP on
127.0.0.1): centres pushing the same people at the same moment converge, nothing lost
or duplicated, and the change log stays gap-free."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from desktop.infra.database import Database, open_database
from desktop.models.sync import OutboxEntry
from server.cli import main as server_main
from server.models import Change, Meta
from server.store import Store
from server.store.changes import epoch
from server.store.pull import pull_page
from server.store.tail import ChangeTail
from tests.helpers.postgres import create_database
from tests.helpers.region_server import ROOT, RunningServer, region_server
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, assert_converged

pytestmark = pytest.mark.postgres
ROUNDS = 12


@dataclass
class Region:
    """A server of two processes and a store of our own on its database, to look inside."""

    store: Store
    running: RunningServer

    @property
    def url(self) -> str:
        return self.running.url


@pytest.fixture
def region(postgres_cluster: str) -> Iterator[Region]:
    url = create_database(postgres_cluster)
    with region_server(url, workers=2) as running:
        store = Store(url, pool_size=2)
        yield Region(store, running)
        store.dispose()


@pytest.fixture
def centre(tmp_path: Path, region: Region) -> Iterator[Callable[[str], Client]]:
    opened: list[Database] = []

    def make(name: str) -> Client:
        db = open_database(f"sqlite+pysqlite:///{tmp_path / (name + '.sqlite')}", key=TEST_KEY)
        opened.append(db)
        return Client(name, db, region.store.create_workstation(name), region.url)

    yield make
    for db in opened:
        db.dispose()


def outbox_batch(client: Client) -> list[dict[str, Any]]:
    """Every mutation of the centre's outbox, as its agent would send them."""
    with client.db.read() as session:
        return [{"id": str(e.id), "seq": e.seq, "kind": e.kind, "entity_id": str(e.entity_id),
                 "op": e.op, "hlc": e.hlc, "payload": e.payload}
                for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


def push_together(*clients: Client) -> list[dict[str, Any]]:
    """Each centre pushes its whole outbox at the same moment; their answers."""
    batches = [outbox_batch(c) for c in clients]
    start = threading.Barrier(len(clients))
    answers: list[dict[str, Any]] = [{} for _ in clients]

    def send(index: int) -> None:
        body = gzip.compress(json.dumps({"mutations": batches[index]}).encode())
        start.wait()
        reply = requests.post(f"{clients[index].url}/v1/push", data=body, timeout=60, headers={
            "Authorization": f"Bearer {clients[index].token}", "Content-Encoding": "gzip",
            "Content-Type": "application/json"})
        answers[index] = {"code": reply.status_code, "body": reply.json()}

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def statuses(answer: dict[str, Any]) -> list[str]:
    assert answer["code"] == 200, answer
    return [r["status"] for r in answer["body"]["results"]]


def change_log_is_gap_free(store: Store) -> None:
    with store.sessions() as session:
        versions = list(session.scalars(select(Change.version).order_by(Change.version)))
        head = int(session.get(Meta, "version").value)  # type: ignore[union-attr]
    assert versions == list(range(1, head + 1))


def epoch_of(store: Store) -> str:
    with store.sessions() as session:
        return epoch(session)


def cf(n: int) -> str:
    return f"RSSMRA80A01H{n:03d}U"


def test_two_centres_push_the_same_people_at_the_same_moment(
        centre: Callable[[str], Client], region: Region) -> None:
    a, b = centre("a"), centre("b")
    for round_ in range(ROUNDS):
        a.register(cf(round_), mobile=f"3330000{round_:03d}")
        b.register(cf(round_), mobile=f"3470000{round_:03d}")
        first, second = push_together(a, b)
        # both answered (no server error): one created the person, the other merged into it
        assert statuses(first)[-1] in ("applied", "conflict")
        assert statuses(second)[-1] in ("applied", "conflict")
    people = region.store.snapshot_entities("person")
    assert sorted(p["fiscal_code"] for p in people.values()) == sorted(
        cf(n) for n in range(ROUNDS)), "a person lost or duplicated on the server"
    for client in (a, b, a):
        report = client.sync()
        assert client.pending() == 0, report
    assert set(a.people()) == set(b.people()) == set(people)
    assert_converged(region, a, b)  # type: ignore[arg-type]
    change_log_is_gap_free(region.store)


def test_contact_edits_of_one_person_at_the_same_moment_are_all_kept(
        centre: Callable[[str], Client], region: Region) -> None:
    a, b = centre("a"), centre("b")
    person = a.register(cf(1), mobile="3330000000", email="mario@example.it")
    a.sync()
    b.sync()
    assert set(b.people()) == {str(person)}
    for round_ in range(ROUNDS):
        a.edit(person, mobile=f"3331111{round_:03d}")
        b.edit(person, email=f"mario{round_}@example.it")
        first, second = push_together(a, b)
        assert statuses(first)[-1] == "applied" and statuses(second)[-1] == "applied"
        # neither merge may overwrite the other's field with the value it read before
        on_server = region.store.snapshot_entities("person")[str(person)]
        assert (on_server["mobile"], on_server["email"]) == (
            f"3331111{round_:03d}", f"mario{round_}@example.it")
    for client in (a, b):
        client.sync()
    assert_converged(region, a, b)  # type: ignore[arg-type]
    change_log_is_gap_free(region.store)


def test_workers_starting_together_make_one_epoch(postgres_cluster: str) -> None:
    url = create_database(postgres_cluster)
    stores: list[Store] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_store() -> None:
        start.wait()
        try:
            stores.append(Store(url, pool_size=1))
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    try:
        assert len(stores) == 4
        assert len({epoch_of(s) for s in stores}) == 1
    finally:
        for store in stores:
            store.dispose()


def test_several_workers_on_sqlite_are_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "server.sqlite"
    code = server_main(["--db", f"sqlite+pysqlite:///{db}", "--workers", "2"])
    assert code == 2
    assert "needs PostgreSQL" in capsys.readouterr().err
    assert not db.exists(), "nothing is created when the options are refused"


def test_pull_pages_from_the_process_memory_equal_the_database_s(
        postgres_cluster: str) -> None:
    store = Store(create_database(postgres_cluster), pool_size=2)
    store.tail = ChangeTail(block=4)  # pages cross kept compressed blocks
    try:
        store.publish("vacancy", [{"title": f"Offerta {n}"} for n in range(30)])
        epoch_now = epoch_of(store)
        with store.reads() as session:
            store.tail.page(session, "vacancies", epoch_now, 0, 10)  # holds from 30 on
        for n in range(40):
            store.publish("employer" if n % 3 else "vacancy", [{"name": f"Ditta {n}"}])
        with store.reads() as session:
            for stream in ("vacancies", "employers"):
                for after in range(0, 72, 3):
                    for limit in (1, 4, 50):
                        text = store.tail.page(session, stream, epoch_now, after, limit)
                        packed = store.tail.page(session, stream, epoch_now, after, limit,
                                                 gzip=True)
                        assert gzip.decompress(packed) == text, (stream, after, limit)
                        memory = json.loads(text)
                        database = json.loads(pull_page(session, stream, epoch_now,
                                                        after, limit))
                        assert memory == database, (stream, after, limit)
        assert store.tail.floor == 30 and store.tail.upto == 70
        restored = store.new_epoch()  # a restored backup: clients start again
        with store.reads() as session:
            assert json.loads(store.tail.page(session, "vacancies", epoch_now, 40, 10)
                              )["reset"] is True
            fresh = json.loads(store.tail.page(session, "vacancies", restored, 70, 10))
        assert fresh["reset"] is False and fresh["items"] == []
        assert store.tail.epoch == restored
    finally:
        store.dispose()


def test_sportello_serve_refuses_several_workers_on_sqlite(tmp_path: Path,
                                                           isolated_home: Path) -> None:
    db = tmp_path / "regione.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "serve", "--db", f"sqlite+pysqlite:///{db}",
         "--workers", "3"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SPORTELLO_HOME": str(isolated_home)})
    assert done.returncode == 2
    assert "--workers 3 needs PostgreSQL" in done.stderr
    assert not db.exists()
