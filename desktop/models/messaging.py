"""Messages to people (reminders, "your turn is near") and the consent to send them.

A message is a row of an outbox in the database: it survives a restart and a network
outage, and the background worker (desktop.services.messaging.worker) sends it once. The
``key`` is the idempotency key ("appt:<id>:<time>:<offset>"): a second row with the same
key cannot exist, and the key travels with the message (SMTP Message-ID, SMS gateway
``Idempotency-Key``) so the receiving side can recognise a repeat.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class OutgoingMessage(UUIDPrimaryKey, Timestamps, Base):
    """One e-mail or SMS to send, with its delivery state."""

    __tablename__ = "message_outbox"
    __table_args__ = (Index("ix_message_outbox_due", "status", "next_attempt_at"),)

    #: Idempotency key: one message per key, ever.
    key: Mapped[str] = mapped_column(String(160), unique=True)
    #: What the message belongs to ("appt:<id>", "ticket:<id>"), to update or cancel it.
    ref: Mapped[str] = mapped_column(String(80), index=True, default="")
    channel: Mapped[str] = mapped_column(String(8))  # "email" | "sms"
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[dt.datetime]
    #: After this moment the message is pointless (the appointment began): not sent.
    expires_at: Mapped[dt.datetime | None]
    #: queued, sending (claimed under a lease), sent, failed (retried), cancelled, expired
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime]
    lease_owner: Mapped[str] = mapped_column(String(60), default="")
    lease_until: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[dt.datetime | None]


class ContactPreference(UUIDPrimaryKey, Timestamps, Base):
    """A person's consent to reminders and the channel they chose (e-mail, SMS, none)."""

    __tablename__ = "person_contact_preference"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    channel: Mapped[str] = mapped_column(String(8), default="none")  # email | sms | none
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(String(60), default="")


class TicketContact(Base):
    """A number or address left at the kiosk for "your turn is near", for one day only.

    It is kept apart from the ticket (which holds no personal data) and deleted when the
    day closes or, at the latest, by the next run of the message worker.
    """

    __tablename__ = "queue_ticket_contact"

    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("queue_ticket.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(254))
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
