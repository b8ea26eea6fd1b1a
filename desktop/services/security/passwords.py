"""Operator passwords: argon2id hashes (older scrypt hashes still verified and upgraded),
the length and strength rules for a new password, and generated initial passwords.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop.errors import ValidationError
from desktop.i18n import _

_N, _R, _P = 2**14, 8, 1


#: argon2id with the library's RFC 9106 "low memory" defaults (64 MiB, 3 passes).
_HASHER = PasswordHasher()


#: Passwords longer than this are refused before hashing (a hash of megabytes is a DoS).
MAX_PASSWORD_LENGTH = 200


MIN_PASSWORD_LENGTH = 8


def check_length(password: str) -> None:
    if not password:
        raise ValidationError(_("The password cannot be empty."), {"password": _("Required")})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(_("The password can have at most 200 characters."),
                              {"password": _("Too long")})


def hash_password(password: str) -> str:
    """argon2id hash of ``password`` (salted, with its parameters in the string)."""
    check_length(password)
    return _HASHER.hash(password)


def legacy_scrypt_hash(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or int(n) > 2**20 or int(r) > 32 or int(p) > 16:
            return False
        candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                   r=int(r), p=int(p), dklen=32, maxmem=2**28)
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (argon2id or the foundation's scrypt)."""
    if not password or len(password) > MAX_PASSWORD_LENGTH:
        return False
    if stored.startswith("$argon2"):
        try:
            return bool(_HASHER.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    return False


def needs_rehash(stored: str) -> bool:
    if not stored.startswith("$argon2"):
        return True
    try:
        return bool(_HASHER.check_needs_rehash(stored))
    except InvalidHashError:
        return True


def check_new_password(username: str, password: str) -> None:
    """Raise ValidationError unless ``password`` is acceptable as a new password."""
    check_length(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(_("The new password must have at least 8 characters."),
                              {"new_password": _("Too short")})
    if username and username.lower() in password.lower():
        raise ValidationError(_("The new password must not contain the user name."),
                              {"new_password": _("Contains the user name")})
    if password.isalpha() or password.isdigit():
        raise ValidationError(_("The new password must mix letters with digits or symbols."),
                              {"new_password": _("Too simple")})


def generate_initial_password() -> str:
    """A random 12-character password (letters and digits, no look-alikes)."""
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "lIO01o")
    while True:
        candidate = "".join(secrets.choice(alphabet) for _i in range(12))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate
