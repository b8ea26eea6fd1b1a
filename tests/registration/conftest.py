"""Fixtures of the registration tests: actors and a complete, valid form."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pytest

from desktop.services.people.person_form import PersonForm


@dataclass(frozen=True)
class FakeActor:
    """An operator as the services see one (the audit log records its id)."""

    username: str
    role: str
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    cli: bool = True  # no account row to re-read (permissions.is_cli)


@pytest.fixture
def clerk() -> FakeActor:
    return FakeActor("sportello1", "sportello")


@pytest.fixture
def l68_officer() -> FakeActor:
    return FakeActor("mirato1", "collocamento_mirato")


@pytest.fixture
def mario_form() -> PersonForm:
    return PersonForm(
        fiscal_code="*RSSMRA85T10A562S*", surname="Rossi", name="Mario", sex="M",
        birth_date=dt.date(1985, 12, 10), birthplace_code="A562", citizenship="italiana",
        residence_code="D612", residence_address="Via dei Servi", residence_number="12",
        residence_postcode="50122", mobile="333 1234567", email="Mario.Rossi@example.it",
        privacy_acknowledged=True,
    )
