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
    """How many :func:`young_only` blocks are running, the collector's state before
    the first one, and whether one thread owns the collections (:func:`own_collections`):
    one instance, changed under its lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.was_enabled = True
        self.owner: int | None = None


_holders = _Holders()


@contextmanager
def young_only() -> Iterator[None]:
    """While inside, automatic collection is off; call :func:`collect_young` per page.

    Nested and concurrent uses are counted: collection is restored (if it was enabled
    before the first one) when the last one leaves, even on an exception.
    """
    with _holders.lock:
        if _holders.count == 0:
            _holders.was_enabled = gc.isenabled() and _holders.owner is None
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
    """Collect the two young generations: bounded by what was allocated recently.
    Left to the owner's :func:`collect_due` when a thread owns the collections."""
    if _holders.owner is None:
        gc.collect(1)


def own_collections() -> None:
    """From now on only this thread collects: automatic collection is turned off and
    the owner calls :func:`collect_due` regularly (the GUI thread, on a timer).

    CPython collects in whichever thread allocates when a threshold is passed. A worker
    building rows could then free a cycle holding Qt wrappers, and delete their objects
    off the GUI thread: a segmentation fault. Called again: the caller becomes owner."""
    with _holders.lock:
        _holders.owner = threading.get_ident()
        _holders.was_enabled = False
        gc.disable()


def owned() -> bool:
    """Whether one thread owns the collections (:func:`own_collections`)."""
    return _holders.owner is not None


def release_collections() -> None:
    """Automatic collection again, in any thread (the owner has stopped)."""
    with _holders.lock:
        _holders.owner = None
        _holders.was_enabled = True
        if _holders.count == 0:
            gc.enable()


def collect_due() -> None:
    """The collection CPython would have run by now, by its own thresholds: the young
    generation when enough was allocated, an older one when enough younger collections
    passed; while bulk work runs (:func:`young_only`) never the full one."""
    (young, middle, old), (young_limit, middle_limit, old_limit) = (
        gc.get_count(), gc.get_threshold()[:3])
    if young < young_limit:
        return
    generation = 0
    if middle >= middle_limit:
        generation = 1
        if old >= old_limit and _holders.count == 0:
            generation = 2
    gc.collect(generation)


def settle_after_startup() -> None:
    """Move everything alive now to the collector's permanent generation.

    Called once, when the main window is up: those objects live for the whole session,
    and walking them on every full collection only lengthens its pause.
    """
    gc.collect()
    gc.freeze()
