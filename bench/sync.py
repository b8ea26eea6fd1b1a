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

The GUI thread's longest stall: a ``tests.helpers.sync_page.StallMeter`` heartbeat (a 10 ms precise QTimer
on the GUI thread) runs from the click to the end of the round; the figure is the
largest gap between two ticks (the last tick to the end included) minus the period.

The floor of the first sync, measured in the same run on the same data: the cheapest
correct way to do the same durable work. Plain ``requests`` fetches the same snapshot
pages from the same server (same page size, gzip, the next page fetched while this one
is written), and plain ``sqlcipher3``/``sqlite3`` ``executemany`` writes the same rows
into the same migrated, encrypted database schema (same key, WAL, ``synchronous=FULL``,
the same 64 MiB page cache), one transaction per page as the app does, each with the
person rows (the columns a synced person carries, name-search keys included, the
schema's defaults for the rest), their names in the full-text index (one
``INSERT ... SELECT`` a page), their field clocks, the vacancy records and the stream's
cursor. No ORM, no validation, no progress, no lease.

The push floor: a raw insert of the 2,000 mutation rows. The server is the real one
(uvicorn in its own process, SQLite). ``--quick`` uses a tenth of the data (targets
scaled: 2 s).
"""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from bench.harness import Figure
from tests.helpers.net import free_port
from tests.helpers.sync_page import client_database, first_sync_on_page

PEOPLE = 250_000
VACANCIES = 27_500
PUSHES = 2_000
FIRST_SYNC_TARGET_S = 20.0
STALL_TARGET_MS = 50.0


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


# -- the floor: plain HTTP and plain SQL ---------------------------------------------------


def floor_first_sync(path: Path, key: str, server_url: str, token: str, page: int) -> float:
    """The same snapshot pages over plain HTTP into the same encrypted schema with plain
    executemany, one transaction per page (see the module docstring)."""
    from desktop.infra.database import connect_file, open_database
    from desktop.models.person import phone_key, search_key
    from desktop.sync.bulk import SNAPSHOT_CACHE_KIB
    from desktop.sync.registry import PERSON_FIELDS

    open_database(f"sqlite+pysqlite:///{path}", key=key).dispose()  # the schema: untimed
    # the columns a synced person carries; the schema's defaults fill the others
    columns = ["id", "created_at", "updated_at", "search_key", "mobile_key",
               *sorted(PERSON_FIELDS)]
    conn = connect_file(path, key=key)
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA cache_size=-{SNAPSHOT_CACHE_KIB}")  # as the app's apply
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'person_fts_ai'"
                           ).fetchone()[0]
    # the column names are the model's own, not input
    person_sql = (f"INSERT INTO person ({', '.join(columns)}) "  # noqa: S608
                  f"VALUES ({', '.join('?' * len(columns))})")
    clock_sql = ("INSERT INTO sync_entity_clock (kind, entity_id, fields, known, deleted) "
                 "VALUES ('person', ?, ?, ?, 0)")
    record_sql = "INSERT INTO sync_record (kind, entity_id, data) VALUES ('vacancy', ?, ?)"
    http = requests.Session()
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip",
               "Accept-Encoding": "gzip", "Authorization": f"Bearer {token}"}

    def fetch(stream: str, after: str) -> dict[str, Any]:
        body = gzip.compress(json.dumps({"stream": stream, "after": after,
                                         "limit": page}).encode(), 5)
        answer = http.post(f"{server_url}/v1/snapshot", data=body, headers=headers, timeout=60)
        answer.raise_for_status()
        return dict(answer.json())

    def person_row(item: dict[str, Any], now: str) -> tuple[Any, ...]:
        f = item["fields"]
        values = {**f, "id": uuid.UUID(item["id"]).hex, "created_at": now,
                  "updated_at": now, "search_key": search_key(f["surname"], f["name"]),
                  "mobile_key": phone_key(f["mobile"]), "email": f["email"].strip().lower()}
        return tuple(values[c] for c in columns)

    start = time.perf_counter()
    with ThreadPoolExecutor(1) as prefetch:
        for stream in ("people", "vacancies"):
            future: Future[dict[str, Any]] | None = prefetch.submit(fetch, stream, "")
            while future is not None:
                answer = future.result()
                future = (prefetch.submit(fetch, stream, answer["after"])
                          if answer["has_more"] else None)
                items = answer["items"]
                now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
                conn.execute("BEGIN IMMEDIATE")
                if stream == "people":
                    # the names indexed with one statement, not a trigger per row
                    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM person"
                                          ).fetchone()[0]
                    conn.execute("DROP TRIGGER person_fts_ai")
                    conn.executemany(person_sql, [person_row(i, now) for i in items])
                    conn.execute("INSERT INTO person_fts (person_id, search_key) "
                                 "SELECT id, search_key FROM person WHERE rowid > ?", (before,))
                    conn.execute(trigger)
                    conn.executemany(clock_sql, [
                        (uuid.UUID(i["id"]).hex, json.dumps(i["clocks"]),
                         json.dumps(i["fields"])) for i in items])
                else:
                    conn.executemany(record_sql, [
                        (uuid.UUID(i["id"]).hex, json.dumps(i["fields"])) for i in items])
                conn.execute("INSERT OR REPLACE INTO sync_cursor (stream, version, "
                             "snapshot_after, snapshot_done, snapshot_total, snapshot_read) "
                             "VALUES (?, 0, ?, ?, 0, 0)",
                             (stream, answer["after"], not answer["has_more"]))
                conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    http.close()
    conn.close()
    return elapsed


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
            first, stall_ms = first_sync_on_page(folder / "home", db, url, token)
            _check_client(db, *expected)
            # after the app: the floor gets the server's caches warm
            floor = floor_first_sync(folder / "floor.sqlite", key, url, token, page=5000)
            figures.append(Figure("sync", f"first_sync_{counts}_s", first, "s", floor,
                                  FIRST_SYNC_TARGET_S / scale))
            figures.append(Figure("sync", "gui_thread_longest_stall_during_first_sync_ms",
                                  stall_ms, "ms", None, STALL_TARGET_MS))
            figures.append(_push(db, url, token, chosen, folder))
            db.dispose()
        finally:
            server.terminate()
            server.wait(10)
    return figures
