"""A person's consent to reminders and the channel they prefer (e-mail, SMS or none)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.messaging import ContactPreference
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require

CHOICES = ("email", "sms", "none")


class NoConsent(ValidationError):
    """A reminder to a person who has not agreed to receive one."""


@dataclass(frozen=True)
class Preference:
    person_id: uuid.UUID
    channel: str
    consent: bool


def set_preference(db: Database, actor: Actor, person_id: uuid.UUID, channel: str,
                   consent: bool) -> Preference:
    """Record the person's choice; consent without a channel, or a channel without
    consent, is refused with one sentence."""
    require(actor, Permission.PERSON_WRITE, db)
    if channel not in CHOICES:
        raise ValidationError(_("Choose e-mail, SMS or no reminders."),
                              {"channel": _("Choose e-mail, SMS or no reminders.")})
    if consent and channel == "none":
        raise ValidationError(_("Choose how the person wants to be reminded."),
                              {"channel": _("Choose how the person wants to be reminded.")})
    if not consent:
        channel = "none"
    with db.transaction() as session:
        row = session.scalar(select(ContactPreference)
                             .where(ContactPreference.person_id == person_id))
        if row is None:
            row = ContactPreference(id=uuid.uuid4(), person_id=person_id)
            session.add(row)
        row.channel, row.consent = channel, consent
        row.recorded_by = actor.username
        session.flush()
        audit.record(session, actor, "person.contact_preference", "person", person_id,
                     f"{channel}:{int(consent)}")
        return Preference(person_id, channel, consent)


def preference_of(session: Session, person_id: uuid.UUID) -> Preference:
    row = session.scalar(select(ContactPreference)
                         .where(ContactPreference.person_id == person_id))
    if row is None:
        return Preference(person_id, "none", False)
    return Preference(person_id, row.channel, row.consent)


def read_preference(db: Database, actor: Actor, person_id: uuid.UUID) -> Preference:
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        return preference_of(session, person_id)


def require_consent(preference: Preference) -> str:
    """The channel to use, or NoConsent with the Italian sentence."""
    if not preference.consent or preference.channel == "none":
        raise NoConsent(_("The person has not agreed to receive reminders: record the "
                          "consent and the preferred channel first."))
    return preference.channel
