"""Recording actions and placements: validation, the patto link, the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.models.sync import OutboxEntry
from desktop.services.actions import (
    ActionForm,
    PlacementForm,
    actions_of_person,
    placements_of_person,
    record_action,
    record_placement,
)
from tests.indicators.conftest import COUNSELLOR, FRONT_DESK, MANAGER, Known

TODAY = dt.date(2026, 1, 10)


def test_an_action_is_linked_to_the_persons_patto(db: Database, known: Known) -> None:
    record = record_action(db, COUNSELLOR, ActionForm(
        known.people["P1"], "ORS", dt.date(2026, 1, 9), hours=2, provider="CPI"),
        site_code="S1", today=TODAY)
    assert record.agreement_id == known.agreements["P1"]
    assert record.operator == "couns" and record.site_code == "S1"
    assert record in actions_of_person(db, COUNSELLOR, known.people["P1"])
    with db.read() as session:
        kinds = [e.kind for e in session.scalars(select(OutboxEntry))]
    assert "action" in kinds


def test_an_action_without_a_patto_is_recorded_without_one(db: Database, known: Known) -> None:
    record = record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", dt.date(2026, 1, 9)), site_code="S1", today=TODAY)
    assert record.agreement_id is None


def test_another_persons_patto_is_refused(db: Database, known: Known) -> None:
    with pytest.raises(ValidationError):
        record_action(db, COUNSELLOR, ActionForm(
            known.people["P3"], "ORB", dt.date(2026, 1, 9),
            agreement_id=known.agreements["P1"]), today=TODAY)


def test_the_form_is_checked_before_anything_is_written(db: Database, known: Known) -> None:
    before = actions_of_person(db, COUNSELLOR, known.people["P1"])
    with pytest.raises(ValidationError) as err:
        record_action(db, COUNSELLOR, ActionForm(
            known.people["P1"], "XXX", dt.date(2026, 2, 1), hours=-1, outcome="boh"),
            today=TODAY)
    assert set(err.value.fields) == {"measure_code", "delivered_on", "hours", "outcome"}
    assert actions_of_person(db, COUNSELLOR, known.people["P1"]) == before
    assert len(before) == 4


def test_front_desk_cannot_record_actions(db: Database, known: Known) -> None:
    with pytest.raises(PermissionDenied):
        record_action(db, FRONT_DESK, ActionForm(known.people["P1"], "ORB", TODAY),
                      today=TODAY)


def test_a_placement_entered_by_hand(db: Database, known: Known) -> None:
    record = record_placement(db, MANAGER, PlacementForm(
        known.people["P5"], "apprendistato", dt.date(2026, 1, 5),
        employer_name="Officina Rossi"), site_code="S2")
    assert (record.source, record.employer_name, record.proposal_id) == (
        "diretto", "Officina Rossi", None)
    with pytest.raises(ValidationError) as err:
        record_placement(db, MANAGER, PlacementForm(known.people["P5"], "boh", None))
    assert set(err.value.fields) == {"contract_type", "start_date", "employer"}


# -- bad input: one sentence per field, nothing written ------------------------------------


def _written(db: Database) -> tuple[int, int, int, int]:
    """Actions, placements, outbox rows and audit lines in the database."""
    from desktop.models.actions import Action, Placement
    from desktop.models.audit import AuditEntry

    with db.read() as session:
        return tuple(len(session.scalars(select(model)).all())  # type: ignore[return-value]
                     for model in (Action, Placement, OutboxEntry, AuditEntry))


def _refused(db: Database, call: Callable[[], object]) -> dict[str, str]:
    before = _written(db)
    with pytest.raises(ValidationError) as err:
        call()
    assert _written(db) == before
    for message in err.value.fields.values():
        assert message and message.endswith(".")
    return err.value.fields


def test_an_action_dated_before_the_did_is_refused(db: Database, known: Known) -> None:
    # P3's DID in force is of 20/11/2025.
    fields = _refused(db, lambda: record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", dt.date(2025, 11, 19), hours=1), today=TODAY))
    assert set(fields) == {"delivered_on"}
    assert "20/11/2025" in fields["delivered_on"]
    assert record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", dt.date(2025, 11, 20), hours=1), today=TODAY)


def test_an_action_in_the_future_is_refused(db: Database, known: Known) -> None:
    fields = _refused(db, lambda: record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", TODAY + dt.timedelta(days=1), hours=1), today=TODAY))
    assert set(fields) == {"delivered_on"}


def test_an_action_for_a_person_without_a_did_is_refused(db: Database, known: Known) -> None:
    with db.transaction() as session:
        person = Person(fiscal_code="NODIDX80A01H501Z", fiscal_code_base="NODIDX80A01H501Z",
                        surname="Senza", name="Did", sex="M", birth_date=dt.date(1980, 1, 1),
                        birthplace_code="H501", citizenship="italiana")
        session.add(person)
        session.flush()
        person_id = person.id
    fields = _refused(db, lambda: record_action(db, COUNSELLOR, ActionForm(
        person_id, "ORB", dt.date(2026, 1, 9), hours=1), today=TODAY))
    assert set(fields) == {"person"}
    assert "DID" in fields["person"]


@pytest.mark.parametrize("hours", [-0.5, 24.5, 120.0])
def test_hours_outside_one_day_are_refused(db: Database, known: Known, hours: float) -> None:
    fields = _refused(db, lambda: record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", dt.date(2026, 1, 9), hours=hours), today=TODAY))
    assert set(fields) == {"hours"}


def test_one_persons_actions_of_a_day_add_up_to_24_hours_at_most(
        db: Database, known: Known) -> None:
    day = dt.date(2026, 1, 8)
    record_action(db, COUNSELLOR, ActionForm(known.people["P3"], "FOR", day, hours=20),
                  today=TODAY)
    fields = _refused(db, lambda: record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", day, hours=4.5), today=TODAY))
    assert set(fields) == {"hours"}
    assert "20" in fields["hours"] and "08/01/2026" in fields["hours"]
    # Another person's hours, and another day, do not count.
    record_action(db, COUNSELLOR, ActionForm(known.people["P1"], "ORB", day, hours=8),
                  today=TODAY)
    record_action(db, COUNSELLOR, ActionForm(known.people["P3"], "ORB",
                                             day + dt.timedelta(days=1), hours=8), today=TODAY)
    assert record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", day, hours=4), today=TODAY).hours == 4


def test_a_recorded_action_leaves_its_audit_line_and_outbox_row(
        db: Database, known: Known) -> None:
    before = _written(db)
    record = record_action(db, COUNSELLOR, ActionForm(
        known.people["P3"], "ORB", dt.date(2026, 1, 9), hours=1), today=TODAY)
    actions, placements, outbox_rows, audit_lines = _written(db)
    assert (actions, placements, outbox_rows, audit_lines) == (
        before[0] + 1, before[1], before[2] + 1, before[3] + 1)
    with db.read() as session:
        entry = session.scalars(select(OutboxEntry).where(
            OutboxEntry.entity_id == record.id)).one()
    assert entry.kind == "action"


def _placement(known: Known, **changes: object) -> PlacementForm:
    base = PlacementForm(known.people["P3"], "determinato", dt.date(2026, 1, 5),
                         employer_name="Officina Rossi")
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "field"), [
    ({"contract_type": "in_nero"}, "contract_type"),
    ({"start_date": None}, "start_date"),
    ({"start_date": dt.date(2025, 11, 19)}, "start_date"),
    ({"employer_name": "   "}, "employer"),
])
def test_a_bad_placement_is_refused(db: Database, known: Known,
                                    changes: dict[str, object], field: str) -> None:
    fields = _refused(db, lambda: record_placement(db, MANAGER, _placement(known, **changes)))
    assert set(fields) == {field}


def test_a_recorded_placement_leaves_its_audit_line_and_outbox_row(
        db: Database, known: Known) -> None:
    before = _written(db)
    record = record_placement(db, COUNSELLOR, _placement(known))
    assert record.start_date == dt.date(2026, 1, 5)
    assert _written(db) == (before[0], before[1] + 1, before[2] + 1, before[3] + 1)
    assert record in placements_of_person(db, COUNSELLOR, known.people["P3"])
