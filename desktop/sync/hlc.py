"""Hybrid logical clock: wall time in ms, a counter, and the node; sortable as text.

A reading never goes backwards, even when the PC clock jumps back, and after seeing a
remote reading the next local one sorts after it, so "later" survives a wrong clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: The wall clock the HLC reads (tests replace it to simulate a wrong or jumping clock).
wall_clock: Callable[[], float] = time.time


def now_ms() -> int:
    return int(wall_clock() * 1000)


def encode(ms: int, counter: int, node: str) -> str:
    return f"{ms:013d}.{counter:05d}.{node}"


def decode(reading: str) -> tuple[int, int, str]:
    ms, counter, node = reading.split(".", 2)
    return int(ms), int(counter), node


def tick(last: str, node: str, skew_ms: int = 0) -> str:
    """The next local reading after ``last`` ("" for none).

    ``skew_ms`` is how far the PC clock is ahead of the server's (measured at hello):
    readings follow the server's time, not a wrong PC clock.
    """
    wall = now_ms() - skew_ms
    if not last:
        return encode(wall, 0, node)
    last_ms, last_counter, _ = decode(last)
    if wall > last_ms:
        return encode(wall, 0, node)
    if last_counter >= 99_999:
        return encode(last_ms + 1, 0, node)
    return encode(last_ms, last_counter + 1, node)


def receive(last: str, remote: str) -> str:
    """``last`` moved past a reading seen from elsewhere (the larger of the two)."""
    if not remote:
        return last
    return max(last, remote)
