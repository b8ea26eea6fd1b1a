"""Merging two records of the same person: deliberate, permission-checked, audited.

Everything attached to the merged record (visits, DIDs, curriculum, L. 68
enrolment, agreements, tickets, archived documents: every foreign key to
``person``) moves to the kept one, the merged record is deleted, and a
``person_merge`` row says who did it, when and why, in the same transaction.
"""

from __future__ import annotations

import logging
import uuid

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.models.references import move_references
from desktop.models.registration import PersonMerge
from desktop.services.people.registration import PersonRecord, person_record
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.sync import outbox

log = logging.getLogger(__name__)


def merge_people(db: Database, actor: AuditActor, keep_id: uuid.UUID, merge_id: uuid.UUID,
                 reason: str) -> PersonRecord:
    require(actor, Permission.PERSON_MERGE, db)
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
        move_references(session, keep_id, merge_id)
        session.expire_all()
        session.add(PersonMerge(kept_id=keep_id, merged_id=merge_id,
                                merged_fiscal_code=merged.fiscal_code,
                                operator=actor.username, reason=reason[:500]))
        session.flush()
        session.delete(merged)
        session.flush()
        # The region must drop the merged record too, or it would come back on the next pull.
        outbox.record(session, "person", merge_id, "delete")
        audit.record(session, actor, "person.merge", "person", keep_id, f"merged {merge_id}")
        log.info("person records merged by %s", actor.username)
        return person_record(kept)
