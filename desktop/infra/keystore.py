"""The operating system's credential store, through ``keyring``: the one wrapper.

Both secrets of an installation live there when the PC has a usable store (Windows
Credential Manager, macOS Keychain, Secret Service): the database key
(:mod:`desktop.infra.encryption`) and the workstation's sync token
(:mod:`desktop.sync.credentials`). Each keeps its own 0600 fallback file for PCs
without one. A store that cannot keep anything (keyring's ``fail`` and ``null``
backends) counts as none, and any error of a store is logged (its type only: never
the secret) and answered as "not stored".

Tests run with ``PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring`` (see
tests/conftest.py), so they never read or write the developer's real keyring.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def backend() -> Any | None:
    """The ``keyring`` module when a usable store is configured, else None."""
    try:
        import keyring
        from keyring.backends import fail, null

        current = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring configuration: behave as if none
        log.warning("keyring unavailable: %s", type(exc).__name__)
        return None
    if isinstance(current, fail.Keyring | null.Keyring):
        return None
    return keyring


def get_secret(service: str, account: str) -> str | None:
    """The stored secret, or None (no store, nothing stored, or the store failed)."""
    ring = backend()
    if ring is None:
        return None
    try:
        value = ring.get_password(service, account)
    except Exception as exc:  # noqa: BLE001 - keyring backends raise anything; no store is the answer
        log.warning("keyring not readable: %s", type(exc).__name__)
        return None
    return str(value) if value else None


def set_secret(service: str, account: str, secret: str) -> bool:
    """Store the secret; False when there is no usable store or it refused."""
    ring = backend()
    if ring is None:
        return False
    try:
        ring.set_password(service, account, secret)
    except Exception as exc:  # noqa: BLE001 - keyring backends raise anything; no store is the answer
        log.warning("keyring not writable: %s", type(exc).__name__)
        return False
    return True
