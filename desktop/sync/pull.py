"""Pull: every stream read from its cursor; a stream never read starts with a snapshot.

Every page is applied together with its cursor in one transaction, so a crash half-way
leaves the previous cursor and the page is simply read again.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, cast

from sqlalchemy import delete
from sqlalchemy.orm import Session

from desktop import collector
from desktop.infra.database import Database
from desktop.models.sync import StreamCursor, SyncClient
from desktop.sync import bulk, registry
from desktop.sync.apply import apply_items
from desktop.sync.outbox import client_row
from desktop.sync.report import Progress, SyncReport
from desktop.sync.transport import Transport, TransportError
from wire.messages import PullAnswer, PullRequest, SnapshotAnswer, SnapshotRequest

#: Items of a page freed at a time (:func:`release`).
RELEASE_CHUNK = 1000


def release(items: list[Any]) -> None:
    """Free a page's items a thousand at a time. Freeing 10,000 parsed records in one
    go is C code that keeps the GIL (15 ms idle): between two chunks, the GUI thread
    can run."""
    while items:
        del items[-RELEASE_CHUNK:]


class CursorMissing(RuntimeError):
    """A stream's cursor row vanished while its page was applied."""


def reset_streams(session: Session) -> None:
    """Forget every cursor and the region's records: the streams start again."""
    session.execute(delete(StreamCursor))
    for kind in registry.kinds():
        if kind.policy is registry.Policy.REGION and kind.clear is not None:
            kind.clear(session)


def _locked_cursor(session: Session, stream: str) -> StreamCursor:
    cursor = session.get(StreamCursor, stream, with_for_update=True)
    if cursor is None:
        raise CursorMissing(stream)
    return cursor


def _detached(cursor: StreamCursor) -> StreamCursor:
    return StreamCursor(stream=cursor.stream, version=cursor.version,
                        snapshot_after=cursor.snapshot_after,
                        snapshot_version=cursor.snapshot_version,
                        snapshot_done=cursor.snapshot_done,
                        snapshot_total=cursor.snapshot_total,
                        snapshot_read=cursor.snapshot_read)


class Puller:
    def __init__(self, db: Database, transport: Transport, renew: Callable[[], None], *,
                 page_size: int, snapshot_page: int,
                 progress: Callable[[Progress], None] | None,
                 run_db: Callable[..., Any] | None = None) -> None:
        self.db = db
        self.transport = transport
        self.renew = renew
        self.page_size = page_size
        self.snapshot_page = snapshot_page
        self.progress = progress
        #: Where database work runs (the app's database worker); here by default.
        self.run_db: Callable[..., Any] = run_db or (lambda fn, *args: fn(*args))

    def pull_all(self, report: SyncReport) -> None:
        for stream in registry.streams():
            self.pull_stream(stream, report)

    def _cursor(self, stream: str) -> StreamCursor:
        with self.db.transaction() as session:
            cursor = session.get(StreamCursor, stream)
            if cursor is None:
                cursor = StreamCursor(stream=stream, version=0, snapshot_after=None,
                                      snapshot_version=None, snapshot_done=False,
                                      snapshot_total=0, snapshot_read=0)
                session.add(cursor)
            return cursor

    def _epoch(self) -> str:
        with self.db.read() as session:
            client = session.get(SyncClient, 1)
            return client.epoch if client else ""

    def _restart(self, epoch: str) -> None:
        with self.db.transaction() as session:
            reset_streams(session)
            client_row(session).epoch = epoch

    def _apply_page(self, stream: str, page: PullAnswer) -> StreamCursor:
        with self.db.transaction() as session:
            current = _locked_cursor(session, stream)
            apply_items(session, stream, page["items"], snapshot=False)
            current.version = int(page["cursor"])
            return _detached(current)

    def pull_stream(self, stream: str, report: SyncReport) -> None:
        cursor: StreamCursor = self.run_db(self._cursor, stream)
        epoch: str = self.run_db(self._epoch)
        if not cursor.snapshot_done:
            cursor = self._snapshot(stream, cursor, epoch, report)
        while True:
            request: PullRequest = {"stream": stream, "epoch": epoch,
                                    "cursor": cursor.version, "limit": self.page_size}
            page = cast(PullAnswer, self.transport.call("pull", request))
            if page["reset"]:
                report.resets.append(stream)
                self.run_db(self._restart, str(page["epoch"]))
                raise TransportError("the server asked for a new first sync")
            cursor = self.run_db(self._apply_page, stream, page)
            report.pulled += len(page["items"])
            self.renew()
            if not page["has_more"]:
                return

    def _snapshot(self, stream: str, cursor: StreamCursor, epoch: str,
                  report: SyncReport) -> StreamCursor:
        """Read the stream's pages, fetching the next one while this one is applied."""

        def fetch(after: str) -> SnapshotAnswer:
            request: SnapshotRequest = {"stream": stream, "after": after,
                                        "limit": self.snapshot_page}
            return cast(SnapshotAnswer, self.transport.call("snapshot", request))

        with (ThreadPoolExecutor(1, thread_name_prefix="sync-prefetch") as prefetch,
              collector.young_only()):
            future: Future[SnapshotAnswer] | None = prefetch.submit(
                fetch, cursor.snapshot_after or "")
            try:
                while future is not None:
                    collector.collect_young()
                    page = future.result()
                    if page["epoch"] != epoch:
                        raise TransportError("the server epoch changed during the first sync")
                    future = prefetch.submit(fetch, page["after"]) if page["has_more"] else None
                    cursor = self.run_db(self._apply_snapshot_page, stream, page)
                    report.pulled += len(page["items"])
                    if self.progress is not None:
                        self.progress(Progress(stream, cursor.snapshot_read,
                                               cursor.snapshot_total))
                    self.renew()
                    release(page["items"])
            finally:
                if future is not None:
                    future.cancel()
        return cursor

    def _apply_snapshot_page(self, stream: str, page: SnapshotAnswer) -> StreamCursor:
        with self.db.transaction() as session:
            current = _locked_cursor(session, stream)
            bulk.widen_cache(session)
            apply_items(session, stream, page["items"], snapshot=True)
            if current.snapshot_version is None:
                current.snapshot_version = int(page["version"])
            current.snapshot_after = page["after"]
            if int(page["total"]) >= 0:
                current.snapshot_total = int(page["total"])
            current.snapshot_read += len(page["items"])
            if not page["has_more"]:
                current.snapshot_done = True
                current.version = current.snapshot_version
            return _detached(current)
