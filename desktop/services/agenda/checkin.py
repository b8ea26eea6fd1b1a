"""Checking in for an appointment (kiosk: the health card's codice fiscale or the booking
code; front desk: the appointment chosen in the list) and the absences that follow.

The ticket is issued by the queue (``queue.issue_ticket`` with the appointment), so it
carries the slot: the queue's policy calls it ahead of walk-ins from a few minutes
before the slot to the end of its grace window. An appointment not checked in by
``no_show_after`` past its slot is an absence (``no_show``), which condizionalità reads
through :func:`no_shows`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop import formatting
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.person_lookup import person_by_code
from desktop.models.queue import Appointment, Ticket
from desktop.services import queue
from desktop.services.agenda.types import DEFAULT_AGENDA, AgendaConfig, Status
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require

_FISCAL_CODE = re.compile(r"^[A-Z0-9]{16}$")
#: The queue's status of a ticket called and not come (desktop.services.queue.state).
_TICKET_NO_SHOW = "no_show"


@dataclass(frozen=True)
class CheckIn:
    issued: queue.IssuedTicket
    appointment_id: uuid.UUID
    scheduled_at: dt.datetime


def _when(moment: dt.datetime) -> tuple[str, str]:
    local = moment.astimezone()
    return formatting.date(local.date()), formatting.time(local)


def _unknown() -> ValidationError:
    message = _("No appointment has this code: check it or ask at the front desk.")
    return ValidationError(message, {"code": message})


def _candidates(session: Session, site_id: uuid.UUID, code: str) -> list[Appointment]:
    query = select(Appointment).where(Appointment.site_id == site_id,
                                      Appointment.status != Status.CANCELLED.value)
    if _FISCAL_CODE.match(code):
        person = person_by_code(session, code)
        if person is None:
            return []
        query = query.where(Appointment.person_id == person.id)
    else:
        query = query.where(Appointment.reference == code)
    return list(session.scalars(query.order_by(Appointment.scheduled_at)))


def _choose(rows: list[Appointment], at: dt.datetime, config: AgendaConfig) -> Appointment:
    """Today's appointment that can be checked in now, or the sentence that says why not."""
    today = at.astimezone().date()
    todays = [a for a in rows if a.scheduled_at.astimezone().date() == today]
    booked = [a for a in todays if a.status == Status.BOOKED.value]
    for row in booked:
        if row.scheduled_at - config.checkin_early <= at <= row.scheduled_at + config.no_show_after:
            return row
    if booked and at < booked[0].scheduled_at:
        opens = booked[0].scheduled_at - config.checkin_early
        raise ValidationError(_("It is too early for your appointment at {time}: you can "
                                "check in from {opens}.").format(
            time=_when(booked[0].scheduled_at)[1], opens=_when(opens)[1]))
    if booked:
        raise ValidationError(_("Your appointment at {time} has passed: ask at the front "
                                "desk.").format(time=_when(booked[-1].scheduled_at)[1]))
    if any(a.status == Status.CHECKED_IN.value for a in todays):
        raise ValidationError(_("You have already checked in for today's appointment: wait "
                                "for your number on the screen."))
    later = [a for a in rows if a.status == Status.BOOKED.value and a.scheduled_at > at]
    if later:
        day, time = _when(later[0].scheduled_at)
        raise ValidationError(_("Your appointment is on {day} at {time}: come back that "
                                "day.").format(day=day, time=time))
    if rows:
        day, time = _when(rows[-1].scheduled_at)
        raise ValidationError(_("Your appointment was on {day} at {time}: ask at the front "
                                "desk for a new one.").format(day=day, time=time))
    raise _unknown()


def check_in(db: Database, site_id: uuid.UUID, code: str, *, now: dt.datetime | None = None,
             config: AgendaConfig = DEFAULT_AGENDA) -> CheckIn:
    """Kiosk check-in (no actor: the kiosk is unattended) by codice fiscale or booking code."""
    at = now or clock.now()
    code = "".join(code.split()).upper()
    if not code:
        raise _unknown()
    with db.read() as session:
        row = _choose(_candidates(session, site_id, code), at, config)
        appointment_id, service_id, scheduled = row.id, row.service_id, row.scheduled_at
    issued = queue.issue_ticket(db, site_id, service_id, appointment_id=appointment_id, now=at)
    return CheckIn(issued, appointment_id, scheduled)


def check_in_at_desk(db: Database, actor: Actor, appointment_id: uuid.UUID, *,
                     now: dt.datetime | None = None,
                     config: AgendaConfig = DEFAULT_AGENDA) -> CheckIn:
    """Front-desk check-in of a chosen appointment (same rules as the kiosk)."""
    at = now or clock.now()
    with db.read() as session:
        require(actor, Permission.QUEUE_OPERATE, session)
        row = session.get(Appointment, appointment_id)
        if row is None:
            raise NotFoundError(_("This appointment no longer exists."))
        chosen = _choose([row], at, config)
        site_id, service_id, scheduled = chosen.site_id, chosen.service_id, chosen.scheduled_at
    issued = queue.issue_ticket(db, site_id, service_id, appointment_id=appointment_id, now=at)
    return CheckIn(issued, appointment_id, scheduled)


def mark_no_shows(db: Database, site_id: uuid.UUID, *, now: dt.datetime | None = None,
                  config: AgendaConfig = DEFAULT_AGENDA) -> int:
    """Record as absences the appointments not checked in ``no_show_after`` past their
    slot, and those whose ticket the queue closed as a no-show. Returns how many."""
    at = now or clock.now()
    with db.transaction() as session:
        late = session.scalars(select(Appointment).where(
            Appointment.site_id == site_id, Appointment.status == Status.BOOKED.value,
            Appointment.scheduled_at < at - config.no_show_after)).all()
        for row in late:
            row.status = Status.NO_SHOW.value
            row.no_show_at = row.scheduled_at + config.no_show_after
        missed = session.scalars(select(Appointment).join(
            Ticket, Ticket.id == Appointment.ticket_id).where(
            Appointment.site_id == site_id, Appointment.status == Status.CHECKED_IN.value,
            Ticket.status == _TICKET_NO_SHOW)).all()
        for row in missed:
            row.status, row.no_show_at = Status.NO_SHOW.value, at
        for row in (*late, *missed):
            audit.record(session, None, "agenda.no_show", "person", row.person_id or "",
                         f"appointment {row.id}")
        return len(late) + len(missed)


def no_shows(session: Session, since: dt.datetime, *, now: dt.datetime | None = None,
             config: AgendaConfig = DEFAULT_AGENDA) -> list[tuple[uuid.UUID, uuid.UUID, dt.datetime]]:
    """Absences at appointments scheduled from ``since``: (appointment_id, person_id,
    scheduled_at), by time. Recorded ones, and booked ones already past ``no_show_after``
    (so a reader does not depend on :func:`mark_no_shows` having run)."""
    at = now or clock.now()
    rows = session.execute(select(Appointment.id, Appointment.person_id,
                                  Appointment.scheduled_at).where(
        Appointment.scheduled_at >= since, Appointment.person_id.is_not(None),
        or_(Appointment.status == Status.NO_SHOW.value,
            (Appointment.status == Status.BOOKED.value)
            & (Appointment.scheduled_at < at - config.no_show_after)))
        .order_by(Appointment.scheduled_at, Appointment.id)).all()
    return [(aid, pid, when) for aid, pid, when in rows if pid is not None]

