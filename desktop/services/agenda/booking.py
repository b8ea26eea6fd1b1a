"""Booking and cancelling appointments, with the checks that keep the agenda sound.

A booking is refused, with one Italian sentence and nothing saved, when it is in the
past, outside the site's opening hours or the operator's configured hours, or when it
overlaps another appointment of the same operator or the same counter.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop import formatting
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Counter, Person, Service, Site
from desktop.models.queue import Appointment
from desktop.services.agenda.hours import fits, operator_week, parse_opening_hours
from desktop.services.agenda.reads import appointment_info
from desktop.services.agenda.types import (
    DEFAULT_AGENDA,
    HOLDING,
    AgendaConfig,
    AppointmentInfo,
    BookingRequest,
    Status,
)
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require

#: Booking codes: no 0/O, 1/I/L, read aloud over the phone without doubt.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, {field: message})


def new_booking_code(session: Session) -> str:
    while True:
        code = "PR-" + "".join(secrets.choice(_ALPHABET) for _i in range(6))
        if session.scalar(select(Appointment.id).where(Appointment.reference == code)) is None:
            return code


def _overlap(session: Session, column: InstrumentedAttribute[uuid.UUID | None],
             value: uuid.UUID, start: dt.datetime,
             end: dt.datetime, skip: uuid.UUID | None) -> Appointment | None:
    # An appointment lasts at most a few hours: look at the ones starting in the day
    # around it and compare in Python (SQLite has no interval arithmetic).
    query = select(Appointment).where(
        column == value, Appointment.status.in_(HOLDING),
        Appointment.scheduled_at > start - dt.timedelta(hours=8),
        Appointment.scheduled_at < end)
    for other in session.scalars(query):
        other_end = other.scheduled_at + dt.timedelta(minutes=other.duration_minutes)
        if other.id != skip and other.scheduled_at < end and start < other_end:
            return other
    return None


def check_request(session: Session, request: BookingRequest, now: dt.datetime,
                  config: AgendaConfig = DEFAULT_AGENDA,
                  skip: uuid.UUID | None = None) -> None:
    """Raise ValidationError (one sentence, the field) when the booking cannot be made."""
    if request.start.tzinfo is None:
        raise ValueError("a booking needs an aware start")
    if not config.min_minutes <= request.minutes <= config.max_minutes:
        raise _refuse("minutes", _("An appointment lasts from {low} to {high} minutes.").format(
            low=config.min_minutes, high=config.max_minutes))
    start = request.start.astimezone(dt.UTC)
    end = start + dt.timedelta(minutes=request.minutes)
    if start < now:
        raise _refuse("start", _("The appointment is in the past: choose a later date and "
                                 "time."))
    site = session.get(Site, request.site_id)
    service = session.get(Service, request.service_id)
    if site is None or service is None or service.site_id != site.id:
        raise NotFoundError(_("This service is not offered at this site."))
    if session.get(Person, request.person_id) is None:
        raise NotFoundError(_("This person no longer exists in the database."))
    local_start, local_end = start.astimezone(), end.astimezone()
    if not fits(parse_opening_hours(site.opening_hours.splitlines()), local_start, local_end):
        raise _refuse("start", _("The site is closed at that time: choose a time within its "
                                 "opening hours ({hours}).").format(
            hours="; ".join(line for line in site.opening_hours.splitlines() if line)
            or _("none set")))
    if request.counter_id is not None:
        counter = session.get(Counter, request.counter_id)
        if counter is None or counter.site_id != site.id:
            raise NotFoundError(_("This counter is not at this site."))
        other = _overlap(session, Appointment.counter_id, counter.id, start, end, skip)
        if other is not None:
            raise _refuse("counter", _("{counter} already has an appointment from {start} to "
                                       "{end}: choose another time or counter.").format(
                counter=counter.name, start=formatting.time(other.scheduled_at.astimezone()),
                end=formatting.time((other.scheduled_at + dt.timedelta(
                    minutes=other.duration_minutes)).astimezone())))
    if request.operator_id is not None:
        week = operator_week(session, request.operator_id, site.id)
        if week is not None and not fits(week, local_start, local_end):
            raise _refuse("operator", _("The operator does not take appointments at that "
                                        "time: choose a time within their hours."))
        other = _overlap(session, Appointment.operator_id, request.operator_id, start, end,
                         skip)
        if other is not None:
            raise _refuse("operator", _("The operator already has an appointment from {start} "
                                        "to {end}: choose another time.").format(
                start=formatting.time(other.scheduled_at.astimezone()),
                end=formatting.time((other.scheduled_at + dt.timedelta(
                    minutes=other.duration_minutes)).astimezone())))


def add_appointment(session: Session, actor: Actor, request: BookingRequest, now: dt.datetime,
                    config: AgendaConfig = DEFAULT_AGENDA) -> Appointment:
    """Check and add one appointment in the caller's transaction (audit line included)."""
    require(actor, Permission.AGENDA_WRITE, session)
    check_request(session, request, now, config)
    row = appointment_row(session, request, config)
    audit.record(session, actor, "agenda.book", "person", request.person_id,
                 f"appointment {row.id} {row.reference}")
    return row


