"""The one adapter between condizionalità and the appointments: who did not come.

Today appointments live in the queue's ``queue_appointment`` table: a convocation was
missed when its check-in window closed without a ticket, or its ticket ended as a
no-show. When the agenda owns appointments, this becomes ``agenda.no_shows``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.models.queue import Appointment, Ticket


def no_shows(session: Session, since: dt.datetime,
             now: dt.datetime) -> list[tuple[uuid.UUID, uuid.UUID, dt.datetime]]:
    """(appointment id, person id, scheduled at) of the missed appointments since ``since``."""
    rows = session.execute(
        select(Appointment.id, Appointment.person_id, Appointment.scheduled_at,
               Appointment.late_minutes)
        .outerjoin(Ticket, Ticket.id == Appointment.ticket_id)
        .where(Appointment.person_id.is_not(None), Appointment.cancelled.is_(False),
               Appointment.scheduled_at >= since, Appointment.scheduled_at <= now,
               or_(Appointment.ticket_id.is_(None), Ticket.status == "no_show"))
        .order_by(Appointment.scheduled_at)).all()
    return [(a, p, at) for a, p, at, late in rows
            if p is not None and at + dt.timedelta(minutes=late) < now]
