"""Reminders reach a real SMTP server and SMS gateway once per appointment per time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.messaging import OutgoingMessage
from desktop.models.queue import Appointment
from desktop.services.messaging import consent, outbox, reminders
from desktop.services.messaging.config import MessagingConfig, parse_offsets
from desktop.services.messaging.transports import message_id
from desktop.services.messaging.worker import Worker
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.mail_servers import SmsGateway, SmtpServer
from tests.messaging.conftest import book, people

T = dt.datetime(2026, 12, 10, 10, 30, tzinfo=dt.UTC)


def rows(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        return sorted((r.key, r.status) for r in session.scalars(select(OutgoingMessage)))


def test_offsets_from_configuration() -> None:
    assert parse_offsets("2d, 2h") == (("2d", dt.timedelta(days=2)),
                                       ("2h", dt.timedelta(hours=2)))
    with pytest.raises(Exception, match="giorni, ore o minuti"):
        parse_offsets("due giorni")


def test_one_email_per_appointment_per_reminder_time(
        demo_db: Database, front_desk: OperatorInfo, worker: Worker, smtp: SmtpServer,
        config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "email", True)
    appointment = book(demo_db, person, T)
    with clock.use(clock.fixed(T - dt.timedelta(days=3))):
        assert reminders.reconcile(demo_db, clock.now(), config) == 2
        assert reminders.reconcile(demo_db, clock.now(), config) == 2  # nothing new
        assert worker.drain().sent == 0  # not due yet
    with clock.use(clock.fixed(T - dt.timedelta(days=2))):
        assert worker.drain().sent == 1
    with clock.use(clock.fixed(T - dt.timedelta(hours=2))):
        reminders.reconcile(demo_db, clock.now(), config)
        assert worker.drain().sent == 1
        reminders.reconcile(demo_db, clock.now(), config)
        assert worker.drain().sent == 0
    ids = smtp.sink.ids()
    expected = {message_id(reminders.key_of(appointment, T, o)) for o in ("2d", "2h")}
    assert set(ids) == expected and set(ids.values()) == {1}
    first = smtp.sink.received[0]
    assert "appuntamento" in first.subject and "Patto di servizio" in first.body


def test_a_reminder_without_consent_is_refused(
        demo_db: Database, front_desk: OperatorInfo, config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    appointment = book(demo_db, person, T)
    with clock.use(clock.fixed(T - dt.timedelta(days=3))):
        with pytest.raises(consent.NoConsent, match="non ha dato il consenso"):
            reminders.remind(demo_db, front_desk, appointment, config)
        assert reminders.reconcile(demo_db, clock.now(), config) == 0
        consent.set_preference(demo_db, front_desk, person, "sms", False)
        with pytest.raises(consent.NoConsent):
            reminders.remind(demo_db, front_desk, appointment, config)
    assert rows(demo_db) == []


def test_consent_needs_a_channel(demo_db: Database, front_desk: OperatorInfo) -> None:
    person = people(demo_db, 1)[0]
    with pytest.raises(Exception, match="Scegli come") as info:
        consent.set_preference(demo_db, front_desk, person, "none", True)
    assert "channel" in info.value.fields  # type: ignore[attr-defined]
    assert consent.read_preference(demo_db, front_desk, person).consent is False


def test_rescheduling_and_cancelling_update_the_planned_reminders(
        demo_db: Database, front_desk: OperatorInfo, worker: Worker, smtp: SmtpServer,
        config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "email", True)
    appointment = book(demo_db, person, T)
    later = T + dt.timedelta(days=1)
    with clock.use(clock.fixed(T - dt.timedelta(days=3))):
        reminders.reconcile(demo_db, clock.now(), config)
        with demo_db.transaction() as session:
            row = session.get(Appointment, appointment)
            assert row is not None
            row.scheduled_at = later
        reminders.reconcile(demo_db, clock.now(), config)
    states = rows(demo_db)
    assert [s for k, s in states if "20261210T1030" in k] == ["cancelled", "cancelled"]
    assert [s for k, s in states if "20261211T1030" in k] == ["queued", "queued"]
    with clock.use(clock.fixed(later - dt.timedelta(days=2))):
        with demo_db.transaction() as session:
            row = session.get(Appointment, appointment)
            assert row is not None
            row.cancelled = True
        reminders.reconcile(demo_db, clock.now(), config)
        assert worker.drain().sent == 0
    assert {s for _k, s in rows(demo_db)} == {"cancelled"}
    assert smtp.sink.received == []


def test_sms_gateway_answering_500_is_retried_with_back_off_and_listed(
        demo_db: Database, front_desk: OperatorInfo, counsellor: OperatorInfo,
        worker: Worker, gateway: SmsGateway, config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "sms", True)
    appointment = book(demo_db, person, T)
    gateway.status = 500
    start = T - dt.timedelta(days=2)
    with clock.use(clock.fixed(start)):
        reminders.reconcile(demo_db, clock.now(), config)
        report = worker.drain()
    assert (report.sent, report.failed) == (0, 1)
    [failed] = outbox.unsent(demo_db, counsellor)
    assert failed.last_error == "Il gateway SMS ha risposto con l'errore 500."
    assert failed.next_attempt_at == start + dt.timedelta(seconds=60)
    with clock.use(clock.fixed(start + dt.timedelta(seconds=61))):
        assert worker.drain().failed == 1  # second failure: the wait doubles
    [failed] = outbox.unsent(demo_db, counsellor)
    assert failed.attempts == 2
    assert failed.next_attempt_at == start + dt.timedelta(seconds=61 + 120)
    gateway.status = 200
    with clock.use(clock.fixed(start + dt.timedelta(seconds=100))):
        assert worker.drain().sent == 0  # still waiting its back-off
        outbox.retry_now(demo_db, counsellor, failed.id)
        assert worker.drain().sent == 1
    assert outbox.unsent(demo_db, counsellor) == []
    [sms] = gateway.received
    assert sms["id"] == reminders.key_of(appointment, T, "2d")
    assert gateway.headers[0]["Authorization"] == "Bearer t0ken"
    assert gateway.headers[0]["Idempotency-Key"] == sms["id"]


def test_smtp_refusal_is_kept_and_retried(
        demo_db: Database, front_desk: OperatorInfo, counsellor: OperatorInfo,
        worker: Worker, smtp: SmtpServer, config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "email", True)
    book(demo_db, person, T)
    smtp.sink.refuse = True
    start = T - dt.timedelta(days=2)
    with clock.use(clock.fixed(start)):
        reminders.reconcile(demo_db, clock.now(), config)
        assert worker.drain().failed == 1
    [failed] = outbox.unsent(demo_db, counsellor)
    assert failed.last_error == "Il server di posta ha rifiutato il messaggio (codice 550)."
    smtp.sink.refuse = False
    with clock.use(clock.fixed(start + dt.timedelta(minutes=2))):
        assert worker.drain().sent == 1
    assert len(smtp.sink.received) == 1


def test_smtp_timeout_is_a_failure_to_retry(
        demo_db: Database, front_desk: OperatorInfo, counsellor: OperatorInfo,
        worker: Worker, smtp: SmtpServer, config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "email", True)
    book(demo_db, person, T)
    smtp.sink.stall, smtp.sink.refuse = 3.0, True
    with clock.use(clock.fixed(T - dt.timedelta(days=2))):
        reminders.reconcile(demo_db, clock.now(), config)
        assert worker.drain().failed == 1
    [failed] = outbox.unsent(demo_db, counsellor)
    assert failed.last_error == "Il server di posta non ha risposto in tempo."
    assert failed.status == "failed"


def test_a_reminder_whose_appointment_began_is_not_sent(
        demo_db: Database, front_desk: OperatorInfo, worker: Worker, smtp: SmtpServer,
        config: MessagingConfig) -> None:
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "email", True)
    book(demo_db, person, T)
    with clock.use(clock.fixed(T - dt.timedelta(days=3))):
        reminders.reconcile(demo_db, clock.now(), config)
    with clock.use(clock.fixed(T + dt.timedelta(minutes=1))):  # the worker was off
        assert worker.drain().expired == 2
    assert smtp.sink.received == []


def test_parallel_connections_send_each_message_once(
        demo_db: Database, smtp: SmtpServer, config: MessagingConfig, tmp_path: Path) -> None:
    from desktop.services.messaging.transports import transports_for
    from tests.messaging.conftest import make_worker

    with demo_db.transaction() as session:
        for n in range(40):
            outbox.enqueue(session, f"par:{n}", "email", f"p{n}@example.it", "Prova",
                           f"Messaggio {n}", T - dt.timedelta(days=1))
    worker = make_worker(demo_db, config, tmp_path / "par.log", connections=4,
                         make_transports=lambda: transports_for(config), batch=16)
    try:
        with clock.use(clock.fixed(T)):
            assert worker.drain().sent == 40
    finally:
        worker.close_transports()
        worker.journal.close()
    ids = smtp.sink.ids()
    assert len(ids) == 40 and set(ids.values()) == {1}
    assert {s for _k, s in rows(demo_db)} == {"sent"}


def test_one_sender_per_installation(tmp_path: Path) -> None:
    from desktop.services.messaging.journal import JournalBusy, SentJournal

    first = SentJournal(tmp_path / "sent.log")
    try:
        with pytest.raises(JournalBusy, match="già in corso"):
            SentJournal(tmp_path / "sent.log")
    finally:
        first.close()
    SentJournal(tmp_path / "sent.log").close()  # free again once the first is closed