def appointment_row(session: Session, request: BookingRequest,
                    config: AgendaConfig = DEFAULT_AGENDA) -> Appointment:
    """The row of a request already checked (:func:`check_request`), added and flushed."""
    row = Appointment(
        site_id=request.site_id, service_id=request.service_id, person_id=request.person_id,
        scheduled_at=request.start.astimezone(dt.UTC), duration_minutes=request.minutes,
        purpose=request.purpose.strip()[:200], counter_id=request.counter_id,
        operator_id=request.operator_id, agreement_id=request.agreement_id,
        measure=request.measure.strip()[:200], reference=new_booking_code(session),
        # The queue's window "from early before to late after the slot": negative early
        # means from that many minutes after it (see AgendaConfig).
        early_minutes=-config.precedence_after_minutes, late_minutes=config.grace_minutes,
        status=Status.BOOKED.value)
    session.add(row)
    session.flush()
    return row


def book(db: Database, actor: Actor, request: BookingRequest, *,
         now: dt.datetime | None = None, config: AgendaConfig = DEFAULT_AGENDA) -> AppointmentInfo:
    """Book one appointment; refused with nothing saved when a check fails."""
    at = now or clock.now()
    with db.transaction() as session:
        require(actor, Permission.AGENDA_WRITE, session)
        row = add_appointment(session, actor, request, at, config)
        return appointment_info(session, row.id)


def cancel(db: Database, actor: Actor, appointment_id: uuid.UUID) -> AppointmentInfo:
    """Cancel a booked appointment (kept, with its status, for the record)."""
    with db.transaction() as session:
        require(actor, Permission.AGENDA_WRITE, session)
        row = session.get(Appointment, appointment_id)
        if row is None:
            raise NotFoundError(_("This appointment no longer exists."))
        if row.status != Status.BOOKED.value:
            raise ValidationError(_("Only a booked appointment can be cancelled."))
        row.status = Status.CANCELLED.value
        row.cancelled = True
        audit.record(session, actor, "agenda.cancel", "person", row.person_id or "",
                     f"appointment {row.id}")
        session.flush()
        return appointment_info(session, row.id)


def free_slots(db: Database, actor: Actor, site_id: uuid.UUID, day: dt.date, minutes: int,
               *, counter_id: uuid.UUID | None = None, operator_id: uuid.UUID | None = None,
               step: int = 15, now: dt.datetime | None = None,
               config: AgendaConfig = DEFAULT_AGENDA) -> list[dt.datetime]:
    """The starts (aware, local) on ``day`` where such a booking would be accepted."""
    at = now or clock.now()
    found: list[dt.datetime] = []
    with db.read() as session:
        require(actor, Permission.PERSON_READ, session)
        site = session.get(Site, site_id)
        if site is None:
            raise NotFoundError(_("This site no longer exists."))
        week = parse_opening_hours(site.opening_hours.splitlines())
        service = session.scalars(select(Service).where(Service.site_id == site_id)).first()
        person = session.scalars(select(Person.id)).first()
        if service is None or person is None:
            return found
        for open_at, close_at in week.get(day.weekday(), ()):
            moment = dt.datetime.combine(day, open_at).astimezone()
            last = dt.datetime.combine(day, close_at).astimezone()
            while moment + dt.timedelta(minutes=minutes) <= last:
                request = BookingRequest(site_id, service.id, person, moment, minutes,
                                         counter_id=counter_id, operator_id=operator_id)
                try:
                    check_request(session, request, at, config)
                except ValidationError:
                    pass
                else:
                    found.append(moment)
                moment += dt.timedelta(minutes=step)
    return found
