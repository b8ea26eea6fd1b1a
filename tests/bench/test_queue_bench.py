"""The queue benchmark's honesty: what makes its figures fail, and what its floor does.

No timing is asserted here: these tests check which samples are taken, what fails a
figure and that the plain-SQL floor does the work the application does.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.infra import notify as queue_notify
from desktop.services import queue as q
from tests.helpers.counters import prepare_site, session_of
from tests.helpers.postgres import check_durable, cluster_for
from tests.helpers.queue_floor import sqlite_floor
from tests.helpers.queue_measure import Latency, calls_per_second, display_latency


@dataclass(eq=False)
class Counter:
    db: Any
    site: Any
    actor: Any
    counter: uuid.UUID
    service: uuid.UUID

    def issue(self) -> object:
        return q.issue_ticket(self.db, self.site.site_id, self.service)

    def call(self) -> object:
        return q.call_next(self.db, self.actor, self.counter).ticket.id

    def finish(self, ticket: object) -> object:
        assert isinstance(ticket, uuid.UUID)
        return q.finish(self.db, self.actor, self.counter, ticket, "servito")


def _open(path: Path) -> Counter:
    url = f"sqlite+pysqlite:///{path}"
    prepare_site(url)
    db, site, actor = session_of(url)
    return Counter(db, site, actor, next(c.id for c in site.counters if c.number == 1),
                   next(s.id for s in site.services if s.prefix == "A"))


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Counter]:
    opened = _open(tmp_path / "queue.sqlite")
    yield opened
    opened.db.dispose()


def _subscribe(counter: Counter, drop: Callable[[int], bool] = lambda _n: False
               ) -> Callable[[Callable[[uuid.UUID], None]], Callable[[], None]]:
    """Subscribe the display's listener in-process (SQLite); ``drop(n)`` loses the n-th."""
    def subscribe(callback: Callable[[uuid.UUID], None]) -> Callable[[], None]:
        delivered = [0]

        def listener(site: uuid.UUID) -> None:
            delivered[0] += 1
            if not drop(delivered[0]):
                callback(site)

        return queue_notify.subscribe(counter.db, listener)

    return subscribe


def test_a_dropped_notification_fails_the_latency_figure(counter: Counter) -> None:
    # Notifications arrive in the order issue, call, finish: the 5th is the 2nd call's.
    # The old benchmark waited out the timeout and counted the wait as a sample: with a
    # 0.2 s wait the lost call became a 200 ms sample and the figure passed (target 1 s).
    result = display_latency(_subscribe(counter, drop=lambda n: n == 5), counter.issue,
                             counter.call, counter.finish, samples=4, wait_s=0.2)
    assert result.lost == 1
    assert len(result.samples_ms) == 3  # the lost call is not a sample
    assert result.failed is not None  # the benchmark's latency figure carries it


def test_a_dropped_issue_notification_is_counted_too(counter: Counter) -> None:
    result = display_latency(_subscribe(counter, drop=lambda n: n == 1), counter.issue,
                             counter.call, counter.finish, samples=2, wait_s=0.2)
    assert result.lost == 1
    assert len(result.samples_ms) == 2
    assert result.failed is not None


def test_every_notification_delivered_loses_none(counter: Counter) -> None:
    result = display_latency(_subscribe(counter), counter.issue, counter.call,
                             counter.finish, samples=3, wait_s=5.0)
    assert result.lost == 0 and len(result.samples_ms) == 3
    assert result.failed is None


def test_the_clock_starts_before_call_next_is_invoked(counter: Counter) -> None:
    # The old benchmark started the clock after call_next returned (the commit), so the
    # call's own work was outside the figure.
    entered: list[float] = []

    def call() -> object:
        entered.append(time.perf_counter())
        return counter.call()

    result = display_latency(_subscribe(counter), counter.issue, call, counter.finish,
                             samples=3, wait_s=5.0)
    assert len(result.pressed) == len(entered) == 3
    assert all(p <= e for p, e in zip(result.pressed, entered, strict=True))


def test_no_sample_at_all_is_a_failure_not_a_fast_figure() -> None:
    latency = Latency((), 3, (), wait_s=0.2)
    assert latency.failed is not None
    assert latency.p95() == 200  # the wait, never 0 ms


def test_calls_per_second_refuses_a_run_that_skipped_or_repeated_tickets() -> None:
    good = {"called": ["a", "b"], "issued": ["A001", "B001"], "seconds": 2.0}
    assert calls_per_second(good, "floor") == 1.0
    with pytest.raises(RuntimeError):
        calls_per_second({**good, "called": ["a", "a"]}, "floor")
    with pytest.raises(RuntimeError):
        calls_per_second({**good, "issued": ["A001", "B001", "A002"]}, "floor")


