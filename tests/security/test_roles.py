"""The role table, through the services: each role can and cannot do what it says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.errors import PermissionDenied
from desktop.infra.database import Database
from desktop.services.security import accounts, audit, backup
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import ROLE_PERMISSIONS, Permission, allowed

P = Permission

#: The table of the security issue, written out again so a change to either is noticed.
EXPECTED = {
    "sportello": {P.PERSON_READ, P.PERSON_WRITE, P.QUEUE_OPERATE, P.DOCUMENT_PRINT,
                   P.COMPLAINT_WRITE, P.AGENDA_WRITE},
    "operatore": {P.PERSON_READ, P.PERSON_WRITE, P.QUEUE_OPERATE, P.DOCUMENT_PRINT,
                  P.COMPLAINT_WRITE, P.AGENDA_WRITE, P.AGREEMENT_WRITE, P.MATCHING, P.PERSON_MERGE,
                  P.FIRMS, P.MESSAGES_MANAGE, P.CONDITIONALITY},
    "collocamento_mirato": {P.PERSON_READ, P.PERSON_WRITE, P.QUEUE_OPERATE, P.DOCUMENT_PRINT,
                            P.COMPLAINT_WRITE, P.AGENDA_WRITE, P.AGREEMENT_WRITE, P.MATCHING, P.PERSON_MERGE,
                            P.FIRMS, P.MESSAGES_MANAGE, P.CONDITIONALITY,
                            P.TARGETED_PLACEMENT_READ, P.TARGETED_PLACEMENT_WRITE},
    "responsabile": set(Permission),
}


def test_the_role_table_is_the_documented_one() -> None:
    assert {role: set(perms) for role, perms in ROLE_PERMISSIONS.items()} == EXPECTED


def test_only_the_manager_handles_accounts_audit_settings_and_subject_requests() -> None:
    admin_only = {P.ACCOUNTS_MANAGE, P.AUDIT_READ, P.SETTINGS_MANAGE, P.PERSON_EXPORT,
                  P.PERSON_ERASE, P.QUEUE_CLOSE_DAY, P.REPORTS, P.EXPORT,
                  P.CHARTER_ADOPT}
    for role, perms in EXPECTED.items():
        if role != "responsabile":
            assert not perms & admin_only, role


def _calls(db: Database, tmp: Path) -> dict[Permission, object]:
    """One real service entry point per guarded permission of this issue."""
    return {
        P.ACCOUNTS_MANAGE: lambda actor: accounts.list_accounts(db, actor),
        P.AUDIT_READ: lambda actor: audit.operator_day(db, actor, "demo", dt.date.today()),
        P.SETTINGS_MANAGE: lambda actor: backup.backup_now(
            db, actor, tmp / f"manual-{actor.role}.sqlite"),
    }


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_through_the_services(demo_db: Database, role: str, tmp_path: Path,
                                        actors: dict[str, OperatorInfo]) -> None:
    actor = actors[role]
    for permission, call in _calls(demo_db, tmp_path).items():
        if allowed(actor, permission):
            call(actor)  # type: ignore[operator]
        else:
            with pytest.raises(PermissionDenied):
                call(actor)  # type: ignore[operator]
    assert (tmp_path / f"manual-{role}.sqlite").exists() == (role == "responsabile")
