"""Sync rounds scheduled by the application, not by a page.

The main window creates one :class:`SyncScheduler` at login. A round runs on the network
worker (``ctx.ops``, kind "net") and hands every database step to the database worker
(:meth:`Operations.call_on`), so the counter's own database calls and the round's stay in
one queue and the GUI thread only sees the outcome. After a failure the next round waits
by :func:`desktop.sync.loop.delays` (exponential, capped at five minutes, jittered): an
unreachable server pauses sync without hammering it. While paused, a cheap probe
(:func:`desktop.infra.connectivity.probe`) every ``probe_every`` seconds resumes at once
when the server answers again, and the first round that succeeds brings back the
regular interval. "Sincronizza ora" asks for a round at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.infra.connectivity import Connectivity, probe
from desktop.sync.loop import delays
from desktop.sync.report import SyncReport
from desktop.views.context import ViewContext
from desktop.views.errors import user_message

log = logging.getLogger(__name__)

#: The first round after login waits this long, so the window paints first.
FIRST_ROUND_MS = 2_000
#: While the server is unreachable, how often a cheap probe asks whether it is back.
PROBE_SECONDS = 30.0


class SyncScheduler(QObject):
    """Runs rounds every ``interval`` seconds and on demand; one at a time.

    Signals: ``changed()`` whenever its state changes (a round starts or ends, the next
    try moves); ``progress_reported(Progress)`` during a first sync (queued from the
    network worker)."""

    changed = Signal()
    progress_reported = Signal(object)

    def __init__(self, ctx: ViewContext, parent: QObject | None = None, *,
                 interval: float | None = None,
                 waits: Callable[[], Iterator[float]] = delays,
                 probe_every: float = PROBE_SECONDS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.url = ctx.settings.sync_server_url
        self.interval = float(interval if interval is not None
                              else max(10, ctx.settings.sync_interval_seconds))
        self._new_waits = waits
        self._waits = waits()
        self.running = False
        self.syncing = False
        #: The last round could not reach the server (or was refused): sync is paused.
        self.offline = False
        #: The last round's failure, as one sentence for the operator ("" after a success).
        self.last_error = ""
        self.auth_failed = False
        self.failures = 0
        self.rounds = 0
        self.last_report: SyncReport | None = None
        #: When the next automatic round starts (None while one runs or when stopped).
        self.next_try: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(int(probe_every * 1000))
        self._probe_timer.timeout.connect(self._probe)

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def start(self, first_after_ms: int = FIRST_ROUND_MS) -> None:
        """Begin automatic rounds (nothing happens without a regional server)."""
        if not self.url:
            return
        self.running = True
        self._schedule(first_after_ms / 1000)

    def stop(self) -> None:
        """No more automatic rounds (a round under way finishes on its own)."""
        self.running = False
        self._timer.stop()
        self._probe_timer.stop()
        self.next_try = None
        self.changed.emit()

    def _schedule(self, seconds: float) -> None:
        if not self.running:
            self.next_try = None
        else:
            self.next_try = datetime.now(UTC) + timedelta(seconds=seconds)
            self._timer.start(max(0, int(seconds * 1000)))
        self.changed.emit()

    def sync_now(self) -> bool:
        """Start a round now; False when one is already running or no server is set."""
        if self.syncing or not self.url or self.ctx.ops.closed:
            return False
        self._timer.stop()
        self._probe_timer.stop()
        self.syncing = True
        self.next_try = None
        self.changed.emit()
        # Imported at the first round, not at start-up (the HTTP stack is heavy to load).
        from desktop.services.security import audit_region

        self.ctx.ops.run(audit_region.sync_now, self.ctx.database, self.url, self.ctx.paths.config,
                         self.progress_reported.emit, self.run_db, kind="net",
                         on_success=self._succeeded, on_error=self._failed)
        return True

    def run_db(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A round's database step, run on the database worker (called from the round)."""
        return self.ctx.ops.call_on("db", fn, *args)

    def _succeeded(self, report: SyncReport) -> None:
        self.syncing = False
        self.offline = False
        self.auth_failed = False
        self.last_error = ""
        self.failures = 0
        self.rounds += 1
        self.last_report = report
        self._waits = self._new_waits()
        self._schedule(self.interval)

    def _failed(self, exc: BaseException) -> None:
        self.syncing = False
        self.rounds += 1
        self.failures += 1
        self.auth_failed = bool(getattr(exc, "auth", False))
        self.offline = not getattr(exc, "busy", False)
        self.last_error = user_message(exc)
        from desktop.sync.service import SyncFailed

        if not isinstance(exc, SyncFailed):
            log.error("sync round failed", exc_info=exc)
        pause = next(self._waits, self.interval)
        log.info("sync round failed; next try in %.0f s", pause)
        self._schedule(pause)
        if self.offline and self.running:
            self._probe_timer.start()

    def _probe(self) -> None:
        if self.syncing or not self.offline or self.ctx.ops.closed:
            self._probe_timer.stop()
            return
        self.ctx.ops.run(probe, self.url, kind="net", on_success=self._probed,
                         on_error=lambda _exc: None)

    def _probed(self, state: Connectivity) -> None:
        if state is Connectivity.ONLINE and self.offline and self.running:
            log.info("the regional server answers again: synchronising now")
            self.sync_now()
