"""A bulk import leaves the same trail as people registered one by one: audit lines in
the hash chain and outbox rows with their entity clocks, in the same transaction."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.infra.database import Database, open_database
from desktop.models import Person
from desktop.models.audit import AuditEntry
from desktop.models.sync import EntityClock, OutboxEntry
from desktop.services.people import person_import
from desktop.services.people.person_import import import_rows
from desktop.services.security import audit
from desktop.sync import outbox
from desktop.sync.registry import person_fields
from tests.helpers.people import csv_people
from tests.helpers.storage import TEST_KEY
from tests.registration.conftest import FakeActor


@pytest.fixture
def clerk() -> FakeActor:
    return FakeActor("sportello1", "sportello")


def test_imported_people_are_audited_and_queued_batch_by_batch(
        db: Database, clerk: FakeActor, monkeypatch: pytest.MonkeyPatch) -> None:
    with db.transaction() as session:  # a chain and an outbox that already have entries
        audit.record(session, clerk, "login", "operator", clerk.id)
        outbox.record(session, "person", uuid.uuid4(), "delete", {})
    monkeypatch.setattr(person_import, "BATCH", 2)  # five people: three batches
    report = import_rows(db, clerk, csv_people(5))
    assert report.ok and report.imported == 5
    with db.read() as session:
        people = {p.id: p for p in session.scalars(select(Person))}
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        queued = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        clocks = {c.entity_id: c for c in session.scalars(select(EntityClock))}
        shared = {pid: person_fields(p) for pid, p in people.items()}
    assert audit.verify(db).ok
    assert [e.seq for e in entries] == list(range(1, 7))
    assert [(e.action, e.target_type, e.operator_username) for e in entries[1:]] == [
        ("person.create", "person", "sportello1")] * 5
    assert {e.target_id for e in entries[1:]} == {str(pid) for pid in people}
    assert [e.seq for e in queued] == list(range(1, 7)), "gap-free sequence numbers"
    readings = [e.hlc for e in queued]
    assert readings == sorted(readings) and len(set(readings)) == 6
    for entry in queued[1:]:
        assert (entry.kind, entry.op, entry.status) == ("person", "upsert", "pending")
        fields = shared[entry.entity_id]
        assert entry.payload == {"fields": fields, "base": dict.fromkeys(fields, "")}
        clock = clocks[entry.entity_id]
        assert clock.known == fields
        assert clock.fields == dict.fromkeys(fields, entry.hlc)
    with db.read() as session:
        assert outbox.client_row(session).last_seq == 6


def one_by_one(tmp_path: Path, fields: dict[str, Any], entity_id: uuid.UUID
               ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """What outbox.record writes for the same new person (the reference)."""
    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'reference.sqlite'}", key=TEST_KEY)
    try:
        with db.transaction() as session:
            outbox.record(session, "person", entity_id, "upsert", fields)
        with db.read() as session:
            entry = session.scalars(select(OutboxEntry)).one()
            clock = session.get(EntityClock, ("person", entity_id))
            assert clock is not None
            return entry.payload, clock.known, {k: "" for k in clock.fields}
    finally:
        db.dispose()


def test_bulk_rows_equal_what_outbox_record_writes(db: Database, clerk: FakeActor,
                                                   tmp_path: Path) -> None:
    assert import_rows(db, clerk, csv_people(1)).ok
    with db.read() as session:
        person = session.scalars(select(Person)).one()
        entry = session.scalars(select(OutboxEntry)).one()
        clock = session.get(EntityClock, ("person", person.id))
        fields = person_fields(person)
    assert clock is not None
    payload, known, clock_keys = one_by_one(tmp_path, fields, person.id)
    assert entry.payload == payload
    assert clock.known == known
    assert {k: "" for k in clock.fields} == clock_keys


def test_a_rejected_file_leaves_no_trail(db: Database, clerk: FakeActor) -> None:
    rows = csv_people(3)
    rows[2]["fiscal_code"] = "RSSMRA85T10A562X"  # wrong check character
    report = import_rows(db, clerk, rows)
    assert not report.ok and report.imported == 0
    with db.read() as session:
        assert session.scalars(select(AuditEntry)).first() is None
        assert session.scalars(select(OutboxEntry)).first() is None
        assert session.scalars(select(Person)).first() is None
