"""Reminders planned for appointments: exactly one message per appointment per time.

The key of a reminder is ``appt:<id>:<appointment time>:<offset>``: booking the same
appointment twice plans nothing new, moving it plans the reminders of the new time and
cancels the unsent ones of the old time, cancelling it cancels them all.
:func:`reconcile` does this for every upcoming appointment; the worker runs it before
each round, so a rescheduling made anywhere (another workstation, the region) is seen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop import formatting
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services.messaging import outbox
from desktop.services.messaging.appointments import (
    AppointmentFacts,
    appointment_facts,
    upcoming,
)
from desktop.services.messaging.config import MessagingConfig, parse_offsets
from desktop.services.messaging.consent import Preference, preference_of, require_consent
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require


@dataclass(frozen=True)
class PlannedReminder:
    key: str
    channel: str
    due_at: dt.datetime


def ref_of(appointment_id: uuid.UUID) -> str:
    return f"appt:{appointment_id}"


def key_of(appointment_id: uuid.UUID, scheduled_at: dt.datetime, offset: str) -> str:
    stamp = scheduled_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M")
    return f"{ref_of(appointment_id)}:{stamp}:{offset}"


def text_of(facts: AppointmentFacts) -> tuple[str, str]:
    local = facts.scheduled_at.astimezone()
    subject = _("Reminder: appointment at the job centre on {date}").format(
        date=formatting.date(local.date()))
    body = _("Reminder: you have an appointment at the job centre {place} on {date} at "
             "{time} ({purpose}). If you cannot come, tell the centre before the "
             "appointment: an unjustified absence has the consequences written in your "
             "Patto di servizio.").format(
        place=facts.place, date=formatting.date(local.date()),
        time=formatting.time(local), purpose=facts.purpose)
    return subject, body


def _address(facts: AppointmentFacts, channel: str) -> str:
    address = facts.email if channel == "email" else facts.mobile
    if not address.strip():
        raise ValidationError(
            _("The person has no e-mail address recorded.") if channel == "email"
            else _("The person has no mobile number recorded."))
    return address


def plan(session: Session, facts: AppointmentFacts, preference: Preference,
         config: MessagingConfig, now: dt.datetime) -> list[PlannedReminder]:
    """Queue the reminders of one appointment (and cancel those it no longer needs).

    Raises NoConsent (Italian sentence) for a person without consent, and
    ValidationError for a channel without its address.
    """
    ref = ref_of(facts.id)
    if facts.cancelled or facts.person_id is None:
        outbox.cancel_ref(session, ref)
        return []
    channel = require_consent(preference)
    address = _address(facts, channel)
    subject, body = text_of(facts)
    planned: list[PlannedReminder] = []
    for offset, delta in parse_offsets(config.reminder_offsets):
        due = facts.scheduled_at - delta
        key = key_of(facts.id, facts.scheduled_at, offset)
        if due < now - dt.timedelta(minutes=5) and not outbox.messages_of_key(session, key):
            continue  # booked after this reminder's time: it would come late and confuse
        outbox.enqueue(session, key, channel, address, subject, body, max(due, now),
                       ref=ref, expires_at=facts.scheduled_at)
        planned.append(PlannedReminder(key, channel, due))
    outbox.cancel_ref(session, ref, keep=frozenset(p.key for p in planned))
    return planned


def remind(db: Database, actor: Actor, appointment_id: uuid.UUID,
           config: MessagingConfig) -> list[PlannedReminder]:
    """The operator asks for reminders of an appointment: refused without consent."""
    require(actor, Permission.QUEUE_OPERATE, db)
    with db.transaction() as session:
        facts = appointment_facts(session, appointment_id)
        if facts is None:
            raise NotFoundError(_("This appointment no longer exists."))
        if facts.person_id is None:
            raise ValidationError(_("The appointment has no person to remind."))
        planned = plan(session, facts, preference_of(session, facts.person_id), config,
                       clock.now())
        audit.record(session, actor, "appointment.reminders", "appointment", appointment_id,
                     str(len(planned)))
        return planned


def reconcile(db: Database, now: dt.datetime, config: MessagingConfig) -> int:
    """Plan the reminders of every upcoming appointment; people without consent (or an
    address) get none. Returns how many reminders are planned."""
    offsets = parse_offsets(config.reminder_offsets)
    horizon = max((delta for _o, delta in offsets), default=dt.timedelta(0)) \
        + dt.timedelta(days=7)
    total = 0
    with db.transaction() as session:
        found = {f.id: f for f in upcoming(session, now, horizon)}
        # Appointments with reminders still to send: moved out of the horizon, cancelled
        # or deleted since, their reminders must follow.
        for ref in outbox.pending_refs(session, "appt:"):
            appointment_id = uuid.UUID(ref.removeprefix("appt:"))
            if appointment_id in found:
                continue
            facts = appointment_facts(session, appointment_id)
            if facts is None:
                outbox.cancel_ref(session, ref)
            else:
                found[appointment_id] = facts
        for facts in found.values():
            if facts.person_id is None:
                outbox.cancel_ref(session, ref_of(facts.id))
                continue
            preference = preference_of(session, facts.person_id)
            try:
                total += len(plan(session, facts, preference, config, now))
            except ValidationError:
                outbox.cancel_ref(session, ref_of(facts.id))
    return total
