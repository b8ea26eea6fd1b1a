""""Your turn is near": a mobile number or e-mail left at the kiosk, a message when the
ticket's estimated wait drops under N minutes or fewer than M people are ahead.

The contact is kept apart from the ticket (``queue_ticket_contact``) for the ticket's
day only: the day close deletes it, and the message worker deletes any left from an
earlier day. The display never sees it. The kiosk is unattended: no actor.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Service
from desktop.models.messaging import TicketContact
from desktop.models.queue import Ticket
from desktop.services.messaging import outbox
from desktop.services.messaging.config import MessagingConfig
from desktop.services.messaging.worker import Planner
from desktop.services.queue.rows import local_day, now_or
from desktop.services.queue.state import Status
from desktop.services.queue.stats import service_minutes
from desktop.services.queue.ticket_contacts import forget_before

_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
#: An Italian mobile: 3xx and 6-8 more digits, optionally with +39 / 0039 in front.
_MOBILE = re.compile(r"^(?:\+39|0039)?(3\d{8,9})$")


def parse_contact(raw: str) -> tuple[str, str]:
    """("sms", "3331234567") or ("email", "a@b.it"); anything else: one Italian sentence."""
    text = raw.strip()
    if "@" in text:
        if len(text) <= 254 and _EMAIL.match(text):
            return "email", text
    else:
        digits = re.sub(r"[\s./-]", "", text)
        match = _MOBILE.match(digits)
        if match:
            return "sms", match.group(1)
    raise ValidationError(
        _("Write an Italian mobile number (for example 333 1234567) or a valid e-mail "
          "address."),
        {"contact": _("Write an Italian mobile number (for example 333 1234567) or a valid "
                      "e-mail address.")})


def leave_contact(db: Database, ticket_id: uuid.UUID, raw: str) -> str:
    """Keep ``raw`` for the ticket's day; returns the channel ("sms" or "email")."""
    channel, address = parse_contact(raw)
    with db.transaction() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.status != Status.WAITING.value:
            raise NotFoundError(_("This ticket is no longer waiting."))
        row = session.get(TicketContact, ticket_id)
        if row is None:
            row = TicketContact(ticket_id=ticket_id, day=ticket.day)
            session.add(row)
        row.channel, row.address, row.notified = channel, address, False
    return channel


def _ahead(session: Session, ticket: Ticket) -> int:
    return int(session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.site_id == ticket.site_id, Ticket.day == ticket.day,
        Ticket.service_id == ticket.service_id, Ticket.status == Status.WAITING.value,
        Ticket.queued_at < ticket.queued_at)) or 0)


def check(db: Database, now: dt.datetime, minutes: int, position: int) -> int:
    """Queue a message for each waiting ticket whose turn is near; returns how many."""
    at = now_or(now)
    today = local_day(at)
    sent = 0
    with db.transaction() as session:
        forget_before(session, today)
        rows = session.execute(
            select(TicketContact, Ticket).join(Ticket, Ticket.id == TicketContact.ticket_id)
            .where(TicketContact.day == today, TicketContact.notified.is_(False),
                   Ticket.status == Status.WAITING.value)).all()
        for contact, ticket in rows:
            ahead = _ahead(session, ticket)
            service = session.get(Service, ticket.service_id)
            counters = max(1, sum(1 for c in service.counters if c.active)) if service else 1
            per_ticket = service_minutes(session, ticket.service_id, at.astimezone().hour,
                                         at - dt.timedelta(days=14))
            wait = ahead * per_ticket / counters
            if ahead >= position and wait > minutes:
                continue
            text = _("Sportello: your turn is near. Ticket {code}, {service}: people ahead "
                     "of you {ahead}. Please come to the waiting room.").format(
                code=ticket.code, service=service.name if service else "", ahead=ahead)
            outbox.enqueue(session, f"turn:{ticket.id}", contact.channel, contact.address,
                           _("Your turn is near"), text, at, ref=f"ticket:{ticket.id}",
                           expires_at=at + dt.timedelta(hours=2))
            contact.notified = True
            sent += 1
    return sent


def planner(config: MessagingConfig) -> Planner:
    """The check the message worker runs before each round."""
    def run(db: Database, now: dt.datetime) -> object:
        return check(db, now, config.turn_near_minutes, config.turn_near_position)

    return run
