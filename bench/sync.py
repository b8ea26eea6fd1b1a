"""Sync: first sync of 250,000 people and 27,500 vacancies from the regional server on
loopback (target < 60 s), pushing 2,000 pending mutations (target < 10 s), and the
longest time the GUI thread went without turning its event loop during the first sync
(target < 100 ms).

The first sync runs the way the app runs it: on the "net" worker of
``desktop.views.ops.Operations``, reporting progress to the GUI thread through a queued
signal, while a 10 ms timer on the GUI thread records the gaps between its ticks.

The server is the real one (uvicorn on 127.0.0.1, SQLite); the client is a fresh
migrated database. Baselines, measured in the same run: a raw ``sqlite3`` bulk insert of
the same rows into a file (what the first sync cannot beat), and a raw insert of the
2,000 mutation rows. ``--quick`` uses a tenth of the data.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
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

PEOPLE = 250_000
VACANCIES = 27_500
PUSHES = 2_000


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


def _baseline(path: Path, people: list[Any], vacancies: list[Any]) -> float:
    """Raw sqlite3: the same rows into a person table and a record table, one transaction."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE person (id BLOB PRIMARY KEY, fiscal_code TEXT, "
                 "fiscal_code_base TEXT UNIQUE, surname TEXT, name TEXT, sex TEXT, "
                 "birth_date TEXT, birthplace_code TEXT, citizenship TEXT, mobile TEXT, "
                 "email TEXT)")
    conn.execute("CREATE TABLE record (kind TEXT, id BLOB, data TEXT, PRIMARY KEY (kind, id))")
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO person VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (pid.hex, f["fiscal_code"], f["fiscal_code_base"], f["surname"], f["name"],
             f["sex"], f["birth_date"], f["birthplace_code"], f["citizenship"], f["mobile"],
             f["email"]) for pid, f in people])
        conn.executemany("INSERT INTO record VALUES ('vacancy', ?, ?)",
                         [(vid.hex, json.dumps(f)) for vid, f in vacancies])
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _first_sync_beside_gui(agent: Any) -> tuple[float, float]:
    """Run ``agent.sync_once()`` on the app's net worker while the GUI thread's event loop
    turns; return (seconds, longest gap between two 10 ms timer ticks in ms)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal

    from desktop.views.ops import Operations

    class Progress(QObject):
        reported = Signal(object)

    app = QCoreApplication.instance() or QCoreApplication([])
    ops = Operations()
    progress = Progress()
    seen: list[Any] = []
    progress.reported.connect(seen.append)  # queued: delivered on the GUI thread
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finished(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    agent.progress = progress.reported.emit
    timer.start()
    last[0] = start = time.perf_counter()
    ops.run(agent.sync_once, kind="net", on_success=finished, on_error=finished)
    loop.exec()
    elapsed = time.perf_counter() - start
    timer.stop()
    ops.shutdown()
    del app
    if isinstance(outcome.get("result"), BaseException):
        raise outcome["result"]
    return elapsed, max(gaps, default=0.0) * 1000


def run(quick: bool = False) -> list[Figure]:
    from desktop import collector
    from desktop.infra.database import open_database
    from desktop.infra.encryption import new_key
    from desktop.models.person import Person
    from desktop.sync import outbox
    from desktop.sync.agent import SyncAgent, SyncReport
    from desktop.sync.transport import Transport
    from server.store import Store

    scale = 10 if quick else 1
    rng = random.Random(7)
    people = _people(PEOPLE // scale, rng)
    vacancies = _vacancies(VACANCIES // scale, rng)
    pushes = PUSHES // (4 if quick else 1)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sportello-bench-sync-") as tmp:
        folder = Path(tmp)
        _seed_server(folder / "server.sqlite", people, vacancies)
        baseline = _baseline(folder / "baseline.sqlite", people, vacancies)
        # The generated rows live on the server from now on. Keeping them in this process
        # would make every full garbage collection of the client walk them, a cost the
        # app (which never holds the region's data in memory) does not have.
        expected = len(people)
        chosen = [pid for pid, _f in people[:pushes]]
        counts = f"{len(people)}_people_{len(vacancies)}_vacancies"
        del people, vacancies
        gc.collect()
        server_url = f"sqlite+pysqlite:///{folder / 'server.sqlite'}"
        store = Store(server_url)
        token = store.create_workstation("bench")
        store.dispose()
        port = free_port()
        # the server in its own process, as in production (not sharing the client's GIL)
        server = subprocess.Popen([sys.executable, "-m", "server", "--db", server_url,
                                   "--port", str(port)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the regional server did not start") from None
                time.sleep(0.1)
        try:
            db = open_database(f"sqlite+pysqlite:///{folder / 'client.sqlite'}",
                               key=new_key())
            agent = SyncAgent(db, Transport(f"http://127.0.0.1:{port}", lambda: token),
                              snapshot_page=5000, page_size=2000, batch_size=500)
            # as the app does once its window is up (desktop.app)
            collector.settle_after_startup()
            first, stall_ms = _first_sync_beside_gui(agent)
            with db.read() as session:
                from sqlalchemy import func, select

                count = session.scalar(select(func.count()).select_from(Person))
            assert count == expected, (count, expected)
            figures.append(Figure("sync", f"first_sync_{counts}_s", first, "s", baseline,
                                  60.0 / scale))
            figures.append(Figure("sync", "gui_thread_longest_stall_during_first_sync_ms",
                                  stall_ms, "ms", None, 100.0))

            with db.transaction() as session:
                for n, pid in enumerate(chosen):
                    person = session.get(Person, pid)
                    assert person is not None
                    person.mobile = f"39{n:08d}"
                    outbox.record(session, "person", pid, "upsert", {"mobile": person.mobile})
            raw = sqlite3.connect(folder / "baseline.sqlite")
            raw.execute("CREATE TABLE outbox (id TEXT PRIMARY KEY, seq INTEGER, payload TEXT)")
            start = time.perf_counter()
            with raw:
                raw.executemany("INSERT INTO outbox VALUES (?, ?, ?)", [
                    (uuid.uuid4().hex, n, json.dumps({"mobile": n})) for n in range(pushes)])
            push_baseline = time.perf_counter() - start
            raw.close()
            assert agent.acquire()
            agent.hello()
            start = time.perf_counter()
            agent.push_all(SyncReport())
            pushed = time.perf_counter() - start
            agent.release()
            figures.append(Figure("sync", f"push_{pushes}_mutations_s", pushed, "s",
                                  push_baseline, 10.0))
            agent.transport.close()
            db.dispose()
        finally:
            server.terminate()
            server.wait(10)
    return figures
