"""Eight counter processes share one queue: every ticket called once, no number twice."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.helpers.counters import prepare_site, run_counters
from tests.helpers.postgres import cluster_for, create_database
from tests.helpers.storage import TEST_KEY

TICKETS = 2000


def check(url: str) -> None:
    prepare_site(url)
    outcome = run_counters(url, processes=8, tickets=TICKETS)
    assert outcome["exit_codes"] == [0] * 8
    assert len(outcome["issued"]) == TICKETS
    assert len(set(outcome["issued"])) == TICKETS, "a ticket number was issued twice"
    assert len(outcome["called"]) == TICKETS
    assert len(set(outcome["called"])) == TICKETS, "a ticket was called twice"
    from desktop.models.engine import is_sqlite, make_engine

    engine = make_engine(url, key=TEST_KEY if is_sqlite(url) else None)
    try:
        with engine.connect() as conn:
            calls = conn.execute(text(
                "SELECT ticket_id, COUNT(*) FROM queue_ticket_event WHERE kind = 'called' "
                "GROUP BY ticket_id")).all()
            statuses = Tally(r[0] for r in conn.execute(text("SELECT status FROM queue_ticket")))
    finally:
        engine.dispose()
    assert len(calls) == TICKETS and {n for _t, n in calls} == {1}
    assert statuses == {"finished": TICKETS}


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_eight_counters_on_sqlite(tmp_path: Path) -> None:
    check(f"sqlite+pysqlite:///{tmp_path / 'queue.sqlite'}")


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with cluster_for("the PostgreSQL concurrency test") as base:
        yield base


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(1200)
def test_eight_counters_on_postgresql(postgres: str) -> None:
    check(create_database(postgres))


@pytest.mark.postgres
def test_postgresql_notifies_other_connections(postgres: str) -> None:
    import threading
    import uuid

    from desktop.infra import notify as queue_notify
    from desktop.infra.database import open_database
    from desktop.services import queue as q
    from desktop.services.organisation.centre import site_info

    url = create_database(postgres)
    prepare_site(url, counters=2)
    sender = open_database(url, migrate=False, key=TEST_KEY)
    receiver = open_database(url, migrate=False, key=TEST_KEY)
    # A second Database object with another URL string stands for another PC.
    receiver.url = url + "?application_name=display"
    heard = threading.Event()
    got: list[uuid.UUID] = []
    queue_notify.subscribe(receiver, lambda site: (got.append(site), heard.set()))
    listener = queue_notify.PostgresListener(receiver).start()
    try:
        assert listener.connected.wait(10)
        site = site_info(sender)
        q.issue_ticket(sender, site.site_id, site.services[0].id)
        assert heard.wait(5)
        assert got[0] == site.site_id
    finally:
        listener.stop()
        sender.dispose()
        receiver.dispose()


@pytest.mark.postgres
def test_a_connection_dropped_while_idle_is_replaced(postgres: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The database restarted (or the LAN dropped) while the counter PC was idle: the next
    action must get a fresh connection, not fail on the dead one left in the pool."""
    from desktop.models import engine as engine_module
    from desktop.models.engine import make_engine

    url = create_database(postgres)
    engine = make_engine(url)
    admin = create_engine(url)
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    finally:
        engine.dispose()
        admin.dispose()


@pytest.mark.postgres
def test_a_busy_connection_is_not_checked_before_each_use(postgres: str) -> None:
    """Back-to-back actions reuse the pooled connection without a liveness round trip."""
    import psycopg

    from desktop.models.engine import make_engine

    sent: list[str] = []

    class CountingCursor(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
            sent.append(str(query))
            return super().execute(query, *args, **kwargs)

    engine = make_engine(create_database(postgres))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        raw = engine.raw_connection()
        raw.driver_connection.cursor_factory = CountingCursor
        raw.close()
        for _ in range(3):
            with engine.connect() as conn:
                conn.execute(text("SELECT 2"))
        assert sent == ["SELECT 2"] * 3
    finally:
        engine.dispose()
