"""An operator's session ending by choice (log out, change of operator): one audit line."""

from __future__ import annotations

from desktop.infra.database import Database
from desktop.services.security import audit
from desktop.services.security.accounts import OperatorInfo


def log_out(db: Database, actor: OperatorInfo) -> None:
    """Record that ``actor`` left the workstation. No permission is needed to leave."""
    with db.transaction() as session:
        audit.record(session, actor, "logout", "operator", actor.id)
