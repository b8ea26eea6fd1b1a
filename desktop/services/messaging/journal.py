"""The worker's sent-log: the receipt of every message a server accepted, on disk.

The worker appends a message's key here, with ``fsync``, as soon as the SMTP server
or the SMS gateway has accepted it, and only then marks the row "sent" in the database
(in batches). After a crash, a row left "sending" whose key is in the log was sent:
it is marked, not sent again. The log is emptied once everything in it is marked.

One worker owns a log (an OS lock on ``<log>.lock``), so two workers never share it.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop.errors import SportelloError
from desktop.i18n import _
from desktop.infra.instance_lock import FileLock


class JournalBusy(SportelloError):
    """Another worker already sends messages from this installation."""


class SentJournal:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(path.with_name(path.name + ".lock"))
        if not self._lock.acquire():
            raise JournalBusy(_("Another message sender is already running on this "
                                "installation."))
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def keys(self) -> set[str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        # A line cut by a crash has no newline: it was never acknowledged as written.
        return {line for line in text.split("\n")[:-1] if line}

    def append(self, key: str) -> None:
        # One write(2) per line on an O_APPEND descriptor: lines from parallel senders
        # never interleave. Synced before the caller goes on.
        os.write(self._fd, (key + "\n").encode("utf-8"))
        os.fsync(self._fd)

    def clear(self) -> None:
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)
        self._lock.release()
