"""Correcting an existing record: same checks as a new one, no duplicate codes,
audited, and only the changed fields queued for the region."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.models.sync import OutboxEntry
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import (
    get_person,
    open_at_counter,
    register_person,
    update_person,
)
from tests.registration.conftest import FakeActor


def test_open_then_correct_the_mobile_and_domicile(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    opened = open_at_counter(db, clerk, person.id)
    assert opened.form.fiscal_code == "RSSMRA85T10A562S"
    assert opened.form.domicile_same and opened.form.privacy_acknowledged
    changed = replace(opened.form, mobile="347 0000001", domicile_same=False,
                      domicile_code="G999", domicile_address="Via Roma",
                      domicile_number="3", domicile_postcode="59100")
    update_person(db, clerk, person.id, changed)
    again = open_at_counter(db, clerk, person.id).form
    assert again.mobile == "3470000001"
    assert (again.domicile_same, again.domicile_code, again.domicile_postcode) == (
        False, "G999", "59100")
    with db.read() as session:
        actions = list(session.scalars(select(AuditEntry.action)
                                       .where(AuditEntry.target_id == str(person.id))))
        assert actions.count("person.update") == 1
        last = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
    assert last is not None and last.entity_id == person.id
    assert "mobile" in last.payload["fields"] and "surname" not in last.payload["fields"]


def test_bad_corrections_change_nothing(db: Database, clerk: FakeActor,
                                        mario_form: PersonForm) -> None:
    mario = register_person(db, clerk, mario_form)
    other = register_person(db, clerk, replace(
        mario_form, fiscal_code="VRDLGU80A01D612U", surname="Verdi", name="Luigi",
        birth_date=mario_form.birth_date.replace(year=1980, month=1, day=1),
        birthplace_code="D612"))
    form = open_at_counter(db, clerk, other.id).form
    with pytest.raises(ValidationError) as clash:
        update_person(db, clerk, other.id, replace(form, fiscal_code=mario.fiscal_code,
                                                   surname="Rossi", name="Mario",
                                                   birth_date=mario.birth_date,
                                                   birthplace_code="A562"))
    assert "unire" in clash.value.user_message
    with pytest.raises(ValidationError) as bad:
        update_person(db, clerk, other.id, replace(form, mobile="12", email="x@"))
    assert set(bad.value.fields) >= {"mobile", "email"}
    assert get_person(db, clerk, other.id).mobile == "3331234567"
