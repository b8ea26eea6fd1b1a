"""The convergence checker: three workstations and the regional server, random operations
of the kinds the registry syncs (people created, edited, deleted; DIDs declared through
the real service; actions), rounds cut by network faults (FaultProxy) and agents killed
at a random database step in the middle of a push or a pull, the lease left behind as a
dead process leaves it.

After every write the workstation reads it back; at the end, after fault-free rounds:
nothing lost (every mutation processed by the server, exactly once), nothing duplicated
(one server record per id and per codice fiscale), and every workstation holds the
server's people. Bounded for CI: 20 examples of up to 12 steps, well under 3 minutes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from desktop.errors import SportelloError
from desktop.infra.database import open_database as open_plain_or_keyed
from desktop.models.sync import OutboxEntry, SyncLock
from desktop.services.people.did import DidForm, declare_did
from desktop.sync import outbox
from desktop.sync.agent import SyncAgent
from desktop.sync.lease import LOCK_NAME, Owner
from desktop.sync.report import SyncBusy
from desktop.sync.transport import Transport, TransportError
from tests.helpers.storage import TEST_KEY
from tests.registration.conftest import FakeActor
from tests.sync.conftest import Client, FaultProxy, ServerThread, assert_converged

#: The workstations' databases, encrypted with the suite's key. (A module-level name and
#: not ``key=`` at each call: the derandomized search hashes the test's source, and its
#: draws are the ones that reach a lease left by a killed agent.)
open_database = partial(open_plain_or_keyed, key=TEST_KEY)

CLERK = FakeActor("sportello1", "sportello")
EXAMPLES = 20
STEPS = 12
#: Values each field accepts as the services store them (an e-mail is kept lower-case).
VALUES: dict[str, list[str]] = {
    "mobile": ["3331000000", "3332000000", ""],
    "email": ["anna@example.it", "luca@example.it", ""],
    "surname": ["Rossi", "Bianchi"],
    "name": ["Anna", "Luca"],
}


class Killed(BaseException):
    """The agent's process dies: no more database steps, nothing released."""


