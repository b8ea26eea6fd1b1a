"""Queue benchmark: issuing and calling tickets, against the same work in plain SQL.

Figures, each beside its floor measured in the same run on the same number of samples:

- ``issue_p95_ms_sqlite_2000`` and ``call_next_p95_ms_sqlite_2000``: p95 of issuing the
  2,000 tickets of a busy day and of calling them (target 10 ms), on an encrypted SQLite
  file with the application's pragmas (WAL, ``synchronous=FULL``: every commit reaches the
  disk);
- ``calls_per_s_postgres_8_processes``: eight counter processes calling and finishing
  tickets at once on PostgreSQL with fsync on (target >= 150 calls/s), and
  ``calls_per_s_postgres_share_of_floor``: that figure over the floor's (target >= 1/3,
  "within 3x of the same cycle in plain SQL");
- ``display_latency_p95_ms_postgres``: from the moment the operator presses "call next"
  (the clock starts *before* ``call_next`` is invoked) to the moment the display's
  listener receives the notification (target 1 s); ``display_notifications_lost_postgres``
  counts the notifications that never arrived (target 0). A lost notification fails the
  latency figure too: it is never counted as a sample.

The floor (``tests.helpers.queue_floor``) is the cheapest correct way to do the same
work: the same driver (sqlcipher3 with the same key and pragmas; psycopg), the same
schema and rows (the ticket, its log event, the wait estimate, the number upsert), one
transaction per action with the same checks (service open; operator's account and role;
counter neither paused nor busy), the same three candidates the policy weighs (oldest
normal, oldest priority, appointments around now; ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL) and the same ``pg_notify``, written as plain SQL with no application layer.
On SQLite it runs on a second file prepared like the first, interleaved action by action
with the application so both see the same load; on PostgreSQL on a second database of
the same cluster, with the same eight processes and tickets. The floor's latency uses a
bare psycopg ``LISTEN``.

PostgreSQL runs durable (``cluster(durable=True)``: fsync, synchronous_commit and
full_page_writes on, checked with ``SHOW`` before measuring). The benchmark needs no
root and creates no user: run as an ordinary user the throwaway cluster is that user's;
run as root (a container) it belongs to the existing ``nobody`` account (checked: the
whole benchmark also runs under ``runuser -u nobody``).

The throwaway cluster, the counter processes, the floor and the latency measure are the
tests' own helpers (``tests.helpers.postgres``, ``counters``, ``queue_floor``,
``queue_measure``: ``tests/bench`` checks them): the benchmarks run from a source
checkout, never from the installed package.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench.harness import Figure, percentile
from tests.helpers.counters import prepare_site, run_counters, session_of
from tests.helpers.postgres import check_durable, cluster, create_database, pg_bin
from tests.helpers.queue_floor import floor_worker, postgres_floor, sqlite_floor
from tests.helpers.queue_measure import Latency, Subscriber, calls_per_second, display_latency

DAY_TICKETS = 2000
SQLITE_TARGET_MS = 10.0
CALLS_TARGET = 150.0
#: "Within 3x of the same cycle written in plain SQL".
SHARE_OF_FLOOR_TARGET = 1 / 3
LATENCY_TARGET_MS = 1000.0
FLOOR = ("the same issue/call/finish cycle in plain SQL through the same driver, "
         "pragmas and durability, same rows and checks, same run")


def figure(metric: str, value: float, unit: str, baseline: float | None,
           target: float | None, direction: str = "max", failed: str | None = None) -> Figure:
    """A queue Figure; ``failed`` (a reason) makes it fail whatever its value."""
    return Figure("queue", metric, value, unit, baseline, target, direction,
                  floor=FLOOR, failed=failed)


# -- display latency ----------------------------------------------------------------------


def latency_figures(result: Latency, where: str, baseline: Latency | None) -> list[Figure]:
    """The latency figure (failed when any notification was lost) and the lost count."""
    return [
        figure(f"display_latency_p95_ms_{where}", result.p95(), "ms",
               baseline.p95() if baseline else None, LATENCY_TARGET_MS, failed=result.failed),
        figure(f"display_notifications_lost_{where}", float(result.lost), "notifications",
               None, 0.0),
    ]


# -- SQLite -------------------------------------------------------------------------------


def _sqlite_figures(quick: bool, folder: Path) -> list[Figure]:
    from desktop.services import queue as q

    url = f"sqlite+pysqlite:///{folder / 'bench.sqlite'}"
    floor_url = f"sqlite+pysqlite:///{folder / 'floor.sqlite'}"
    prepare_site(url)
    prepare_site(floor_url)
    # The floor's file has its own organisation (its own ids), read the same way.
    floor_db, floor_site, floor_actor = session_of(floor_url)
    floor_db.dispose()
    floor_services = [s.id for s in floor_site.services if s.prefix in "AB"]
    floor_counter = next(c.id for c in floor_site.counters if c.number == 1)
    floor = sqlite_floor(folder / "floor.sqlite")
    db, site, actor = session_of(url)
    app_issue: list[float] = []
    app_call: list[float] = []
    floor_issue: list[float] = []
    floor_call: list[float] = []
    try:
        services = [s.id for s in site.services if s.prefix in "AB"]
        counter = next(c.id for c in site.counters if c.number == 1)
        start = dt.datetime.now(dt.UTC).replace(hour=7, minute=0)
        # Application and floor interleaved, action by action: the same load for both.
        for i in range(DAY_TICKETS):
            at = start + dt.timedelta(seconds=8 * i)
            t0 = time.perf_counter()
            q.issue_ticket(db, site.site_id, services[i % 2], now=at)
            app_issue.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            floor.issue(floor_site.site_id, floor_services[i % 2], at)
            floor_issue.append((time.perf_counter() - t0) * 1000)
        now = start + dt.timedelta(seconds=8 * DAY_TICKETS)
        for i in range(100 if quick else 400):
            at = now + dt.timedelta(seconds=i)
            t0 = time.perf_counter()
            ticket = q.call_next(db, actor, counter, now=at).ticket
            app_call.append((time.perf_counter() - t0) * 1000)
            q.finish(db, actor, counter, ticket.id, "servito", now=at)
            t0 = time.perf_counter()
            called = floor.call(floor_actor.id, floor_actor.role, floor_site.site_id,
                                floor_counter, at)
            floor_call.append((time.perf_counter() - t0) * 1000)
            if called is None:
                raise RuntimeError("the floor found no ticket to call")
            floor.finish(floor_actor.id, floor_actor.role, floor_site.site_id, floor_counter,
                         called, at)
    finally:
        db.dispose()
        floor.conn.close()
    return [
        figure(f"issue_p95_ms_sqlite_{DAY_TICKETS}", percentile(app_issue, 95), "ms",
               percentile(floor_issue, 95), SQLITE_TARGET_MS),
        figure(f"call_next_p95_ms_sqlite_{DAY_TICKETS}", percentile(app_call, 95), "ms",
               percentile(floor_call, 95), SQLITE_TARGET_MS),
    ]


# -- PostgreSQL ---------------------------------------------------------------------------


def _raw_listen(url: str, callback: Subscriber) -> Callable[[], None]:
    """The floor's display: a bare psycopg LISTEN in a thread; returns its stop."""
    import psycopg

    from desktop.infra.notify import libpq_conninfo

    stop, ready = threading.Event(), threading.Event()

    def run() -> None:
        with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
            conn.execute("LISTEN sportello_queue")
            ready.set()
            while not stop.is_set():
                for note in conn.notifies(timeout=0.2, stop_after=1):
                    callback(uuid.UUID(note.payload))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the floor's listener did not connect")

    def stop_listening() -> None:
        stop.set()
        thread.join(5)

    return stop_listening


