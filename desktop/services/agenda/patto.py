"""The Patto's "Prossimi appuntamenti" rows as real appointments in the agenda.

When a Patto version is saved, each of its future appointments not booked yet for that
agreement is booked: at the counter its place names ("Sportello 3"), with the operator
who saves the Patto, for the counter's first service (or the configured Patto service),
linked to the agreement and to the measure its purpose names. The rows are checked
before the Patto is saved, so an appointment outside the hours or over another one
stops the save with the reason, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.documents.agreement import Appointment as PattoAppointment
from desktop.documents.agreement import Measure
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Counter, Service
from desktop.models.queue import Appointment
from desktop.services.agenda.booking import add_appointment, check_request
from desktop.services.agenda.reads import appointment_info
from desktop.services.agenda.types import (
    DEFAULT_AGENDA,
    AgendaConfig,
    AppointmentInfo,
    BookingRequest,
    Status,
)
from desktop.services.security.permissions import Actor, Permission, require

#: Length of an appointment fixed in a Patto (the rows carry no length).
PATTO_MINUTES = 30


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _request(session: Session, actor: Actor, site_id: uuid.UUID, person_id: uuid.UUID,
             row: PattoAppointment, measures: Sequence[Measure],
             agreement_id: uuid.UUID | None, config: AgendaConfig) -> BookingRequest:
    counters = session.scalars(select(Counter).where(Counter.site_id == site_id,
                                                     Counter.active.is_(True))).all()
    counter = next((c for c in counters if _fold(c.name) == _fold(row.place)), None)
    service = next(iter(counter.services), None) if counter is not None else None
    if service is None:
        service = session.scalars(select(Service).where(
            Service.site_id == site_id,
            Service.prefix == config.patto_service_prefix)).first()
    if service is None:
        raise NotFoundError(_("This service is not offered at this site."))
    purpose = _fold(row.purpose)
    measure = next((m.description or m.kind for m in measures if purpose and (
        (m.kind and _fold(m.kind) in purpose) or (m.description and
                                                  _fold(m.description) in purpose))), "")
    return BookingRequest(site_id, service.id, person_id, row.when.astimezone(),
                          PATTO_MINUTES, row.purpose, counter.id if counter else None,
                          actor.id, agreement_id, measure)


def _pending(session: Session, person_id: uuid.UUID, rows: Sequence[PattoAppointment],
             at: dt.datetime) -> list[tuple[int, PattoAppointment]]:
    """The future rows (numbered from 1) the person has no appointment at yet."""
    booked = set(session.scalars(select(Appointment.scheduled_at).where(
        Appointment.person_id == person_id,
        Appointment.status != Status.CANCELLED.value)))
    return [(n, row) for n, row in enumerate(rows, 1)
            if row.when.astimezone() > at and row.when.astimezone().astimezone(dt.UTC)
            not in booked]


def check_patto_appointments(db: Database, actor: Actor, site_id: uuid.UUID,
                             person_id: uuid.UUID, rows: Sequence[PattoAppointment],
                             measures: Sequence[Measure] = (), *, now: dt.datetime | None = None,
                             config: AgendaConfig = DEFAULT_AGENDA) -> None:
    """Raise ValidationError ("Appointment 2: ...") for the first row that cannot be booked."""
    at = now or clock.now()
    with db.read() as session:
        require(actor, Permission.AGENDA_WRITE, session)
        for n, row in _pending(session, person_id, rows, at):
            try:
                check_request(session, _request(session, actor, site_id, person_id, row,
                                                measures, None, config), at, config)
            except ValidationError as exc:
                message = _("Appointment {n}: {reason}").format(n=n, reason=exc.user_message)
                raise ValidationError(message, {"appointments": message}) from None


def book_patto_appointments(db: Database, actor: Actor, site_id: uuid.UUID,
                            person_id: uuid.UUID, agreement_id: uuid.UUID | None,
                            rows: Sequence[PattoAppointment], measures: Sequence[Measure] = (),
                            *, now: dt.datetime | None = None,
                            config: AgendaConfig = DEFAULT_AGENDA) -> list[AppointmentInfo]:
    """Book the Patto's future rows not booked yet, all or none (one transaction)."""
    at = now or clock.now()
    with db.transaction() as session:
        require(actor, Permission.AGENDA_WRITE, session)
        made = []
        for n, row in _pending(session, person_id, rows, at):
            request = _request(session, actor, site_id, person_id, row, measures,
                               agreement_id, config)
            try:
                made.append(add_appointment(session, actor, request, at, config).id)
            except ValidationError as exc:
                message = _("Appointment {n}: {reason}").format(n=n, reason=exc.user_message)
                raise ValidationError(message, {"appointments": message}) from None
        session.flush()
        return [appointment_info(session, aid) for aid in made]
