"""Queue benchmark, plus the helpers the concurrency tests share with it.

Figures: issue and call-next p95 on SQLite with a day of 2,000 tickets (baseline: a
raw sqlite3 insert and indexed select in the same run, target 15 ms); calls per
second with 8 counter processes on PostgreSQL (target >= 100/s) when PostgreSQL
binaries exist; display latency on PostgreSQL (counter commit to LISTEN delivery).

The throwaway cluster: initdb refuses to run as root, so as root the cluster belongs to a system user
(created with useradd when missing) and initdb/pg_ctl run through ``runuser``. The
cluster listens on a free loopback port, lives in a temporary folder, and is stopped
and removed afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.harness import Figure, percentile

PG_USER = "sportellopg"


def pg_bin() -> Path | None:
    """The newest PostgreSQL bin folder with initdb, or None when not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", PG_USER, "--", *cmd]


def _ensure_user() -> None:
    if os.geteuid() != 0:
        return
    if subprocess.run(["id", "-u", PG_USER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        PG_USER], check=True, capture_output=True)


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yields a base URL ``postgresql+psycopg://postgres@127.0.0.1:PORT``."""
    binaries = pg_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL binaries not found")
    _ensure_user()
    root = Path(tempfile.mkdtemp(prefix="sportello-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, PG_USER)
    data, port = root / "data", free_port()
    try:
        subprocess.run(_as_user([str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                                 "-U", "postgres", "-E", "UTF8", "--locale=C"]),
                       check=True, capture_output=True)
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        subprocess.run(_as_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                 "-l", str(root / "log"), "-w", "start"]),
                       check=True, capture_output=True)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
        finally:
            subprocess.run(_as_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                     "-w", "stop"]), capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(base_url: str) -> str:
    """A new empty database in the cluster; returns its SQLAlchemy URL."""
    import psycopg

    from desktop.services.queue_notify import libpq_conninfo

    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_conninfo(base_url + "/postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base_url}/{name}"


# -- a site with eight counters, and counter processes ------------------------------------


def prepare_site(url: str, counters: int = 8) -> None:
    """Migrate ``url`` and create the demo organisation with ``counters`` counters for A/B."""
    import random

    from faker import Faker

    from desktop.demo import SeedContext, organisation
    from desktop.demo import queue as demo_queue
    from desktop.models import Counter
    from desktop.services.database import open_database

    db = open_database(url)
    try:
        with db.transaction() as session:
            ctx = SeedContext(session, random.Random(1), Faker("it_IT"))
            organisation.seed(ctx)
            demo_queue.seed_priorities(ctx)
            services = ctx.shared["services"]
            site = ctx.shared["site"]
            existing = {c.number: c for c in session.query(Counter).filter_by(site_id=site.id)}
            for number in range(1, counters + 1):
                counter = existing.get(number) or Counter(site=site, number=number,
                                                          name=f"Sportello {number}")
                counter.services = [services["A"], services["B"]]
                session.add(counter)
    finally:
        db.dispose()


def _session(url: str) -> tuple[Any, Any, Any]:
    from desktop.demo import DEMO_PASSWORD
    from desktop.services.accounts import authenticate
    from desktop.services.centre import site_info
    from desktop.services.database import open_database

    db = open_database(url, migrate=False)
    site = site_info(db)
    actor = authenticate(db, "g.bellini", DEMO_PASSWORD)
    return db, site, actor


def counter_worker(url: str, number: int, to_issue: int, barrier: Any,
                   results: Any) -> None:
    """One counter PC: issue ``to_issue`` tickets, wait for the others, then call next and
    finish until the queue is empty. Puts (number, called ids, issued codes, seconds)."""
    import time

    from desktop.services import queue as q

    try:
        db, site, actor = _session(url)
    except BaseException as exc:
        barrier.abort()
        results.put((number, [], [], -1.0, repr(exc)))
        raise
    try:
        services = [s.id for s in site.services if s.prefix in "AB"]
        counter = next(c.id for c in site.counters if c.number == number)
        issued = [q.issue_ticket(db, site.site_id, services[i % 2]).ticket.code
                  for i in range(to_issue)]
        barrier.wait()
        called: list[str] = []
        start = time.perf_counter()
        while True:
            try:
                ticket = q.call_next(db, actor, counter).ticket
            except q.QueueEmpty:
                break
            called.append(str(ticket.id))
            q.finish(db, actor, counter, ticket.id, "servito")
        results.put((number, called, issued, time.perf_counter() - start, ""))
    except BaseException as exc:
        barrier.abort()
        results.put((number, [], [], -1.0, repr(exc)))
        raise
    finally:
        db.dispose()


def run_counters(url: str, processes: int = 8, tickets: int = 2000) -> dict[str, Any]:
    """Run ``processes`` counter processes over ``tickets`` tickets; return what they did."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(processes)
    results = spawn.Queue()
    share = tickets // processes
    workers = [spawn.Process(target=counter_worker, args=(url, n + 1, share, barrier, results))
               for n in range(processes)]
    for w in workers:
        w.start()
    outcomes = [results.get(timeout=900) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    errors = [e for *_rest, e in outcomes if e]
    if errors:
        raise RuntimeError(f"counter processes failed: {errors[:3]}")
    called = [tid for _n, ids, _codes, _s, _e in outcomes for tid in ids]
    issued = [code for _n, _ids, codes, _s, _e in outcomes for code in codes]
    seconds = max(s for _n, _i, _c, s, _e in outcomes)
    return {"called": called, "issued": issued, "seconds": seconds,
            "exit_codes": [w.exitcode for w in workers]}


# -- the benchmark ------------------------------------------------------------------------


def _sqlite_figures(quick: bool, folder: Path) -> list[Figure]:
    import datetime as dt
    import sqlite3
    import time

    from desktop.services import queue as q

    url = f"sqlite+pysqlite:///{folder / 'bench.sqlite'}"
    prepare_site(url)
    db, site, actor = _session(url)
    try:
        services = [s.id for s in site.services if s.prefix in "AB"]
        counter = next(c.id for c in site.counters if c.number == 1)
        start = dt.datetime.now(dt.UTC).replace(hour=7, minute=0)
        day_tickets = 2000
        issue_ms = []
        for i in range(day_tickets):
            t0 = time.perf_counter()
            q.issue_ticket(db, site.site_id, services[i % 2],
                           now=start + dt.timedelta(seconds=8 * i))
            issue_ms.append((time.perf_counter() - t0) * 1000)
        calls = 100 if quick else 400
        call_ms = []
        now = start + dt.timedelta(seconds=8 * day_tickets)
        for i in range(calls):
            t0 = time.perf_counter()
            ticket = q.call_next(db, actor, counter, now=now + dt.timedelta(seconds=i)).ticket
            call_ms.append((time.perf_counter() - t0) * 1000)
            q.finish(db, actor, counter, ticket.id, "servito", now=now + dt.timedelta(seconds=i))
    finally:
        db.dispose()
    # Baseline: the same work with bare sqlite3 (insert a row; select the oldest and update).
    raw = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, service INT, number INT, status TEXT, "
                "queued REAL)")
    raw.execute("CREATE INDEX ix ON t (status, queued)")
    raw_issue, raw_call = [], []
    for i in range(day_tickets):
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO t (service, number, status, queued) VALUES (?, ?, 'w', ?)",
                    (i % 2, i, float(i)))
        raw.execute("COMMIT")
        raw_issue.append((time.perf_counter() - t0) * 1000)
    for _ in range(calls):
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        row = raw.execute("SELECT id FROM t WHERE status='w' ORDER BY queued LIMIT 1").fetchone()
        raw.execute("UPDATE t SET status='c' WHERE id=?", row)
        raw.execute("COMMIT")
        raw_call.append((time.perf_counter() - t0) * 1000)
    raw.close()
    return [
        Figure("queue", "issue_p95_ms_sqlite_2000", percentile(issue_ms, 95), "ms",
               percentile(raw_issue, 95), 15.0),
        Figure("queue", "call_next_p95_ms_sqlite_2000", percentile(call_ms, 95), "ms",
               percentile(raw_call, 95), 15.0),
    ]


def _postgres_figures(quick: bool) -> list[Figure]:
    import threading
    import time

    from desktop.services import queue as q
    from desktop.services import queue_notify
    from desktop.services.database import open_database

    figures = []
    with cluster() as base:
        url = create_database(base)
        prepare_site(url)
        tickets = 800 if quick else 2000
        outcome = run_counters(url, processes=8, tickets=tickets)
        figures.append(Figure("queue", "calls_per_s_postgres_8_processes",
                              len(outcome["called"]) / outcome["seconds"], "calls/s",
                              None, 100.0, "min"))
        # Display latency: a counter's commit to the display PC's LISTEN delivery.
        display = open_database(url, migrate=False)
        display.url = url + "?application_name=display"
        arrived = threading.Event()
        queue_notify.subscribe(display, lambda _site: arrived.set())
        listener = queue_notify.PostgresListener(display).start()
        db, site, actor = _session(url)
        try:
            listener.connected.wait(10)
            counter = next(c.id for c in site.counters if c.number == 1)
            service = next(s.id for s in site.services if s.prefix == "A")
            latencies = []
            for _ in range(10 if quick else 30):
                q.issue_ticket(db, site.site_id, service)
                time.sleep(0.05)
                arrived.clear()
                t0 = time.perf_counter()
                ticket = q.call_next(db, actor, counter).ticket
                committed = time.perf_counter()
                arrived.wait(5)
                latencies.append((time.perf_counter() - committed) * 1000)
                del t0
                q.finish(db, actor, counter, ticket.id, "servito")
                time.sleep(0.05)
        finally:
            listener.stop()
            db.dispose()
            display.dispose()
        figures.append(Figure("queue", "display_latency_p95_ms_postgres",
                              percentile(latencies, 95), "ms", None, 1000.0))
    return figures


def run(quick: bool = False) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="sportello-bench-queue-") as folder:
        figures = _sqlite_figures(quick, Path(folder))
    if pg_bin() is None:
        print("queue: PostgreSQL binaries not found; PostgreSQL figures skipped", flush=True)
        return figures
    return figures + _postgres_figures(quick)
