"""Absences at convocations and their justification, within the configured window."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.conditionality import Absence, SanctionProposal
from desktop.services.conditionality import source
from desktop.services.conditionality.config import ConditionalityConfig
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require

#: How far back a round looks for missed appointments.
LOOK_BACK = dt.timedelta(days=60)


@dataclass(frozen=True)
class AbsenceInfo:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    fiscal_code: str
    scheduled_at: dt.datetime
    window_until: dt.date
    status: str  # open | justified | sanctioned | not_applicable
    reason: str
    document_ref: str
    #: The proposal made for it (sanctioned only): its sanction code and wording.
    proposal_id: uuid.UUID | None = None
    sanction: str = ""
    wording: str = ""


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def info(session: Session, row: Absence) -> AbsenceInfo:
    person = session.get(Person, row.person_id)
    proposal = session.scalar(select(SanctionProposal)
                              .where(SanctionProposal.absence_id == row.id))
    return AbsenceInfo(
        row.id, row.person_id, f"{person.surname} {person.name}" if person else "",
        person.fiscal_code if person else "", row.scheduled_at, row.window_until, row.status,
        row.reason, row.document_ref, proposal.id if proposal else None,
        proposal.sanction if proposal else "", proposal.wording if proposal else "")


def record_absences(db: Database, actor: Actor, config: ConditionalityConfig,
                    now: dt.datetime | None = None) -> list[AbsenceInfo]:
    """Open an absence (and its justification window) for each missed convocation not
    recorded yet; returns the new ones."""
    require(actor, Permission.CONDITIONALITY, db)
    at = now or clock.now()
    with db.transaction() as session:
        missed = source.no_shows(session, at - LOOK_BACK, at)
        known = set(session.scalars(select(Absence.appointment_id).where(
            Absence.appointment_id.in_([m[0] for m in missed]))))
        new: list[Absence] = []
        for appointment_id, person_id, scheduled_at in missed:
            if appointment_id in known:
                continue
            row = Absence(id=uuid.uuid4(), person_id=person_id, appointment_id=appointment_id,
                          scheduled_at=scheduled_at, status="open", reason="",
                          document_ref="", justified_by="",
                          window_until=local_day(scheduled_at)
                          + dt.timedelta(days=config.justification_days))
            session.add(row)
            new.append(row)
        session.flush()
        for row in new:
            audit.record(session, actor, "conditionality.absence", "person", row.person_id,
                         str(row.appointment_id))
        return [info(session, r) for r in new]


def justify(db: Database, actor: Actor, absence_id: uuid.UUID, reason: str,
            document_ref: str, *, today: dt.date | None = None) -> AbsenceInfo:
    """Record the justification of an absence with its reason and the document proving
    it. Refused (one Italian sentence per field) when empty, after the window, or when
    the absence is no longer open."""
    require(actor, Permission.CONDITIONALITY, db)
    reason, document_ref = " ".join(reason.split()), " ".join(document_ref.split())
    errors = {}
    if len(reason) < 3:
        errors["reason"] = _("Write the reason of the absence.")
    elif len(reason) > 300:
        errors["reason"] = _("The reason can have at most 300 characters.")
    if not document_ref:
        errors["document_ref"] = _(
            "Write the reference of the document that proves the reason (for example the "
            "medical certificate's number).")
    elif len(document_ref) > 120:
        errors["document_ref"] = _("The document reference can have at most 120 characters.")
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)
    day = today or clock.today()
    with db.transaction() as session:
        row = session.get(Absence, absence_id)
        if row is None:
            raise NotFoundError(_("This absence is no longer in the database."))
        if row.status != "open":
            raise ValidationError(_("This absence is no longer waiting for a justification."))
        if day > row.window_until:
            raise ValidationError(
                _("The time to justify this absence ended on {date}.").format(
                    date=row.window_until.strftime("%d/%m/%Y")))
        row.status, row.reason, row.document_ref = "justified", reason, document_ref
        row.justified_at, row.justified_by = clock.now(), actor.username
        audit.record(session, actor, "conditionality.justify", "person", row.person_id,
                     str(row.id))
        return info(session, row)
