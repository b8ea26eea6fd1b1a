"""The sync benchmark is honest: a blocked GUI thread shows in the stall figure (also
at the very end of the measured span), a first sync that fails gives no figure, and
the floor does the same durable work as the app. Tests of the meters and the floor,
not timed tests of the app."""

from __future__ import annotations

import json
import random
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.demo import organisation
from desktop.demo.context import SeedContext
from desktop.infra.database import connect_file
from desktop.models.base import Base
from tests.helpers.storage import TEST_KEY
from tests.helpers.sync_floor import floor_first_sync
from tests.helpers.sync_page import StallMeter, first_sync_on_page
from tests.sync.conftest import (  # noqa: F401 - fixtures
    Client,
    ServerThread,
    make_client,
    server,
    server_url,
)


def test_the_stall_meter_reports_a_blocked_gui_thread(qtbot: QtBot) -> None:
    meter = StallMeter(period_ms=10)
    meter.start()
    qtbot.wait(50)  # the heartbeat turns
    time.sleep(0.2)  # the GUI thread blocked: no tick can run
    qtbot.wait(50)
    meter.stop()
    assert len(meter.gaps) >= 3
    assert meter.longest_ms >= 150


def test_the_stall_meter_counts_a_block_at_the_end(qtbot: QtBot) -> None:
    meter = StallMeter(period_ms=10)
    meter.start()
    qtbot.wait(30)
    time.sleep(0.2)  # blocked up to the end of the measured span: no tick after it
    meter.stop()
    assert meter.longest_ms >= 150


def test_a_failed_first_sync_gives_no_figure(qapp, tmp_path: Path, db,  # type: ignore[no-untyped-def]
                                             server: ServerThread) -> None:  # noqa: F811
    with db.transaction() as session:
        organisation.seed(SeedContext(session, random.Random(1), None, people=0))
    with pytest.raises(RuntimeError, match="first sync failed"):
        first_sync_on_page(tmp_path / "home", db, server.url, "a-token-the-region-never-issued")


def _rows(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(json.loads(v) if isinstance(v, str) and v[:1] == "{" else v for v in row)
            for row in conn.execute(sql).fetchall()]


def test_the_floor_leaves_the_same_rows_as_the_app(make_client: Any, server: ServerThread,  # noqa: F811
                                                   tmp_path: Path) -> None:
    """The floor does the app's durable work, no less: the same people (every column
    but the timestamps), name index, field clocks and vacancy records."""
    origin: Client = make_client("origin")
    for n in range(70):  # two pages of 50
        origin.register(f"BNCLRA80A01H5{n:02d}Z", surname=f"D'Àngelo{n}", name="Laura",
                        mobile=f"+39 333 000 {n:04d}")
    origin.sync()
    with sqlite3.connect(tmp_path / "server.sqlite") as conn:  # the region's vacancies
        conn.executemany("INSERT INTO entity (kind, id, fields, clocks, deleted, version) "
                         "VALUES ('vacancy', ?, ?, '{}', 0, 0)",
                         [(uuid.uuid4().hex, json.dumps({"title": f"Offerta {n}"}))
                          for n in range(60)])
    app: Client = make_client("app")
    app.sync()
    app.db.dispose()
    floor_first_sync(tmp_path / "floor.sqlite", TEST_KEY, server.url, app.token, page=50)

    columns = [c.name for c in Base.metadata.tables["person"].columns
               if c.name not in ("created_at", "updated_at")]
    queries = [f"SELECT {', '.join(columns)} FROM person ORDER BY id",  # noqa: S608
               "SELECT person_id, search_key FROM person_fts ORDER BY person_id",
               "SELECT kind, entity_id, fields, known, deleted FROM sync_entity_clock "
               "ORDER BY entity_id",
               "SELECT kind, entity_id, data FROM sync_record ORDER BY entity_id"]
    found = []
    for path in (tmp_path / "app.sqlite", tmp_path / "floor.sqlite"):
        conn = connect_file(path, key=TEST_KEY)
        found.append([_rows(conn, sql) for sql in queries])
        conn.close()
    people, names, clocks, records = found[0]
    assert (len(people), len(names), len(clocks), len(records)) == (70, 70, 70, 60)
    assert found[1] == found[0]
