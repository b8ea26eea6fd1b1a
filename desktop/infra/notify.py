"""Telling counters, kiosks and displays that the queue changed.

Every queue transaction calls :func:`in_transaction` (on PostgreSQL it queues a
``NOTIFY sportello_queue``, delivered by the server only if the transaction commits)
and, after the commit, :func:`committed`, which tells the subscribers of this process
at once. Other PCs on the same PostgreSQL run a :class:`PostgresListener`, which
``LISTEN``s on its own connection and calls the same subscribers. With SQLite nothing
crosses processes: the counter window and the kiosk and display it opens share one
process; a display started alone (``sportello display``) re-reads the queue on a timer,
and a counter window does not hear tickets from a kiosk started alone until it reloads.
Subscribers are called from any thread; a Qt view re-emits them as a signal.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from desktop.infra.database import Database

log = logging.getLogger(__name__)

CHANNEL = "sportello_queue"
Subscriber = Callable[[uuid.UUID], None]

_lock = threading.Lock()
_subscribers: dict[str, list[Subscriber]] = {}


def subscribe(db: Database, callback: Subscriber) -> Callable[[], None]:
    """Call ``callback(site_id)`` after each queue change in this process; returns unsubscribe."""
    with _lock:
        _subscribers.setdefault(db.url, []).append(callback)

    def unsubscribe() -> None:
        with _lock:
            callbacks = _subscribers.get(db.url, [])
            if callback in callbacks:
                callbacks.remove(callback)

    return unsubscribe


def _deliver(url: str, site_id: uuid.UUID) -> None:
    with _lock:
        callbacks = list(_subscribers.get(url, []))
    for callback in callbacks:
        try:
            callback(site_id)
        except Exception:  # a broken view must not break the queue
            log.exception("queue subscriber failed")


#: Built once: every queue action runs it.
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def in_transaction(session: Session, site_id: uuid.UUID) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_NOTIFY, {"channel": CHANNEL, "payload": str(site_id)})


def committed(db: Database, site_id: uuid.UUID) -> None:
    _deliver(db.url, site_id)


def libpq_conninfo(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as a libpq connection string for psycopg."""
    parsed = make_url(url)
    parts = {"host": parsed.host, "port": parsed.port, "dbname": parsed.database,
             "user": parsed.username, "password": parsed.password}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v not in (None, ""))


class PostgresListener:
    """LISTEN on the queue channel in a daemon thread and deliver to the subscribers.

    If the connection drops it logs once and tries again every few seconds: a display
    PC that loses the database keeps showing the last state and says so in the log.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="queue-listen", daemon=True)
        self.connected = threading.Event()

    def start(self) -> PostgresListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(libpq_conninfo(self.db.url), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5, stop_after=50):
                            try:
                                site = uuid.UUID(note.payload)
                            except ValueError:
                                continue
                            _deliver(self.db.url, site)
            except psycopg.Error as exc:
                self.connected.clear()
                log.warning("queue listener lost the database (%s); retrying", type(exc).__name__)
                self._stop.wait(3)