def dead_pid() -> int:
    """The pid of a process that has ended: the owner of a lease a crash left behind."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


class Workstation(Client):
    """A centre whose sync agent may die at a chosen database step."""

    def round(self, url: str, kill_at: int | None, dead: int) -> None:
        me = Owner.me()
        owner = Owner(me.host, me.boot, dead, "", uuid.uuid4().hex[:8])
        steps = iter(range(10_000))

        def run_db(fn: Callable[..., Any], *args: Any) -> Any:
            if kill_at is not None and next(steps) >= kill_at:
                raise Killed()
            return fn(*args)

        transport = Transport(url, lambda: self.token, timeout=10, retries=0)
        agent = SyncAgent(self.db, transport, owner=str(owner), batch_size=3, page_size=4,
                          snapshot_page=4, run_db=run_db, heartbeat_seconds=60)
        try:
            agent.sync_once()
        finally:
            agent.lease.stop_heartbeat()
            transport.close()

    def lease_owner(self) -> str:
        with self.db.read() as session:
            row = session.get(SyncLock, LOCK_NAME)
            return row.owner if row is not None else ""

    def outbox_entities(self, kind: str) -> set[str]:
        with self.db.read() as session:
            return {str(e) for e in session.scalars(select(OutboxEntry.entity_id).where(
                OutboxEntry.kind == kind))}


@pytest.mark.slow
def test_three_workstations_converge_through_faults_and_kills(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    folder: Path = tmp_path_factory.mktemp("convergence")
    server = ServerThread(f"sqlite+pysqlite:///{folder / 'server.sqlite'}")
    proxy = FaultProxy(server.port)
    template = folder / "template.sqlite"
    open_database(f"sqlite+pysqlite:///{template}").dispose()  # migrated once, copied after
    runs = iter(range(10_000))
    dead = dead_pid()
    stats = {"rounds": 0, "kills": 0, "faults": 0, "taken_over": 0, "examples": 0}

    class Region(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.run = next(runs)
            stats["examples"] += 1
            self.stations: list[Workstation] = []
            for name in ("a", "b", "c"):
                path = folder / f"{name}{self.run}.sqlite"
                shutil.copyfile(template, path)
                db = open_database(f"sqlite+pysqlite:///{path}")
                token = server.store.create_workstation(f"{name}{self.run}")
                self.stations.append(Workstation(f"{name}{self.run}", db, token, proxy.url))
            self.codes = 0

        def teardown(self) -> None:
            try:
                self.converge()
            finally:
                for station in self.stations:
                    station.db.dispose()

        def people_of(self, who: int) -> list[uuid.UUID]:
            return sorted(uuid.UUID(p) for p in self.stations[who].people())

        # -- operations at the counters ------------------------------------------------

        @rule(who=st.integers(0, 2), shared=st.booleans())
        def register(self, who: int, shared: bool) -> None:
            """A new person; ``shared``: a code the other centres may register too."""
            station = self.stations[who]
            if shared:
                code = f"CNVSHR80A01H{self.run % 1000:03d}Z"
            else:
                self.codes += 1
                code = f"CNV{self.run % 1000:03d}{self.codes:03d}A01H50Z"[:16]
            if code in {p["fiscal_code_base"] for p in station.people().values()}:
                return
            person_id = station.register(code, surname="Neri")
            assert station.people()[str(person_id)]["fiscal_code"] == code  # read my write

        @precondition(lambda self: any(s.people() for s in self.stations))
        @rule(who=st.integers(0, 2), pick=st.integers(0, 30),
              change=st.sampled_from([(f, v) for f, vs in VALUES.items() for v in vs]))
        def edit(self, who: int, pick: int, change: tuple[str, str]) -> None:
            field, value = change
            people = self.people_of(who)
            if not people:
                return
            person_id = people[pick % len(people)]
            self.stations[who].edit(person_id, **{field: value})
            assert self.stations[who].people()[str(person_id)][field] == value

        @precondition(lambda self: any(s.people() for s in self.stations))
        @rule(who=st.integers(0, 2), pick=st.integers(0, 30))
        def delete(self, who: int, pick: int) -> None:
            people = self.people_of(who)
            if people:
                person_id = people[pick % len(people)]
                self.stations[who].delete(person_id)
                assert str(person_id) not in self.stations[who].people()

        @precondition(lambda self: any(s.people() for s in self.stations))
        @rule(who=st.integers(0, 2), pick=st.integers(0, 30))
        def declare_did(self, who: int, pick: int) -> None:
            """A DID through the real service (audit line and outbox row included)."""
            people = self.people_of(who)
            if not people:
                return
            station = self.stations[who]
            try:
                did = declare_did(station.db, CLERK, people[pick % len(people)], DidForm(
                    did_date=dt.date.today(), education="diploma",
                    employment_condition="disoccupato"))
            except SportelloError:
                return  # a DID already in force: refused, nothing written
            assert str(did.id) in station.outbox_entities("did")

        @precondition(lambda self: any(s.people() for s in self.stations))
        @rule(who=st.integers(0, 2), pick=st.integers(0, 30))
        def record_action(self, who: int, pick: int) -> None:
            people = self.people_of(who)
            if not people:
                return
            station = self.stations[who]
            action_id = uuid.uuid4()
            with station.db.transaction() as session:
                outbox.record(session, "action", action_id, "create", {
                    "person_id": str(people[pick % len(people)]), "measure_code": "A01",
                    "delivered_on": dt.date.today().isoformat(), "hours": 1.0})
            assert str(action_id) in station.outbox_entities("action")

        # -- rounds, cut and killed ------------------------------------------------------

        @rule(who=st.integers(0, 2),
              fault=st.sampled_from([None, None, "drop", ("cut", 80)]),
              after=st.integers(0, 4),
              kill_at=st.one_of(st.none(), st.integers(0, 14)))
        def sync(self, who: int, fault: Any, after: int, kill_at: int | None) -> None:
            station = self.stations[who]
            stats["rounds"] += 1
            held_by_dead = f"|{dead}|" in station.lease_owner()
            if fault is not None:
                proxy.arm(fault, after=after)
                stats["faults"] += 1
            try:
                station.round(proxy.url, kill_at, dead)
                stats["taken_over"] += held_by_dead
            except Killed:
                stats["kills"] += 1
            except TransportError:
                pass
            except SyncBusy as exc:  # a crashed agent's lease must never block the next
                raise AssertionError(f"{station.name}: lease not recovered") from exc
            finally:
                proxy.arm(None)

        @invariant()
        def statuses_are_known(self) -> None:
            for station in self.stations:
                assert set(station.mutations().values()) <= {
                    "pending", "applied", "duplicate", "rejected", "conflict"}

        # -- the end ---------------------------------------------------------------------

        def converge(self) -> None:
            for _ in range(2):
                for station in self.stations:
                    station.round(server.url, None, dead)
            assert_converged(server, *self.stations)
            processed = server.store.processed()
            for kind in ("did", "action"):
                on_server = server.store.snapshot_entities(kind)
                for station in self.stations:
                    for entity in station.outbox_entities(kind):
                        assert entity in on_server, f"{station.name}: {kind} {entity} lost"
            mine = {m for s in self.stations for m in s.mutations()}
            assert mine <= set(processed)
            codes = [f["fiscal_code"] for f in server.store.snapshot_entities("person")
                     .values() if f["fiscal_code"].startswith("CNV")]
            assert len(codes) == len(set(codes)), "a person duplicated at the region"
            for station in self.stations:
                assert station.pending() == 0 and station.lease_owner() == ""

    try:
        Region.TestCase.settings = settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
            derandomize=True, suppress_health_check=list(HealthCheck), database=None,
            phases=[Phase.explicit, Phase.generate], print_blob=False)
        Region.TestCase().runTest()
    finally:
        proxy.close()
        server.stop()
    print("convergence:", stats)
    assert stats["examples"] >= EXAMPLES
    assert stats["kills"] > 0 and stats["faults"] > 0 and stats["taken_over"] > 0, stats
