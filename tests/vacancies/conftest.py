"""Fixtures of the vacancy tests: an operator, an employer on a fresh database, and the
regional server of the sync tests (imported: the vacancy events travel through it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

from desktop.infra.database import Database
from desktop.services.firms.employers import EmployerForm, create_employer
from tests.sync.conftest import server, server_url  # noqa: F401


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    cli: bool = True  # no account row to re-read (permissions.is_cli)


COUNSELLOR = Actor("op1", "operatore")
CLERK = Actor("sportello1", "sportello")


@pytest.fixture
def employer_id(db: Database) -> uuid.UUID:
    return create_employer(db, COUNSELLOR, EmployerForm(
        fiscal_code="00743110157", name="Trattoria del Ponte", comune_code="D612",
        site_code="FI01")).id
