"""Reminder benchmark: the message worker's throughput to a local SMTP server.

Figure: messages per second from the database outbox to an aiosmtpd server on
127.0.0.1, through the real worker as shipped (claim under a lease in batches of 200,
the configured ``connections`` SMTP sessions in parallel — 4 by default — each
acceptance fsync'd to the sent-log, batches marked "sent") on an encrypted SQLite
database. Target: at least 200 messages per second.

Floor (the baseline, same run, same server, same messages): plain ``smtplib`` sending
the same ``EmailMessage`` objects in one loop over one connection, with no database,
no lease and no sent-log — the speed of SMTP itself on this machine. The ratio
(worker / floor) says what the exactly-once bookkeeping costs.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from bench.harness import Figure


def _queue(db: object, count: int) -> None:
    from desktop.infra import clock
    from desktop.services.messaging import outbox

    now = clock.now() - dt.timedelta(seconds=1)
    with db.transaction() as session:  # type: ignore[attr-defined]
        for n in range(count):
            outbox.enqueue(session, f"bench:{n}", "email", f"persona{n}@example.it",
                           "Promemoria: appuntamento al Centro per l'Impiego",
                           f"Promemoria numero {n}: ha un appuntamento domani alle 10:30.", now)


def _floor(port: int, count: int) -> float:
    from desktop.services.messaging.transports import message_id

    messages = []
    for n in range(count):
        mail = EmailMessage()
        mail["From"] = "noreply@cpi.example.it"
        mail["To"] = f"persona{n}@example.it"
        mail["Subject"] = "Promemoria: appuntamento al Centro per l'Impiego"
        mail["Message-ID"] = message_id(f"floor:{n}")
        mail.set_content(f"Promemoria numero {n}: ha un appuntamento domani alle 10:30.")
        messages.append(mail)
    t0 = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        for mail in messages:
            smtp.send_message(mail)
    return count / (time.perf_counter() - t0)


def run(quick: bool = False) -> list[Figure]:
    from desktop.infra.database import open_database
    from desktop.services.messaging.config import MessagingConfig
    from desktop.services.messaging.journal import SentJournal
    from desktop.services.messaging.transports import transports_for
    from desktop.services.messaging.worker import Worker
    from tests.helpers.mail_servers import SmtpServer
    from tests.helpers.storage import TEST_KEY

    count = 500 if quick else 2000
    with tempfile.TemporaryDirectory() as tmp, SmtpServer() as server:
        folder = Path(tmp)
        db = open_database(f"sqlite+pysqlite:///{folder / 'bench.sqlite'}", folder / "b",
                           key=TEST_KEY)
        try:
            _queue(db, count)
            config = MessagingConfig(smtp_host="127.0.0.1", smtp_port=server.port)
            journal = SentJournal(folder / "sent.log")
            worker = Worker(db, transports_for(config), journal, config, batch=200,
                            connections=config.connections,
                            make_transports=lambda: transports_for(config))
            t0 = time.perf_counter()
            report = worker.drain()
            rate = report.sent / (time.perf_counter() - t0)
            worker.close_transports()
            journal.close()
        finally:
            db.dispose()
        arrived = len(server.sink.received)
        floor = _floor(server.port, count)
    if report.sent != count or arrived != count:
        raise RuntimeError(f"sent {report.sent}, arrived {arrived} of {count}")
    return [Figure("reminders", "worker messages per second to local SMTP", rate, "msg/s",
                   floor, 200.0, "min")]
