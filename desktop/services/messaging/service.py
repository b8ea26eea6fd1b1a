"""Putting a worker together for an installation: its config, sent-log and planners."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from desktop.infra.database import Database
from desktop.services.messaging import reminders
from desktop.services.messaging.config import MessagingConfig, load_config
from desktop.services.messaging.journal import JournalBusy, SentJournal
from desktop.services.messaging.transports import transports_for
from desktop.services.messaging.worker import Planner, Worker

log = logging.getLogger(__name__)

#: The sent-log's file name in the installation's data folder.
JOURNAL = "messages-sent.log"


def throttled(planner: Planner, seconds: float) -> Planner:
    """``planner`` run at most once every ``seconds`` (the worker's rounds are faster)."""
    last = [float("-inf")]

    def run(db: Database, now: dt.datetime) -> object:
        if time.monotonic() - last[0] < seconds:
            return None
        last[0] = time.monotonic()
        return planner(db, now)

    return run


def reminder_planner(config: MessagingConfig) -> Planner:
    def plan(db: Database, now: dt.datetime) -> object:
        return reminders.reconcile(db, now, config)

    return throttled(plan, 60.0)


def build_worker(db: Database, config_dir: Path, data_dir: Path, *,
                 config: MessagingConfig | None = None,
                 planners: Sequence[Planner] = ()) -> Worker:
    """The installation's worker: raises JournalBusy when another one already runs."""
    config = config or load_config(config_dir)
    journal = SentJournal(data_dir / JOURNAL)
    chosen = config
    return Worker(db, transports_for(chosen), journal, chosen,
                  planners=[reminder_planner(chosen), *planners],
                  connections=chosen.connections,
                  make_transports=lambda: transports_for(chosen))


def start_background(db: Database, config_dir: Path, data_dir: Path, *,
                     planners: Sequence[Planner] = (),
                     interval: float = 5.0) -> Worker | None:
    """Start the installation's worker on a thread; None when another process already
    sends this installation's messages (its sent-log is locked)."""
    try:
        worker = build_worker(db, config_dir, data_dir, planners=planners)
    except JournalBusy:
        log.info("messages: another process sends them; not starting a worker here")
        return None
    worker.start(interval)
    return worker
