"""Keep CPython's full garbage collections short and out of bulk work.

A first sync allocates hundreds of thousands of short-lived rows. Each time enough of
them survive a young collection, CPython runs a full collection, which walks every
tracked object of the process while holding the GIL: measured at 100-160 ms, during
which the GUI thread cannot run. The rows of a page are freed by reference counting
(parsed JSON has no cycles), so while bulk work runs only the young generations are
collected, after each page; the full collections resume when the work ends.

And once the app has started, the objects of its start-up (modules, classes, Qt
wrappers, the ORM's mappers: they live until exit) are frozen out of the collector, so
a later full collection walks only what was created since.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Holders:
    """How many :func:`young_only` blocks are running, and the collector's state before
    the first one: one instance, changed under its lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.was_enabled = True


_holders = _Holders()


@contextmanager
def young_only() -> Iterator[None]:
    """While inside, automatic collection is off; call :func:`collect_young` per page.

    Nested and concurrent uses are counted: collection is restored (if it was enabled
    before the first one) when the last one leaves, even on an exception.
    """
    with _holders.lock:
        if _holders.count == 0:
            _holders.was_enabled = gc.isenabled()
            gc.disable()
        _holders.count += 1
    try:
        yield
    finally:
        with _holders.lock:
            _holders.count -= 1
            if _holders.count == 0 and _holders.was_enabled:
                gc.enable()


def collect_young() -> None:
    """Collect the two young generations: bounded by what was allocated recently."""
    gc.collect(1)


def settle_after_startup() -> None:
    """Move everything alive now to the collector's permanent generation.

    Called once, when the main window is up: those objects live for the whole session,
    and walking them on every full collection only lengthens its pause.
    """
    gc.collect()
    gc.freeze()
