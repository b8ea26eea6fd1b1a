"""A first sync's bulk insert stores what the mapped classes read back: each column's
values converted by its type, a value the rows share converted once."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.infra.database import open_database
from desktop.models.sync import EntityClock
from desktop.sync import bulk
from tests.helpers.storage import TEST_KEY


def test_rows_inserted_in_bulk_read_back_as_written(tmp_path: Path) -> None:
    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'bulk.sqlite'}", key=TEST_KEY)
    shared = {"mobile": "1764000000000.00000.region00"}
    rows: list[dict[str, Any]] = [
        {"kind": "person", "entity_id": uuid.UUID(int=n + 1),
         "fields": shared if n % 2 else {"name": f"c{n}"},
         "known": {"name": f"Nome {n}", "n": n}, "deleted": n == 2}
        for n in range(5)]
    try:
        with db.transaction() as session:
            bulk.insert_rows(session, "sync_entity_clock", rows)
        with db.read() as session:
            got = {c.entity_id: (c.fields, c.known, c.deleted)
                   for c in session.scalars(select(EntityClock))}
    finally:
        db.dispose()
    assert got == {r["entity_id"]: (r["fields"], r["known"], r["deleted"]) for r in rows}


def test_a_value_every_row_shares_is_converted_once() -> None:
    calls: list[object] = []

    def convert(value: object) -> str:
        calls.append(value)
        return f"<{value}>"

    now = dt.datetime(2026, 12, 5, 9, 30)
    assert bulk._bound([now] * 4, convert) == [f"<{now}>"] * 4
    assert calls == [now]
    calls.clear()
    assert bulk._bound([1, 2, 2], convert) == ["<1>", "<2>", "<2>"]
    assert len(calls) == 3
    assert bulk._bound(["a"], None) == ["a"]


def test_rows_are_joined_in_chunks_into_the_same_tuples() -> None:
    count = bulk.ROW_CHUNK * 2 + 7
    columns = [list(range(count)), [f"v{n}" for n in range(count)]]
    assert bulk._rows(columns) == [(n, f"v{n}") for n in range(count)]
