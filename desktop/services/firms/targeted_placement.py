"""Collocamento mirato (L. 68/1999) enrolment: health data behind a permission.

Every read and write checks ``TARGETED_PLACEMENT_READ`` / ``_WRITE`` here, in the
service layer, whatever the view shows, against the operator's account as it is NOW
(``require`` re-reads the role: a role changed a minute ago is refused). Every read
and every write is audited.

Art. 1 c. 1 L. 68/1999 sets who may enrol: civil invalids with a reduction of working
capacity above 45 %, invalids of work above 33 %, blind and deaf people, war and service
invalids (categories 1 to 8). Art. 18 (orphans, widows, refugees, …) has no percentage.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.firms.work_limitations import limitation_codes
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require

CATEGORIES = ("disabile", "categoria protetta")
CATEGORY_LABELS = {"disabile": N_("Art. 1 — person with a disability"),
                   "categoria protetta": N_("Art. 18 — protected category")}
#: Art. 1 c. 1 bases -> the percentage the law requires to be exceeded (None: none).
BASES: dict[str, int | None] = {
    "invalido_civile": 45, "invalido_lavoro": 33, "non_vedente": None, "sordo": None,
    "invalido_guerra_servizio": None}
BASIS_LABELS = {
    "invalido_civile": N_("Civil invalid (above 45 %)"),
    "invalido_lavoro": N_("Invalid of work (above 33 %)"),
    "non_vedente": N_("Blind"),
    "sordo": N_("Deaf"),
    "invalido_guerra_servizio": N_("War or service invalid (categories 1 to 8)"),
}


@dataclass(frozen=True)
class Enrolment:
    person_id: uuid.UUID
    enrolled_on: dt.date
    category: str
    disability_percent: int
    notes: str
    basis: str = ""
    report_number: str = ""
    report_date: dt.date | None = None
    functional_report: str = ""
    limitations: tuple[str, ...] = ()
    limitations_note: str = ""


@dataclass(frozen=True)
class EnrolmentForm:
    enrolled_on: dt.date
    category: str
    disability_percent: int = 0
    basis: str = ""
    report_number: str = ""
    report_date: dt.date | None = None
    functional_report: str = ""
    limitations: tuple[str, ...] = field(default_factory=tuple)
    limitations_note: str = ""
    notes: str = ""


def _value(row: TargetedPlacementEnrolment) -> Enrolment:
    return Enrolment(row.person_id, row.enrolled_on, row.category, row.disability_percent,
                     row.notes, row.basis, row.report_number, row.report_date,
                     row.functional_report,
                     tuple(c for c in row.limitations.split(",") if c), row.limitations_note)


def read_enrolment(db: Database, actor: AuditActor, person_id: uuid.UUID) -> Enrolment | None:
    """The person's enrolment (None when not enrolled). Audited, found or not."""
    require(actor, Permission.TARGETED_PLACEMENT_READ, db)
    with db.transaction() as session:
        row = session.scalars(select(TargetedPlacementEnrolment).where(
            TargetedPlacementEnrolment.person_id == person_id)).one_or_none()
        audit.record(session, actor, "l68.read", "person", person_id,
                     "enrolled" if row is not None else "not enrolled")
        return None if row is None else _value(row)


def validate_enrolment(form: EnrolmentForm, today: dt.date | None = None) -> dict[str, str]:
    """Every problem as one Italian sentence, keyed by field."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    if form.category not in CATEGORIES:
        errors["category"] = _("Choose the L. 68 category.")
    elif form.category == "disabile":
        threshold = BASES.get(form.basis, -1)
        if form.basis not in BASES:
            errors["basis"] = _("Choose the basis of art. 1 (civil invalid, invalid of "
                                "work, blind, deaf, war or service invalid).")
        elif not 0 <= form.disability_percent <= 100:
            errors["disability_percent"] = _("Out of range (0 to {top}).").format(top=100)
        elif threshold is not None and form.disability_percent <= threshold:
            errors["disability_percent"] = _(
                "{percent} % is not enough: art. 1 c. 1 L. 68/1999 requires more than "
                "{threshold} % for this basis.").format(
                percent=form.disability_percent, threshold=threshold)
    elif form.disability_percent != 0:
        errors["disability_percent"] = _("Art. 18 enrolments have no disability percentage: "
                                         "leave it at 0.")
    if form.enrolled_on > today:
        errors["enrolled_on"] = _("The date is in the future.")
    if form.report_date is not None and form.report_date > form.enrolled_on:
        errors["report_date"] = _("The medical report's date comes after the enrolment.")
    if len(form.report_number) > 40 or len(form.functional_report) > 200:
        errors["report_number"] = _("The report reference is too long.")
    unknown = [c for c in form.limitations if c not in limitation_codes()]
    if unknown:
        errors["limitations"] = _("Unknown work limitation: {codes}.").format(
            codes=", ".join(unknown[:3]))
    if len(form.limitations_note) > 500 or len(form.notes) > 1000:
        errors["limitations_note"] = _("The note is too long.")
    return errors


def save_enrolment(db: Database, actor: AuditActor, person_id: uuid.UUID,
                   form: EnrolmentForm) -> Enrolment:
    """Enrol the person (or update the enrolment) once every field is valid."""
    require(actor, Permission.TARGETED_PLACEMENT_WRITE, db)
    errors = validate_enrolment(form)
    if errors:
        raise ValidationError(_("The enrolment cannot be saved: {count} field(s) to fix.")
                              .format(count=len(errors)), errors)
    with db.transaction() as session:
        if session.get(Person, person_id) is None:
            raise NotFoundError(_("This person is no longer in the database."))
        row = session.scalars(select(TargetedPlacementEnrolment).where(
            TargetedPlacementEnrolment.person_id == person_id)).one_or_none()
        if row is None:
            row = TargetedPlacementEnrolment(person_id=person_id, enrolled_on=form.enrolled_on,
                                             category=form.category)
            session.add(row)
        row.enrolled_on, row.category = form.enrolled_on, form.category
        row.disability_percent = form.disability_percent
        row.basis = form.basis if form.category == "disabile" else ""
        row.report_number, row.report_date = form.report_number.strip(), form.report_date
        row.functional_report = form.functional_report.strip()
        row.limitations = ",".join(_ordered(form.limitations))
        row.limitations_note = form.limitations_note.strip()
        row.notes = form.notes[:1000]
        audit.record(session, actor, "l68.enrol", "person", person_id, form.category)
        session.flush()
        return _value(row)


def _ordered(codes: Iterable[str]) -> list[str]:
    return sorted(set(codes))


def enrol(db: Database, actor: AuditActor, person_id: uuid.UUID, enrolled_on: dt.date,
          category: str, disability_percent: int, notes: str = "",
          basis: str = "invalido_civile") -> Enrolment:
    """The short form: category and percentage (art. 1 defaults to a civil invalid)."""
    return save_enrolment(db, actor, person_id, EnrolmentForm(
        enrolled_on, category, disability_percent,
        basis if category == "disabile" else "", notes=notes))
