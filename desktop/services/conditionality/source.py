"""The one adapter between condizionalità and the appointments: who did not come.

The agenda owns appointments (``desktop.services.agenda``): an absence is what
``agenda.no_shows`` reports (recorded no-shows, and booked appointments past the
no-show time without a check-in), plus a checked-in appointment whose ticket was
called and ended as a no-show at the counter.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.queue import Appointment, Ticket
from desktop.services.agenda import no_shows as agenda_no_shows


def no_shows(session: Session, since: dt.datetime,
             now: dt.datetime) -> list[tuple[uuid.UUID, uuid.UUID, dt.datetime]]:
    """(appointment id, person id, scheduled at) of the missed appointments since ``since``."""
    missed = {row[0]: row for row in agenda_no_shows(session, since, now=now)
              if row[2] <= now}
    called = session.execute(
        select(Appointment.id, Appointment.person_id, Appointment.scheduled_at)
        .join(Ticket, Ticket.id == Appointment.ticket_id)
        .where(Appointment.person_id.is_not(None), Appointment.cancelled.is_(False),
               Appointment.scheduled_at >= since, Appointment.scheduled_at <= now,
               Ticket.status == "no_show")).all()
    for aid, pid, at in called:
        if pid is not None:
            missed.setdefault(aid, (aid, pid, at))
    return sorted(missed.values(), key=lambda row: (row[2], row[0]))
