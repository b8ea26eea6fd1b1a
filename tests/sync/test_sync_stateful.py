"""Several centres, random edits, random partial syncs and faults, then convergence."""

from __future__ import annotations

import shutil
import uuid

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from desktop.infra.database import open_database
from desktop.sync.transport import TransportError
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, FaultProxy, ServerThread, assert_converged

FISCAL_CODES = [f"STFPRS80A01H{n:03d}X"[:16] for n in range(6)]


@pytest.mark.slow
def test_centres_converge(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("stateful")
    server = ServerThread(f"sqlite+pysqlite:///{folder / 'server.sqlite'}")
    proxy = FaultProxy(server.port)
    counter = iter(range(10_000))
    template = folder / "template.sqlite"
    open_database(f"sqlite+pysqlite:///{template}", key=TEST_KEY).dispose()  # migrated once, copied after

    class Centres(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            run = next(counter)
            self.clients: list[Client] = []
            for name in ("a", "b", "c"):
                path = folder / f"{name}{run}.sqlite"
                shutil.copyfile(template, path)
                db = open_database(f"sqlite+pysqlite:///{path}", key=TEST_KEY)
                token = server.store.create_workstation(f"{name}{run}")
                self.clients.append(Client(f"{name}{run}", db, token, proxy.url))
            self.server_people_before = set(server.store.snapshot_entities("person"))

        def teardown(self) -> None:
            for client in self.clients:
                client.db.dispose()

        def known(self, index: int) -> list[uuid.UUID]:
            return [uuid.UUID(p) for p in self.clients[index].people()]

        @rule(who=st.integers(0, 2), code=st.sampled_from(FISCAL_CODES),
              surname=st.sampled_from(["Rossi", "Bianchi", ""]))
        def register(self, who: int, code: str, surname: str) -> None:
            client = self.clients[who]
            code = code[:13] + client.name[1:].rjust(3, "0")  # unique to this example
            if code not in {p["fiscal_code_base"] for p in client.people().values()}:
                client.register(code, surname=surname)

        @precondition(lambda self: any(c.people() for c in self.clients))
        @rule(who=st.integers(0, 2), pick=st.integers(0, 50),
              field=st.sampled_from(["mobile", "email", "surname", "name"]),
              value=st.sampled_from(["1", "2", "Anna", "Luca"]))
        def edit(self, who: int, pick: int, field: str, value: str) -> None:
            people = self.known(who)
            if people:
                self.clients[who].edit(people[pick % len(people)], **{field: value})

        @precondition(lambda self: any(c.people() for c in self.clients))
        @rule(who=st.integers(0, 2), pick=st.integers(0, 50))
        def delete(self, who: int, pick: int) -> None:
            people = self.known(who)
            if people:
                self.clients[who].delete(people[pick % len(people)])

        @rule(who=st.integers(0, 2), fault=st.sampled_from(
            [None, "drop", ("cut", 60)]), after=st.integers(0, 3))
        def sync(self, who: int, fault: object, after: int) -> None:
            if fault is not None:
                proxy.arm(fault, after=after)
            try:
                self.clients[who].sync(batch_size=4, page_size=5, snapshot_page=5)
            except TransportError:
                pass
            finally:
                proxy.arm(None)

        @invariant()
        def nothing_pending_is_lost(self) -> None:
            for client in self.clients:
                statuses = client.mutations().values()
                assert all(s in ("pending", "applied", "duplicate", "rejected", "conflict")
                           for s in statuses)

        def converge(self) -> None:
            for _ in range(2):
                for client in self.clients:
                    client.sync()
            assert_converged(server, *self.clients)

    original_teardown = Centres.teardown

    def teardown(self: Centres) -> None:
        self.converge()
        original_teardown(self)

    Centres.teardown = teardown  # type: ignore[method-assign]
    try:
        Centres.TestCase.settings = settings(
            max_examples=4, stateful_step_count=10, deadline=None, derandomize=True,
            suppress_health_check=list(HealthCheck), database=None,
            phases=[Phase.explicit, Phase.generate], print_blob=False)
        Centres.TestCase().runTest()
    finally:
        proxy.close()
        server.stop()

