"""How long to wait after a failed sync round: exponential, capped, with full jitter.

The application's scheduler (``desktop/views/sync/scheduler.py``) waits by these delays
between failed rounds; the first round that succeeds brings back its normal interval.
"""

from __future__ import annotations

from collections.abc import Iterator

import backoff


def delays(base: float = 2.0, cap: float = 300.0) -> Iterator[float]:
    """Waits between failed rounds: exponential, capped, with full jitter."""
    waits = backoff.expo(base=2, factor=base, max_value=cap)
    next(waits)  # backoff's generators are primed with one next() before use
    for value in waits:
        yield float(backoff.full_jitter(value))
