"""The candidate's consent to send their CV and contacts to the firm of one vacancy.

Before a person's CV or phone and e-mail go to a firm, the counter records that the
person agreed for THAT vacancy (at the counter, by phone, by e-mail or on a signed
form). The consent can be withdrawn at any time: the withdrawal is always recorded,
and when a named rosa carrying the person's contacts was already saved for that
vacancy the counter is told in one sentence that the next printout leaves them out.

Each call checks the ``MATCHING`` permission against the account as it is now and
writes an audit line in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.consent import CandidateConsent
from desktop.models.document_archive import PrintedDocument
from desktop.models.matching import Vacancy
from desktop.models.person import Person
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require

CHANNELS = ("sportello", "telefono", "email", "modulo")


def channel_label(code: str) -> str:
    labels = {"sportello": _("at the counter"), "telefono": _("by phone"),
              "email": _("by e-mail"), "modulo": _("signed form")}
    return labels.get(code, code)


class ConsentMissing(ValidationError):
    """The person has not consented (or withdrew) for this vacancy: nothing is sent."""


@dataclass(frozen=True)
class ConsentInfo:
    person_id: uuid.UUID
    vacancy_id: uuid.UUID
    given_at: dt.datetime
    operator: str
    channel: str
    withdrawn_at: dt.datetime | None

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class Withdrawal:
    consent: ConsentInfo
    #: One sentence for the counter when a saved rosa already carried the contacts.
    notice: str


def _info(row: CandidateConsent) -> ConsentInfo:
    return ConsentInfo(row.person_id, row.vacancy_id, row.given_at, row.operator,
                       row.channel, row.withdrawn_at)


def _row(session: Session, person_id: uuid.UUID,
         vacancy_id: uuid.UUID) -> CandidateConsent | None:
    return session.scalars(select(CandidateConsent).where(
        CandidateConsent.person_id == person_id,
        CandidateConsent.vacancy_id == vacancy_id)).one_or_none()


def consents_of(session: Session, vacancy_id: uuid.UUID) -> dict[uuid.UUID, ConsentInfo]:
    """Every consent recorded for the vacancy (in force or withdrawn), by person."""
    return {row.person_id: _info(row) for row in session.scalars(
        select(CandidateConsent).where(CandidateConsent.vacancy_id == vacancy_id))}


def require_consent(session: Session, person_id: uuid.UUID, vacancy_id: uuid.UUID) -> None:
    """Raise :class:`ConsentMissing` unless the person's consent for the vacancy is in force."""
    row = _row(session, person_id, vacancy_id)
    if row is None:
        raise ConsentMissing(_("The candidate has not consented to sending their CV to "
                               "the firm of this vacancy: record the consent first."))
    if row.withdrawn_at is not None:
        raise ConsentMissing(_("The candidate withdrew the consent for this vacancy on "
                               "{day}: the CV cannot be sent to the firm.").format(
            day=f"{row.withdrawn_at:%d/%m/%Y}"))


def _check(session: Session, person_id: uuid.UUID, vacancy_id: uuid.UUID) -> Vacancy:
    if session.get(Person, person_id) is None:
        raise NotFoundError(_("This person is no longer in the database."))
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFoundError(_("This vacancy is no longer in the database."))
    return vacancy


def give_consent(db: Database, actor: AuditActor, person_id: uuid.UUID,
                 vacancy_id: uuid.UUID, channel: str = "sportello") -> ConsentInfo:
    """Record the person's consent for the vacancy (again, after a withdrawal)."""
    require(actor, Permission.MATCHING, db)
    if channel not in CHANNELS:
        raise ValidationError(_("Choose how the consent was given from the list."),
                              {"channel": _("Choose how the consent was given from the list.")})
    with db.transaction() as session:
        _check(session, person_id, vacancy_id)
        row = _row(session, person_id, vacancy_id)
        if row is None:
            row = CandidateConsent(person_id=person_id, vacancy_id=vacancy_id)
            session.add(row)
        row.given_at, row.withdrawn_at = utcnow(), None
        row.operator, row.channel = actor.username[:60], channel
        audit.record(session, actor, "consent.give", "person", person_id,
                     f"vacancy {vacancy_id} {channel}")
        session.flush()
        return _info(row)


def _saved_with_contacts(session: Session, vacancy: Vacancy, person_id: uuid.UUID) -> bool:
    """True when a named rosa of the vacancy, carrying the person's contacts, was saved."""
    for text in session.scalars(select(PrintedDocument.params).where(
            PrintedDocument.kind == "shortlist")):
        params = json.loads(text or "{}")
        if params.get("vacancy") == vacancy.number and str(person_id) in params.get(
                "contacts", ()):
            return True
    return False


def withdraw_consent(db: Database, actor: AuditActor, person_id: uuid.UUID,
                     vacancy_id: uuid.UUID) -> Withdrawal:
    """Record the withdrawal. Always allowed while a consent is in force; the notice
    says when a rosa already saved for the firm carried the person's contacts."""
    require(actor, Permission.MATCHING, db)
    with db.transaction() as session:
        vacancy = _check(session, person_id, vacancy_id)
        row = _row(session, person_id, vacancy_id)
        if row is None or row.withdrawn_at is not None:
            raise ValidationError(_("There is no consent in force to withdraw for this "
                                    "candidate and vacancy."))
        row.withdrawn_at, row.operator = utcnow(), actor.username[:60]
        audit.record(session, actor, "consent.withdraw", "person", person_id,
                     f"vacancy {vacancy_id}")
        notice = ""
        if _saved_with_contacts(session, vacancy, person_id):
            notice = _("Consent withdrawn: the rosa already saved for vacancy {number} "
                       "carried the candidate's contacts; the next printout leaves them "
                       "out and says so.").format(number=vacancy.number)
        session.flush()
        return Withdrawal(_info(row), notice)


def vacancy_consents(db: Database, actor: AuditActor,
                     vacancy_id: uuid.UUID) -> dict[uuid.UUID, ConsentInfo]:
    """The consents recorded for a vacancy, by person (for the candidate list)."""
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        return consents_of(session, vacancy_id)