def _app_latency(url: str, samples: int) -> Latency:
    from desktop.infra import notify as queue_notify
    from desktop.infra.database import open_database
    from desktop.services import queue as q
    from tests.helpers.storage import TEST_KEY

    # The display PC: its own engine and URL, so only the LISTEN path reaches it (the
    # counter's in-process delivery goes to subscribers of the counter's URL).
    display = open_database(url, migrate=False, key=TEST_KEY)
    display.url = url + "?application_name=display"
    listener = queue_notify.PostgresListener(display).start()
    db, site, actor = session_of(url)
    try:
        if not listener.connected.wait(10):
            raise RuntimeError("the display's listener did not connect")
        counter = next(c.id for c in site.counters if c.number == 1)
        service = next(s.id for s in site.services if s.prefix == "A")

        def call() -> object:
            return q.call_next(db, actor, counter).ticket.id

        def finish(ticket: object) -> object:
            assert isinstance(ticket, uuid.UUID)
            return q.finish(db, actor, counter, ticket, "servito")

        return display_latency(lambda cb: queue_notify.subscribe(display, cb),
                               lambda: q.issue_ticket(db, site.site_id, service), call,
                               finish, samples)
    finally:
        listener.stop()
        db.dispose()
        display.dispose()


def _floor_latency(url: str, samples: int) -> Latency:
    db, site, actor = session_of(url)
    db.dispose()
    floor = postgres_floor(url)
    counter = next(c.id for c in site.counters if c.number == 1)
    service = next(s.id for s in site.services if s.prefix == "A")

    def finish(ticket: object) -> object:
        assert isinstance(ticket, uuid.UUID)
        floor.finish(actor.id, actor.role, site.site_id, counter, ticket,
                     dt.datetime.now(dt.UTC))
        return None

    try:
        return display_latency(
            lambda cb: _raw_listen(url, cb),
            lambda: floor.issue(site.site_id, service, dt.datetime.now(dt.UTC)),
            lambda: floor.call(actor.id, actor.role, site.site_id, counter,
                               dt.datetime.now(dt.UTC)),
            finish, samples)
    finally:
        floor.conn.close()


def _postgres_figures(quick: bool) -> list[Figure]:
    tickets = 800 if quick else 2000
    samples = 10 if quick else 30
    with cluster(durable=True) as base:
        check_durable(base + "/postgres")
        app_url, floor_url = create_database(base), create_database(base)
        prepare_site(app_url)
        prepare_site(floor_url)
        floor_rate = calls_per_second(run_counters(floor_url, 8, tickets, worker=floor_worker),
                                  "floor")
        app_rate = calls_per_second(run_counters(app_url, 8, tickets), "application")
        floor_latency = _floor_latency(floor_url, samples)
        app_latency = _app_latency(app_url, samples)
    return [
        figure("calls_per_s_postgres_8_processes", app_rate, "calls/s", floor_rate,
               CALLS_TARGET, "min"),
        figure("calls_per_s_postgres_share_of_floor", app_rate / floor_rate, "x", None,
               round(SHARE_OF_FLOOR_TARGET, 3), "min"),
        *latency_figures(app_latency, "postgres", floor_latency),
    ]


def run(quick: bool = False) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="sportello-bench-queue-") as folder:
        figures = _sqlite_figures(quick, Path(folder))
    if pg_bin() is None:
        print("queue: PostgreSQL binaries not found; PostgreSQL figures skipped", flush=True)
        return figures
    return figures + _postgres_figures(quick)
