"""The figures the dashboard benchmark times, against the rows themselves.

bench/indicators.py times compute() on the region its filler writes; here the filler
writes a small one (it lives in bench, hence this test in tests/bench); recalls,
calls never finished and undone events are added to its queue. Each indicator whose
query groups in the database is then recomputed here, row by row in Python with the
application's own definitions (queue_state.timings for the queue), and the two must
give the same figures, for all sites and for one site.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.indicators import SITES, fill, manager_account
from desktop.infra.database import Database, connect_file, open_database
from desktop.services.actions.indicators import (
    actions_delivered,
    compute,
    patto_deadline,
)
from desktop.services.actions.people_indicator import people_in_charge
from desktop.services.queue.state import Event, timings
from desktop.values.indicators import Period
from tests.helpers.storage import TEST_KEY

AS_OF = dt.date(2026, 3, 1)
STANDARD = 30


@pytest.fixture
def region(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    path = tmp_path / "region.sqlite"
    db = open_database(f"sqlite+pysqlite:///{path}", tmp_path / "backups", key=TEST_KEY)
    fill(path, 300, 900, 0.01, TEST_KEY)
    _vary_the_queue(path)
    yield db, path
    db.dispose()


def _vary_the_queue(path: Path) -> None:
    """Recalls, calls never finished and undone starts, on a few tickets each."""
    rng = random.Random(23)
    raw = connect_file(path, key=TEST_KEY)
    with raw:
        tickets = [r[0] for r in raw.execute("SELECT id FROM queue_ticket ORDER BY id")]
        for tid in rng.sample(tickets, 40):
            raw.execute("DELETE FROM queue_ticket_event WHERE ticket_id = ? AND kind IN "
                        "('started', 'finished')", (tid,))
        for tid in rng.sample(tickets, 40):
            (last,) = raw.execute("SELECT max(at) FROM queue_ticket_event WHERE ticket_id = ?",
                                  (tid,)).fetchone()
            seq = raw.execute("SELECT max(seq) FROM queue_ticket_event WHERE ticket_id = ?",
                              (tid,)).fetchone()[0]
            later = dt.datetime.fromisoformat(last) + dt.timedelta(minutes=7)
            # A second call after the service: the first call still decides the wait.
            raw.execute("INSERT INTO queue_ticket_event (id, ticket_id, seq, kind, at, "
                        "detail, ref) VALUES (?,?,?, 'called', ?, '', '')",
                        (uuid.uuid4().hex, tid, seq + 1, str(later)))
        for tid in rng.sample(tickets, 15):
            found = raw.execute("SELECT seq, at FROM queue_ticket_event WHERE ticket_id = ? "
                                "AND kind = 'called' ORDER BY seq LIMIT 1", (tid,)).fetchone()
            if found is None:
                continue
            seq = raw.execute("SELECT max(seq) FROM queue_ticket_event WHERE ticket_id = ?",
                              (tid,)).fetchone()[0]
            raw.execute("INSERT INTO queue_ticket_event (id, ticket_id, seq, kind, at, "
                        "detail, ref) VALUES (?,?,?, 'undo', ?, '', ?)",
                        (uuid.uuid4().hex, tid, seq + 1, found[1], str(found[0])))
    raw.close()


def _rows(path: Path, sql: str, *params: Any) -> list[Any]:
    raw = connect_file(path, key=TEST_KEY)
    try:
        return list(raw.execute(sql, params).fetchall())
    finally:
        raw.close()


def _queue_by_rows(path: Path, site: str | None) -> tuple[int, int, int, Any, Any, Any]:
    events: dict[str, list[Event]] = defaultdict(list)
    for tid, seq, kind, at, ref in _rows(
            path, "SELECT e.ticket_id, e.seq, e.kind, e.at, e.ref FROM queue_ticket_event e "
            "JOIN queue_ticket t ON t.id = e.ticket_id "
            "WHERE t.day BETWEEN '2025-01-01' AND '2025-12-31' "
            "AND (? IS NULL OR t.site_id = (SELECT id FROM site WHERE code = ?))", site, site):
        events[tid].append(Event(seq, kind, dt.datetime.fromisoformat(at), ref=ref))
    found = [timings(log) for log in events.values()]
    waits = [t.wait_minutes for t in found if t.wait_minutes is not None]
    services = [t.service_minutes for t in found if t.service_minutes is not None]
    return (len(found), len(waits), sum(1 for t in found if t.finished_at is not None),
            round(sum(waits) / len(waits), 2) if waits else None,
            round(sum(services) / len(services), 2) if services else None,
            round(sum(1 for w in waits if w <= STANDARD) / len(waits), 4) if waits else None)


def _firms_by_rows(path: Path, site: str | None) -> int:
    year = ("2025-01-01", "2025-12-31")
    served = {e for e, s in _rows(path, "SELECT employer_id, site_code FROM vacancy "
                                  "WHERE opened_on BETWEEN ? AND ?", *year)
              if site in (None, s)}
    served |= {e for e, s in _rows(path, "SELECT employer_id, site_code FROM placement "
                                   "WHERE start_date BETWEEN ? AND ? AND employer_id IS NOT "
                                   "NULL", *year) if site in (None, s)}
    return len(served)


@pytest.mark.parametrize("site", [None, SITES[0], SITES[1]])
def test_the_grouped_queue_and_firms_match_the_rows(region: tuple[Database, Path],
                                                    site: str | None) -> None:
    db, path = region
    shown = compute(db, manager_account(db), Period.year(2025, site),
                    standard_minutes=STANDARD, as_of=AS_OF)
    q = shown.queue
    expected = _queue_by_rows(path, site)
    if site != SITES[1]:  # the filler's queue belongs to the first site
        assert expected[0] > 500 and expected[1] < expected[0]  # the variations are there
    assert (q.tickets, q.called, q.served) == expected[:3]
    for got, want in zip((q.mean_wait, q.mean_service, q.within_standard), expected[3:],
                         strict=True):
        assert got == (None if want is None else pytest.approx(want, abs=0.011))
    assert shown.firms.firms == _firms_by_rows(path, site) > 0


@pytest.mark.parametrize("site", [None, SITES[0]])
def test_the_split_counts_add_up_to_the_whole(region: tuple[Database, Path],
                                              site: str | None) -> None:
    """compute() counts people, actions and patti in parts on two connections: the
    parts add up to what one query over the whole period gives."""
    db, _path = region
    period = Period.year(2025, site)
    shown = compute(db, manager_account(db), period, standard_minutes=STANDARD, as_of=AS_OF)
    with db.read() as session:
        whole = (people_in_charge(session, period), actions_delivered(session, period),
                 patto_deadline(session, period, AS_OF))
    assert (shown.people, shown.actions, shown.patti) == whole
    assert whole[0].total > 0 and whole[1].total > 0 and whole[2].dids > 0
