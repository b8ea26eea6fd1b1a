"""Every row attached to a person, found from the schema, and how to move it to another.

Used by the deliberate merge (:mod:`desktop.services.people.merge`) and by the sync registry
when the region gives a person another id. It depends only on the models, so the
registry no longer reaches into the merge service (merge -> registration -> outbox ->
registry -> merge was an import cycle).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Column, Table, UniqueConstraint, delete, exists, select, update
from sqlalchemy.orm import Session

from desktop.models.base import Base
from desktop.models.person import Person


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
