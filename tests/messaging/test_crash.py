"""Killed mid-send and restarted, the worker delivers each reminder exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.messaging import OutgoingMessage
from desktop.services.messaging import consent, reminders
from desktop.services.messaging.config import MessagingConfig
from desktop.services.messaging.transports import message_id
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.mail_servers import SmtpServer
from tests.messaging.conftest import book, people

ROOT = Path(__file__).resolve().parents[2]


def run_worker(db_url: str, journal: Path, port: int, kill_after: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tests.messaging.crash_worker", db_url, str(journal), str(port),
         str(kill_after)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_killed_between_send_and_mark_then_restarted_sends_each_once(
        demo_db: Database, db_url: str, front_desk: OperatorInfo, smtp: SmtpServer,
        tmp_path: Path) -> None:
    config = MessagingConfig(reminder_offsets="2d,4h")
    # Appointments 3 hours from now: the "4h" reminders are due now, the "2d" ones too
    # (planned three days before).
    slot = (clock.now() + dt.timedelta(hours=3)).replace(second=0, microsecond=0)
    appointments = []
    # Ten appointments of five people (two each): one message per appointment and reminder
    # time, whoever holds it.
    persons = people(demo_db, 5)
    for person in persons:
        consent.set_preference(demo_db, front_desk, person, "email", True)
    for n in range(10):
        appointments.append(book(demo_db, persons[n % 5], slot + dt.timedelta(minutes=n)))
    with clock.use(clock.fixed(slot - dt.timedelta(days=3))):
        assert reminders.reconcile(demo_db, clock.now(), config) == 20
    journal = tmp_path / "worker" / "sent.log"

    killed = run_worker(db_url, journal, smtp.port, kill_after=7)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(smtp.sink.received) == 7
    with demo_db.read() as session:  # the database never heard of the 7 sends
        sending = session.scalar(select(func.count()).where(OutgoingMessage.status == "sending"))
    assert sending == 20

    restarted = run_worker(db_url, journal, smtp.port, kill_after=0)
    assert restarted.returncode == 0, restarted.stderr
    assert "sent=13 failed=0" in restarted.stdout

    expected = {message_id(reminders.key_of(a, slot + dt.timedelta(minutes=n), o))
                for n, a in enumerate(appointments) for o in ("2d", "4h")}
    arrived = smtp.sink.ids()
    assert set(arrived) == expected
    assert set(arrived.values()) == {1}, [k for k, v in arrived.items() if v > 1]
    with demo_db.read() as session:
        states = set(session.scalars(select(OutgoingMessage.status)))
    assert states == {"sent"}


def test_without_the_sent_log_the_restart_would_resend(
        demo_db: Database, db_url: str, front_desk: OperatorInfo, smtp: SmtpServer,
        tmp_path: Path) -> None:
    """The control: losing the sent-log (what a plain mark-after design amounts to)
    sends the killed worker's messages twice — so the test above can fail."""
    config = MessagingConfig(reminder_offsets="4h")
    slot = (clock.now() + dt.timedelta(hours=3)).replace(second=0, microsecond=0)
    for person in people(demo_db, 3):
        consent.set_preference(demo_db, front_desk, person, "email", True)
        book(demo_db, person, slot)
    with clock.use(clock.fixed(slot - dt.timedelta(days=1))):
        reminders.reconcile(demo_db, clock.now(), config)
    journal = tmp_path / "worker" / "sent.log"
    assert run_worker(db_url, journal, smtp.port, kill_after=2).returncode == -signal.SIGKILL
    journal.unlink()
    assert run_worker(db_url, journal, smtp.port, kill_after=0).returncode == 0
    assert sorted(smtp.sink.ids().values()) == [1, 2, 2]
