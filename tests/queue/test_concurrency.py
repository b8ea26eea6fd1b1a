"""Eight counter processes share one queue: every ticket called once, no number twice."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.queue import cluster, create_database, pg_bin, prepare_site, run_counters

TICKETS = 2000


def check(url: str) -> None:
    prepare_site(url)
    outcome = run_counters(url, processes=8, tickets=TICKETS)
    assert outcome["exit_codes"] == [0] * 8
    assert len(outcome["issued"]) == TICKETS
    assert len(set(outcome["issued"])) == TICKETS, "a ticket number was issued twice"
    assert len(outcome["called"]) == TICKETS
    assert len(set(outcome["called"])) == TICKETS, "a ticket was called twice"
    engine = create_engine(url)
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
    if pg_bin() is None:
        pytest.skip("PostgreSQL binaries not found (install Debian's 'postgresql' package): "
                    "the PostgreSQL concurrency test is skipped")
    with cluster() as base:
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

    from desktop.services import queue as q
    from desktop.services import queue_notify
    from desktop.services.centre import site_info
    from desktop.services.database import open_database

    url = create_database(postgres)
    prepare_site(url, counters=2)
    sender = open_database(url, migrate=False)
    receiver = open_database(url, migrate=False)
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
