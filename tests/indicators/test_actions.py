"""Recording actions and placements: validation, the patto link, the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import PermissionDenied, ValidationError
from desktop.models.sync import OutboxEntry
from desktop.services.actions import (
    ActionForm,
    PlacementForm,
    actions_of_person,
    record_action,
    record_placement,
)
from desktop.services.database import Database
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
