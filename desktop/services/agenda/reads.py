"""Reading the agenda: a day or a week of a site, an operator's or a counter's day, a
person's appointments, one appointment. Each a single statement (the day view's
benchmark is ``python -m bench agenda``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Counter, Operator, Person, Service
from desktop.models.queue import Appointment
from desktop.services.agenda.types import AppointmentInfo, Status
from desktop.services.security.permissions import Actor, Permission, require

_Op = aliased(Operator)


def _query() -> Any:  # a Select of 19 columns
    return (select(Appointment.id, Appointment.site_id, Appointment.service_id, Service.name,
                   Appointment.scheduled_at, Appointment.duration_minutes, Appointment.purpose,
                   Appointment.reference, Appointment.status, Appointment.person_id,
                   Person.surname, Person.name, Person.fiscal_code, Appointment.counter_id,
                   Counter.name, Appointment.operator_id, _Op.full_name, Appointment.measure,
                   Appointment.ticket_id)
            .join(Service, Service.id == Appointment.service_id)
            .outerjoin(Person, Person.id == Appointment.person_id)
            .outerjoin(Counter, Counter.id == Appointment.counter_id)
            .outerjoin(_Op, _Op.id == Appointment.operator_id))


def _row(row: Any) -> AppointmentInfo:
    (aid, site_id, service_id, service_name, start, minutes, purpose, code, status,
     person_id, surname, name, fiscal_code, counter_id, counter_name, operator_id,
     operator_name, measure, ticket_id) = row
    return AppointmentInfo(
        aid, site_id, service_id, service_name, start, minutes, purpose, code, status,
        person_id, f"{surname} {name}" if surname else "", fiscal_code or "", counter_id,
        counter_name or "", operator_id, operator_name or "", measure, ticket_id)


def local_bounds(first: dt.date, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    """The UTC moments of local midnight of ``first`` and ``days`` days later."""
    start = dt.datetime.combine(first, dt.time()).astimezone(dt.UTC)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time()).astimezone(dt.UTC)
    return start, end


def appointments_between(session: Session, site_id: uuid.UUID, start: dt.datetime,
                         end: dt.datetime, *, counter_id: uuid.UUID | None = None,
                         operator_id: uuid.UUID | None = None,
                         include_cancelled: bool = False) -> list[AppointmentInfo]:
    query = _query().where(Appointment.site_id == site_id, Appointment.scheduled_at >= start,
                           Appointment.scheduled_at < end)
    if counter_id is not None:
        query = query.where(Appointment.counter_id == counter_id)
    if operator_id is not None:
        query = query.where(Appointment.operator_id == operator_id)
    if not include_cancelled:
        query = query.where(Appointment.status != Status.CANCELLED.value)
    query = query.order_by(Appointment.scheduled_at, Counter.number, Appointment.id)
    return [_row(row) for row in session.execute(query)]


def day_view(db: Database, actor: Actor, site_id: uuid.UUID, day: dt.date, *,
             days: int = 1, counter_id: uuid.UUID | None = None,
             operator_id: uuid.UUID | None = None) -> list[AppointmentInfo]:
    """The site's appointments of a local day (``days=7``: a week), by time."""
    with db.read() as session:
        require(actor, Permission.PERSON_READ, session)
        start, end = local_bounds(day, days)
        return appointments_between(session, site_id, start, end, counter_id=counter_id,
                                    operator_id=operator_id)


def operator_day(db: Database, actor: Actor, site_id: uuid.UUID, day: dt.date,
                 counter_id: uuid.UUID | None = None) -> list[AppointmentInfo]:
    """The counter's day list: the actor's appointments and those booked at the counter."""
    with db.read() as session:
        require(actor, Permission.PERSON_READ, session)
        start, end = local_bounds(day)
        rows = appointments_between(session, site_id, start, end)
    return [a for a in rows if a.operator_id == actor.id
            or (counter_id is not None and a.counter_id == counter_id)]


def person_appointments(db: Database, actor: Actor, person_id: uuid.UUID,
                        since: dt.datetime | None = None) -> list[AppointmentInfo]:
    """A person's appointments (from ``since``), by time."""
    with db.read() as session:
        require(actor, Permission.PERSON_READ, session)
        query = _query().where(Appointment.person_id == person_id)
        if since is not None:
            query = query.where(Appointment.scheduled_at >= since)
        query = query.order_by(Appointment.scheduled_at)
        return [_row(row) for row in session.execute(query)]


def appointment_info(session: Session, appointment_id: uuid.UUID) -> AppointmentInfo:
    row = session.execute(_query().where(Appointment.id == appointment_id)).first()
    if row is None:
        raise NotFoundError(_("This appointment no longer exists."))
    return _row(row)


def get_appointment(db: Database, actor: Actor, appointment_id: uuid.UUID) -> AppointmentInfo:
    with db.read() as session:
        require(actor, Permission.PERSON_READ, session)
        return appointment_info(session, appointment_id)
