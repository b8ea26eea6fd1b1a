"""The floor of the sync benchmark's first sync: the same snapshot pages over plain
HTTP, written with plain ``executemany`` into the same encrypted schema, one
transaction a page (see bench/sync.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests


def floor_first_sync(path: Path, key: str, server_url: str, token: str, page: int) -> float:
    """The same snapshot pages over plain HTTP into the same encrypted schema with plain
    executemany, one transaction per page; returns its seconds."""
    from desktop.infra.database import connect_file, open_database
    from desktop.models.person import phone_key, search_key
    from desktop.sync.bulk import SNAPSHOT_CACHE_KIB
    from desktop.sync.registry import PERSON_FIELDS

    open_database(f"sqlite+pysqlite:///{path}", key=key).dispose()  # the schema: untimed
    # the columns a synced person carries; the schema's defaults fill the others
    columns = ["id", "created_at", "updated_at", "search_key", "mobile_key",
               *sorted(PERSON_FIELDS)]
    conn = connect_file(path, key=key)
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA cache_size=-{SNAPSHOT_CACHE_KIB}")  # as the app's apply
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'person_fts_ai'"
                           ).fetchone()[0]
    # the column names are the model's own, not input
    person_sql = (f"INSERT INTO person ({', '.join(columns)}) "  # noqa: S608
                  f"VALUES ({', '.join('?' * len(columns))})")
    clock_sql = ("INSERT INTO sync_entity_clock (kind, entity_id, fields, known, deleted) "
                 "VALUES ('person', ?, ?, ?, 0)")
    record_sql = "INSERT INTO sync_record (kind, entity_id, data) VALUES ('vacancy', ?, ?)"
    http = requests.Session()
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip",
               "Accept-Encoding": "gzip", "Authorization": f"Bearer {token}"}

    def fetch(stream: str, after: str) -> dict[str, Any]:
        body = gzip.compress(json.dumps({"stream": stream, "after": after,
                                         "limit": page}).encode(), 5)
        answer = http.post(f"{server_url}/v1/snapshot", data=body, headers=headers, timeout=60)
        answer.raise_for_status()
        return dict(answer.json())

    def person_row(item: dict[str, Any], now: str) -> tuple[Any, ...]:
        f = item["fields"]
        values = {**f, "id": uuid.UUID(item["id"]).hex, "created_at": now,
                  "updated_at": now, "search_key": search_key(f["surname"], f["name"]),
                  "mobile_key": phone_key(f["mobile"]), "email": f["email"].strip().lower()}
        return tuple(values[c] for c in columns)

    start = time.perf_counter()
    with ThreadPoolExecutor(1) as prefetch:
        for stream in ("people", "vacancies"):
            future: Future[dict[str, Any]] | None = prefetch.submit(fetch, stream, "")
            while future is not None:
                answer = future.result()
                future = (prefetch.submit(fetch, stream, answer["after"])
                          if answer["has_more"] else None)
                items = answer["items"]
                now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
                conn.execute("BEGIN IMMEDIATE")
                if stream == "people":
                    # the names indexed with one statement, not a trigger per row
                    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM person"
                                          ).fetchone()[0]
                    conn.execute("DROP TRIGGER person_fts_ai")
                    conn.executemany(person_sql, [person_row(i, now) for i in items])
                    conn.execute("INSERT INTO person_fts (person_id, search_key) "
                                 "SELECT id, search_key FROM person WHERE rowid > ?", (before,))
                    conn.execute(trigger)
                    conn.executemany(clock_sql, [
                        (uuid.UUID(i["id"]).hex, json.dumps(i["clocks"]),
                         json.dumps(i["fields"])) for i in items])
                else:
                    conn.executemany(record_sql, [
                        (uuid.UUID(i["id"]).hex, json.dumps(i["fields"])) for i in items])
                conn.execute("INSERT OR REPLACE INTO sync_cursor (stream, version, "
                             "snapshot_after, snapshot_done, snapshot_total, snapshot_read) "
                             "VALUES (?, 0, ?, ?, 0, 0)",
                             (stream, answer["after"], not answer["has_more"]))
                conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    http.close()
    conn.close()
    return elapsed
