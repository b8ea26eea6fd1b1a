"""bench/security.py: its floors do the same single piece of work as the application."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import argon2
import pytest

from bench.security import audit_floor, login_floor
from desktop.infra.database import Database, connect_file
from desktop.services.security import audit, passwords
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.storage import TEST_KEY


def _counting(calls: dict[str, int], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[name] = calls.get(name, 0) + 1
        return fn(*args, **kwargs)
    return wrapper


def test_login_floor_is_one_verify_and_no_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The old floor hashed then verified (twice the work of a login): the floor is
    one verify of the stored hash, with the parameters it was made with."""
    stored = passwords.hash_password("segreto-lungo")
    calls: dict[str, int] = {}
    monkeypatch.setattr(argon2.PasswordHasher, "verify",
                        _counting(calls, "verify", argon2.PasswordHasher.verify))
    monkeypatch.setattr(argon2.PasswordHasher, "hash",
                        _counting(calls, "hash", argon2.PasswordHasher.hash))
    monkeypatch.setattr(hashlib, "scrypt", _counting(calls, "scrypt", hashlib.scrypt))
    assert login_floor(stored, "segreto-lungo") is True
    assert calls == {"verify": 1}
    assert login_floor(stored, "sbagliata") is False
    assert calls == {"verify": 2}


def test_audit_floor_appends_a_chained_entry_the_log_verifies(db: Database,
                                                              tmp_path: Path) -> None:
    """The old floor was an empty transaction; the floor now writes the same chained
    entry, and the application's own verification accepts it."""
    actor = OperatorInfo(uuid.uuid4(), "bench", "Bench", "responsabile", "")
    with db.transaction() as session:
        first = audit.record(session, actor, "person.read", "person", "x")
    raw = connect_file(tmp_path / "test.sqlite", key=TEST_KEY)
    raw.isolation_level = None
    try:
        seqs = [audit_floor(raw, actor.id, actor.username, "PC-1") for _ in range(3)]
    finally:
        raw.close()
    assert seqs == [first + 1, first + 2, first + 3]
    result = audit.verify(db)
    assert result.ok and result.entries == first + 3, result
