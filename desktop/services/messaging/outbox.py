"""The outbox of messages: queue one (idempotent by key), cancel, list the unsent.

Callers queue inside their own transaction (``enqueue(session, ...)``), so a message is
planned together with what causes it, and the worker (:mod:`worker`) sends it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.messaging import OutgoingMessage
from desktop.services.security import audit
from desktop.services.security.permissions import Actor, Permission, require

CHANNELS = ("email", "sms")
#: The states of a message that is still to be sent.
PENDING = ("queued", "sending", "failed")


@dataclass(frozen=True)
class MessageInfo:
    id: uuid.UUID
    key: str
    channel: str
    address: str
    subject: str
    due_at: dt.datetime
    status: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str
    sent_at: dt.datetime | None


def _info(row: OutgoingMessage) -> MessageInfo:
    return MessageInfo(row.id, row.key, row.channel, row.address, row.subject, row.due_at,
                       row.status, row.attempts, row.next_attempt_at, row.last_error,
                       row.sent_at)


def enqueue(session: Session, key: str, channel: str, address: str, subject: str,
            body: str, due_at: dt.datetime, *, ref: str = "",
            expires_at: dt.datetime | None = None) -> tuple[uuid.UUID, bool]:
    """Queue a message once per ``key``: returns (its id, whether it was new).

    An existing message with the key is left as it is (never a second one).
    """
    if channel not in CHANNELS:
        raise ValidationError(_("Unknown message channel."))
    if not address.strip():
        raise ValidationError(_("The message has no address to send it to."))
    existing = session.scalar(select(OutgoingMessage).where(OutgoingMessage.key == key))
    if existing is not None:
        return existing.id, False
    row = OutgoingMessage(id=uuid.uuid4(), key=key, ref=ref, channel=channel,
                          address=address.strip(), subject=subject[:200], body=body,
                          due_at=due_at, expires_at=expires_at, status="queued", attempts=0,
                          next_attempt_at=due_at, lease_owner="", last_error="")
    session.add(row)
    session.flush()
    return row.id, True


def cancel_ref(session: Session, ref: str, *, keep: frozenset[str] = frozenset()) -> int:
    """Cancel the unsent messages of ``ref`` whose key is not in ``keep``; returns how many.

    A message being sent right now ("sending") is left alone: it may already have
    arrived, and cancelling it would lose that fact.
    """
    rows = session.scalars(select(OutgoingMessage).where(
        OutgoingMessage.ref == ref, OutgoingMessage.status.in_(("queued", "failed")))).all()
    count = 0
    for row in rows:
        if row.key not in keep:
            row.status = "cancelled"
            count += 1
    return count


def messages_of(session: Session, ref: str) -> list[MessageInfo]:
    rows = session.scalars(select(OutgoingMessage).where(OutgoingMessage.ref == ref)
                           .order_by(OutgoingMessage.due_at, OutgoingMessage.key)).all()
    return [_info(r) for r in rows]


def unsent(db: Database, actor: Actor, limit: int = 500) -> list[MessageInfo]:
    """The messages that failed at least once and are still to be sent, oldest first."""
    require(actor, Permission.MESSAGES_MANAGE, db)
    with db.read() as session:
        rows = session.scalars(
            select(OutgoingMessage)
            .where(OutgoingMessage.status.in_(PENDING), OutgoingMessage.attempts > 0,
                   OutgoingMessage.last_error != "")
            .order_by(OutgoingMessage.due_at).limit(limit)).all()
        return [_info(r) for r in rows]


def retry_now(db: Database, actor: Actor, message_id: uuid.UUID) -> MessageInfo:
    """Send a failed message at the worker's next round instead of after its back-off."""
    require(actor, Permission.MESSAGES_MANAGE, db)
    with db.transaction() as session:
        row = session.get(OutgoingMessage, message_id)
        if row is None:
            raise NotFoundError(_("This message is no longer in the outbox."))
        if row.status != "failed":
            raise ValidationError(_("Only a message that could not be sent can be retried."))
        row.next_attempt_at = clock.now()
        audit.record(session, actor, "message.retry", "message", row.id)
        return _info(row)


def status_counts(session: Session) -> dict[str, int]:
    """How many messages are in each state."""
    return {status: n for status, n in session.execute(
        select(OutgoingMessage.status, func.count()).group_by(OutgoingMessage.status))}


def requeue(session: Session, ids: list[uuid.UUID]) -> None:
    session.execute(update(OutgoingMessage).where(OutgoingMessage.id.in_(ids))
                    .values(status="queued", lease_owner="", lease_until=None))


def messages_of_key(session: Session, key: str) -> bool:
    return session.scalar(select(OutgoingMessage.id).where(OutgoingMessage.key == key)) \
        is not None


def pending_refs(session: Session, prefix: str) -> list[str]:
    """The refs starting with ``prefix`` that have messages still to send."""
    return list(session.scalars(
        select(OutgoingMessage.ref).distinct()
        .where(OutgoingMessage.status.in_(("queued", "failed")),
               OutgoingMessage.ref.startswith(prefix))))
