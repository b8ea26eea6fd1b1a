"""The ticket queue (eliminacode): tickets, their event log, numbering, priorities,
appointments, wait estimates and counter sessions.

A ticket's current state is a projection of its event log (``TicketEvent``); the
columns on ``Ticket`` that repeat it are a cache rebuilt from the log on every
action, in the same transaction, so lists can be queried quickly. Tickets belong
to one site and never leave it; no personal data is stored on a ticket except the
optional link to the person served.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class PriorityCategory(UUIDPrimaryKey, Timestamps, Base):
    """A reason for priority (disability, pregnancy, ...), with its reason code."""

    __tablename__ = "queue_priority"
    __table_args__ = (UniqueConstraint("site_id", "code"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    #: Italian label shown to the operator ("gravidanza"); never on the public display.
    label: Mapped[str] = mapped_column(String(80))
    #: Whether a walk-in may choose it at the kiosk (otherwise only staff assign it).
    kiosk: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)


class Appointment(UUIDPrimaryKey, Timestamps, Base):
    """A booked slot: the one source of truth of the agenda (desktop.services.agenda) and
    of the queue's appointments (a checked-in appointment is a ticket that carries it)."""

    __tablename__ = "queue_appointment"
    __table_args__ = (Index("ix_queue_appointment_site_when", "site_id", "scheduled_at"),
                      Index("ix_queue_appointment_reference", "reference"))

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), index=True)
    scheduled_at: Mapped[dt.datetime]
    #: Minutes before / after ``scheduled_at`` in which check-in counts as on time.
    early_minutes: Mapped[int] = mapped_column(default=15)
    late_minutes: Mapped[int] = mapped_column(default=15)
    #: Booking reference (no name: the person is linked, not copied).
    reference: Mapped[str] = mapped_column(String(40), default="")
    #: Deleting a person deletes their appointments, as it deletes their Patto (a person
    #: with records to keep is anonymised instead: services/security/subject_requests).
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("queue_ticket.id"))
    cancelled: Mapped[bool] = mapped_column(default=False)
    # -- the agenda (revision 0940) --
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counter.id"), index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operator.id"), index=True)
    duration_minutes: Mapped[int] = mapped_column(default=30, server_default="30")
    purpose: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: The Patto this appointment was fixed in, and the measure it serves (its words).
    agreement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"))
    measure: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: booked, checked_in, no_show, cancelled (see desktop.services.agenda.model).
    status: Mapped[str] = mapped_column(String(12), default="booked", server_default="booked")
    checked_in_at: Mapped[dt.datetime | None]
    #: When the absence was recorded (the no-show time), for condizionalità.
    no_show_at: Mapped[dt.datetime | None]


class TicketNumber(Base):
    """The atomic counter: last number issued per site, day and service."""

    __tablename__ = "queue_ticket_number"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Ticket(UUIDPrimaryKey, Timestamps, Base):
    """A ticket. Everything below ``-- projection --`` is rebuilt from the event log."""

    __tablename__ = "queue_ticket"
    __table_args__ = (
        UniqueConstraint("site_id", "day", "first_service_id", "number"),
        Index("ix_queue_ticket_open", "site_id", "day", "status"),
        # The Osservatorio's queue reads a period's tickets in the order of their ids
        # (all sites, or one), so its probes of their events walk the events' index in
        # order too.
        Index("ix_queue_ticket_timing", "id", "day", "issued_at"),
        Index("ix_queue_ticket_site_timing", "site_id", "id", "day", "issued_at"),
    )

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    #: The service the number was drawn for (numbers are unique within it).
    first_service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"))
    number: Mapped[int]
    #: What the display shows, e.g. "A012".
    code: Mapped[str] = mapped_column(String(8))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    priority_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("queue_priority.id"))
    appointment_at: Mapped[dt.datetime | None]
    appointment_early: Mapped[int] = mapped_column(default=15)
    appointment_late: Mapped[int] = mapped_column(default=15)
    #: Set by the day close; archived tickets are kept, never deleted.
    archived: Mapped[bool] = mapped_column(default=False)
    # -- projection (see desktop.services.queue.state.derive) --
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counter.id"))
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operator.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    called_at: Mapped[dt.datetime | None]
    recalls: Mapped[int] = mapped_column(default=0)
    return_service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"))
    outcome: Mapped[str] = mapped_column(String(30), default="")


class TicketEvent(UUIDPrimaryKey, Base):
    """One action on a ticket, appended and never changed (undo is a new event)."""

    __tablename__ = "queue_ticket_event"
    # The timings index covers the Osservatorio's per-ticket waits (kind and time of each
    # event of a ticket) and serves every lookup by ticket.
    __table_args__ = (UniqueConstraint("ticket_id", "seq"),
                      Index("ix_queue_ticket_event_timing", "ticket_id", "kind", "at"))

    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("queue_ticket.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"))
    counter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("counter.id"), index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operator.id"))
    #: Free detail: reason of a specific call, outcome code, undone seq, ...
    detail: Mapped[str] = mapped_column(Text, default="")
    #: For transfers: the service to return to; for undo: the undone seq as text.
    ref: Mapped[str] = mapped_column(String(40), default="")


class WaitEstimate(UUIDPrimaryKey, Base):
    """The range promised at issue, next to the wait that really happened."""

    __tablename__ = "queue_wait_estimate"

    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("queue_ticket.id"), index=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"))
    made_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ahead: Mapped[int] = mapped_column(default=0)
    low_minutes: Mapped[int] = mapped_column(default=0)
    high_minutes: Mapped[int] = mapped_column(default=0)
    actual_minutes: Mapped[float | None]


class CounterPause(UUIDPrimaryKey, Timestamps, Base):
    """A counter's pause (or an operator's session when ``reason`` is "session")."""

    __tablename__ = "queue_counter_pause"

    counter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counter.id"), index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operator.id"))
    kind: Mapped[str] = mapped_column(String(10), default="pause")
    reason: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None]


class QueueDay(UUIDPrimaryKey, Timestamps, Base):
    """A closed day: when it was closed, by whom, and its totals."""

    __tablename__ = "queue_day"
    __table_args__ = (UniqueConstraint("site_id", "day"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    closed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str] = mapped_column(String(60), default="")
    issued: Mapped[int] = mapped_column(default=0)
    served: Mapped[int] = mapped_column(default=0)
    no_shows: Mapped[int] = mapped_column(default=0)
    carried_over: Mapped[int] = mapped_column(default=0)
