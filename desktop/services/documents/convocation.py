"""The convocation letter as a printout: rendered here, archived when printed (the
archive's rule); the values come from the agenda (desktop.services.agenda.convocation)."""

from __future__ import annotations

import uuid

from desktop.documents.convocation import render_convocation
from desktop.infra.database import Database
from desktop.services.agenda import get_appointment
from desktop.services.agenda.convocation import convocation
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.security.permissions import Actor, Permission, require


def render_convocation_document(db: Database, actor: Actor,
                                appointment_id: uuid.UUID) -> RenderedDocument:
    require(actor, Permission.DOCUMENT_PRINT, db)
    data = convocation(db, actor, appointment_id)
    pdf = render_convocation(data)
    person_id = get_appointment(db, actor, appointment_id).person_id
    return RenderedDocument(pdf=pdf, kind="convocation", number=data.number, version=1,
                            title=f"Convocazione {data.booking_code}", person_id=person_id,
                            params={"appointment_id": str(appointment_id)},
                            filename=f"convocazione-{data.booking_code}.pdf")
