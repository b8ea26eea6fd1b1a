"""Who may do what: permissions attached to roles, checked in the services.

A view may hide a button, but the decision is always taken here: every service
that acts for an operator receives the ``actor`` (an OperatorInfo) and calls
:func:`require` before touching data.

The role an actor carries was read at login, and an account can be demoted or
disabled while its session is open. So :func:`require` also reads the operator's
row as it is NOW (one primary-key read, inside the caller's transaction when it is
given a session): a disabled or missing account, or one whose role changed since
the login, raises :class:`SessionRevoked` and the application ends the session.
Only the shell's actor (``sportello`` commands: whoever holds the files and the
key) has no row to check.
"""

from __future__ import annotations

import enum
import logging
import uuid
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from desktop.errors import PermissionDenied, SessionRevoked
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Operator

log = logging.getLogger(__name__)


class Permission(enum.StrEnum):
    PERSON_READ = "person.read"
    PERSON_WRITE = "person.write"
    PERSON_MERGE = "person.merge"
    TARGETED_PLACEMENT_READ = "l68.read"  # collocamento mirato: health data
    TARGETED_PLACEMENT_WRITE = "l68.write"
    QUEUE_OPERATE = "queue.operate"
    QUEUE_CLOSE_DAY = "queue.close_day"
    #: Book, move and cancel appointments in the agenda, print convocations.
    AGENDA_WRITE = "agenda.write"
    AGREEMENT_WRITE = "agreement.write"
    DOCUMENT_PRINT = "document.print"
    MATCHING = "matching"
    REPORTS = "reports"
    EXPORT = "export"
    #: Data-subject requests: export everything held about a person (GDPR art. 15/20).
    PERSON_EXPORT = "person.export"
    #: Data-subject requests: erase or anonymise a person (GDPR art. 17).
    PERSON_ERASE = "person.erase"
    ACCOUNTS_MANAGE = "accounts.manage"
    SETTINGS_MANAGE = "settings.manage"
    AUDIT_READ = "audit.read"
    #: The Imprese counter: the firms' registry and the services delivered to firms.
    FIRMS = "firms"
    #: The outbox of reminders: list the unsent messages, retry one now.
    MESSAGES_MANAGE = "messages.manage"
    #: Condizionalità: record absences, justifications and sanction proposals.
    CONDITIONALITY = "conditionality"
    #: Record and answer complaints (reclami), print their letters.
    COMPLAINT_WRITE = "complaint.write"
    #: Adopt an edition of the Carta dei servizi (its number and effective date).
    CHARTER_ADOPT = "charter.adopt"


_P = Permission
_FRONT_DESK = {_P.PERSON_READ, _P.PERSON_WRITE, _P.QUEUE_OPERATE, _P.DOCUMENT_PRINT,
               _P.COMPLAINT_WRITE, _P.AGENDA_WRITE}
_COUNSELLOR = _FRONT_DESK | {_P.AGREEMENT_WRITE, _P.MATCHING, _P.PERSON_MERGE, _P.FIRMS,
                             _P.MESSAGES_MANAGE, _P.CONDITIONALITY}

#: The role table (README, Privacy and security). Keys are ``Role`` values.
#:
#: ============================  =========  =========  ===================  ============
#: permission                    sportello  operatore  collocamento_mirato  responsabile
#: ============================  =========  =========  ===================  ============
#: person read/write, queue,     yes        yes        yes                  yes
#: print, complaints, agenda
#: agreements, matching, merge,  no         yes        yes                  yes
#: firms (Imprese), reminders'
#: outbox, condizionalità
#: L. 68 data read/write         no         no         yes                  yes
#: close day, reports, exports,  no         no         no                   yes
#: accounts, settings, audit,
#: data-subject requests, adopt
#: a Carta edition
#: ============================  =========  =========  ===================  ============
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "sportello": frozenset(_FRONT_DESK),
    "operatore": frozenset(_COUNSELLOR),
    "collocamento_mirato": frozenset(
        _COUNSELLOR | {_P.TARGETED_PLACEMENT_READ, _P.TARGETED_PLACEMENT_WRITE}),
    "responsabile": frozenset(set(Permission)),
}


class Actor(Protocol):
    """Anything that says who is acting (OperatorInfo satisfies it)."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...


def is_cli(actor: Actor) -> bool:
    """True only for a ``sportello`` command's actor (``OperatorInfo.cli``): nobody
    logged in, no account row behind it. Any other actor is checked against its row."""
    return getattr(actor, "cli", False) is True


def allowed(actor: Actor, permission: Permission) -> bool:
    """What the actor's role (as read at login) allows: for a view to hide a button.
    A service decides with :func:`require`, which also reads the account as it is now."""
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


_OPERATOR = Operator.__table__.c
#: Built once: every service call runs it (a plain Core statement, its compiled form
#: cached, run on the session's connection: no ORM step for two columns).
_CURRENT = select(_OPERATOR.role, _OPERATOR.active).where(
    _OPERATOR.id == bindparam("operator_id"))


def _current(session: Session, operator_id: uuid.UUID) -> tuple[str, bool] | None:
    row = session.connection().execute(_CURRENT, {"operator_id": operator_id}).first()
    return None if row is None else (row[0], bool(row[1]))


def check_current(actor: Actor, source: Database | Session) -> None:
    """Raise :class:`SessionRevoked` unless the actor's account is still active and has
    the role it logged in with. ``source``: the caller's session (the read shares its
    transaction) or the database (one short read of its own)."""
    if is_cli(actor):
        return
    if isinstance(source, Session):
        current = _current(source, actor.id)
    else:
        with source.read() as session:
            current = _current(session, actor.id)
    if current is None or not current[1]:
        log.warning("session of operator %s refused: account disabled or missing", actor.id)
        raise SessionRevoked(
            _("Your account has been disabled: this session is closed. Ask the centre "
              "manager if you need to go on."), f"{actor.username} not active")
    if current[0] != actor.role:
        log.warning("session of operator %s refused: role %s is now %s", actor.id,
                    actor.role, current[0])
        raise SessionRevoked(
            _("Your role changed after you logged in: this session is closed. Log in "
              "again to go on."), f"{actor.username} role {actor.role}->{current[0]}")


def require(actor: Actor, permission: Permission, source: Database | Session) -> None:
    """Raise :class:`PermissionDenied` (with an Italian sentence) unless the actor's
    account, as it is now in ``source``, is active, still has the role it logged in
    with, and that role allows ``permission``."""
    check_current(actor, source)
    if not allowed(actor, permission):
        log.info("permission %s denied to role %s", permission.value, actor.role)
        raise PermissionDenied(
            _("Your role does not allow this operation. Ask the centre manager if you "
              "need it."), f"{permission.value} denied to {actor.role}")
