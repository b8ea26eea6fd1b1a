"""bench/registration.py: its checks can fail, and its import floor writes the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.registration import (
    INSERT,
    Mismatch,
    added_rows,
    check_samples,
    floor_import,
    new_database,
    person_rows,
    raw_connection,
    samples,
    table_marks,
)
from desktop.services.people.person_import import import_rows
from desktop.services.security import audit
from tests.helpers.storage import TEST_KEY


def test_the_sample_check_fails_for_a_person_the_lookup_does_not_find(tmp_path: Path) -> None:
    """The old check asserted that a normalised code is not empty: always true. Now the
    lookup must find the very person each omocode was made from."""
    db, actor = new_database(tmp_path, "people.sqlite", TEST_KEY)
    rows = person_rows(300)
    raw = raw_connection(tmp_path / "people.sqlite", TEST_KEY)
    try:
        raw.execute("BEGIN")
        raw.executemany(INSERT, rows)
        raw.execute("COMMIT")
        check_samples(db, actor, raw, rows[:10], *samples(rows[:10]))  # the same answers
        stranger = person_rows(1, seed=12345)
        with pytest.raises(Mismatch, match="did not find"):
            check_samples(db, actor, raw, stranger, *samples(stranger))
    finally:
        raw.close()
        db.dispose()


def test_the_import_floor_writes_exactly_the_rows_the_import_wrote(tmp_path: Path) -> None:
    fresh = person_rows(40, seed=99)
    db, actor = new_database(tmp_path, "import.sqlite", TEST_KEY)
    floor_db, _actor = new_database(tmp_path, "floor.sqlite", TEST_KEY)
    raw = raw_connection(tmp_path / "import.sqlite", TEST_KEY)
    marks = table_marks(raw)
    report = import_rows(db, actor, [
        {"fiscal_code": str(r[1]), "surname": str(r[3]), "name": str(r[4]),
         "residence_code": "D612", "residence_address": "Via Roma", "residence_number": "1",
         "residence_postcode": "50122", "mobile": str(r[9]), "email": str(r[11])}
        for r in fresh])
    assert report.ok and report.imported == 40
    tables = added_rows(raw, marks)
    assert {"person", "audit_entry", "sync_outbox", "sync_entity_clock"} <= set(tables)
    floor = raw_connection(tmp_path / "floor.sqlite", TEST_KEY)
    try:
        floor_import(floor, tables, defer_fts=False)
        for name in ("person", "audit_entry", "sync_outbox", "sync_entity_clock"):
            query = f"SELECT * FROM {name} ORDER BY rowid"  # noqa: S608
            assert floor.execute(query).fetchall() == raw.execute(query).fetchall(), name
        fts = "SELECT person_id FROM person_fts WHERE person_fts MATCH ? ORDER BY person_id"
        word = f'"{str(fresh[0][3]).lower()}"'
        assert floor.execute(fts, (word,)).fetchall() == raw.execute(fts, (word,)).fetchall()
    finally:
        floor.close()
        raw.close()
    assert audit.verify(floor_db).ok  # the floor's audit lines chain as the import's
    db.dispose()
    floor_db.dispose()
