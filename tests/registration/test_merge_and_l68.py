"""Audited merge, and the permission guard on L. 68 enrolment data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.agreement import Agreement
from desktop.models.audit import AuditEntry
from desktop.models.person import Person
from desktop.models.references import person_references
from desktop.models.registration import PersonMerge
from desktop.services.firms.targeted_placement import enrol, read_enrolment
from desktop.services.people.merge import merge_people
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import PersonRecord, register_person, visits_of
from tests.registration.conftest import FakeActor


def two_records(db: Database, clerk: FakeActor,
                mario_form: PersonForm) -> tuple[PersonRecord, PersonRecord]:
    """Mario, and the same Mario registered again with a wrong birthplace in the code."""
    mario = register_person(db, clerk, mario_form)
    other = register_person(db, clerk, replace(
        mario_form, fiscal_code="RSSMRA85T10D612S", birthplace_code="D612"))
    return mario, other


def test_l68_data_needs_the_permission(db: Database, clerk: FakeActor,
                                       l68_officer: FakeActor, mario_form: PersonForm) -> None:
    mario = register_person(db, clerk, mario_form)
    with pytest.raises(PermissionDenied):
        enrol(db, clerk, mario.id, dt.date(2026, 1, 5), "disabile", 67)
    enrol(db, l68_officer, mario.id, dt.date(2026, 1, 5), "disabile", 67)
    with pytest.raises(PermissionDenied):
        read_enrolment(db, clerk, mario.id)
    enrolment = read_enrolment(db, l68_officer, mario.id)
    assert enrolment is not None and enrolment.disability_percent == 67
    with pytest.raises(ValidationError):
        enrol(db, l68_officer, mario.id, dt.date(2026, 1, 5), "disabile", 140)


def test_merge_moves_visits_and_is_audited(db: Database, clerk: FakeActor,
                                           mario_form: PersonForm) -> None:
    counsellor = FakeActor("op1", "operatore")
    mario, other = two_records(db, clerk, mario_form)
    with pytest.raises(PermissionDenied):
        merge_people(db, clerk, mario.id, other.id, "stessa persona")
    with pytest.raises(ValidationError):
        merge_people(db, counsellor, mario.id, other.id, "   ")
    merge_people(db, counsellor, mario.id, other.id, "stessa persona, CF errato")
    assert [v.kind for v in visits_of(db, clerk, mario.id)] == ["registration"] * 2
    with db.read() as session:
        audit = session.scalars(select(PersonMerge)).one()
    assert (audit.kept_id, audit.merged_id, audit.operator) == (mario.id, other.id, "op1")
    assert audit.merged_fiscal_code == "RSSMRA85T10D612S"


def test_merge_follows_every_foreign_key_to_person() -> None:
    tables = {table.name for table, _column, _unique in person_references()}
    assert {"agreement", "queue_ticket", "visit", "did"} <= tables
    unique = {table.name for table, _column, is_unique in person_references() if is_unique}
    assert "curriculum_profile" in unique


def test_merge_keeps_the_merged_records_agreement(db: Database, mario_form: PersonForm,
                                                  clerk: FakeActor) -> None:
    counsellor = FakeActor("op1", "operatore")
    mario, other = two_records(db, clerk, mario_form)
    with db.transaction() as session:
        session.add(Agreement(person_id=other.id, number="PATTO-1", centre_code="CPI1"))
    merge_people(db, counsellor, mario.id, other.id, "stessa persona")
    with db.read() as session:
        agreement = session.scalars(select(Agreement)).one()
        assert agreement.person_id == mario.id
        assert session.get(Person, other.id) is None
        assert session.scalars(select(AuditEntry.action)
                               .where(AuditEntry.action == "person.merge")).one()


def test_merge_keeps_the_kept_records_proposal_when_both_have_one(
        demo_db: Database, mario_form: PersonForm, clerk: FakeActor) -> None:
    """A proposal is unique per vacancy and person: when both records were proposed for
    the same vacancy, the kept record's proposal stays and the merge goes through."""
    from desktop.models.matching import Proposal, Vacancy

    counsellor = FakeActor("op1", "operatore")
    mario, other = two_records(demo_db, clerk, mario_form)
    with demo_db.transaction() as session:
        vacancy = session.scalars(select(Vacancy.id)).first()
        assert vacancy is not None
        session.add(Proposal(vacancy_id=vacancy, person_id=mario.id, score=0.7))
        session.add(Proposal(vacancy_id=vacancy, person_id=other.id, score=0.4))
    merge_people(demo_db, counsellor, mario.id, other.id, "stessa persona")
    with demo_db.read() as session:
        rows = session.scalars(select(Proposal).where(Proposal.vacancy_id == vacancy)).all()
        assert [(p.person_id, p.score) for p in rows if p.person_id in (mario.id, other.id)] \
            == [(mario.id, 0.7)]
