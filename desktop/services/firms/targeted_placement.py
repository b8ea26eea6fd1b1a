"""Collocamento mirato (L. 68/1999) enrolment: health data behind a permission.

Every read and write checks ``TARGETED_PLACEMENT_READ`` / ``_WRITE`` here, in the
service layer, whatever the view shows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.security.permissions import Actor, Permission, require

CATEGORIES = ("disabile", "categoria protetta")


@dataclass(frozen=True)
class Enrolment:
    person_id: uuid.UUID
    enrolled_on: dt.date
    category: str
    disability_percent: int
    notes: str


def read_enrolment(db: Database, actor: Actor, person_id: uuid.UUID) -> Enrolment | None:
    require(actor, Permission.TARGETED_PLACEMENT_READ, db)
    with db.read() as session:
        row = session.scalars(select(TargetedPlacementEnrolment).where(
            TargetedPlacementEnrolment.person_id == person_id)).one_or_none()
        if row is None:
            return None
        return Enrolment(row.person_id, row.enrolled_on, row.category,
                         row.disability_percent, row.notes)


def enrol(db: Database, actor: Actor, person_id: uuid.UUID, enrolled_on: dt.date,
          category: str, disability_percent: int, notes: str = "") -> Enrolment:
    require(actor, Permission.TARGETED_PLACEMENT_WRITE, db)
    errors: dict[str, str] = {}
    if category not in CATEGORIES:
        errors["category"] = _("Choose the L. 68 category.")
    if not 0 <= disability_percent <= 100:
        errors["disability_percent"] = _("Out of range (0 to {top}).").format(top=100)
    if enrolled_on > dt.date.today():
        errors["enrolled_on"] = _("The date is in the future.")
    if errors:
        raise ValidationError(_("The enrolment cannot be saved: {count} field(s) to fix.")
                              .format(count=len(errors)), errors)
    with db.transaction() as session:
        if session.get(Person, person_id) is None:
            raise NotFoundError(_("This person is no longer in the database."))
        row = session.scalars(select(TargetedPlacementEnrolment).where(
            TargetedPlacementEnrolment.person_id == person_id)).one_or_none()
        if row is None:
            row = TargetedPlacementEnrolment(person_id=person_id, enrolled_on=enrolled_on,
                                             category=category)
            session.add(row)
        row.enrolled_on, row.category = enrolled_on, category
        row.disability_percent, row.notes = disability_percent, notes[:1000]
        return Enrolment(person_id, enrolled_on, category, disability_percent, row.notes)
