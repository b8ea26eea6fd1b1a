"""Registering a walk-in: validate the SAP record, save it with a visit, declare the DID.

Validation is a pure function (:func:`validate_person`) the form calls as the operator
types, and the service calls again before saving: one transaction per save, so a
person is saved with its visit, or nothing is.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, fields, replace

from sqlalchemy import select

from desktop.documents.privacy import privacy_notice_version
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.person import Person
from desktop.models.registration import Visit
from desktop.services.people.did import DidForm as DidForm  # the DID lives there; kept importable
from desktop.services.people.did import DidInForce as DidInForce
from desktop.services.people.did import DidRecord as DidRecord
from desktop.services.people.did import declare_did as declare_did
from desktop.services.people.did import validate_did as validate_did
from desktop.services.people.fiscal_code import FiscalCodeCheck, check, mismatches, normalise_input
from desktop.services.people.places import caps_of, place_at, places_with_code
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require
from desktop.sync import outbox
from desktop.sync.registry import person_fields

#: Citizenships (as recorded, Italian adjective) that need no residence permit: EU/EEA/CH.
EU_CITIZENSHIPS = frozenset({
    "italiana", "austriaca", "belga", "bulgara", "cipriota", "croata", "danese", "estone",
    "finlandese", "francese", "tedesca", "greca", "irlandese", "lettone", "lituana",
    "lussemburghese", "maltese", "olandese", "polacca", "portoghese", "ceca", "rumena",
    "slovacca", "slovena", "spagnola", "svedese", "ungherese", "islandese",
    "norvegese", "liechtensteinese", "svizzera", "sammarinese",
})

_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*[.]?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9]{6,15}$")
_CAP = re.compile(r"^[0-9]{5}$")
_LIMITS = {"surname": 100, "name": 100, "citizenship": 60, "residence_address": 200,
           "residence_number": 20, "domicile_address": 200, "domicile_number": 20,
           "email": 200, "pec": 200, "permit_type": 60, "permit_number": 30,
           "permit_reason": 100, "permit_questura": 100, "delegate_name": 200,
           "delegate_relation": 60, "marital_status": 30}


@dataclass(frozen=True)
class PersonForm:
    """What the registration form holds, as typed (strings) or chosen."""

    fiscal_code: str = ""
    surname: str = ""
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    birthplace_code: str = ""
    citizenship: str = "italiana"
    marital_status: str = ""
    residence_code: str = ""
    residence_address: str = ""
    residence_number: str = ""
    residence_postcode: str = ""
    domicile_same: bool = True
    domicile_code: str = ""
    domicile_address: str = ""
    domicile_number: str = ""
    domicile_postcode: str = ""
    mobile: str = ""
    phone: str = ""
    email: str = ""
    pec: str = ""
    permit_type: str = ""
    permit_number: str = ""
    permit_expiry: dt.date | None = None
    permit_reason: str = ""
    permit_questura: str = ""
    delegate_name: str = ""
    delegate_fiscal_code: str = ""
    delegate_relation: str = ""
    privacy_acknowledged: bool = False

    def cleaned(self) -> PersonForm:
        """Strings stripped, codes uppercased, e-mails lowercased."""
        changes: dict[str, str] = {}
        for name, upper, lower in _STRING_FIELDS:
            value = getattr(self, name)
            if not value:
                continue
            new = " ".join(value.split())
            if upper:
                new = new.upper()
            elif lower:
                new = new.lower()
            if new != value:
                changes[name] = new
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]


#: (name, uppercase?, lowercase?) of the form's text fields, for ``cleaned``.
_STRING_FIELDS = tuple(
    (f.name, f.name.endswith("code"), f.name in ("email", "pec"))
    for f in fields(PersonForm) if f.type in ("str", str))


@dataclass(frozen=True)
class FormCheck:
    errors: dict[str, str]
    warnings: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def needs_permit(citizenship: str) -> bool:
    return bool(citizenship) and citizenship.strip().lower() not in EU_CITIZENSHIPS


def is_minor(birth_date: dt.date | None, today: dt.date) -> bool:
    if birth_date is None:
        return False
    return (today.year - birth_date.year
            - ((today.month, today.day) < (birth_date.month, birth_date.day))) < 18


def _check_address(form: PersonForm, prefix: str, errors: dict[str, str]) -> None:
    code = getattr(form, f"{prefix}_code")
    current = place_at(code, dt.date.today()) if code else None
    if not code:
        errors[f"{prefix}_code"] = _("Choose the comune.")
    elif current is None or current.foreign:
        errors[f"{prefix}_code"] = _("This is not a current Italian comune.")
    if not getattr(form, f"{prefix}_address"):
        errors[f"{prefix}_address"] = _("The address is required.")
    if not getattr(form, f"{prefix}_number"):
        errors[f"{prefix}_number"] = _("The street number is required.")
    cap = getattr(form, f"{prefix}_postcode")
    if not _CAP.match(cap):
        errors[f"{prefix}_postcode"] = _("The CAP has 5 digits.")
    elif code and f"{prefix}_code" not in errors:
        caps = caps_of(code)
        if caps and cap not in caps:
            errors[f"{prefix}_postcode"] = _("The CAP {cap} does not belong to this comune "
                                             "(valid: {valid}).").format(
                cap=cap, valid=", ".join(caps[:4]) + (" …" if len(caps) > 4 else ""))


def validate_person(raw: PersonForm, today: dt.date | None = None, *,
                    cleaned: bool = False, cf: FiscalCodeCheck | None = None) -> FormCheck:
    """Every field's problem as an Italian sentence (errors block, warnings inform).

    ``cleaned`` says the form is already :meth:`PersonForm.cleaned`; ``cf`` passes a
    check of its code already made (the bulk import avoids doing both twice).
    """
    today = today or dt.date.today()
    form = raw if cleaned else raw.cleaned()
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for name, limit in _LIMITS.items():
        value = getattr(form, name)
        if len(value) > limit:
            errors[name] = _("Too long: at most {limit} characters.").format(limit=limit)
    cf = cf if cf is not None else check(form.fiscal_code, today)
    if not cf.valid:
        errors["fiscal_code"] = cf.errors[0]
    elif cf.warnings:
        warnings["fiscal_code"] = cf.warnings[0]
    for name, label in (("surname", _("The surname")), ("name", _("The name"))):
        value = getattr(form, name)
        if not value:
            errors[name] = _("{field} is required.").format(field=label)
        elif name not in errors and not _NAME.match(value):
            errors[name] = _("{field} may hold only letters, spaces, apostrophes and "
                             "hyphens.").format(field=label)
    if form.sex not in ("M", "F"):
        errors["sex"] = _("Choose the sex (M or F).")
    if form.birth_date is None:
        errors["birth_date"] = _("The birth date is required.")
    elif form.birth_date > today:
        errors["birth_date"] = _("The birth date is in the future.")
    elif form.birth_date.year < 1900:
        errors["birth_date"] = _("The birth date is before 1900.")
    if not form.birthplace_code:
        errors["birthplace"] = _("Choose the comune or foreign state of birth.")
    elif form.birth_date is not None and "birth_date" not in errors:
        if not places_with_code(form.birthplace_code):
            warnings["birthplace"] = _("This birthplace is not in the tables: check it.")
        elif place_at(form.birthplace_code, form.birth_date) is None:
            errors["birthplace"] = _("This comune did not exist on the birth date: choose "
                                     "the one valid then.")
    if not form.citizenship:
        errors["citizenship"] = _("The citizenship is required.")
    _check_address(form, "residence", errors)
    if not form.domicile_same:
        _check_address(form, "domicile", errors)
    if not form.mobile:
        errors["mobile"] = _("The mobile number is required.")
    elif not _PHONE.match(form.mobile.replace(" ", "")):
        errors["mobile"] = _("A phone number has 6 to 15 digits (a leading + allowed).")
    if form.phone and not _PHONE.match(form.phone.replace(" ", "")):
        errors["phone"] = _("A phone number has 6 to 15 digits (a leading + allowed).")
    for name in ("email", "pec"):
        value = getattr(form, name)
        if value and name not in errors and not _EMAIL.match(value):
            errors[name] = _("This is not an e-mail address (name@domain.it).")
    if needs_permit(form.citizenship):
        for name in ("permit_type", "permit_number", "permit_reason", "permit_questura"):
            if not getattr(form, name):
                errors[name] = _("Required for non-EU citizens.")
        if form.permit_expiry is None:
            errors["permit_expiry"] = _("Required for non-EU citizens.")
        elif form.permit_expiry < today:
            warnings["permit_expiry"] = _("The residence permit has expired.")
    if is_minor(form.birth_date, today):
        if not form.delegate_name:
            errors["delegate_name"] = _("A minor acts through a delegate: name required.")
        delegate_cf = check(form.delegate_fiscal_code, today)
        if not delegate_cf.valid:
            errors["delegate_fiscal_code"] = delegate_cf.errors[0]
    if not form.privacy_acknowledged:
        errors["privacy"] = _("The person must acknowledge the privacy notice.")
    if cf.valid and not errors.keys() & {"surname", "name", "sex", "birth_date"}:
        for name, message in mismatches(
                cf, surname=form.surname, name=form.name, sex=form.sex,
                birth_date=form.birth_date, birthplace_code=form.birthplace_code).items():
            warnings.setdefault(name, message)
    return FormCheck(errors, warnings)


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
    assert form.birth_date is not None
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
    require(actor, Permission.PERSON_WRITE)
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
    require(actor, Permission.PERSON_READ)
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
    require(actor, Permission.PERSON_READ)
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
    require(actor, Permission.PERSON_WRITE)
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
    require(actor, Permission.PERSON_READ)
    with db.read() as session:
        rows = session.scalars(select(Visit).where(Visit.person_id == person_id)
                               .order_by(Visit.at)).all()
        return [VisitInfo(v.id, v.at, v.kind, v.reason, v.operator) for v in rows]
