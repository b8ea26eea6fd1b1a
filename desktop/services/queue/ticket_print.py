"""The A4 ticket: the ticket printed on an office printer (no thermal printer at hand,
or a copy for a person at the counter). No name, no codice fiscale: only the number,
the service, when it was issued and the estimate given then."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.documents.receipts import CentreHeader, TicketPrint, render_ticket
from desktop.errors import BrokenInvariant, NotFoundError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Service
from desktop.models.queue import Ticket, WaitEstimate
from desktop.services.organisation.centre import site_info
from desktop.services.security.permissions import Actor, Permission, require


@dataclass(frozen=True)
class TicketPdf:
    code: str
    title: str
    pdf: bytes


def ticket_pdf(db: Database, actor: Actor, site_code: str, ticket_id: uuid.UUID) -> TicketPdf:
    """Render the A4 ticket of ``ticket_id`` (a ticket of the workstation's site)."""
    require(actor, Permission.QUEUE_OPERATE, db)
    site = site_info(db, site_code)
    with db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.site_id != site.site_id:
            raise NotFoundError(_("This ticket does not exist."))
        service = session.get(Service, ticket.first_service_id)
        if service is None:
            raise BrokenInvariant("service is missing")
        estimate = session.scalars(select(WaitEstimate).where(
            WaitEstimate.ticket_id == ticket.id).order_by(WaitEstimate.made_at)).first()
        code, number, issued_at = ticket.code, ticket.number, ticket.issued_at
        service_name = service.name
    header = CentreHeader(site.centre_name, f"{site.site_name} · {site.full_address}",
                          town=site.town)
    pdf = render_ticket(TicketPrint(
        number=f"{site.site_code}-{issued_at.astimezone():%Y%m%d}-{code}-{number}",
        code=code, centre=header, service_name=service_name,
        issued_at=issued_at.astimezone(),
        people_ahead=estimate.ahead if estimate else 0,
        estimated_wait_minutes=(estimate.low_minutes + estimate.high_minutes) // 2
        if estimate else None))
    return TicketPdf(code, _("Ticket {code}").format(code=code), pdf)
