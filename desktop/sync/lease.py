"""One sync agent per database: a short lease in ``sync_lock``, renewed by a heartbeat.

The lease's owner names its process: ``host|boot id|pid|start time|random``. A crashed
agent therefore never blocks the next one for long:

* on the same PC (same host and boot id) a lease whose process is gone is taken over at
  once, checked by pid *and* the process's start time, so a reused pid is not mistaken
  for the owner;
* a lease left by a PC that has since restarted (another boot id) is taken over at once;
* a lease of another PC sharing the centre's PostgreSQL runs out ``seconds`` after its
  last heartbeat (20 s by default).

The take-over is a conditional ``UPDATE … WHERE owner = <the dead owner>``, the same
statement on SQLite and PostgreSQL, so two agents racing for a dead lease cannot both win.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import update

from desktop.infra.database import Database
from desktop.models.sync import SyncLock
from desktop.sync.report import SyncBusy

log = logging.getLogger(__name__)

LOCK_NAME = "agent"
#: A lease not renewed for this long is anybody's.
LEASE_SECONDS = 20
#: How often a running round renews its lease.
HEARTBEAT_SECONDS = 5.0

T = TypeVar("T")
#: Runs a database function where database work belongs (the app's database worker);
#: by default in the calling thread.
DbRunner = Callable[..., Any]


def direct(fn: Callable[..., T], *args: Any) -> T:
    return fn(*args)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip().replace("-", "")[:12]
    except OSError:  # not Linux: no boot id, the pid check still applies
        return "-"


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot ("" when unknown)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # the command name (field 2) may hold spaces: count fields after its ')'
    fields = stat[stat.rfind(")") + 2:].split()
    return fields[19] if len(fields) > 19 else ""


@dataclass(frozen=True)
class Owner:
    host: str
    boot: str
    pid: int
    started: str
    nonce: str

    def __str__(self) -> str:
        return f"{self.host}|{self.boot}|{self.pid}|{self.started}|{self.nonce}"

    @classmethod
    def me(cls) -> Owner:
        pid = os.getpid()
        return cls(socket.gethostname()[:32], _boot_id(), pid, _start_time(pid),
                   uuid.uuid4().hex[:8])

    @classmethod
    def parse(cls, text: str) -> Owner | None:
        parts = text.split("|")
        if len(parts) != 5 or not parts[2].isdigit():
            return None  # an owner written by an older version: wait for its lease
        return cls(parts[0], parts[1], int(parts[2]), parts[3], parts[4])

    def is_dead(self) -> bool:
        """True when this owner surely no longer runs: it lived on this PC, and its
        process is gone (or the PC restarted since). False when unknown."""
        me = Owner.me()
        if self.host != me.host:
            return False
        if self.boot != me.boot and "-" not in (self.boot, me.boot):
            return True
        if self.pid == me.pid:
            return self.started != me.started
        if not Path("/proc").is_dir():
            return False  # no way to tell here: the lease runs out
        started = _start_time(self.pid)
        return started == "" or self.started not in ("", started)


class Lease:
    """The ``sync_lock`` row for one agent; database work goes through ``run_db``."""

    def __init__(self, db: Database, *, owner: str | None = None,
                 seconds: float = LEASE_SECONDS, run_db: DbRunner = direct) -> None:
        self.db = db
        self.owner = owner or str(Owner.me())
        self.length = timedelta(seconds=seconds)
        self.run_db = run_db
        self.lost = False
        self._beat: threading.Thread | None = None
        self._stop = threading.Event()

    # -- database steps (each its own transaction) ---------------------------------------

    def _take(self, dead_owner: str | None) -> bool:
        now = utcnow()
        with self.db.transaction() as session:
            row = session.get(SyncLock, LOCK_NAME)
            if row is None:
                session.add(SyncLock(name=LOCK_NAME, owner="", lease_until=None))
                session.flush()
            free = ((SyncLock.owner == self.owner) | (SyncLock.owner == "")
                    | (SyncLock.lease_until.is_(None)) | (SyncLock.lease_until < now))
            if dead_owner is not None:
                free = free | (SyncLock.owner == dead_owner)
            result = session.execute(update(SyncLock).where(SyncLock.name == LOCK_NAME, free)
                                     .values(owner=self.owner, lease_until=now + self.length))
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def _holder(self) -> str:
        with self.db.read() as session:
            row = session.get(SyncLock, LOCK_NAME)
            return row.owner if row is not None else ""

    def _renew(self) -> bool:
        with self.db.transaction() as session:
            result = session.execute(
                update(SyncLock).where(SyncLock.name == LOCK_NAME, SyncLock.owner == self.owner)
                .values(lease_until=utcnow() + self.length))
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def _release(self) -> None:
        with self.db.transaction() as session:
            session.execute(update(SyncLock).where(
                SyncLock.name == LOCK_NAME, SyncLock.owner == self.owner)
                .values(owner="", lease_until=None))

    # -- what the agent calls -----------------------------------------------------------

    def acquire(self) -> bool:
        """Take the lease if it is free, run out, or its owner's process is gone."""
        self.lost = False
        if self.run_db(self._take, None):
            return True
        holder = self.run_db(self._holder)
        owner = Owner.parse(holder)
        if owner is None or not owner.is_dead():
            return False
        log.warning("the sync lease of a process that is gone (%s) is taken over", holder)
        return bool(self.run_db(self._take, holder))

    def renew(self) -> None:
        """Extend the lease; :class:`SyncBusy` when another agent took it over."""
        if self.lost or not self.run_db(self._renew):
            self.lost = True
            raise SyncBusy("the sync lease was taken over")

    def release(self) -> None:
        self.stop_heartbeat()
        self.run_db(self._release)

    # -- heartbeat ----------------------------------------------------------------------

    def start_heartbeat(self, every: float = HEARTBEAT_SECONDS) -> None:
        """Renew the lease every ``every`` seconds until :meth:`release`, so a round that
        waits long on the network keeps it, while a crashed one loses it soon."""
        self._stop.clear()
        self._beat = threading.Thread(target=self._heartbeat, args=(every,),
                                      name="sync-lease", daemon=True)
        self._beat.start()

    def _heartbeat(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                self.renew()
            except SyncBusy:
                log.warning("sync lease lost")
                return
            except Exception:  # a failed renewal is retried at the next beat
                log.exception("cannot renew the sync lease")

    def stop_heartbeat(self) -> None:
        self._stop.set()
        beat, self._beat = self._beat, None
        if beat is not None and beat is not threading.current_thread():
            beat.join(timeout=30)
