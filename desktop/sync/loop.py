"""Sync rounds in the background: every ``interval`` seconds or on demand, backing off
after failures, with a watchdog that replaces a loop whose heartbeat stalls."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import backoff

log = logging.getLogger(__name__)


def delays(base: float = 2.0, cap: float = 300.0) -> Iterator[float]:
    """Waits between failed rounds: exponential, capped, with full jitter."""
    waits = backoff.expo(base=2, factor=base, max_value=cap)
    next(waits)  # backoff's generators are primed with one next() before use
    for value in waits:
        yield float(backoff.full_jitter(value))


class SyncLoop:
    """Runs rounds every ``interval`` seconds (or on :meth:`wake`), backing off after
    failures; a watchdog thread restarts the loop if its heartbeat stalls."""

    def __init__(self, round_fn: Callable[[], Any], interval: float, *,
                 stall_after: float = 600.0,
                 on_result: Callable[[Any, BaseException | None], None] | None = None) -> None:
        self.round_fn = round_fn
        self.interval = interval
        self.stall_after = timedelta(seconds=stall_after)
        self.on_result = on_result
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.heartbeat = datetime.now(UTC)
        self.restarts = 0
        self.rounds = 0
        self._thread: threading.Thread | None = None
        self._watchdog: threading.Thread | None = None

    def start(self) -> None:
        self._spawn()
        self._watchdog = threading.Thread(target=self._watch, name="sync-watchdog",
                                          daemon=True)
        self._watchdog.start()

    def _spawn(self) -> None:
        self.heartbeat = datetime.now(UTC)
        self._thread = threading.Thread(target=self._run, name="sync-loop", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _run(self) -> None:
        me = threading.current_thread()
        waits = delays()
        while not self._stop.is_set() and self._thread is me:
            self.heartbeat = datetime.now(UTC)
            error: BaseException | None = None
            result: Any = None
            try:
                result = self.round_fn()
                waits = delays()
                pause = self.interval
            except Exception as exc:  # noqa: BLE001 - the loop outlives any failed round
                error = exc
                pause = next(waits)
                log.info("sync round failed (%s); next try in %.0f s", type(exc).__name__,
                         pause)
            self.rounds += 1
            self.heartbeat = datetime.now(UTC)
            if self.on_result is not None and self._thread is me:
                self.on_result(result, error)
            self._wake.wait(pause)
            self._wake.clear()

    def _watch(self) -> None:
        while not self._stop.wait(min(5.0, self.stall_after.total_seconds() / 4)):
            if datetime.now(UTC) - self.heartbeat > self.stall_after:
                log.warning("sync loop stalled; starting a new one")
                self.restarts += 1
                self._spawn()  # the stalled thread sees it is no longer current and ends
