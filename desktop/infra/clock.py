"""The clock the queue asks for "now": the system clock unless another is set.

Services take an explicit ``now=`` where a caller knows the moment; when they do not,
they ask :func:`now`. Tests and tools that need another day (a demo opened a week
later) set a clock here instead of patching ``datetime``::

    with clock.use(clock.fixed(moment)):
        ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], dt.datetime]


def system() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_clock: Clock = system


def now() -> dt.datetime:
    """The current moment (aware, UTC) by the clock in use."""
    return _clock()


def today() -> dt.date:
    """Today's local date by the clock in use."""
    return now().astimezone().date()


def set_clock(clock: Clock | None) -> Clock:
    """Use ``clock`` from now on (None: the system clock); returns the previous one."""
    global _clock
    previous, _clock = _clock, clock or system
    return previous


@contextmanager
def use(clock: Clock) -> Iterator[None]:
    previous = set_clock(clock)
    try:
        yield
    finally:
        set_clock(previous)


def fixed(moment: dt.datetime) -> Clock:
    """A clock that always reads ``moment`` (must be aware)."""
    if moment.tzinfo is None:
        raise ValueError("a fixed clock needs an aware datetime")
    value = moment.astimezone(dt.UTC)
    return lambda: value


def shifted(offset: dt.timedelta) -> Clock:
    """The system clock moved by ``offset`` (a week later: ``timedelta(days=7)``)."""
    return lambda: system() + offset
