"""What the counter lists of a person: DID, patto measures, actions and placements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models.agreement import Agreement
from desktop.services.actions import ActionForm, PlacementForm, record_action, record_placement
from desktop.services.actions.person_card import person_actions
from tests.indicators.conftest import COUNSELLOR


def test_the_overview_lists_the_patto_measures_and_what_was_recorded(
        demo_db: Database) -> None:
    with demo_db.read() as session:
        person_id = session.scalars(select(Agreement.person_id)).first()
    assert person_id is not None
    before = person_actions(demo_db, COUNSELLOR, person_id)
    assert before.agreement_number and before.measures and before.did_date is not None
    assert all(m.kind for m in before.measures)
    day = max(before.did_date, dt.date.today() - dt.timedelta(days=1))
    record_action(demo_db, COUNSELLOR, ActionForm(person_id, "ORB", day, hours=1.5))
    record_placement(demo_db, COUNSELLOR, PlacementForm(
        person_id, "apprendistato", day, employer_name="Forno Bianchi"))
    after = person_actions(demo_db, COUNSELLOR, person_id)
    assert len(after.actions) == len(before.actions) + 1
    assert len(after.placements) == len(before.placements) + 1
    recorded = [p for p in after.placements if p.employer_name == "Forno Bianchi"]
    assert [(p.start_date, p.contract_type) for p in recorded] == [(day, "apprendistato")]
