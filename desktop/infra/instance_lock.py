"""One instance per database: lock files next to a SQLite file, held by the OS.

Two files sit beside ``sportello.sqlite``:

- ``sportello.sqlite.lock``: the counter application's own lock, exclusive. The first
  ``sportello run`` on a database takes it and writes who holds it (process id, host,
  program, since when); a second one is refused with that information.
- ``sportello.sqlite.users``: every process that has the database open (the
  application, the kiosk, the waiting-room display, a command) holds it *shared*.
  ``sportello restore`` and ``sportello encrypt`` take it *exclusive*: they refuse
  while anyone has the database open.

The locks are the operating system's (``flock`` on POSIX, ``LockFileEx`` on Windows),
tied to an open file: when a process dies, even killed, the OS releases them, so a
crash leaves at most a stale *file* whose content is overwritten by the next holder
(stale-lock recovery needs no guessing with process ids). Qt's QLockFile would do the
same but the core never imports Qt.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from desktop.errors import DatabaseError
from desktop.i18n import _

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    """Who holds a database's instance lock, as written in the lock file."""

    pid: int
    host: str
    program: str
    since: str


class DatabaseInUse(DatabaseError):
    """The database is open elsewhere: a second instance or a restore is refused."""


def instance_file(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def users_file(database: Path) -> Path:
    return database.with_name(database.name + ".users")


# -- the OS lock ------------------------------------------------------------------------------


def _os_lock(handle: IO[bytes], *, shared: bool) -> bool:
    """Take the lock on ``handle`` without waiting; False when someone else holds it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_lock(handle, shared=shared)
    import fcntl

    try:
        fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _windows_lock(handle: IO[bytes], *, shared: bool) -> bool:  # pragma: no cover
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = (("internal", ctypes.c_void_p), ("internal_high", ctypes.c_void_p),
                    ("offset", wintypes.DWORD), ("offset_high", wintypes.DWORD),
                    ("event", wintypes.HANDLE))

    exclusive, fail_immediately = 0x2, 0x1
    flags = fail_immediately | (0 if shared else exclusive)
    overlapped = _Overlapped()
    os_handle = msvcrt.get_osfhandle(handle.fileno())  # type: ignore[attr-defined]
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return bool(kernel32.LockFileEx(os_handle, flags, 0, 1, 0, ctypes.byref(overlapped)))


class FileLock:
    """An OS lock on one file, held from :meth:`acquire` until :meth:`release`
    (or the end of the process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self, *, shared: bool = False) -> bool:
        """Take the lock now, or return False when another holder has it."""
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+b")
        if not _os_lock(handle, shared=shared):
            handle.close()
            return False
        self._handle = handle
        return True

    def write(self, text: str) -> None:
        """Replace the file's content (who holds it), keeping the lock."""
        if self._handle is None:
            raise DatabaseError(_("The lock file {path} is not held.").format(path=self.path))
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(text.encode("utf-8"))
        self._handle.flush()

    def release(self) -> None:
        """Let go (closing the file releases the OS lock)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


# -- who holds it -----------------------------------------------------------------------------


def read_holder(database: Path) -> Holder | None:
    """The last holder written in the instance lock file (maybe stale: the OS lock says
    whether it is still held), or None."""
    try:
        data = json.loads(instance_file(database).read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["program"]),
                      str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _in_use(database: Path, holder: Holder | None) -> DatabaseInUse:
    if holder is None:
        return DatabaseInUse(_("The database {path} is open in another Sportello window "
                               "(the application, the kiosk or the display): close it "
                               "and try again.").format(path=database))
    return DatabaseInUse(_("The database {path} is already open in Sportello (process "
                           "{pid} on {host}, since {since}): use the window already open, "
                           "or close it first.").format(path=database, pid=holder.pid,
                                                        host=holder.host, since=holder.since))


def acquire_instance(database: Path, program: str) -> FileLock:
    """The counter application's lock on ``database``; refuses a second instance.

    A lock left by a crashed process is not held by the OS any more: it is taken over
    and its content rewritten.
    """
    lock = FileLock(instance_file(database))
    if not lock.acquire():
        raise _in_use(database, read_holder(database))
    stale = read_holder(database)
    if stale is not None and stale.pid != os.getpid():
        log.info("stale instance lock of process %s on %s taken over", stale.pid, stale.host)
    since = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    lock.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                           "program": program, "since": since}))
    return lock


def acquire_use(database: Path) -> FileLock:
    """A shared hold on ``database`` for as long as this process has it open."""
    lock = FileLock(users_file(database))
    if not lock.acquire(shared=True):
        raise _in_use(database, None)  # a restore or an encryption is running on it
    return lock


def acquire_sole_use(database: Path) -> list[FileLock]:
    """Both locks, exclusive: nobody else has ``database`` open (restore, encrypt).

    Release them with :func:`release_all` when done.
    """
    instance = FileLock(instance_file(database))
    if not instance.acquire():
        raise _in_use(database, read_holder(database))
    users = FileLock(users_file(database))
    if not users.acquire():
        instance.release()
        raise _in_use(database, None)
    return [instance, users]


def release_all(locks: list[FileLock]) -> None:
    for lock in reversed(locks):
        lock.release()
