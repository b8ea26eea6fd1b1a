"""Sync: the first sync of 250,000 people and 27,500 vacancies from the regional server
on loopback (target < 20 s), the GUI thread's longest stall meanwhile (target < 50 ms),
and pushing 2,000 pending mutations (target < 10 s).

The first sync runs the way the operator runs it: the real Sincronizzazione page
(``desktop.views.pages.sincronizzazione.SyncPage``, driven by
``tests.helpers.sync_page.first_sync_on_page``) in a QApplication (offscreen
platform), with the real ViewContext and ``Operations``, started by a click on its
"Synchronise now" button; the round runs on the "net" worker and hands its database
steps to the "db" worker, as in the app. The figure is the time from the click to the
page's scheduler reporting the round done; a round that fails raises (no figure).

The GUI thread's longest stall: a ``tests.helpers.sync_page.StallMeter`` heartbeat (a
10 ms precise QTimer on the GUI thread) runs from the click to the end of the round;
the figure is the largest gap between two ticks (the last tick to the end included)
minus the period. Its floor: the same meter on the same shown page for 3 s before the
click, with nothing to do (the timer's and the operating system's own jitter: on a
loaded PC it is a large part of the figure).

The floor of the first sync, measured in the same run on the same data: the cheapest
correct way to do the same durable work. Plain ``requests`` fetches the same snapshot
pages from the same server (same page size, gzip, the next page fetched while this one
is written), and plain ``sqlcipher3``/``sqlite3`` ``executemany`` writes the same rows
into the same migrated, encrypted database schema (same key, WAL, ``synchronous=FULL``,
the same 64 MiB page cache), one transaction per page as the app does, each with the
person rows (the columns a synced person carries, name-search keys included, the
schema's defaults for the rest), their names in the full-text index (one
``INSERT ... SELECT`` a page), their field clocks, the vacancy records and the stream's
cursor (``tests.helpers.sync_floor.floor_first_sync``; tests/bench checks it leaves the
same rows as the app). No ORM, no validation, no progress, no lease; nor the round's
few other calls (hello, an empty push, the change-log pull after each snapshot, the
streams with nothing in them, the audit checkpoint).

The push floor: a raw insert of the 2,000 mutation rows. The server is the real one
(uvicorn in its own process, SQLite). ``--quick`` uses a tenth of the data (targets
scaled: 2 s).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import requests

from bench.harness import Figure
from tests.helpers.net import free_port
from tests.helpers.sync_floor import floor_first_sync
from tests.helpers.sync_page import client_database, first_sync_on_page

PEOPLE = 250_000
VACANCIES = 27_500
PUSHES = 2_000
FIRST_SYNC_TARGET_S = 20.0
STALL_TARGET_MS = 50.0
#: How long the stall meter runs on the idle page before the click (its floor).
IDLE_SECONDS = 3.0


def _people(count: int, rng: random.Random) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    out = []
    for n in range(count):
        code = f"BNC{n:09d}Z{n % 1000:03d}"[:16]
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        out.append((uuid.UUID(int=rng.getrandbits(128)), {
            "fiscal_code": code, "fiscal_code_base": code, "surname": f"Cognome{n % 5000}",
            "name": f"Nome{n % 700}", "sex": "MF"[n % 2], "birth_date": birth.isoformat(),
            "birthplace_code": "H501", "citizenship": "italiana",
            "mobile": f"3{n:09d}", "email": f"p{n}@example.it"}))
    return out


def _vacancies(count: int, rng: random.Random) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    return [(uuid.UUID(int=rng.getrandbits(128)), {
        "title": f"Offerta {n}", "employer": f"Azienda {n % 3000}", "comune": "H501",
        "positions": 1 + n % 4, "isco": f"{n % 9}.{n % 7}.{n % 5}",
        "published": "2026-11-01"}) for n in range(count)]


def _seed_server(path: Path, people: list[Any], vacancies: list[Any]) -> None:
    from server.store import Store

    Store(f"sqlite+pysqlite:///{path}").dispose()  # tables, epoch
    conn = sqlite3.connect(path)
    clock = "1764000000000.00000.region00"
    with conn:
        conn.executemany(
            "INSERT INTO entity (kind, id, natural_key, fields, clocks, deleted, version) "
            "VALUES (?, ?, ?, ?, ?, 0, 0)",
            [("person", pid.hex, f["fiscal_code_base"], json.dumps(f),
              json.dumps({k: clock for k in f})) for pid, f in people]
            + [("vacancy", vid.hex, None, json.dumps(f), "{}") for vid, f in vacancies])
    conn.close()


# -- the run ------------------------------------------------------------------------------


def _start_server(server_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    # the server in its own process, as in production (not sharing the client's GIL)
    server = subprocess.Popen([sys.executable, "-m", "server", "--db", server_url,
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
            return server, f"http://127.0.0.1:{port}"
        except requests.RequestException:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the regional server did not start") from None
            time.sleep(0.1)


def _push(db: Any, url: str, token: str, chosen: list[uuid.UUID], folder: Path) -> Figure:
    from desktop.models.person import Person
    from desktop.sync import outbox
    from desktop.sync.agent import SyncAgent, SyncReport
    from desktop.sync.transport import Transport

    pushes = len(chosen)
    with db.transaction() as session:
        for n, pid in enumerate(chosen):
            person = session.get(Person, pid)
            assert person is not None
            person.mobile = f"39{n:08d}"
            outbox.record(session, "person", pid, "upsert", {"mobile": person.mobile})
    raw = sqlite3.connect(folder / "push-floor.sqlite")
    raw.execute("CREATE TABLE outbox (id TEXT PRIMARY KEY, seq INTEGER, payload TEXT)")
    start = time.perf_counter()
    with raw:
        raw.executemany("INSERT INTO outbox VALUES (?, ?, ?)", [
            (uuid.uuid4().hex, n, json.dumps({"mobile": n})) for n in range(pushes)])
    push_floor = time.perf_counter() - start
    raw.close()
    agent = SyncAgent(db, Transport(url, lambda: token), batch_size=500)
    assert agent.acquire()
    agent.hello()
    start = time.perf_counter()
    agent.push_all(SyncReport())
    pushed = time.perf_counter() - start
    agent.release()
    agent.transport.close()
    return Figure("sync", f"push_{pushes}_mutations_s", pushed, "s", push_floor, 10.0)


def _check_client(db: Any, people: int, vacancies: int) -> None:
    """Every record arrived, and a synced person is found by name."""
    from sqlalchemy import func, select

    from desktop.models.person import Person
    from desktop.models.sync import SyncRecord

    with db.read() as session:
        got = session.scalar(select(func.count()).select_from(Person))
        records = session.scalar(select(func.count()).select_from(SyncRecord)
                                 .where(SyncRecord.kind == "vacancy"))
        unnamed = session.scalar(select(func.count()).select_from(Person)
                                 .where(Person.search_key == ""))
    if (got, records, unnamed) != (people, vacancies, 0):
        raise RuntimeError(f"the first sync is incomplete: {got} of {people} people, "
                           f"{records} of {vacancies} vacancies, {unnamed} without a name key")


def run(quick: bool = False) -> list[Figure]:
    from desktop.infra.encryption import new_key
    from desktop.sync.agent import SNAPSHOT_PAGE
    from server.store import Store

    # the token goes to a 0600 file in the bench's folder, never the user's keyring
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    scale = 10 if quick else 1
    rng = random.Random(7)
    people = _people(PEOPLE // scale, rng)
    vacancies = _vacancies(VACANCIES // scale, rng)
    pushes = PUSHES // (4 if quick else 1)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sportello-bench-sync-") as tmp:
        folder = Path(tmp)
        _seed_server(folder / "server.sqlite", people, vacancies)
        # The generated rows live on the server from now on. Keeping them in this process
        # would make every full garbage collection of the client walk them, a cost the
        # app (which never holds the region's data in memory) does not have.
        expected = (len(people), len(vacancies))
        chosen = [pid for pid, _f in people[:pushes]]
        counts = f"{len(people)}_people_{len(vacancies)}_vacancies"
        del people, vacancies
        gc.collect()
        store_url = f"sqlite+pysqlite:///{folder / 'server.sqlite'}"
        store = Store(store_url)
        token = store.create_workstation("bench")
        store.dispose()
        server, url = _start_server(store_url)
        try:
            key = new_key()
            db = client_database(folder / "client.sqlite", key)
            first, stall_ms, idle_ms = first_sync_on_page(folder / "home", db, url, token,
                                                          idle_seconds=IDLE_SECONDS)
            _check_client(db, *expected)
            # after the app: the floor gets the server's caches warm
            floor = floor_first_sync(folder / "floor.sqlite", key, url, token,
                                     page=SNAPSHOT_PAGE)
            figures.append(Figure("sync", f"first_sync_{counts}_s", first, "s", floor,
                                  FIRST_SYNC_TARGET_S / scale))
            figures.append(Figure("sync", "gui_thread_longest_stall_during_first_sync_ms",
                                  stall_ms, "ms", idle_ms, STALL_TARGET_MS))
            figures.append(_push(db, url, token, chosen, folder))
            db.dispose()
        finally:
            server.terminate()
            server.wait(10)
    return figures
