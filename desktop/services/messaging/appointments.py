"""The one adapter between messaging and the appointments: what a reminder needs to know.

Appointments live in ``queue_appointment``, which the agenda (desktop.services.agenda)
books and cancels; messaging sits below the agenda, so it reads the table here, the
only module that does. It reads the person's e-mail and mobile directly, so messaging
does not depend on the people service either. A cancelled appointment (``cancelled``,
which the agenda sets with its status) keeps no reminder; the purpose the agenda
records is the reminder's, else the service's name.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Person
from desktop.models.organisation import Service, Site
from desktop.models.queue import Appointment


@dataclass(frozen=True)
class AppointmentFacts:
    id: uuid.UUID
    person_id: uuid.UUID | None
    scheduled_at: dt.datetime
    cancelled: bool
    place: str
    purpose: str
    email: str
    mobile: str


def _query():  # type: ignore[no-untyped-def]
    return (select(Appointment, Site.name, Site.address, Service.name, Person.email,
                   Person.mobile)
            .join(Site, Site.id == Appointment.site_id)
            .join(Service, Service.id == Appointment.service_id)
            .outerjoin(Person, Person.id == Appointment.person_id))


def _facts(row) -> AppointmentFacts:  # type: ignore[no-untyped-def]
    appointment, site, address, service, email, mobile = row
    place = f"{site}, {address}" if address else site
    cancelled = appointment.cancelled or appointment.status == "cancelled"
    purpose = appointment.purpose or service
    return AppointmentFacts(appointment.id, appointment.person_id, appointment.scheduled_at,
                            cancelled, place, purpose, email or "", mobile or "")


def appointment_facts(session: Session, appointment_id: uuid.UUID) -> AppointmentFacts | None:
    row = session.execute(_query().where(Appointment.id == appointment_id)).first()
    return None if row is None else _facts(row)


def upcoming(session: Session, now: dt.datetime, horizon: dt.timedelta) -> list[AppointmentFacts]:
    """Appointments with a person from ``now`` to ``now + horizon``, cancelled included
    (their planned reminders must be cancelled)."""
    rows = session.execute(_query().where(
        Appointment.person_id.is_not(None), Appointment.scheduled_at > now,
        Appointment.scheduled_at <= now + horizon)).all()
    return [_facts(r) for r in rows]
