"""The recent change log, kept formatted (and mostly compressed) in each server process.

Every centre pulls every change of the people stream: with 320 workstations each
change is read, formatted and compressed 320 times. A version at or below the head is
final (the versions are gap-free and transactions commit in version order), so each
process reads the changes after what it holds once, keeps each one's pull item as JSON
text, and answers pages from memory. The items of a stream are held in blocks of
:data:`BLOCK`; a full block keeps its text once and its deflate encoding
(:mod:`server.store.gzip_page`), so a compressed page compresses only its first and
last few items. A cursor from before what it holds (the process started later, or the
tail was trimmed) is answered from the database as before; a new epoch (a restored
backup) empties it.
"""

from __future__ import annotations

import bisect
import json
import threading
from array import array

from sqlalchemy import Connection, Text, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from server.models import Change
from server.store.changes import epoch_and_head
from server.store.gzip_page import Segment, deflate, gzip_whole, member
from server.store.pull import pull_page

#: Items kept per process before the tail starts again from the head (~800 bytes each).
KEEP = 200_000
#: Items a block holds: about 50 kB of text, as well compressed alone as in a page.
BLOCK = 64


class StreamTail:
    """One stream's items: full blocks (text, offsets, deflated) and the open block."""

    def __init__(self, block: int) -> None:
        self.block = block
        self.versions: list[int] = []
        #: Full blocks: each item followed by a comma, laid end to end, and compressed.
        self.segments: list[Segment] = []
        #: Where each item of a full block starts in its text (and where the last ends).
        self.offsets: list[array[int]] = []
        self.open: list[bytes] = []

    def append(self, version: int, item: bytes) -> None:
        self.versions.append(version)
        self.open.append(item)
        if len(self.open) == self.block:
            text = b",".join(self.open) + b","
            starts = array("I", [0])
            for one in self.open:
                starts.append(starts[-1] + len(one) + 1)
            self.segments.append(deflate(text))
            self.offsets.append(starts)
            self.open = []

    def span(self, start: int, stop: int) -> bytes:
        """The items ``start`` to ``stop`` (excluded), each followed by a comma."""
        parts: list[bytes] = []
        full = len(self.segments) * self.block
        index = start
        while index < min(stop, full):
            number, first = divmod(index, self.block)
            last = min(stop - number * self.block, self.block)
            starts = self.offsets[number]
            parts.append(self.segments[number].text[starts[first]:starts[last]])
            index = number * self.block + last
        if stop > full:
            parts.extend(item + b"," for item in self.open[max(start, full) - full:stop - full])
        return b"".join(parts)


class ChangeTail:
    def __init__(self, keep: int = KEEP, block: int = BLOCK) -> None:
        self.keep = keep
        self.block = block
        self.lock = threading.Lock()
        self.epoch = ""
        #: Every change after ``floor`` and up to ``upto`` is held, by stream.
        self.floor = -1
        self.upto = -1
        self.streams: dict[str, StreamTail] = {}
        self.count = 0

    def _restart(self, epoch: str, head: int) -> None:
        self.epoch, self.floor, self.upto = epoch, head, head
        self.streams, self.count = {}, 0

    def _catch_up(self, session: Session | Connection, head: int) -> None:
        rows = session.execute(
            select(Change.version, Change.stream, Change.kind, Change.entity_id,
                   sql_cast(Change.data, Text))
            .where(Change.version > self.upto, Change.version <= head)
            .order_by(Change.version)).all()
        for version, stream, kind, entity_id, data in rows:
            tail = self.streams.get(stream)
            if tail is None:
                tail = self.streams[stream] = StreamTail(self.block)
            tail.append(version, f'{{"version":{version},"kind":"{kind}","id":"{entity_id}",'
                                 f'{data[1:]}'.encode())
        self.count += len(rows)
        self.upto = head

    def page(self, session: Session | Connection, stream: str, client_epoch: str, after: int,
             limit: int, *, gzip: bool = False) -> bytes:
        """Like :func:`server.store.pull.pull_page`, from memory when it can; as a gzip
        member when ``gzip``."""
        current, top = epoch_and_head(session)
        with self.lock:
            if current != self.epoch or self.count > self.keep:
                self._restart(current, top)
            if client_epoch != current or after < self.floor or after > top:
                tail = None
            else:
                if top > self.upto:
                    self._catch_up(session, top)
                tail = self.streams.get(stream) or StreamTail(self.block)
                start = bisect.bisect_right(tail.versions, after)
                stop = min(start + limit, len(tail.versions))
                has_more = stop < len(tail.versions)
                cursor = tail.versions[stop - 1] if has_more else self.upto
                head = self.upto
        if tail is None:
            text = pull_page(session, stream, client_epoch, after, limit)
            return gzip_whole(text) if gzip else text
        top_json = json.dumps({"stream": stream, "epoch": current, "reset": False,
                               "cursor": max(cursor, after), "has_more": has_more,
                               "head": head})
        prefix = (top_json[:-1] + ',"items":[').encode()
        if not gzip:
            return prefix + tail.span(start, stop)[:-1] + b"]}"
        return member(_segments(tail, prefix, start, stop))


def _segments(tail: StreamTail, prefix: bytes, start: int, stop: int) -> list[Segment]:
    """A page's text as deflate segments: the full blocks it covers as kept, the rest
    compressed now. The block holding the page's last item is never reused: its text
    would end with a comma."""
    size = tail.block
    first = -(-start // size)  # the first full block that starts inside the page
    last = (stop - 1) // size  # the block of the page's last item
    if stop <= start or first >= last:
        return [deflate(prefix + tail.span(start, stop)[:-1] + b"]}")]
    return [deflate(prefix + tail.span(start, first * size)),
            *tail.segments[first:last],
            deflate(tail.span(last * size, stop)[:-1] + b"]}")]
