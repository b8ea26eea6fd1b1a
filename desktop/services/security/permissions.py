"""Who may do what: permissions attached to roles, checked in the services.

A view may hide a button, but the decision is always taken here: every service
that acts for an operator receives the ``actor`` (an OperatorInfo) and calls
:func:`require` before touching data.
"""

from __future__ import annotations

import enum
import logging
from typing import Protocol

from desktop.errors import PermissionDenied
from desktop.i18n import _

log = logging.getLogger(__name__)


class Permission(enum.StrEnum):
    PERSON_READ = "person.read"
    PERSON_WRITE = "person.write"
    PERSON_MERGE = "person.merge"
    TARGETED_PLACEMENT_READ = "l68.read"  # collocamento mirato: health data
    TARGETED_PLACEMENT_WRITE = "l68.write"
    QUEUE_OPERATE = "queue.operate"
    QUEUE_CLOSE_DAY = "queue.close_day"
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


_P = Permission
_FRONT_DESK = {_P.PERSON_READ, _P.PERSON_WRITE, _P.QUEUE_OPERATE, _P.DOCUMENT_PRINT}
_COUNSELLOR = _FRONT_DESK | {_P.AGREEMENT_WRITE, _P.MATCHING, _P.PERSON_MERGE}

#: The role table (README, Privacy and security). Keys are ``Role`` values.
#:
#: ============================  =========  =========  ===================  ============
#: permission                    sportello  operatore  collocamento_mirato  responsabile
#: ============================  =========  =========  ===================  ============
#: person read/write, queue,     yes        yes        yes                  yes
#: print
#: agreements, matching, merge   no         yes        yes                  yes
#: L. 68 data read/write         no         no         yes                  yes
#: close day, reports, exports,  no         no         no                   yes
#: accounts, settings, audit,
#: data-subject requests
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
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


def require(actor: Actor, permission: Permission) -> None:
    """Raise :class:`PermissionDenied` (with an Italian sentence) unless allowed."""
    if not allowed(actor, permission):
        log.info("permission %s denied to role %s", permission.value, actor.role)
        raise PermissionDenied(
            _("Your role does not allow this operation. Ask the centre manager if you "
              "need it."), f"{permission.value} denied to {actor.role}")
