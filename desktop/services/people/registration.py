"""Registering a walk-in: validate the SAP record, save it with a visit, declare the DID.

Validation is a pure function (:func:`validate_person`) the form calls as the operator
types, and the service calls again before saving: one transaction per save, so a
person is saved with its visit, or nothing is.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, fields

from sqlalchemy import select

from desktop.documents.privacy_notice import privacy_notice_version
from desktop.errors import BrokenInvariant, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.person import Person
from desktop.models.registration import Visit
from desktop.services.people.fiscal_code import check, normalise_input

#: Citizenships (as recorded, Italian adjective) that need no residence permit: EU/EEA/CH.
from desktop.services.people.person_form import PersonForm, validate_person
from desktop.services.reference.places import place_at
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require
from desktop.sync import outbox
from desktop.sync.registry import person_fields


@dataclass(frozen=True)
class PersonRecord:
    id: uuid.UUID
    fiscal_code: str
    fiscal_code_base: str
    surname: str
    name: str
    sex: str
    birth_date: dt.date
    birthplace_code: str
    birthplace_name: str
    birthplace_province: str
    citizenship: str
    residence: str
    mobile: str
    email: str
    privacy_version: str

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.name}"


def person_record(person: Person) -> PersonRecord:
    residence = ""
    if person.residence_town:
        residence = (f"{person.residence_address} {person.residence_number}, "
                     f"{person.residence_postcode} {person.residence_town} "
                     f"({person.residence_province})")
    return PersonRecord(
        person.id, person.fiscal_code, person.fiscal_code_base, person.surname, person.name,
        person.sex, person.birth_date, person.birthplace_code, person.birthplace_name,
        person.birthplace_province, person.citizenship, residence, person.mobile,
        person.email, person.privacy_version)


def _fill(person: Person, form: PersonForm) -> None:
    cf = check(form.fiscal_code)
    person.fiscal_code = normalise_input(form.fiscal_code)
    person.fiscal_code_base = cf.normalized
    for name in ("surname", "name", "sex", "birth_date", "birthplace_code", "citizenship",
                 "marital_status", "residence_code", "residence_address", "residence_number",
                 "residence_postcode", "domicile_same", "mobile", "phone", "email", "pec",
                 "permit_type", "permit_number", "permit_expiry", "permit_reason",
                 "permit_questura", "delegate_name", "delegate_fiscal_code",
                 "delegate_relation"):
        setattr(person, name, getattr(form, name))
    if form.birth_date is None:
        raise BrokenInvariant("form.birth_date is missing")
    birthplace = place_at(form.birthplace_code, form.birth_date)
    person.birthplace_name = birthplace.name if birthplace else ""
    person.birthplace_province = birthplace.province if birthplace else ""
    residence = place_at(form.residence_code, None)
    person.residence_town = residence.name if residence else ""
    person.residence_province = residence.province if residence else ""
    if form.domicile_same:
        for part in ("code", "address", "number", "postcode"):
            setattr(person, f"domicile_{part}", getattr(form, f"residence_{part}"))
        person.domicile_town, person.domicile_province = (
            person.residence_town, person.residence_province)
    else:
        for part in ("code", "address", "number", "postcode"):
            setattr(person, f"domicile_{part}", getattr(form, f"domicile_{part}"))
        domicile = place_at(form.domicile_code, None)
        person.domicile_town = domicile.name if domicile else ""
        person.domicile_province = domicile.province if domicile else ""
    person.mobile = form.mobile.replace(" ", "")


def _checked(raw: PersonForm) -> tuple[PersonForm, str]:
    """The cleaned form and the codice fiscale as held (an omocode stays one), or the
    errors of every field."""
    form = raw.cleaned()
    result = validate_person(form)
    if not result.ok:
        raise ValidationError(
            _("The record cannot be saved: {count} field(s) to fix.").format(
                count=len(result.errors)), result.errors)
    return form, normalise_input(form.fiscal_code)


def register_person(db: Database, actor: AuditActor, raw: PersonForm, *,
                    reason: str = "A", site_code: str = "") -> PersonRecord:
    """Save a new person and the registration visit in one transaction."""
    require(actor, Permission.PERSON_WRITE, db)
    form, code = _checked(raw)
    with db.transaction() as session:
        existing = session.scalars(
            select(Person.id).where(Person.fiscal_code == code)).first()
        if existing is not None:
            raise ValidationError(
                _("A person with this codice fiscale is already registered: open the "
                  "existing record."), {"fiscal_code": _("Already registered.")})
        person = Person(privacy_version=privacy_notice_version(),
                        privacy_acknowledged_at=utcnow())
        _fill(person, form)
        session.add(person)
        session.flush()
        session.add(Visit(person_id=person.id, kind="registration", reason=reason,
                          operator=actor.username, site_code=site_code))
        session.flush()
        audit.record(session, actor, "person.create", "person", person.id)
        outbox.record(session, "person", person.id, "upsert", person_fields(person))
        return person_record(person)


def get_person(db: Database, actor: AuditActor, person_id: uuid.UUID) -> PersonRecord:
    require(actor, Permission.PERSON_READ, db)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        audit.record(session, actor, "person.read", "person", person.id)
        return person_record(person)


def record_lookup(db: Database, actor: AuditActor, person_id: uuid.UUID, *, reason: str = "A",
                  site_code: str = "") -> PersonRecord:
    """The operator opened an existing person at the counter: record the visit."""
    return open_at_counter(db, actor, person_id, reason=reason, site_code=site_code).record


def form_of(person: Person) -> PersonForm:
    """The stored record as the form shows it, for editing."""
    values = {f.name: getattr(person, f.name) for f in fields(PersonForm)
              if f.name != "privacy_acknowledged"}
    return PersonForm(**values, privacy_acknowledged=person.privacy_acknowledged_at is not None)


@dataclass(frozen=True)
class OpenedPerson:
    """A person opened at the counter: the summary and the editable record."""

    record: PersonRecord
    form: PersonForm


def open_at_counter(db: Database, actor: AuditActor, person_id: uuid.UUID, *,
                    reason: str = "A", site_code: str = "") -> OpenedPerson:
    """Like :func:`record_lookup`, and also return the record as a form to edit."""
    require(actor, Permission.PERSON_READ, db)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        session.add(Visit(person_id=person.id, kind="lookup", reason=reason,
                          operator=actor.username, site_code=site_code))
        audit.record(session, actor, "person.read", "person", person.id)
        return OpenedPerson(person_record(person), form_of(person))


def update_person(db: Database, actor: AuditActor, person_id: uuid.UUID,
                  raw: PersonForm) -> PersonRecord:
    """Correct an existing record (same checks as a new one); the region gets the changes."""
    require(actor, Permission.PERSON_WRITE, db)
    form, code = _checked(raw)
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        clash = session.scalars(select(Person.id).where(
            Person.fiscal_code == code, Person.id != person_id)).first()
        if clash is not None:
            raise ValidationError(
                _("Another person already has this codice fiscale: if they are the same "
                  "person, merge the two records."),
                {"fiscal_code": _("Already registered.")})
        _fill(person, form)
        session.flush()
        audit.record(session, actor, "person.update", "person", person.id)
        outbox.record(session, "person", person.id, "upsert", person_fields(person))
        return person_record(person)


@dataclass(frozen=True)
class VisitInfo:
    id: uuid.UUID
    at: dt.datetime
    kind: str
    reason: str
    operator: str


def visits_of(db: Database, actor: Actor, person_id: uuid.UUID) -> list[VisitInfo]:
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        rows = session.scalars(select(Visit).where(Visit.person_id == person_id)
                               .order_by(Visit.at)).all()
        return [VisitInfo(v.id, v.at, v.kind, v.reason, v.operator) for v in rows]
