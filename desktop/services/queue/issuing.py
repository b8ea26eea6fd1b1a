"""Issuing tickets at the kiosk or the front desk, and the priority categories offered there."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Service
from desktop.models.queue import (
    Appointment,
    PriorityCategory,
    Ticket,
    WaitEstimate,
)
from desktop.services.queue.events import QueueError, append_event
from desktop.services.queue.letters import draw
from desktop.services.queue.rows import local_day, now_or, retry_when_locked, ticket_info
from desktop.services.queue.state import Kind, Status
from desktop.services.queue.stats import estimate_wait
from desktop.services.queue.types import DEFAULT_CONFIG, IssuedTicket, PriorityInfo, QueueConfig


@retry_when_locked
def issue_ticket(db: Database, site_id: uuid.UUID, service_id: uuid.UUID, *,
                 priority_code: str | None = None, appointment_id: uuid.UUID | None = None,
                 now: dt.datetime | None = None,
                 config: QueueConfig = DEFAULT_CONFIG) -> IssuedTicket:
    """Issue a ticket (kiosk or front desk). No actor: the kiosk is unattended."""
    at = now_or(now)
    day = local_day(at)
    with db.transaction() as session:
        service = session.get(Service, service_id)
        if service is None or service.site_id != site_id:
            raise NotFoundError(_("This service is not offered at this site."))
        if not service.active or not any(c.active for c in service.counters):
            raise QueueError(_("The service {name} is closed now: choose another service or "
                               "ask at the front desk.").format(name=service.name))
        priority_id = None
        if priority_code:
            priority = session.scalars(select(PriorityCategory).where(
                PriorityCategory.site_id == site_id, PriorityCategory.code == priority_code,
                PriorityCategory.active.is_(True))).first()
            if priority is None:
                raise ValidationError(_("Unknown priority category."))
            priority_id = priority.id
        appointment = session.get(Appointment, appointment_id) if appointment_id else None
        if appointment is not None and appointment.ticket_id is not None:
            raise QueueError(_("This appointment has already been checked in."))
        number, code = draw(session, site_id, day, service)
        ticket = Ticket(
            site_id=site_id, day=day, first_service_id=service_id, number=number,
            code=code, issued_at=at, priority_id=priority_id,
            service_id=service_id, queued_at=at, status=Status.WAITING.value,
            appointment_at=appointment.scheduled_at if appointment else None,
            appointment_early=appointment.early_minutes if appointment else 15,
            appointment_late=appointment.late_minutes if appointment else 15)
        session.add(ticket)
        session.flush()
        if appointment is not None:  # the agenda's check-in (desktop.services.agenda)
            appointment.ticket_id = ticket.id
            appointment.status, appointment.checked_in_at = "checked_in", at
        append_event(session, ticket, Kind.ISSUED, at, service_id=service_id)
        ahead, low, high = estimate_wait(session, site_id, service_id, day, at, ticket.id)
        session.add(WaitEstimate(ticket_id=ticket.id, service_id=service_id, made_at=at,
                                 ahead=ahead, low_minutes=low, high_minutes=high))
        info = ticket_info(session, ticket)
        site_name = service.site.name
        queue_notify.in_transaction(session, site_id)
    queue_notify.committed(db, site_id)
    return IssuedTicket(info, ahead, low, high, site_name)


def priority_categories(db: Database, site_id: uuid.UUID, *,
                        kiosk_only: bool = False) -> tuple[PriorityInfo, ...]:
    with db.read() as session:
        query = select(PriorityCategory).where(PriorityCategory.site_id == site_id,
                                               PriorityCategory.active.is_(True))
        if kiosk_only:
            query = query.where(PriorityCategory.kiosk.is_(True))
        return tuple(PriorityInfo(p.code, p.label, p.kiosk)
                     for p in session.scalars(query.order_by(PriorityCategory.label)))
