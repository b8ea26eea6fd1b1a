"""Condizionalità fixtures: a demo person with a DID in force, convocations missed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models.queue import Appointment
from desktop.models.registration import Did
from desktop.services.conditionality.config import ConditionalityConfig
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from tests.messaging.conftest import book

#: A missed convocation on a Monday morning (UTC).
MISSED = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
CONFIG = ConditionalityConfig(justification_days=2)


@dataclass
class Claimant:
    db: Database
    person_id: uuid.UUID
    did_id: uuid.UUID

    def miss(self, at: dt.datetime = MISSED) -> uuid.UUID:
        """A convocation the person did not come to (no ticket)."""
        return book(self.db, self.person_id, at)


@pytest.fixture
def counsellor(demo_db: Database) -> OperatorInfo:
    return accounts.get_operator(demo_db, "m.conti")


def claimant_of(db: Database, naspi: bool) -> Claimant:
    """A person with a DID in force and no appointment of the demo agenda: the demo's
    own no-shows must not count among the claimant's absences."""
    booked = select(Appointment.person_id).where(Appointment.person_id.is_not(None))
    with db.transaction() as session:
        did = session.scalars(select(Did).where(Did.ended_on.is_(None),
                                                Did.person_id.not_in(booked))
                              .order_by(Did.did_date.desc())).first()
        assert did is not None
        did.naspi = naspi
        did.did_date = dt.date(2026, 1, 10)
        return Claimant(db, did.person_id, did.id)


@pytest.fixture
def claimant(demo_db: Database) -> Claimant:
    """A person with a DID in force who receives NASpI."""
    return claimant_of(demo_db, naspi=True)
