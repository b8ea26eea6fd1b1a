"""The archive of printed documents: every printout is recorded so it can be found
and reprinted, and the reprint checked against the recorded hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models.document_archive import PrintedDocument
from desktop.services.accounts import OperatorInfo
from desktop.services.database import Database
from desktop.services.permissions import Permission, require

_PAGE = re.compile(rb"/Type /Page[^s]")


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


def pdf_sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def archive_document(db: Database, actor: OperatorInfo, pdf: bytes, *, kind: str, number: str,
                     version: int, title: str, person_id: uuid.UUID | None = None,
                     agreement_version_id: uuid.UUID | None = None,
                     params: dict[str, Any] | None = None) -> ArchivedDocument:
    """Record that ``pdf`` was printed (or saved) by ``actor``."""
    require(actor, Permission.DOCUMENT_PRINT)
    with db.transaction() as session:
        row = PrintedDocument(
            id=uuid.uuid4(), kind=kind, number=number, version=version, title=title[:200],
            sha256=pdf_sha256(pdf), pages=len(_PAGE.findall(pdf)), size_bytes=len(pdf),
            person_id=person_id, agreement_version_id=agreement_version_id,
            params=json.dumps(params or {}, sort_keys=True),
            operator_username=actor.username)
        session.add(row)
        session.flush()
        return _info(row)


def _info(row: PrintedDocument) -> ArchivedDocument:
    return ArchivedDocument(
        id=row.id, kind=row.kind, number=row.number, version=row.version, title=row.title,
        sha256=row.sha256, pages=row.pages, size_bytes=row.size_bytes, person_id=row.person_id,
        agreement_version_id=row.agreement_version_id, params=json.loads(row.params),
        operator_username=row.operator_username, printed_at=row.printed_at)


def person_documents(db: Database, actor: OperatorInfo,
                     person_id: uuid.UUID) -> list[ArchivedDocument]:
    """The documents printed for a person, newest first (for the person's page)."""
    require(actor, Permission.PERSON_READ)
    with db.read() as session:
        rows = session.scalars(select(PrintedDocument).where(
            PrintedDocument.person_id == person_id).order_by(
            PrintedDocument.printed_at.desc()))
        return [_info(r) for r in rows]


def recent_documents(db: Database, actor: OperatorInfo, limit: int = 50) -> list[ArchivedDocument]:
    require(actor, Permission.DOCUMENT_PRINT)
    with db.read() as session:
        rows = session.scalars(select(PrintedDocument).order_by(
            PrintedDocument.printed_at.desc()).limit(limit))
        return [_info(r) for r in rows]


def reprint(db: Database, actor: OperatorInfo, document_id: uuid.UUID) -> bytes:
    """Rebuild an archived agreement from its snapshot; the bytes match the recorded hash."""
    require(actor, Permission.DOCUMENT_PRINT)
    with db.read() as session:
        row = session.get(PrintedDocument, document_id)
        if row is None:
            raise NotFoundError(_("This document is not in the archive."))
        info = _info(row)
    if info.kind != "agreement" or info.agreement_version_id is None:
        raise NotFoundError(_("Only service agreements can be reprinted from the archive; "
                              "print the other documents again from the Documents area."))
    from desktop.services.agreements import print_version

    printed = print_version(db, actor, info.agreement_version_id,
                            copies=int(info.params.get("copies", 1)))
    if printed.archived.sha256 != info.sha256:
        raise NotFoundError(_("The reprint differs from the archived document: ask the "
                              "centre's IT staff."), "hash mismatch on reprint")
    return printed.pdf
