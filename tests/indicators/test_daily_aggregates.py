"""Daily aggregates: built from the indicators, queued once, summed by the regional server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from desktop.infra.database import Database, open_database
from desktop.models.sync import OutboxEntry
from desktop.services.actions.daily_aggregates import KIND, day_figures, queue_days
from desktop.services.actions.indicators import compute
from desktop.values.indicators import Period
from tests.helpers.storage import TEST_KEY
from tests.indicators.conftest import AS_OF, MANAGER, seed_known
from tests.sync.conftest import Client, ServerThread

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    running = ServerThread(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}")
    yield running
    running.stop()


def test_a_day_holds_only_numbers(db: Database) -> None:
    seed_known(db)
    with db.read() as session:
        figures = day_figures(session, "S1", dt.date(2025, 3, 1), 30)
    assert figures["dids"] == 1 and figures["actions_by_measure"] == {"FOR": 1}
    assert figures["placements"] == 1  # P2 hired from the proposal on 1/3
    flat = str(figures)
    assert "P2" not in flat and "TSTPRS" not in flat


def test_unchanged_days_are_queued_once(db: Database) -> None:
    seed_known(db)
    first = queue_days(db, MANAGER, "S1", *YEAR)
    assert first > 0
    assert queue_days(db, MANAGER, "S1", *YEAR) == 0
    with db.read() as session:
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.kind == KIND)).all()
    assert len(entries) == first
    assert {e.payload["fields"]["site_code"] for e in entries} == {"S1"}


def test_the_region_sums_the_sites(tmp_path: Path, server: ServerThread) -> None:
    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'centre.sqlite'}", key=TEST_KEY)
    try:
        seed_known(db)
        for site in ("S1", "S2"):
            queue_days(db, MANAGER, site, *YEAR)
        client = Client("centre", db, server.store.create_workstation("centre", site="S1,S2"),
                        server.url)
        client.sync()
        assert client.pending() == 0
        answer = requests.get(f"{server.url}/v1/aggregates", timeout=10, params={
            "date_from": "2025-01-01", "date_to": "2025-12-31"},
            headers={"Authorization": f"Bearer {client.token}"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        local = compute(db, MANAGER, Period(*YEAR), as_of=AS_OF)
        assert body["sites"] == 2
        totals = body["totals"]
        assert totals["actions"] == local.actions.total == 6
        assert totals["placements"] == local.placements.placements == 4
        assert totals["dids"] == 7  # DIDs, not people: P1 declared twice in 2025
        assert totals["actions_by_measure"]["ORB"] == 2
        assert body["by_site"]["S1"]["actions"] == 4
        assert totals["mean_wait_minutes"] == pytest.approx(local.queue.mean_wait, abs=0.01)
        refused = requests.get(f"{server.url}/v1/aggregates", timeout=10, params={
            "date_from": "2025-01-01", "date_to": "2025-12-31"})
        assert refused.status_code == 401
    finally:
        db.dispose()
