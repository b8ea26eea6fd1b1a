"""Scheduled backups: one a day, the newest N kept, each audited and restorable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from desktop.infra.database import Database, open_database
from desktop.models import Person
from desktop.services.security import audit
from desktop.services.security.backup import daily_backup, daily_backups, restore_database
from tests.helpers.storage import TEST_KEY


def codes(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Person.fiscal_code).order_by(Person.fiscal_code)))


def test_daily_backup_once_a_day_keeping_n(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    start = dt.date(2026, 11, 1)
    for offset in range(5):
        day = start + dt.timedelta(days=offset)
        assert daily_backup(demo_db, folder, keep=3, today=day) is not None
        assert daily_backup(demo_db, folder, keep=3, today=day) is None  # already done
    kept = [p.name for p in daily_backups(folder)]
    assert kept == ["daily-20261103.sqlite", "daily-20261104.sqlite", "daily-20261105.sqlite"]
    lines = [line for line in audit.recent(demo_db, _manager(demo_db), 20)
             if line.action == "backup"]
    assert len([line for line in lines if line.detail.startswith("scheduled")]) == 5


def test_backup_then_restore_gives_identical_content(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    before = codes(demo_db)
    result = daily_backup(demo_db, folder, keep=14)
    assert result is not None
    with demo_db.transaction() as session:
        session.query(Person).delete()
    demo_db.dispose()
    restore_database(demo_db.url, result.path, folder, demo_db.key)
    restored = open_database(demo_db.url, key=TEST_KEY)
    assert codes(restored) == before
    assert audit.verify(restored).ok
    restored.dispose()


def _manager(db: Database):  # type: ignore[no-untyped-def]
    from desktop.services.security.accounts import get_operator

    return get_operator(db, "demo")
