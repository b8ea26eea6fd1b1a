"""`sportello import` then `sportello sync` on a default (encrypted) installation, with
the first sync killed in the middle of its round: the next `sportello sync` starts at
once (the dead process's lease is taken over, it used to block sync for two minutes) and
the imported people reach the regional server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models.sync import SyncLock
from desktop.sync.lease import LOCK_NAME
from tests.helpers.installation import ROOT, default_installation, sportello
from tests.sync.conftest import ServerThread
from tests.unit.test_cli_installation import import_file, open_installation

BUSY = "Un'altra postazione sta sincronizzando"


@pytest.fixture
def region(tmp_path: Path) -> Iterator[ServerThread]:
    running = ServerThread(f"sqlite+pysqlite:///{tmp_path / 'regione.sqlite'}")
    yield running
    running.stop()


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def lease_owner(home: Path) -> str:
    db = open_installation(home)
    try:
        with db.read() as session:
            return session.scalar(select(SyncLock.owner).where(SyncLock.name == LOCK_NAME)) or ""
    finally:
        db.dispose()


def test_import_then_a_killed_sync_then_sync_reaches_the_region(
        isolated_home: Path, tmp_path: Path, region: ServerThread, silent: str) -> None:
    default_installation(isolated_home)
    csv_file, codes = import_file(tmp_path)
    imported = sportello("import", "persons", str(csv_file), home=isolated_home)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    token = region.store.create_workstation("cpi-lucca")

    hanging = subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--server", silent, "--token", token],
        cwd=ROOT, env=dict(os.environ, SPORTELLO_HOME=str(isolated_home)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while f"|{hanging.pid}|" not in lease_owner(isolated_home):
            assert hanging.poll() is None, "the first sync ended before taking the lease"
            assert time.monotonic() < deadline, "the first sync never took the lease"
            time.sleep(0.1)
    finally:
        hanging.send_signal(signal.SIGKILL)
        hanging.wait(10)

    started = time.monotonic()
    synced = sportello("sync", "--server", region.url, home=isolated_home)
    took = time.monotonic() - started
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert BUSY not in synced.stdout
    assert "Inviate 3," in synced.stdout  # the two people and the audit checkpoint
    on_server = region.store.snapshot_entities("person")
    assert sorted(f["fiscal_code"] for f in on_server.values()) == sorted(codes)
    assert lease_owner(isolated_home) == ""
    print(f"sync after the killed one: {took:.1f} s (process start included)")


def test_a_live_sync_is_not_disturbed_and_the_second_says_why(
        isolated_home: Path, silent: str) -> None:
    """While a sync runs, a second `sportello sync` refuses with its own sentence (not
    "the server could not be reached")."""
    default_installation(isolated_home)
    running = subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--server", silent, "--token", "spt_x"],
        cwd=ROOT, env=dict(os.environ, SPORTELLO_HOME=str(isolated_home)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while f"|{running.pid}|" not in lease_owner(isolated_home):
            assert running.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        second = sportello("sync", "--server", silent, home=isolated_home)
        assert second.returncode == 1
        assert BUSY in second.stdout, second.stdout + second.stderr
        assert f"|{running.pid}|" in lease_owner(isolated_home)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait(10)
