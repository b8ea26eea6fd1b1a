"""Merging two records of the same person: deliberate, permission-checked, audited.

Everything attached to the merged record (visits, DIDs, curriculum, L. 68
enrolment, agreements, tickets, archived documents: every foreign key to
``person``) moves to the kept one, the merged record is deleted, and a
``person_merge`` row says who did it, when and why, in the same transaction.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import Column, Table, UniqueConstraint, delete, exists, select, update
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models.base import Base
from desktop.models.person import Person
from desktop.models.registration import PersonMerge
from desktop.services import audit
from desktop.services.audit import AuditActor
from desktop.services.database import Database
from desktop.services.permissions import Permission, require
from desktop.services.registration import PersonRecord, person_record
from desktop.sync import outbox

log = logging.getLogger(__name__)


def person_references() -> list[tuple[Table, Column[object], bool]]:
    """Every column of the schema that points at ``person.id``, and whether it is unique.

    Found from the metadata, so a table added by any area (agreements, tickets,
    archived documents, curricula, actions …) moves with the person without this
    module having to know it. A forgotten table would otherwise be deleted by the
    cascade, or block the merge.
    """
    found: list[tuple[Table, Column[object], bool]] = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != Person.__tablename__ or fk.column.name != "id":
                continue
            column = fk.parent
            unique = bool(column.unique) or any(
                isinstance(c, UniqueConstraint) and list(c.columns) == [column]
                for c in table.constraints)
            found.append((table, column, unique))
    return found


def _shared_keys(table: Table, column: Column[object]) -> list[list[Column[object]]]:
    """The other columns of each composite unique key that includes ``column``
    (a proposal is unique per vacancy and person)."""
    keys: list[list[Column[object]]] = []
    candidates = [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    candidates += [list(i.columns) for i in table.indexes if i.unique]
    for columns in candidates:
        if column in columns and len(columns) > 1:
            keys.append([c for c in columns if c is not column])
    return keys


def _drop_colliding(session: Session, table: Table, column: Column[object],
                    keep_id: uuid.UUID, merge_id: uuid.UUID) -> None:
    """Delete the merged record's rows that the kept record already has under a composite
    unique key: the kept record's row wins, as the operator chose that record."""
    for others in _shared_keys(table, column):
        kept = table.alias("kept")
        same = [kept.c[c.name] == c for c in others]
        session.execute(delete(table).where(
            column == merge_id,
            exists().where(kept.c[column.name] == keep_id, *same)))


def move_references(session: Session, keep_id: uuid.UUID, merge_id: uuid.UUID) -> None:
    """Point everything attached to ``merge_id`` at ``keep_id`` (the rows stay)."""
    for table, column, unique in person_references():
        _drop_colliding(session, table, column, keep_id, merge_id)
        if unique:
            kept_has_one = session.scalar(select(exists().where(column == keep_id)))
            if kept_has_one:
                # One row per person (curriculum profile, L. 68 enrolment): the kept
                # record's own row wins, as the operator chose that record.
                session.execute(delete(table).where(column == merge_id))
                continue
        session.execute(update(table).where(column == merge_id).values({column.name: keep_id}))


def merge_people(db: Database, actor: AuditActor, keep_id: uuid.UUID, merge_id: uuid.UUID,
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
