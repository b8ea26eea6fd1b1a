"""bench/indicators.py: the one-site figure is compared with a one-site floor."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bench.indicators import SITES, fill, floor_counts, manager_account
from desktop.infra.database import open_database
from desktop.services.actions.indicators import compute
from desktop.values.indicators import Period


@pytest.mark.plain_sqlite  # the benchmark's scratch file, filled with raw sqlite3
def test_one_site_floor_counts_that_site_only(tmp_path: Path) -> None:
    path = tmp_path / "region.sqlite"
    db = open_database(f"sqlite+pysqlite:///{path}", tmp_path / "backups", plain=True)
    try:
        actor = manager_account(db)
        fill(path, 400, 900, 0.01)
        raw = sqlite3.connect(path)
        try:
            everyone = floor_counts(raw, "2025-01-01", "2025-12-31")
            by_site = [floor_counts(raw, "2025-01-01", "2025-12-31", s) for s in SITES]
        finally:
            raw.close()
        assert everyone[:2] == [900, 400]  # actions, DIDs of the year
        # Each table's rows split among the sites: the one-site floor filters by site
        # (the old one counted every site's rows for the one-site figure too).
        assert [sum(column) for column in zip(*by_site, strict=True)] == everyone
        assert all(one[i] < everyone[i] for one in by_site for i in range(4))
        shown = compute(db, actor, Period.year(2025, SITES[1]), as_of=dt.date(2026, 3, 1))
        assert (shown.actions.total, shown.people.total) == tuple(by_site[1][:2])
    finally:
        db.dispose()
