"""``sportello messages run --once`` and ``list`` on an installation's database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services.messaging import consent, reminders
from desktop.services.messaging.config import MessagingConfig
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.mail_servers import SmtpServer
from tests.helpers.storage import trust_test_key
from tests.messaging.conftest import book, people


def test_run_once_sends_then_list_shows_nothing_left(
        demo_db: Database, db_url: str, front_desk: OperatorInfo, smtp: SmtpServer,
        isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(db_url.removeprefix("sqlite+pysqlite:///"))
    trust_test_key(path, isolated_home)
    (isolated_home / "config" / "messaging.json").write_text(json.dumps(
        {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "reminder_offsets": "1d",
         "timeout_seconds": 2}))
    person = people(demo_db, 1)[0]
    consent.set_preference(demo_db, front_desk, person, "email", True)
    slot = clock.now() + dt.timedelta(hours=5)
    book(demo_db, person, slot)
    with clock.use(clock.fixed(slot - dt.timedelta(days=2))):
        reminders.reconcile(demo_db, clock.now(), MessagingConfig(reminder_offsets="1d"))
    assert main(["messages", "run", "--once", "--db", str(path)]) == 0
    assert "Inviati 1" in capsys.readouterr().out
    assert len(smtp.sink.received) == 1
    assert main(["messages", "list", "--db", str(path)]) == 0
    assert "Messaggi in attesa di un nuovo invio: 0." in capsys.readouterr().out
    # The sent-log sits in the installation's data folder and is empty once marked.
    assert (isolated_home / "data" / "messages-sent.log").read_text() == ""
