"""The convocation of an appointment: the values its letter and its PEC/e-mail text print.

``convocation_text`` is what the reminders' worker sends; the printed letter is rendered
and archived by ``desktop.services.documents.convocation`` (the archive's area).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from desktop.documents.convocation import Convocation, mail_body, subject
from desktop.documents.receipts import CentreHeader
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Counter, Operator, Person, Site
from desktop.models.queue import Appointment
from desktop.services.agenda.types import Status
from desktop.services.security.permissions import Actor, Permission, require


def convocation_data(session: Session, appointment_id: uuid.UUID,
                     issued: dt.date | None = None) -> Convocation:
    row = session.get(Appointment, appointment_id)
    if row is None:
        raise NotFoundError(_("This appointment no longer exists."))
    if row.status == Status.CANCELLED.value:
        raise ValidationError(_("This appointment was cancelled: there is nothing to "
                                "convene."))
    person = session.get(Person, row.person_id) if row.person_id else None
    if person is None:
        raise ValidationError(_("This appointment has no person to convene."))
    site = session.get(Site, row.site_id)
    if site is None:
        raise NotFoundError(_("This site no longer exists."))
    counter = session.get(Counter, row.counter_id) if row.counter_id else None
    operator = session.get(Operator, row.operator_id) if row.operator_id else None
    address = f"{site.address}, {site.postcode} {site.town} ({site.province})"
    centre = CentreHeader(site.centre.name, f"{site.name} · {address}",
                          tuple(x for x in (site.centre.pec and f"PEC {site.centre.pec}",
                                            site.phone and f"Tel. {site.phone}") if x),
                          site.town)
    return Convocation(
        number=f"CONV-{row.reference}", centre=centre, issued=issued or clock.today(),
        person_name=f"{person.name} {person.surname}", fiscal_code=person.fiscal_code,
        address=person.domicile_address or person.residence_address,
        when=row.scheduled_at.astimezone(), minutes=row.duration_minutes,
        place=f"{site.centre.name}, {site.name}, {address}",
        counter=counter.name if counter else "", purpose=row.purpose or _("interview"),
        measure=row.measure, operator_name=operator.full_name if operator else "",
        booking_code=row.reference)


def convocation(db: Database, actor: Actor, appointment_id: uuid.UUID) -> Convocation:
    with db.read() as session:
        require(actor, Permission.PERSON_READ, session)
        return convocation_data(session, appointment_id)


def convocation_text(db: Database, actor: Actor, appointment_id: uuid.UUID) -> tuple[str, str]:
    """The PEC/e-mail (subject, plain-text body) convening the person to the appointment."""
    data = convocation(db, actor, appointment_id)
    return subject(data), mail_body(data)
