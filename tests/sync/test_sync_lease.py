"""The sync lease after a crash: an agent killed in the middle of a round (a real process,
SIGKILL) no longer blocks the next sync for two minutes; a live one still does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.models.sync import SyncLock
from desktop.sync.lease import LOCK_NAME, Lease, Owner
from desktop.sync.report import SyncBusy
from tests.sync.conftest import Client, ServerThread, assert_converged

ROOT = Path(__file__).resolve().parents[2]

#: A round that hangs on the network (the server never answers) while holding the lease.
HANGING_ROUND = textwrap.dedent("""
    import sys
    from desktop.infra.database import open_database
    from desktop.sync.agent import SyncAgent
    from desktop.sync.transport import Transport

    db = open_database(sys.argv[1], key=sys.argv[4])
    agent = SyncAgent(db, Transport(sys.argv[2], lambda: "t", timeout=120, retries=0),
                      lease_seconds=float(sys.argv[3]))
    agent.sync_once()
""")


def holder(client: Client) -> str:
    with client.db.read() as session:
        row = session.get(SyncLock, LOCK_NAME)
        return row.owner if row is not None else ""


def start_hanging_agent(client: Client, tmp_path: Path, lease_seconds: float,
                        silent: socket.socket) -> subprocess.Popen[bytes]:
    url = client.db.url
    port = silent.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-c", HANGING_ROUND, url, f"http://127.0.0.1:{port}",
         str(lease_seconds), str(client.db.key)], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    deadline = time.monotonic() + 60
    while f"|{process.pid}|" not in holder(client):
        assert process.poll() is None, "the agent process ended early"
        assert time.monotonic() < deadline, "the agent never took the lease"
        time.sleep(0.05)
    return process


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """Accepts connections and never answers: a round hangs in ``hello``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener
    listener.close()


def test_a_killed_agents_lease_is_taken_over_at_once(
        make_client: Any, server: ServerThread, tmp_path: Path,
        silent_server: socket.socket) -> None:
    a: Client = make_client("a")
    a.register("RSSMRA80A01H501U")
    # the old lease lasted 120 s: with that length a crashed round blocked sync for two
    # minutes; a 120 s lease here shows the take-over does not wait for it to run out
    process = start_hanging_agent(a, tmp_path, 120, silent_server)
    try:
        with pytest.raises(SyncBusy):  # alive: the lease is respected
            a.sync()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    killed_at = time.monotonic()
    report = a.sync()
    recovered = time.monotonic() - killed_at
    print(f"killed agent: next sync done {recovered:.2f} s after the kill")
    assert recovered < 10, f"sync refused for {recovered:.1f} s after the crash"
    assert report.pushed == 1 and a.pending() == 0
    assert holder(a) == ""
    assert_converged(server, a)


def test_another_pcs_lease_runs_out_soon_and_is_renewed_while_alive(
        make_client: Any, server: ServerThread) -> None:
    a: Client = make_client("a")
    elsewhere = Owner("other-pc", "0123456789ab", 4242, "100", "cafe0001")
    remote = Lease(a.db, owner=str(elsewhere), seconds=0.6)
    assert remote.acquire()
    mine = Lease(a.db, seconds=5)
    assert not mine.acquire(), "another PC's live lease is respected"
    remote.start_heartbeat(0.1)  # alive: renewed, never taken
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        assert not mine.acquire()
        time.sleep(0.1)
    remote.stop_heartbeat()  # that PC crashed: no more heartbeats
    stopped = time.monotonic()
    while not mine.acquire():
        assert time.monotonic() - stopped < 5, "a lease whose heartbeat stopped runs out"
        time.sleep(0.05)
    with pytest.raises(SyncBusy):
        remote.renew()
    mine.release()


def test_a_lease_from_before_a_restart_of_this_pc_is_taken_over(make_client: Any) -> None:
    a: Client = make_client("a")
    me = Owner.me()
    before_reboot = Owner(me.host, "ffffffffffff", me.pid, me.started, "cafe0002")
    with a.db.transaction() as session:
        session.merge(SyncLock(name=LOCK_NAME, owner=str(before_reboot),
                               lease_until=datetime.now(UTC) + timedelta(minutes=5)))
    lease = Lease(a.db)
    assert lease.acquire()
    assert holder(a) == lease.owner
    lease.release()


def test_a_lease_of_a_live_agent_in_this_process_is_not_taken(make_client: Any) -> None:
    a: Client = make_client("a")
    first = Lease(a.db)
    assert first.acquire()
    assert not Lease(a.db).acquire()
    first.release()
    assert Lease(a.db).acquire()
