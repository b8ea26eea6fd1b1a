"""The recent change log, kept formatted in each server process.

Every centre pulls every change of the people stream: with 320 workstations each
change is read and formatted 320 times. A version at or below the head is final (the
versions are gap-free and transactions commit in version order), so each process reads
the changes after what it holds once, keeps each one's pull item as JSON text, and
answers pages from memory. A cursor from before what it holds (the process started
later, or the tail was trimmed) is answered from the database as before; a new epoch
(a restored backup) empties it.
"""

from __future__ import annotations

import bisect
import json
import threading

from sqlalchemy import Text, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from server.models import Change
from server.store.changes import epoch_and_head
from server.store.pull import pull_page

#: Items kept per process before the tail starts again from the head (~400 bytes each).
KEEP = 200_000


class ChangeTail:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self.lock = threading.Lock()
        self.epoch = ""
        #: Every change after ``floor`` and up to ``upto`` is held, by stream.
        self.floor = -1
        self.upto = -1
        self.versions: dict[str, list[int]] = {}
        self.items: dict[str, list[str]] = {}
        self.count = 0

    def _restart(self, epoch: str, head: int) -> None:
        self.epoch, self.floor, self.upto = epoch, head, head
        self.versions, self.items, self.count = {}, {}, 0

    def _catch_up(self, session: Session, head: int) -> None:
        rows = session.execute(
            select(Change.version, Change.stream, Change.kind, Change.entity_id,
                   sql_cast(Change.data, Text))
            .where(Change.version > self.upto, Change.version <= head)
            .order_by(Change.version)).all()
        for version, stream, kind, entity_id, data in rows:
            self.versions.setdefault(stream, []).append(version)
            self.items.setdefault(stream, []).append(
                f'{{"version":{version},"kind":"{kind}","id":"{entity_id}",{data[1:]}')
        self.count += len(rows)
        self.upto = head

    def page(self, session: Session, stream: str, client_epoch: str, after: int,
             limit: int) -> bytes:
        """Like :func:`server.store.pull.pull_page`, from memory when it can."""
        current, top = epoch_and_head(session)
        with self.lock:
            if current != self.epoch or self.count > self.keep:
                self._restart(current, top)
            if client_epoch != current or after < self.floor or after > top:
                served = False
            else:
                if top > self.upto:
                    self._catch_up(session, top)
                versions = self.versions.get(stream, [])
                start = bisect.bisect_right(versions, after)
                chosen = self.items.get(stream, [])[start:start + limit]
                has_more = start + limit < len(versions)
                cursor = versions[start + limit - 1] if has_more else self.upto
                head = self.upto
                served = True
        if not served:
            return pull_page(session, stream, client_epoch, after, limit)
        top_json = json.dumps({"stream": stream, "epoch": current, "reset": False,
                               "cursor": max(cursor, after), "has_more": has_more,
                               "head": head})
        return (top_json[:-1] + ',"items":[' + ",".join(chosen) + "]}").encode()
