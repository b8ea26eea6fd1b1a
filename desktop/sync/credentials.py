"""The workstation token: kept in the OS keyring; a 0600 file where no keyring exists."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop.infra import keystore

log = logging.getLogger(__name__)

SERVICE = "sportello-sync"


def _fallback_file(config_dir: Path) -> Path:
    return config_dir / "sync-token"


def store_token(config_dir: Path, account: str, token: str) -> str:
    """Save the token; returns where ("keyring" or the file path)."""
    if keystore.set_secret(SERVICE, account, token):
        return "keyring"
    path = _fallback_file(config_dir)
    log.warning("no usable keyring: the sync token is kept in %s (readable only by you)", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token)
    os.chmod(path, 0o600)
    return str(path)


def load_token(config_dir: Path, account: str) -> str:
    value = keystore.get_secret(SERVICE, account)
    if value:
        return value
    path = _fallback_file(config_dir)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return ""
