"""What ``python -m bench queue`` measures, kept where its tests can reach it.

The display latency (from the key press to the display's delivery, with every lost
notification counted and failing the figure) and the calls-per-second of a counters'
run (refused when tickets were skipped or called twice). The benchmark turns these into
figures; ``tests/bench`` checks that they fail when they should.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

#: How long the display may take before its notification counts as lost.
LATENCY_WAIT_S = 5.0

Subscriber = Callable[[uuid.UUID], None]


@dataclasses.dataclass(frozen=True)
class Latency:
    #: Key press to delivery, in milliseconds, of the calls whose notification arrived.
    samples_ms: tuple[float, ...]
    #: Notifications (of issues, calls and finishes) that never arrived within the wait.
    lost: int
    #: perf_counter() at each key press (the clock's start), for the tests.
    pressed: tuple[float, ...]
    #: How long each notification was awaited.
    wait_s: float = LATENCY_WAIT_S

    @property
    def failed(self) -> str | None:
        """Why the latency figure fails whatever its value: a notification lost."""
        if self.lost:
            return f"{self.lost} notification(s) never reached the display"
        if not self.samples_ms:
            return "no call was measured"
        return None

    def p95(self) -> float:
        """p95 of the samples; the whole wait when there is none (never a fast 0 ms)."""
        if not self.samples_ms:
            return self.wait_s * 1000
        ordered = sorted(self.samples_ms)
        k = (len(ordered) - 1) * 0.95
        lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class _Arrivals:
    """The display's listener: stamps each notification the moment it is delivered."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.stamps: list[float] = []

    def __call__(self, _site: uuid.UUID) -> None:
        stamp = time.perf_counter()
        with self._cond:
            self.stamps.append(stamp)
            self._cond.notify_all()

    def seen(self) -> int:
        with self._cond:
            return len(self.stamps)

    def after(self, seen: int, wait_s: float) -> float | None:
        """The stamp of the first notification after the first ``seen``; None if lost."""
        with self._cond:
            if self._cond.wait_for(lambda: len(self.stamps) > seen, wait_s):
                return self.stamps[seen]
            return None


def display_latency(subscribe: Callable[[Subscriber], Callable[[], None]],
                    issue: Callable[[], object], call: Callable[[], object],
                    finish: Callable[[object], object], samples: int,
                    wait_s: float = LATENCY_WAIT_S) -> Latency:
    """Issue, call and finish ``samples`` tickets; time each call from the key press to
    the display's delivery. Every action must notify the display once: each notification
    is awaited before the next action, and one that does not come counts as lost."""
    arrivals = _Arrivals()
    unsubscribe = subscribe(arrivals)
    latencies: list[float] = []
    pressed: list[float] = []
    lost = 0
    try:
        for _ in range(samples):
            seen = arrivals.seen()
            issue()
            lost += arrivals.after(seen, wait_s) is None
            seen = arrivals.seen()
            start = time.perf_counter()  # the operator presses "call next"
            called = call()
            stamp = arrivals.after(seen, wait_s)
            if stamp is None:
                lost += 1
            else:
                latencies.append((stamp - start) * 1000)
                pressed.append(start)
            seen = arrivals.seen()
            finish(called)
            lost += arrivals.after(seen, wait_s) is None
    finally:
        unsubscribe()
    return Latency(tuple(latencies), lost, tuple(pressed), wait_s)


def calls_per_second(outcome: dict[str, Any], who: str) -> float:
    called = outcome["called"]
    if len(set(called)) != len(called) or len(called) != len(outcome["issued"]):
        raise RuntimeError(f"{who}: {len(outcome['issued'])} tickets issued, {len(called)} "
                           f"calls, {len(set(called))} distinct")
    return float(len(called) / outcome["seconds"])
