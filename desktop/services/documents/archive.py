"""The archive of printed documents: printed means archived, exactly.

Services *render* a printout into a :class:`RenderedDocument` without touching the
archive; the view shows the preview and, only when the operator prints it or saves
it as PDF, calls :func:`record_printed`, which stores the very bytes (and their
SHA-256) and writes an audit line on the person. A cancelled preview leaves no
trace. A reprint returns the stored bytes after checking them against the hash.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from desktop.errors import DatabaseError, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.document_archive import PrintedDocument
from desktop.services.documents.agreements import print_version
from desktop.services.documents.rendered import RenderedDocument, pdf_sha256
from desktop.services.security import audit
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require

_PAGE = re.compile(rb"/Type /Page[^s]")

#: How a printout left the workstation: on paper, or as a PDF file.
Output = Literal["print", "pdf"]


@dataclass(frozen=True)
class ArchivedDocument:
    id: uuid.UUID
    kind: str
    number: str
    version: int
    title: str
    sha256: str
    pages: int
    size_bytes: int
    person_id: uuid.UUID | None
    agreement_version_id: uuid.UUID | None
    params: dict[str, Any]
    operator_username: str
    printed_at: dt.datetime


def page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def record_printed(db: Database, actor: OperatorInfo, rendered: RenderedDocument,
                   how: Output = "print") -> ArchivedDocument:
    """The operator printed ``rendered`` (``how="print"``) or saved it (``"pdf"``):
    archive its bytes and write the audit line, in one transaction.

    A reprint (``rendered.archived_id`` set) is not archived twice: only audited.
    """
    require(actor, Permission.DOCUMENT_PRINT, db)
    if how not in ("print", "pdf"):
        raise ValidationError(_("Unknown way of producing a document."))
    with db.transaction() as session:
        if rendered.archived_id is not None:
            row = session.get(PrintedDocument, rendered.archived_id)
            if row is None:
                raise NotFoundError(_("This document is not in the archive."))
            _audit(session, actor, "document.reprint", row, how)
            return _info(row)
        row = PrintedDocument(
            id=uuid.uuid4(), kind=rendered.kind, number=rendered.number,
            version=rendered.version, title=rendered.title[:200], sha256=rendered.sha256,
            pages=page_count(rendered.pdf), size_bytes=len(rendered.pdf),
            person_id=rendered.person_id, agreement_version_id=rendered.agreement_version_id,
            params=json.dumps({**rendered.params, "output": how}, sort_keys=True),
            operator_username=actor.username, pdf=rendered.pdf)
        session.add(row)
        session.flush()
        _audit(session, actor, "document.print" if how == "print" else "document.save",
               row, how)
        return _info(row)


def save_printed(db: Database, actor: OperatorInfo, rendered: RenderedDocument,
                 target: Path) -> ArchivedDocument:
    """Save ``rendered`` as the PDF file ``target``, archived and audited.

    The file appears only once it is archived: it is written beside ``target`` first
    and renamed after the archive commits, so a refused or failed archive leaves no
    unaudited copy of personal data on the disk."""
    part = target.with_name(f".{target.name}.part")
    part.write_bytes(rendered.pdf)
    try:
        archived = record_printed(db, actor, rendered, how="pdf")
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return archived


def _audit(session: Session, actor: OperatorInfo, action: str, row: PrintedDocument,
           how: str) -> None:
    # On the person when there is one, so "who consulted this person" lists it.
    target_type, target_id = ("person", row.person_id) if row.person_id else (
        "document", row.id)
    audit.record(session, actor, action, target_type, target_id,
                 f"{row.kind} {row.id} {how}")



def _info(row: PrintedDocument) -> ArchivedDocument:
    return ArchivedDocument(
        id=row.id, kind=row.kind, number=row.number, version=row.version, title=row.title,
        sha256=row.sha256, pages=row.pages, size_bytes=row.size_bytes, person_id=row.person_id,
        agreement_version_id=row.agreement_version_id, params=json.loads(row.params),
        operator_username=row.operator_username, printed_at=row.printed_at)


def person_documents(db: Database, actor: OperatorInfo,
                     person_id: uuid.UUID) -> list[ArchivedDocument]:
    """The documents printed for a person, newest first (for the person's page)."""
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        rows = session.scalars(select(PrintedDocument).where(
            PrintedDocument.person_id == person_id).order_by(
            PrintedDocument.printed_at.desc()))
        return [_info(r) for r in rows]


def recent_documents(db: Database, actor: OperatorInfo, limit: int = 50) -> list[ArchivedDocument]:
    require(actor, Permission.DOCUMENT_PRINT, db)
    with db.read() as session:
        rows = session.scalars(select(PrintedDocument).order_by(
            PrintedDocument.printed_at.desc()).limit(limit))
        return [_info(r) for r in rows]


def reprint_document(db: Database, actor: OperatorInfo,
                     document_id: uuid.UUID) -> RenderedDocument:
    """The archived bytes of any printout, checked against the stored SHA-256.

    Nothing is archived here: :func:`record_printed` audits the reprint once the
    operator prints or saves it.
    """
    require(actor, Permission.DOCUMENT_PRINT, db)
    with db.read() as session:
        row = session.get(PrintedDocument, document_id,
                          options=[undefer(PrintedDocument.pdf)])
        if row is None:
            raise NotFoundError(_("This document is not in the archive."))
        info, pdf = _info(row), row.pdf
    if pdf is None:  # archived before the bytes were kept (or erased with the person)
        pdf = _rebuild_legacy(db, actor, info)
        if pdf_sha256(pdf) != info.sha256:
            # Expected, not tampering: the printout's layout has changed since then.
            raise NotFoundError(_("This document was archived before copies were kept, "
                                  "and today's layout differs: print it again from the "
                                  "Documents area."), f"legacy rebuild differs: {info.id}")
    elif pdf_sha256(pdf) != info.sha256:
        raise DatabaseError(
            _("The archived copy of this document does not match the fingerprint recorded "
              "when it was printed: it cannot be reprinted. Ask the centre's IT staff to "
              "check the database."), f"sha256 mismatch on reprint of {info.id}")
    return RenderedDocument(
        pdf, info.kind, info.number, info.version, info.title, info.person_id,
        info.agreement_version_id, info.params,
        filename=f"{info.number}-v{info.version}.pdf", archived_id=info.id)


def _rebuild_legacy(db: Database, actor: OperatorInfo, info: ArchivedDocument) -> bytes:
    if info.kind != "agreement" or info.agreement_version_id is None:
        raise NotFoundError(_("This document was archived before copies were kept: print "
                              "it again from the Documents area."))
    return print_version(db, actor, info.agreement_version_id,
                         copies=int(info.params.get("copies", 1))).pdf


def reprint(db: Database, actor: OperatorInfo, document_id: uuid.UUID) -> bytes:
    """The archived bytes of a printout (see :func:`reprint_document`)."""
    return reprint_document(db, actor, document_id).pdf
