"""Merging two records of the same person: deliberate, permission-checked, audited.

Everything attached to the merged record (visits, DIDs, curriculum, L. 68
enrolment) moves to the kept one, the merged record is deleted, and a
``person_merge`` row says who did it, when and why, in the same transaction.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import update

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models.person import Person
from desktop.models.registration import (
    CurriculumLanguage,
    CurriculumProfile,
    DesiredOccupation,
    Did,
    PersonMerge,
    Visit,
    WorkExperience,
)
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.database import Database
from desktop.services.permissions import Actor, Permission, require
from desktop.services.registration import PersonRecord, person_record

log = logging.getLogger(__name__)

_MOVABLE = (Visit, Did, CurriculumLanguage, WorkExperience, DesiredOccupation)
_ONE_PER_PERSON = (CurriculumProfile, TargetedPlacementEnrolment)


def merge_people(db: Database, actor: Actor, keep_id: uuid.UUID, merge_id: uuid.UUID,
                 reason: str) -> PersonRecord:
    require(actor, Permission.PERSON_MERGE)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why the two records are the same person."),
                              {"reason": _("Required")})
    if keep_id == merge_id:
        raise ValidationError(_("Choose two different records to merge."))
    with db.transaction() as session:
        kept, merged = session.get(Person, keep_id), session.get(Person, merge_id)
        if kept is None or merged is None:
            raise NotFoundError(_("This person is no longer in the database."))
        for model in _MOVABLE:
            session.execute(update(model).where(model.person_id == merge_id)
                            .values(person_id=keep_id))
        for single in _ONE_PER_PERSON:
            row = session.query(single).filter_by(person_id=merge_id).one_or_none()
            if row is not None:
                if session.query(single).filter_by(person_id=keep_id).one_or_none() is None:
                    row.person_id = keep_id  # type: ignore[attr-defined]
                else:
                    session.delete(row)
        session.add(PersonMerge(kept_id=keep_id, merged_id=merge_id,
                                merged_fiscal_code=merged.fiscal_code,
                                operator=actor.username, reason=reason[:500]))
        session.flush()
        session.delete(merged)
        session.flush()
        log.info("person records merged by %s", actor.username)
        return person_record(kept)
