"""A real regional server on 127.0.0.1 (uvicorn in a thread), clients on real SQLite files,
and a TCP proxy that cuts the link where a test asks.

The server keeps its data in SQLite, and for the modules in :data:`BOTH_DATABASES` also in
PostgreSQL (a throwaway cluster for the session, a new database for each test; marker
``postgres``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from desktop.infra.database import Database, open_database
from desktop.models.person import Person
from desktop.models.sync import OutboxEntry, SyncProblem
from desktop.sync import outbox
from desktop.sync.agent import SyncAgent
from desktop.sync.transport import Transport
from server.app import create_app
from server.store import Store
from tests.helpers.net import free_port
from tests.helpers.postgres import cluster_for, create_database
from tests.helpers.storage import TEST_KEY

#: Test modules whose server runs on SQLite and on PostgreSQL.
BOTH_DATABASES = frozenset({"test_sync_basics", "test_sync_registration", "test_sync_faults"})
#: Tests there that handle the server's SQLite file themselves (a backup copied back).
SQLITE_ONLY = frozenset({"test_server_restored_from_an_older_backup"})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "server_url" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in BOTH_DATABASES and metafunc.function.__name__ not in SQLITE_ONLY:
        metafunc.parametrize("server_url", [
            "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


class ServerThread:
    def __init__(self, db_url: str, **options: Any) -> None:
        """``options``: for :func:`server.app.create_app` (its limits)."""
        self.store = Store(db_url)
        self.port = free_port()
        config = uvicorn.Config(create_app(self.store, **options), host="127.0.0.1",
                                port=self.port,
                                log_level="warning", access_log=False,
                                # the faults are the proxy's to make: an idle keep-alive link
                                # closed by the server while the client reuses it is not one
                                timeout_keep_alive=300)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            self.thread.join(0.01)
            assert self.thread.is_alive(), "the server did not start"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.store.dispose()


class FaultProxy:
    """Forwards 127.0.0.1:port to the server; ``arm(mode)`` breaks the next answer.

    Modes: "drop" (the server's answer is thrown away and the link closed) and
    ("cut", n) (only the first n bytes of the answer get through).
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.mode: Any = None
        self.skip = 0
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def arm(self, mode: Any, after: int = 0) -> None:
        """Break the answer that comes after ``after`` intact ones."""
        with self.lock:
            self.mode = mode
            self.skip = after

    def _take(self) -> Any:
        with self.lock:
            if self.mode is None:
                return None
            if self.skip > 0:
                self.skip -= 1
                return None
            mode, self.mode = self.mode, None
            return mode

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, upstream, False),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answer: bool) -> None:
        mode = None
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if answer and data.startswith(b"HTTP/1."):
                    mode = self._take() or "pass"
                if mode == "drop":
                    break
                if isinstance(mode, tuple):
                    sink.sendall(data[: mode[1]])
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.closed = True
        self.listener.close()


@dataclass
class Client:
    """One centre: its database, its token and an agent talking to ``url``."""

    name: str
    db: Database
    token: str
    url: str

    def agent(self, url: str | None = None, **kwargs: Any) -> SyncAgent:
        transport = Transport(url or self.url, lambda: self.token, timeout=10, retries=0)
        kwargs.setdefault("batch_size", 50)
        kwargs.setdefault("page_size", 50)
        kwargs.setdefault("snapshot_page", 50)
        return SyncAgent(self.db, transport, **kwargs)

    def sync(self, url: str | None = None, **kwargs: Any) -> Any:
        agent = self.agent(url, **kwargs)
        try:
            return agent.sync_once()
        finally:
            agent.transport.close()

    # -- local edits, as services make them ------------------------------------------------

    def register(self, fiscal_code: str, surname: str = "Rossi", name: str = "Mario",
                 **extra: Any) -> uuid.UUID:
        with self.db.transaction() as session:
            person = Person(id=uuid.uuid4(), fiscal_code=fiscal_code,
                            fiscal_code_base=fiscal_code, surname=surname, name=name, sex="M",
                            birth_date=dt.date(1980, 1, 1), birthplace_code="H501",
                            citizenship="italiana", mobile=extra.get("mobile", ""),
                            email=extra.get("email", ""))
            session.add(person)
            session.flush()
            from desktop.sync.registry import person_fields

            outbox.record(session, "person", person.id, "upsert", person_fields(person))
            return person.id

    def edit(self, person_id: uuid.UUID, **changes: Any) -> None:
        with self.db.transaction() as session:
            person = session.get(Person, person_id)
            assert person is not None
            for key, value in changes.items():
                setattr(person, key, value)
            outbox.record(session, "person", person_id, "upsert", dict(changes))

    def delete(self, person_id: uuid.UUID) -> None:
        with self.db.transaction() as session:
            person = session.get(Person, person_id)
            if person is not None:
                session.delete(person)
            outbox.record(session, "person", person_id, "delete", {})

    def people(self) -> dict[str, dict[str, Any]]:
        from desktop.sync.registry import person_fields

        with self.db.read() as session:
            return {str(p.id): person_fields(p) for p in session.scalars(select(Person))}

    def mutations(self) -> dict[str, str]:
        with self.db.read() as session:
            return {str(e.id): e.status for e in session.scalars(select(OutboxEntry))}

    def problems(self) -> list[SyncProblem]:
        with self.db.read() as session:
            return list(session.scalars(select(SyncProblem)))

    def pending(self) -> int:
        with self.db.read() as session:
            return outbox.pending_count(session)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    """One throwaway PostgreSQL cluster for the session; its base URL."""
    with cluster_for("the PostgreSQL variants of the sync tests") as base:
        yield base


@pytest.fixture
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The server database's URL: a SQLite file, or (parameter "postgresql") a new
    database in the session's cluster."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return create_database(request.getfixturevalue("postgres_cluster"))
    return f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}"


@pytest.fixture
def server(server_url: str) -> Iterator[ServerThread]:
    running = ServerThread(server_url)
    yield running
    running.stop()


@pytest.fixture
def make_client(tmp_path: Path, server: ServerThread) -> Iterator[Any]:
    opened: list[Database] = []

    def make(name: str) -> Client:
        db = open_database(f"sqlite+pysqlite:///{tmp_path / (name + '.sqlite')}", key=TEST_KEY)
        opened.append(db)
        return Client(name, db, server.store.create_workstation(name), server.url)

    yield make
    for db in opened:
        db.dispose()


@pytest.fixture
def proxy(server: ServerThread) -> Iterator[FaultProxy]:
    running = FaultProxy(server.port)
    yield running
    running.close()


def assert_converged(server: ServerThread, *clients: Client) -> None:
    """Every mutation is on the server exactly once or in Problems; data equals the server's."""
    processed = server.store.processed()
    expected = server.store.snapshot_entities("person")
    for client in clients:
        problem_ids = {str(p.mutation_id) for p in client.problems()}
        for mutation_id, status in client.mutations().items():
            assert status != "pending", f"{client.name}: {mutation_id} still pending"
            assert mutation_id in processed, f"{client.name}: {mutation_id} never processed"
            if processed[mutation_id] in ("rejected", "conflict"):
                assert mutation_id in problem_ids
        local = client.people()
        for person_id, fields in expected.items():
            assert local.get(person_id) == {**fields}, f"{client.name}: {person_id} differs"
        extra = set(local) - set(expected)
        rejected_entities = {str(p.entity_id) for p in client.problems()}
        assert extra <= rejected_entities, f"{client.name}: unexpected local people {extra}"
