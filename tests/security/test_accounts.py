"""Accounts: argon2id hashes, scrypt upgrade, lockout, forced change, management."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from desktop.errors import AuthenticationError, PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models import Operator
from desktop.models.audit import AuditEntry
from desktop.services.security import accounts, passwords, throttle
from desktop.services.security.accounts import OperatorInfo


def stored_hash(db: Database, username: str) -> str:
    with db.read() as session:
        return session.scalars(
            select(Operator.password_hash).where(Operator.username == username)).one()


def actions(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_foundation_scrypt_hash_still_logs_in_and_is_upgraded(demo_db: Database) -> None:
    legacy = passwords.legacy_scrypt_hash("vecchia-password-1")
    with demo_db.transaction() as session:
        session.execute(update(Operator).where(Operator.username == "m.conti")
                        .values(password_hash=legacy))
    assert passwords.verify_password("vecchia-password-1", legacy)
    accounts.authenticate(demo_db, "m.conti", "vecchia-password-1")
    upgraded = stored_hash(demo_db, "m.conti")
    assert upgraded.startswith("$argon2id$")
    assert accounts.authenticate(demo_db, "m.conti", "vecchia-password-1").username == "m.conti"


def test_manager_unlocks_and_resets(demo_db: Database, manager: OperatorInfo) -> None:
    for _attempt in range(throttle.DEFAULT_POLICY.free_attempts):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(demo_db, "m.conti", "sbagliata", station="pc-1")
    target = next(a for a in accounts.list_accounts(demo_db, manager)
                  if a.username == "m.conti")
    assert target.locked
    assert not accounts.unlock_account(demo_db, manager, target.id).locked
    assert accounts.authenticate(demo_db, "m.conti", "demo").username == "m.conti"
    reset = accounts.reset_password(demo_db, manager, target.id)
    assert reset.account.must_change_password
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "m.conti", "demo")
    logged = accounts.authenticate(demo_db, "m.conti", reset.password)
    assert logged.must_change_password
    changed = accounts.change_password(demo_db, logged, reset.password, "Nuova-Chiave-7")
    assert not changed.must_change_password
    assert reset.password not in stored_hash(demo_db, "m.conti")


def test_password_rules(demo_db: Database, actors: dict[str, OperatorInfo]) -> None:
    me = actors["operatore"]
    for bad in ("corta1", "soloalfabetiche", "12345678901", "m.conti-2026"):
        with pytest.raises(ValidationError):
            accounts.change_password(demo_db, me, "demo", bad)
    with pytest.raises(ValidationError) as info:
        accounts.change_password(demo_db, me, "sbagliata", "Buona-Chiave-9")
    assert info.value.user_message == "La password attuale è errata."
    assert "password.change_failed" in actions(demo_db)


def test_created_account_must_change_its_password(demo_db: Database,
                                                  manager: OperatorInfo) -> None:
    created = accounts.create_account(demo_db, manager, " A.Rossi ", "Anna Rossi", "operatore")
    assert created.account.username == "a.rossi"
    assert created.account.must_change_password
    assert len(created.password) == 12
    assert accounts.authenticate(demo_db, "a.rossi", created.password).must_change_password
    with pytest.raises(ValidationError) as info:
        accounts.create_account(demo_db, manager, "a.rossi", "Altra Anna", "operatore")
    assert info.value.user_message == "Questo nome utente è già in uso."


def test_the_last_manager_cannot_be_disabled_or_demoted(demo_db: Database,
                                                       manager: OperatorInfo) -> None:
    with pytest.raises(ValidationError):
        accounts.set_active(demo_db, manager, manager.id, False)
    with pytest.raises(ValidationError):
        accounts.change_role(demo_db, manager, manager.id, "sportello")
    other = accounts.create_account(demo_db, manager, "r.due", "Responsabile Due",
                                    "responsabile")
    assert accounts.change_role(demo_db, manager, manager.id, "operatore").role == "operatore"
    assert other.account.role == "responsabile"


def test_disabled_account_cannot_log_in(demo_db: Database, manager: OperatorInfo,
                                        actors: dict[str, OperatorInfo]) -> None:
    accounts.set_active(demo_db, manager, actors["sportello"].id, False)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "g.bellini", "demo")
    accounts.set_active(demo_db, manager, actors["sportello"].id, True)
    assert accounts.authenticate(demo_db, "g.bellini", "demo").role == "sportello"


@pytest.mark.parametrize("role", ["sportello", "operatore", "collocamento_mirato"])
def test_only_the_manager_manages_accounts(demo_db: Database, role: str,
                                           actors: dict[str, OperatorInfo]) -> None:
    actor = actors[role]
    victim = actors["responsabile"].id
    before = actions(demo_db)
    for call in (lambda: accounts.list_accounts(demo_db, actor),
                 lambda: accounts.create_account(demo_db, actor, "x.y", "X Y", "responsabile"),
                 lambda: accounts.set_active(demo_db, actor, victim, False),
                 lambda: accounts.reset_password(demo_db, actor, victim),
                 lambda: accounts.unlock_account(demo_db, actor, victim),
                 lambda: accounts.change_role(demo_db, actor, actor.id, "responsabile")):
        with pytest.raises(PermissionDenied):
            call()
    assert actions(demo_db) == before
    assert accounts.get_operator(demo_db, actor.username).role == role


def test_logins_are_audited_without_the_typed_text(demo_db: Database) -> None:
    accounts.authenticate(demo_db, "demo", "demo")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "qualcuno.che.non.esiste", "Segreto-123")
    with demo_db.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())
                               .limit(2)).all()
    assert [r.action for r in rows] == ["login.failed", "login"]
    for row in rows:
        text = " ".join([row.operator_username, row.target_id, row.detail])
        assert "qualcuno" not in text and "Segreto" not in text
