"""Operator accounts: password hashing and login.

Passwords are stored as scrypt hashes (standard library, memory-hard), never in a
reversible form. Roles and permissions are attached by the security issue.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.errors import AuthenticationError, ValidationError
from desktop.i18n import _
from desktop.models import Operator, Site
from desktop.services.database import Database

log = logging.getLogger(__name__)

_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    if not password:
        raise ValidationError(_("The password cannot be empty."), {"password": _("Required")})
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(candidate, base64.b64decode(digest))


@dataclass(frozen=True)
class OperatorInfo:
    """The logged-in operator, as the rest of the application sees them."""

    id: uuid.UUID
    username: str
    full_name: str
    role: str
    site_code: str


def _info(operator: Operator, site: Site | None) -> OperatorInfo:
    return OperatorInfo(
        operator.id, operator.username, operator.full_name, operator.role,
        site.code if site else "",
    )


def authenticate(db: Database, username: str, password: str) -> OperatorInfo:
    """Check the credentials; raise :class:`AuthenticationError` with one sentence if wrong."""
    username = username.strip().lower()
    if not username or not password:
        raise AuthenticationError(_("Enter user name and password."))
    with db.read() as session:
        operator = session.scalars(select(Operator).where(Operator.username == username)).first()
        if operator is None or not operator.active or not operator.password_hash:
            hash_password("timing-equaliser")  # same cost whether or not the user exists
            log.info("failed login (unknown or disabled account)")
            raise AuthenticationError(_("Wrong user name or password."))
        if not verify_password(password, operator.password_hash):
            log.info("failed login for operator %s", operator.id)
            raise AuthenticationError(_("Wrong user name or password."))
        log.info("operator %s logged in", operator.id)
        return _info(operator, operator.site)


def get_operator(db: Database, username: str) -> OperatorInfo:
    with db.read() as session:
        operator = session.scalars(select(Operator).where(Operator.username == username)).first()
        if operator is None:
            raise AuthenticationError(_("Wrong user name or password."))
        return _info(operator, operator.site)
