"""Operator accounts: password hashing, login with lockout, password changes, management.

Passwords are stored as argon2id hashes (argon2-cffi). Hashes written by the
foundation (scrypt, standard library) are still accepted and replaced by argon2id
at the next successful login. Nothing reversible is ever stored.

Every login, failed login, lockout and account change is written to the audit log
in the same transaction as the change it describes.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import string
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import AuthenticationError, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Operator, Role, Site
from desktop.models.base import utcnow
from desktop.services.security import audit
from desktop.services.security.passwords import (
    MAX_PASSWORD_LENGTH,
    check_new_password,
    generate_initial_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from desktop.services.security.permissions import Permission, check_current, require
from desktop.services.security.throttle import (
    DEFAULT_POLICY,
    Attempt,
    LockoutPolicy,
    clear_account,
    delayed_accounts,
)

log = logging.getLogger(__name__)


@functools.cache
def dummy_hash() -> str:
    """An argon2id hash nobody knows the password of: unknown users cost a real verify."""
    return hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class OperatorInfo:
    """The logged-in operator, as the rest of the application sees them."""

    id: uuid.UUID
    username: str
    full_name: str
    role: str
    site_code: str
    #: The password is an initial or reset one: ask for a new one before anything else.
    must_change_password: bool = False
    #: A ``sportello`` command's actor (``bootstrap.cli_actor``): no account row behind
    #: it, so :func:`~desktop.services.security.permissions.require` has none to re-read.
    cli: bool = False


def _info(operator: Operator, site: Site | None) -> OperatorInfo:
    return OperatorInfo(
        operator.id, operator.username, operator.full_name, operator.role,
        site.code if site else "", bool(operator.must_change_password),
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _find(session: Session, username: str) -> Operator | None:
    return session.scalars(select(Operator).where(Operator.username == username)).first()


def _refused() -> AuthenticationError:
    """The one answer to every refused login: wrong password, unknown or disabled user
    name, or an attempt made while the delay runs. Same text, same detail."""
    return AuthenticationError(_(
        "Login failed: wrong user name or password, or too many attempts (then try again "
        "in a few minutes)."), "login refused")


def authenticate(db: Database, username: str, password: str,
                 policy: LockoutPolicy = DEFAULT_POLICY, *,
                 station: str | None = None) -> OperatorInfo:
    """Check the credentials; raise :class:`AuthenticationError` with one sentence if wrong.

    Every attempt costs one argon2 verify (against a dummy hash when the account does
    not exist or cannot log in) and writes the same rows, and every refusal is the same
    sentence: neither the answer nor its time tells a wrong password from an unknown
    user or a delayed account. Wrong passwords slow the next attempt per user name and
    per workstation (``station``, by default the one in the audit log): see
    :mod:`~desktop.services.security.throttle`.
    """
    username = username.strip().lower()
    if not username or not password:
        raise AuthenticationError(_("Enter user name and password."))
    if len(username) > 60 or len(password) > MAX_PASSWORD_LENGTH:
        raise _refused()
    # The verify (a fraction of a second) runs outside the write transaction, so that a
    # login never holds up the counters' calls; the write re-reads what it decides on.
    with db.read() as session:
        operator = _find(session, username)
        stored = (operator.password_hash if operator is not None and operator.active
                  and operator.password_hash else dummy_hash())
    good = verify_password(password, stored)  # always one verify: the same time
    upgraded = hash_password(password) if good and needs_rehash(stored) else None
    with db.transaction() as session:
        now = utcnow()
        attempt = Attempt(session, username, station or audit.workstation(), now, policy)
        operator = _find(session, username)
        usable = (operator is not None and operator.active
                  and operator.password_hash == stored)  # not changed meanwhile
        info = _info(operator, operator.site) if operator is not None else None
        target = operator.id if operator is not None else ""
        waiting = attempt.waiting()
        if waiting:
            log.info("login refused: delay of %ss running", int(waiting.total_seconds()))
            audit.record(session, info, "login.refused", "operator", target,
                         f"delayed {int(waiting.total_seconds())}s")
        elif operator is None or not usable or not good or info is None:
            counts = attempt.failed()
            log.info("failed login (account %d, station %d in a row)", counts.account,
                     counts.station)
            audit.record(session, info, "login.failed", "operator", target,
                         f"failure {counts.account}" if usable else
                         "unknown or disabled account")
        else:
            attempt.succeeded()
            if upgraded is not None:
                operator.password_hash = upgraded
            operator.failed_logins = 0
            operator.locked_until = None
            operator.last_login_at = now
            audit.record(session, info, "login", "operator", operator.id)
            log.info("operator %s logged in", operator.id)
            return info
    raise _refused()


def unlock_session(db: Database, actor: OperatorInfo, password: str,
                   policy: LockoutPolicy = DEFAULT_POLICY) -> OperatorInfo:
    """Re-enter the password after the idle lock: the same checks and delay as a login,
    after making sure the account still is what the session was opened with."""
    check_current(actor, db)
    return authenticate(db, actor.username, password, policy)


def get_operator(db: Database, username: str) -> OperatorInfo:
    with db.read() as session:
        operator = _find(session, username)
        if operator is None:
            raise AuthenticationError(_("Wrong user name or password."))
        return _info(operator, operator.site)


def change_password(db: Database, actor: OperatorInfo, current: str,
                    new: str) -> OperatorInfo:
    """The operator changes their own password (required after an initial or reset one)."""
    check_new_password(actor.username, new)
    if current == new:
        raise ValidationError(_("The new password must be different from the current one."),
                              {"new_password": _("Same as the current one")})
    with db.transaction() as session:
        check_current(actor, session)
        operator = session.get(Operator, actor.id)
        if operator is None:
            raise NotFoundError(_("This account does not exist any more."))
        if not verify_password(current, operator.password_hash):
            audit.record(session, actor, "password.change_failed", "operator", operator.id)
            failed = True
        else:
            failed = False
            operator.password_hash = hash_password(new)
            operator.must_change_password = False
            operator.password_changed_at = utcnow()
            audit.record(session, actor, "password.changed", "operator", operator.id)
            info = _info(operator, operator.site)
    if failed:
        raise ValidationError(_("The current password is wrong."),
                              {"current_password": _("Wrong password")})
    return info


@dataclass(frozen=True)
class AccountInfo:
    id: uuid.UUID
    username: str
    full_name: str
    role: str
    active: bool
    locked: bool
    must_change_password: bool
    last_login_at: dt.datetime | None


@dataclass(frozen=True)
class NewPassword:
    """A generated initial or reset password: shown once to the responsabile, never stored."""

    account: AccountInfo
    password: str


def _account(session: Session, operator: Operator, delayed: bool | None = None) -> AccountInfo:
    """``delayed``: whether wrong passwords delay its next login (read when None)."""
    if delayed is None:
        delayed = bool(delayed_accounts(session, [operator.username]))
    return AccountInfo(operator.id, operator.username, operator.full_name, operator.role,
                       operator.active, delayed, operator.must_change_password,
                       _aware(operator.last_login_at))


_USERNAME_CHARS = set(string.ascii_lowercase + string.digits + "._-")


def _clean_username(username: str) -> str:
    cleaned = username.strip().lower()
    if not (2 <= len(cleaned) <= 60) or not set(cleaned) <= _USERNAME_CHARS:
        raise ValidationError(
            _("The user name must have 2 to 60 characters: letters, digits, dot, dash or "
              "underscore."), {"username": _("Not valid")})
    return cleaned


def _clean_role(role: str) -> str:
    if role not in {r.value for r in Role}:
        raise ValidationError(_("Choose one of the roles offered."), {"role": _("Not valid")})
    return role


def list_accounts(db: Database, actor: OperatorInfo) -> list[AccountInfo]:
    require(actor, Permission.ACCOUNTS_MANAGE, db)
    with db.read() as session:
        operators = list(session.scalars(select(Operator).order_by(Operator.username)))
        delayed = delayed_accounts(session, [o.username for o in operators])
        return [_account(session, o, o.username in delayed) for o in operators]


def create_account(db: Database, actor: OperatorInfo, username: str, full_name: str,
                   role: str) -> NewPassword:
    """Create an operator with a generated password they must change at the first login."""
    require(actor, Permission.ACCOUNTS_MANAGE, db)
    username = _clean_username(username)
    full_name = full_name.strip()
    if not full_name or len(full_name) > 200 or not full_name.isprintable():
        raise ValidationError(_("Enter the operator's full name (at most 200 characters)."),
                              {"full_name": _("Required")})
    role = _clean_role(role)
    password = generate_initial_password()
    with db.transaction() as session:
        if _find(session, username) is not None:
            raise ValidationError(_("This user name is already taken."),
                                  {"username": _("Already taken")})
        me = session.get(Operator, actor.id)
        operator = Operator(username=username, full_name=full_name, role=role,
                            site_id=me.site_id if me else None,
                            password_hash=hash_password(password), must_change_password=True)
        session.add(operator)
        session.flush()
        audit.record(session, actor, "account.created", "operator", operator.id, role)
        return NewPassword(_account(session, operator), password)


def _managed(session: Session, actor: OperatorInfo, account_id: uuid.UUID) -> Operator:
    require(actor, Permission.ACCOUNTS_MANAGE, session)
    operator = session.get(Operator, account_id)
    if operator is None:
        raise NotFoundError(_("This account does not exist any more."))
    return operator


def _other_active_managers(session: Session, operator: Operator) -> int:
    return int(session.scalar(select(func.count()).select_from(Operator).where(
        Operator.role == Role.RESPONSABILE.value, Operator.active.is_(True),
        Operator.id != operator.id)) or 0)


def set_active(db: Database, actor: OperatorInfo, account_id: uuid.UUID,
               active: bool) -> AccountInfo:
    """Disable or enable an account. The last active responsabile cannot be disabled."""
    with db.transaction() as session:
        operator = _managed(session, actor, account_id)
        if not active and operator.role == Role.RESPONSABILE.value \
                and _other_active_managers(session, operator) == 0:
            raise ValidationError(_("This is the only active centre manager: create or enable "
                                    "another one first."))
        operator.active = active
        audit.record(session, actor, "account.enabled" if active else "account.disabled",
                     "operator", operator.id)
        return _account(session, operator)


def reset_password(db: Database, actor: OperatorInfo, account_id: uuid.UUID) -> NewPassword:
    """Give an account a new generated password, to be changed at its next login.

    Also lifts a lockout.
    """
    password = generate_initial_password()
    with db.transaction() as session:
        operator = _managed(session, actor, account_id)
        operator.password_hash = hash_password(password)
        operator.must_change_password = True
        operator.failed_logins = 0
        operator.locked_until = None
        clear_account(session, operator.username)
        audit.record(session, actor, "password.reset", "operator", operator.id)
        return NewPassword(_account(session, operator), password)


def unlock_account(db: Database, actor: OperatorInfo, account_id: uuid.UUID) -> AccountInfo:
    """The responsabile lifts the delay wrong passwords put on an account's next login
    (audited with who did it and whether a delay was running)."""
    with db.transaction() as session:
        operator = _managed(session, actor, account_id)
        operator.failed_logins = 0
        operator.locked_until = None
        lifted = clear_account(session, operator.username)
        audit.record(session, actor, "account.unlocked", "operator", operator.id,
                     "delay lifted" if lifted else "no delay running")
        return _account(session, operator)


def change_role(db: Database, actor: OperatorInfo, account_id: uuid.UUID,
                role: str) -> AccountInfo:
    """Change an account's role. The last active responsabile keeps theirs."""
    role = _clean_role(role)
    with db.transaction() as session:
        operator = _managed(session, actor, account_id)
        if operator.role == Role.RESPONSABILE.value and role != operator.role \
                and operator.active and _other_active_managers(session, operator) == 0:
            raise ValidationError(_("This is the only active centre manager: give the role "
                                    "to another account first."))
        old = operator.role
        operator.role = role
        audit.record(session, actor, "account.role_changed", "operator", operator.id,
                     f"{old}->{role}")
        return _account(session, operator)
