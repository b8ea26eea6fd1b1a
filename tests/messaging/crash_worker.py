"""A message worker in its own process, killed (SIGKILL) after ``kill_after`` messages
were accepted by the server and journaled but before the database marked them sent.

    python -m tests.messaging.crash_worker DB_URL JOURNAL SMTP_PORT KILL_AFTER
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from desktop.infra.database import open_database
from desktop.services.messaging.config import MessagingConfig
from desktop.services.messaging.journal import SentJournal
from desktop.services.messaging.transports import Outgoing, transports_for
from desktop.services.messaging.worker import Worker
from tests.helpers.storage import TEST_KEY


class Doomed(Worker):
    kill_after = 0
    sent = 0

    def sent_hook(self, message: Outgoing) -> None:
        self.sent += 1
        if self.kill_after and self.sent >= self.kill_after:
            os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    url, journal, port, kill_after = sys.argv[1:5]
    db = open_database(url, Path(journal).parent / "backups", key=TEST_KEY)
    config = MessagingConfig(smtp_host="127.0.0.1", smtp_port=int(port), timeout_seconds=5)
    worker = Doomed(db, transports_for(config), SentJournal(Path(journal)), config, batch=50)
    worker.kill_after = int(kill_after)
    worker.recover()
    report = worker.drain()
    print(f"sent={report.sent} failed={report.failed}")


if __name__ == "__main__":
    main()