def _table_summary(db: Any) -> dict[str, object]:
    from sqlalchemy import text

    with db.read() as session:
        def rows(sql: str) -> list[tuple[object, ...]]:
            return [tuple(r) for r in session.execute(text(sql))]

        return {
            "tickets": rows("SELECT code, status, outcome, recalls, "
                            "counter_id IS NOT NULL, called_at IS NOT NULL "
                            "FROM queue_ticket ORDER BY code"),
            # a call's reason is the policy's wording (aging, arrival): not compared
            "events": rows("SELECT t.code, e.seq, e.kind, e.counter_id IS NOT NULL, "
                           "e.operator_id IS NOT NULL, CASE WHEN e.kind = 'called' THEN '' "
                           "ELSE e.detail END FROM queue_ticket_event e "
                           "JOIN queue_ticket t ON t.id = e.ticket_id ORDER BY t.code, e.seq"),
            "estimates": rows("SELECT t.code, w.ahead, w.actual_minutes IS NOT NULL "
                              "FROM queue_wait_estimate w JOIN queue_ticket t "
                              "ON t.id = w.ticket_id ORDER BY t.code"),
            "numbers": rows("SELECT last_number FROM queue_ticket_number ORDER BY last_number"),
        }


def test_the_floor_does_the_same_durable_work(tmp_path: Path) -> None:
    app = _open(tmp_path / "app.sqlite")
    floor_side = _open(tmp_path / "floor.sqlite")
    floor = sqlite_floor(tmp_path / "floor.sqlite")
    try:
        pragmas = {p: floor.conn.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("journal_mode", "synchronous", "foreign_keys")}
        assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}
        start = dt.datetime.now(dt.UTC).replace(hour=8, minute=0)
        services = {side: [s.id for s in side.site.services if s.prefix in "AB"]
                    for side in (app, floor_side)}
        for i in range(6):
            at = start + dt.timedelta(minutes=i)
            q.issue_ticket(app.db, app.site.site_id, services[app][i % 2], now=at)
            floor.issue(floor_side.site.site_id, services[floor_side][i % 2], at)
        for i in range(3):
            at = start + dt.timedelta(minutes=10 + i)
            ticket = q.call_next(app.db, app.actor, app.counter, now=at).ticket
            q.finish(app.db, app.actor, app.counter, ticket.id, "servito", now=at)
            called = floor.call(floor_side.actor.id, floor_side.actor.role,
                                floor_side.site.site_id, floor_side.counter, at)
            assert called is not None
            floor.finish(floor_side.actor.id, floor_side.actor.role, floor_side.site.site_id,
                         floor_side.counter, called, at)
        # the last call stays open, to compare a called ticket too
        at = start + dt.timedelta(minutes=20)
        q.call_next(app.db, app.actor, app.counter, now=at)
        floor.call(floor_side.actor.id, floor_side.actor.role, floor_side.site.site_id,
                   floor_side.counter, at)
        assert _table_summary(floor_side.db) == _table_summary(app.db)
        # and the application reads the floor's rows as its own
        state = q.counter_state(floor_side.db, floor_side.counter, now=at)
        assert state.current is not None and state.current.code == "B002"
        assert len(state.waiting) == 2
    finally:
        floor.conn.close()
        app.db.dispose()
        floor_side.db.dispose()


def test_the_benchmark_cluster_is_durable_and_the_tests_one_is_refused() -> None:
    from tests.helpers.postgres import cluster

    with cluster(durable=True) as base:
        check_durable(base + "/postgres")
    with (cluster_for("the queue benchmark's durability check") as base,
          pytest.raises(RuntimeError, match="fsync=off")):
        check_durable(base + "/postgres")


def test_a_lost_notification_fails_the_printed_latency_figure() -> None:
    from bench.queue import latency_figures

    fast = (12.0, 14.0, 15.0)
    whole = Latency(samples_ms=fast, lost=0, pressed=(0.0, 0.1, 0.2))
    lossy = Latency(samples_ms=fast, lost=1, pressed=(0.0, 0.1, 0.2, 0.3))
    ok_latency, ok_lost = latency_figures(whole, "sqlite", None)
    bad_latency, bad_lost = latency_figures(lossy, "sqlite", None)
    assert ok_latency.ok and ok_lost.ok
    # same fast samples, one notification missing: both figures fail, the reason is printed
    assert bad_latency.ok is False and bad_lost.ok is False
    assert "never reached the display" in bad_latency.as_json()
