"""Registration leaves its trace: an audit entry for every read and change, and an
outbox mutation so the new person reaches the regional server."""

from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import get_person, record_lookup, register_person
from desktop.services.security import audit
from desktop.sync import outbox
from tests.registration.conftest import FakeActor


def actions(db: Database, person_id: object) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_id == str(person_id)).order_by(AuditEntry.seq)))


def test_create_read_and_lookup_are_audited_with_identifiers_only(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    get_person(db, clerk, person.id)
    record_lookup(db, clerk, person.id)
    assert actions(db, person.id) == ["person.create", "person.read", "person.read"]
    with db.read() as session:
        details = session.scalars(select(AuditEntry.detail)).all()
    assert all(person.surname not in d and person.fiscal_code not in d for d in details)
    assert audit.verify(db).ok


def test_a_new_person_is_queued_for_the_region(db: Database, clerk: FakeActor,
                                               mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    with db.read() as session:
        assert outbox.is_pending(session, "person", person.id)
