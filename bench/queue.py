"""Queue benchmark.

Figures: issue and call-next p95 on SQLite with a day of 2,000 tickets (baseline: a
raw sqlite3 insert and indexed select in the same run, target 15 ms); calls per
second with 8 counter processes on PostgreSQL (target >= 100/s) when PostgreSQL
binaries exist; display latency on PostgreSQL (counter commit to LISTEN delivery).

The throwaway cluster and the counter processes are the tests' own helpers
(``tests.helpers.postgres`` and ``tests.helpers.counters``): the benchmarks run from
a source checkout, never from the installed package.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.harness import Figure, percentile
from tests.helpers.counters import prepare_site, run_counters, session_of
from tests.helpers.postgres import cluster, create_database, pg_bin

# -- the benchmark ------------------------------------------------------------------------


def _sqlite_figures(quick: bool, folder: Path) -> list[Figure]:
    import datetime as dt
    import sqlite3
    import time

    from desktop.services import queue as q

    url = f"sqlite+pysqlite:///{folder / 'bench.sqlite'}"
    prepare_site(url)
    db, site, actor = session_of(url)
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

    from desktop.infra import notify as queue_notify
    from desktop.infra.database import open_database
    from desktop.services import queue as q

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
        db, site, actor = session_of(url)
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
