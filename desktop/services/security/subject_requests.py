"""Data-subject requests (GDPR art. 15, 17, 20): export or erase a person's data.

Only the responsabile handles them. Both are recorded in the audit log in the same
transaction, and both return a :class:`SubjectCommand`: the record the sync outbox
pushes to the regional server, which holds its own copy of the person.

The export is generic: the person's row, every row of any table that points at the
person (tables other issues add are found through their foreign keys), and the
audit lines that name the person (who looked at the record and when).

Erasure deletes the person when nothing else refers to them. When other records do
(a DID, a patto, tickets: administrative records the centre must keep by law), the
person is anonymised instead: identifying fields are overwritten, the links stay.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Base, Person
from desktop.models.audit import AuditEntry
from desktop.models.base import utcnow
from desktop.models.document_archive import PrintedDocument
from desktop.models.person_lookup import person_by_code
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require

#: What replaces names of an anonymised person (a fixed marker, whatever the language).
ANONYMISED = "ANONIMIZZATO"

#: Fields of the person overwritten by anonymisation.
ANONYMISED_FIELDS = ("fiscal_code", "fiscal_code_base", "surname", "name", "birth_date",
                     "birthplace_code", "mobile", "email")


@dataclass(frozen=True)
class SubjectCommand:
    """A data-subject action for the sync outbox (pushed to the region as a command)."""

    kind: str  # "person.export" | "person.erase" | "person.anonymise"
    person_id: uuid.UUID
    operator_id: uuid.UUID
    at: dt.datetime
    audit_seq: int

    def as_dict(self) -> dict[str, str | int]:
        return {"kind": self.kind, "person_id": str(self.person_id),
                "operator_id": str(self.operator_id), "at": self.at.isoformat(),
                "audit_seq": self.audit_seq}


Section = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class PersonExport:
    person_id: uuid.UUID
    #: Everything held, as UTF-8 JSON (machine-readable, art. 20).
    json_text: str
    #: The same, as titled sections of (field, value) for the PDF.
    sections: tuple[Section, ...]
    command: SubjectCommand


@dataclass(frozen=True)
class ErasureResult:
    person_id: uuid.UUID
    #: "deleted" or "anonymised".
    outcome: str
    #: Tables whose records were kept (the reason for anonymising instead of deleting).
    kept_because: tuple[str, ...]
    command: SubjectCommand


def _value(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):  # e.g. an archived printout: the PDF itself, base64
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _find_person(session: Session, fiscal_code: str) -> Person:
    code = fiscal_code.strip().upper()
    if not code or len(code) > 16 or not code.isalnum():
        raise ValidationError(_("Enter a codice fiscale (16 letters and digits, or 11 "
                                "digits)."), {"fiscal_code": _("Not valid")})
    person = person_by_code(session, code)
    if person is None:
        raise NotFoundError(_("No person with this codice fiscale is registered here."))
    return person


def _referencing_tables() -> list[tuple[Table, str]]:
    """(table, column) pairs holding a foreign key to person.id, in every model."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person" and fk.column.name == "id":
                found.append((table, fk.parent.name))
    return found


def _related_rows(session: Session, person_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    related: dict[str, list[dict[str, Any]]] = {}
    for table, column in _referencing_tables():
        rows = session.execute(select(table).where(table.c[column] == person_id)).mappings()
        values = [{k: _value(v) for k, v in row.items()} for row in rows]
        if values:
            related.setdefault(table.name, []).extend(values)
    return related


def _command(kind: str, person_id: uuid.UUID, actor: AuditActor, seq: int) -> SubjectCommand:
    return SubjectCommand(kind, person_id, actor.id, utcnow(), seq)


def export_person(db: Database, actor: AuditActor, fiscal_code: str) -> PersonExport:
    """Everything held about the person with this codice fiscale (art. 15 and 20)."""
    require(actor, Permission.PERSON_EXPORT, db)
    with db.transaction() as session:
        person = _find_person(session, fiscal_code)
        record = {c.key: _value(getattr(person, c.key)) for c in Person.__table__.columns}
        related = _related_rows(session, person.id)
        accesses = [
            {"at": _value(e.at), "operator": e.operator_username, "action": e.action,
             "workstation": e.workstation}
            for e in session.scalars(select(AuditEntry).where(
                AuditEntry.target_type == "person", AuditEntry.target_id == str(person.id))
                .order_by(AuditEntry.seq))]
        seq = audit.record(session, actor, "person.export", "person", person.id)
        command = _command("person.export", person.id, actor, seq)
        payload = {"exported_at": command.at.isoformat(), "person": record,
                   "related": related, "accesses": accesses}
        sections: list[Section] = [
            (_("Personal data"), tuple((k, str(v if v is not None else ""))
                                       for k, v in record.items()))]
        for name, rows in related.items():
            for row in rows:
                sections.append((name, tuple((k, str(v if v is not None else ""))
                                             for k, v in row.items())))
        sections.append((_("Who accessed the record"), tuple(
            (str(a["at"]), f"{a['operator']} · {a['action']} · {a['workstation']}")
            for a in accesses)))
        return PersonExport(person.id, json.dumps(payload, ensure_ascii=False, indent=2),
                            tuple(sections), command)


def erase_person(db: Database, actor: AuditActor, fiscal_code: str) -> ErasureResult:
    """Erase the person (art. 17), or anonymise them when records must be kept."""
    require(actor, Permission.PERSON_ERASE, db)
    with db.transaction() as session:
        person = _find_person(session, fiscal_code)
        person_id = person.id
        kept = tuple(sorted(_related_rows(session, person_id)))
        if kept:
            placeholder = "X" + secrets.token_hex(8).upper()[:15]
            person.fiscal_code = placeholder
            person.fiscal_code_base = placeholder
            person.surname = ANONYMISED
            person.name = ANONYMISED
            person.birth_date = dt.date(person.birth_date.year, 1, 1)
            person.birthplace_code = ""
            person.mobile = ""
            person.email = ""
            # The printed copies hold the name, the code and the address: only their
            # hash and metadata stay, as the trail of what was printed and when.
            session.execute(update(PrintedDocument).where(
                PrintedDocument.person_id == person_id).values(pdf=None))
            outcome, kind = "anonymised", "person.anonymise"
        else:
            session.delete(person)
            outcome, kind = "deleted", "person.erase"
        seq = audit.record(session, actor, kind, "person", person_id, ",".join(kept)[:200])
        return ErasureResult(person_id, outcome, kept, _command(kind, person_id, actor, seq))
