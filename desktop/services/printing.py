"""Print use cases that are not the agreement: charter, receipts, tickets, shortlists.

Each one checks the permission, gathers the live data (site, person), renders the
pure document and records it in the archive.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop.documents.charter import CharterIndicators, render_charter
from desktop.services.accounts import OperatorInfo
from desktop.services.archive import ArchivedDocument, archive_document
from desktop.services.centre import site_info
from desktop.services.database import Database
from desktop.services.permissions import Permission, require


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    archived: ArchivedDocument


def print_charter(db: Database, actor: OperatorInfo, site_code: str, edition: str, lang: str,
                  issued: dt.date, indicators: CharterIndicators | None = None) -> Printed:
    """The Carta dei servizi of the site, archived. Without indicators the charter says
    that measured figures are not yet available."""
    require(actor, Permission.DOCUMENT_PRINT)
    site = site_info(db, site_code)
    from desktop.documents.charter import charter_meta, load_charter_texts

    texts = load_charter_texts(edition, lang, site.centre_code)
    pdf = render_charter(site, edition, lang, issued, indicators, texts)
    meta = charter_meta(site, texts, edition, lang, issued)
    archived = archive_document(
        db, actor, pdf, kind="charter", number=meta.number, version=meta.version,
        title=meta.title, params={"edition": edition, "lang": lang,
                                  "issued": issued.isoformat(),
                                  "measured": indicators is not None})
    return Printed(pdf, archived)


def print_shortlist(db: Database, actor: OperatorInfo, site_code: str,
                    vacancy_id: uuid.UUID, anonymised: bool, issued: dt.date) -> Printed:
    """The rosa of a vacancy for the firm (optionally anonymised), archived."""
    require(actor, Permission.DOCUMENT_PRINT)
    from desktop.documents.shortlist import render_shortlist, shortlist_meta
    from desktop.services.matching import shortlist

    site = site_info(db, site_code)
    rosa = shortlist(db, actor, vacancy_id, issued)
    pdf = render_shortlist(site, rosa, issued, anonymised)
    meta = shortlist_meta(site, rosa, issued, anonymised)
    archived = archive_document(
        db, actor, pdf, kind="shortlist", number=meta.number, version=meta.version,
        title=meta.title, params={"vacancy": rosa.number, "anonymised": anonymised,
                                  "candidates": len(rosa.rows)})
    return Printed(pdf, archived)
