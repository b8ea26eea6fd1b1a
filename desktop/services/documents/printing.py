"""Print use cases that are not about one person: shortlists (the Carta dei servizi is
printed by ``desktop.services.charter.printing``).

Each ``*_document`` function checks the permission, gathers the live data (site,
vacancy), renders the pure document and returns a :class:`RenderedDocument`
without archiving it: the view archives it with
:func:`~desktop.services.documents.archive.record_printed` once the operator printed or saved
it. The ``print_*`` functions are for callers that write the file straight away
(command line, Incrocio's "save the shortlist"): render, then archive as saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop.documents.receipts import CentreHeader
from desktop.infra.database import Database
from desktop.services.documents.archive import ArchivedDocument, record_printed
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require
from desktop.values.site import SiteInfo


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    archived: ArchivedDocument


def centre_header(site: SiteInfo) -> CentreHeader:
    """The site as the short printouts print it in their header."""
    return CentreHeader(
        centre_name=site.centre_name, site_line=f"{site.site_name} · {site.full_address}",
        header_lines=tuple(x for x in (
            f"Tel. {site.phone}" if site.phone else "",
            " · ".join(x for x in (site.centre_email,
                                   site.centre_pec and f"PEC {site.centre_pec}") if x),
        ) if x),
        town=site.town)


def shortlist_document(db: Database, actor: OperatorInfo, site_code: str,
                       vacancy_id: uuid.UUID, anonymised: bool,
                       issued: dt.date) -> RenderedDocument:
    """The rosa of a vacancy for the firm (optionally anonymised)."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    from desktop.documents.shortlist import render_shortlist, shortlist_meta
    from desktop.services.matching import shortlist

    site = site_info(db, site_code)
    rosa = shortlist(db, actor, vacancy_id, issued)
    pdf = render_shortlist(site, rosa, issued, anonymised)
    meta = shortlist_meta(site, rosa, issued, anonymised)
    return RenderedDocument(
        pdf, kind="shortlist", number=meta.number, version=meta.version, title=meta.title,
        params={"vacancy": rosa.number, "anonymised": anonymised,
                "candidates": len(rosa.rows),
                # Whose phone and e-mail this copy carries: a later withdrawal of the
                # consent is told at the counter (services.matching.consent).
                "contacts": [] if anonymised else sorted(
                    str(r.person_id) for r in rosa.rows if r.consent == "given")},
        filename=f"rosa-{rosa.number}.pdf")


def print_shortlist(db: Database, actor: OperatorInfo, site_code: str,
                    vacancy_id: uuid.UUID, anonymised: bool, issued: dt.date) -> Printed:
    """The rosa, archived as saved (the caller writes the file)."""
    rendered = shortlist_document(db, actor, site_code, vacancy_id, anonymised, issued)
    return Printed(rendered.pdf, record_printed(db, actor, rendered, how="pdf"))
