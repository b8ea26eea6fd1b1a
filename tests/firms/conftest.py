"""Fixtures of the firms' tests: actors, valid partite IVA, a complete firm form."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from stdnum import luhn
from stdnum.it import iva

from desktop.services.firms.firm_values import FirmForm


@dataclass(frozen=True)
class FakeActor:
    username: str
    role: str
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    cli: bool = True  # no account row to re-read (permissions.is_cli)


def partita_iva(number: int, province: str = "048") -> str:
    """A valid partita IVA: 7 digits, the province office, the Luhn check digit."""
    base = f"{number:07d}{province}"
    code = base + luhn.calc_check_digit(base)
    assert iva.is_valid(code)
    return code


def wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


@pytest.fixture
def officer() -> FakeActor:
    return FakeActor("imprese1", "operatore")


@pytest.fixture
def clerk() -> FakeActor:
    return FakeActor("sportello1", "sportello")


@pytest.fixture
def manager() -> FakeActor:
    return FakeActor("capo", "responsabile")


@pytest.fixture
def firm_form() -> FirmForm:
    return FirmForm(fiscal_code=partita_iva(1234567), name="Pasticceria Buonarroti S.r.l.",
                    ateco="10.71.20", comune_code="D612", address="Via Ghibellina 12",
                    phone="055 123456", email="Info@Buonarroti.example.it",
                    employees=40, l68_hires=1)
