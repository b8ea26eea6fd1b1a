"""The contacts left at the kiosk for "your turn is near" live one day only."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.models.messaging import TicketContact
from desktop.models.queue import Ticket


def forget_before(session: Session, day: dt.date) -> int:
    """Delete the contacts left at the kiosk before ``day``."""
    result = session.execute(delete(TicketContact).where(TicketContact.day < day))
    return int(getattr(result, "rowcount", 0) or 0)


def forget_day(session: Session, site_id: uuid.UUID, day: dt.date) -> None:
    """The day close: the contacts of the site's tickets of ``day`` are deleted."""
    session.execute(delete(TicketContact).where(
        TicketContact.day == day,
        TicketContact.ticket_id.in_(select(Ticket.id).where(Ticket.site_id == site_id,
                                                            Ticket.day == day))))
