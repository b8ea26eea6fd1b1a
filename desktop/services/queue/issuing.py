"""Issuing tickets at the kiosk or the front desk, and the priority categories offered there."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import cast

from sqlalchemy import Table, bindparam, func, insert, select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import notify as queue_notify
from desktop.infra.database import Database
from desktop.models import Counter, Service, Site
from desktop.models.organisation import counter_service
from desktop.models.queue import (
    Appointment,
    PriorityCategory,
    Ticket,
    WaitEstimate,
)
from desktop.services.queue.events import QueueError, add_issued_event
from desktop.services.queue.letters import draw_code
from desktop.services.queue.rows import local_day, now_or, retry_when_locked
from desktop.services.queue.state import Event, Kind, derive
from desktop.services.queue.stats import estimate_wait
from desktop.services.queue.types import (
    DEFAULT_CONFIG,
    IssuedTicket,
    PriorityInfo,
    QueueConfig,
    TicketInfo,
)

# Built once: the kiosk runs them on every ticket.
_SERVICE = (
    select(Service.site_id, Service.active, Service.prefix, Service.name,
           Service.public_letter, Site.ticket_letters, Site.name.label("site_name"),
           select(func.count()).select_from(counter_service)
           .join(Counter, Counter.id == counter_service.c.counter_id)
           .where(counter_service.c.service_id == Service.id, Counter.active.is_(True))
           .scalar_subquery().label("counters"))
    .join(Site, Site.id == Service.site_id)
    .where(Service.id == bindparam("service")))
_ADD_TICKET = insert(cast(Table, Ticket.__table__))
_ADD_ESTIMATE = insert(cast(Table, WaitEstimate.__table__))


@retry_when_locked
def issue_ticket(db: Database, site_id: uuid.UUID, service_id: uuid.UUID, *,
                 priority_code: str | None = None, appointment_id: uuid.UUID | None = None,
                 now: dt.datetime | None = None,
                 config: QueueConfig = DEFAULT_CONFIG) -> IssuedTicket:
    """Issue a ticket (kiosk or front desk). No actor: the kiosk is unattended.

    The kiosk's hot path: the service, its site and its open counters in one query, the
    ticket, its ``issued`` event and its wait estimate written with Core statements.
    """
    at = now_or(now)
    day = local_day(at)
    with db.transaction() as session:
        connection = session.connection()
        service = connection.execute(_SERVICE, {"service": service_id}).first()
        if service is None or service.site_id != site_id:
            raise NotFoundError(_("This service is not offered at this site."))
        if not service.active or not service.counters:
            raise QueueError(_("The service {name} is closed now: choose another service or "
                               "ask at the front desk.").format(name=service.name))
        priority = None
        if priority_code:
            priority = session.scalars(select(PriorityCategory).where(
                PriorityCategory.site_id == site_id, PriorityCategory.code == priority_code,
                PriorityCategory.active.is_(True))).first()
            if priority is None:
                raise ValidationError(_("Unknown priority category."))
        appointment = session.get(Appointment, appointment_id) if appointment_id else None
        if appointment is not None and appointment.ticket_id is not None:
            raise QueueError(_("This appointment has already been checked in."))
        number, code = draw_code(session, site_id, day, service.ticket_letters, service_id,
                                 service.prefix, service.public_letter)
        state = derive([Event(1, Kind.ISSUED.value, at, service_id)])
        ticket_id = uuid.uuid4()
        appointment_at = appointment.scheduled_at if appointment else None
        connection.execute(_ADD_TICKET, {
            "id": ticket_id, "site_id": site_id, "day": day, "first_service_id": service_id,
            "number": number, "code": code, "issued_at": at,
            "priority_id": priority.id if priority else None,
            "appointment_at": appointment_at,
            "appointment_early": appointment.early_minutes if appointment else 15,
            "appointment_late": appointment.late_minutes if appointment else 15,
            "archived": False, "status": state.status.value,
            "service_id": state.service_id or service_id, "queued_at": state.queued_at,
            "recalls": state.recalls, "outcome": state.outcome})
        if appointment is not None:  # the agenda's check-in (desktop.services.agenda)
            appointment.ticket_id = ticket_id
            appointment.status, appointment.checked_in_at = "checked_in", at
        add_issued_event(session, ticket_id, at, service_id)
        ahead, low, high = estimate_wait(session, site_id, service_id, day, at, ticket_id,
                                         counters=service.counters)
        connection.execute(_ADD_ESTIMATE, {
            "id": uuid.uuid4(), "ticket_id": ticket_id, "service_id": service_id,
            "made_at": at, "ahead": ahead, "low_minutes": low, "high_minutes": high,
            "actual_minutes": None})
        info = TicketInfo(ticket_id, code, number, state.status.value, service_id,
                          service.prefix, service.name, at, state.queued_at,
                          priority.label if priority else None, appointment_at)
        queue_notify.in_transaction(session, site_id)
    queue_notify.committed(db, site_id)
    return IssuedTicket(info, ahead, low, high, service.site_name)


def priority_categories(db: Database, site_id: uuid.UUID, *,
                        kiosk_only: bool = False) -> tuple[PriorityInfo, ...]:
    with db.read() as session:
        query = select(PriorityCategory).where(PriorityCategory.site_id == site_id,
                                               PriorityCategory.active.is_(True))
        if kiosk_only:
            query = query.where(PriorityCategory.kiosk.is_(True))
        return tuple(PriorityInfo(p.code, p.label, p.kiosk)
                     for p in session.scalars(query.order_by(PriorityCategory.label)))
