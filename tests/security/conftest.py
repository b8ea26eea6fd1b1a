"""Fixtures of the security tests: the demo operators, one per role."""

from __future__ import annotations

import pytest

from desktop.infra.database import Database
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo

USERS = {"sportello": "g.bellini", "operatore": "m.conti",
         "collocamento_mirato": "s.ferri", "responsabile": "demo"}


@pytest.fixture
def actors(demo_db: Database) -> dict[str, OperatorInfo]:
    """role -> the logged-in demo operator holding it."""
    return {role: accounts.get_operator(demo_db, user) for role, user in USERS.items()}


@pytest.fixture
def manager(actors: dict[str, OperatorInfo]) -> OperatorInfo:
    return actors["responsabile"]
