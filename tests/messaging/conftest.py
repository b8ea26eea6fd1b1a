"""Messaging fixtures: a real SMTP server and SMS gateway, the demo's people, a worker."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.infra.database import Database
from desktop.services.messaging.config import MessagingConfig
from desktop.services.messaging.journal import SentJournal
from desktop.services.messaging.transports import transports_for
from desktop.services.messaging.worker import Worker
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.mail_servers import SmsGateway, SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    with SmsGateway() as server:
        yield server


@pytest.fixture
def config(smtp: SmtpServer, gateway: SmsGateway) -> MessagingConfig:
    return MessagingConfig(smtp_host="127.0.0.1", smtp_port=smtp.port, timeout_seconds=2.0,
                           sms_url=gateway.url, sms_token="t0ken", reminder_offsets="2d,2h",
                           retry_base_seconds=60)


@pytest.fixture
def counsellor(demo_db: Database) -> OperatorInfo:
    return accounts.get_operator(demo_db, "m.conti")


@pytest.fixture
def front_desk(demo_db: Database) -> OperatorInfo:
    return accounts.get_operator(demo_db, "g.bellini")


def make_worker(db: Database, config: MessagingConfig, journal: Path, **kw: object) -> Worker:
    return Worker(db, transports_for(config), SentJournal(journal), config, **kw)  # type: ignore[arg-type]


@pytest.fixture
def worker(demo_db: Database, config: MessagingConfig, tmp_path: Path) -> Iterator[Worker]:
    w = make_worker(demo_db, config, tmp_path / "sent.log")
    yield w
    for t in w.transports.values():
        t.close()
    w.journal.close()


def people(db: Database, count: int) -> list[uuid.UUID]:
    """Demo people with an e-mail and a mobile and no appointment of the demo agenda:
    the tests count exactly the reminders of the appointments they book themselves."""
    from sqlalchemy import select

    from desktop.models import Person
    from desktop.models.queue import Appointment

    booked = select(Appointment.person_id).where(Appointment.person_id.is_not(None))
    with db.read() as session:
        found = list(session.scalars(
            select(Person.id).where(Person.email != "", Person.mobile != "",
                                    Person.id.not_in(booked))
            .order_by(Person.fiscal_code).limit(count)))
    assert len(found) == count, "the demo database has too few people without appointments"
    return found


def book(db: Database, person_id: uuid.UUID, at: dt.datetime) -> uuid.UUID:
    """An appointment in the queue's table (the adapter's source today)."""
    from sqlalchemy import select

    from desktop.models.organisation import Service, Site
    from desktop.models.queue import Appointment

    with db.transaction() as session:
        site = session.scalars(select(Site)).first()
        assert site is not None
        service = session.scalars(select(Service).where(Service.site_id == site.id)).first()
        assert service is not None
        row = Appointment(id=uuid.uuid4(), site_id=site.id, service_id=service.id,
                          scheduled_at=at, reference="T", person_id=person_id)
        session.add(row)
        return row.id
