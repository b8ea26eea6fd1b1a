"""A ticket's state, derived from its event log (pure functions, no database).

Every action on a ticket is an event; the state is the fold of the events in order,
skipping those an ``undo`` event cancelled. The same fold feeds the statistics, so
what the counter saw and what the report counts cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace

from desktop.errors import BrokenInvariant


class Status(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    PARKED = "parked"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


OPEN = frozenset({Status.WAITING, Status.CALLED, Status.SERVING, Status.PARKED})
AT_COUNTER = frozenset({Status.CALLED, Status.SERVING, Status.PARKED})


class Kind(enum.StrEnum):
    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    PARKED = "parked"
    RESUMED = "resumed"
    TRANSFERRED = "transferred"
    REQUEUED = "requeued"
    NO_SHOW = "no_show"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    UNDO = "undo"


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    at: dt.datetime
    service_id: uuid.UUID | None = None
    counter_id: uuid.UUID | None = None
    operator_id: uuid.UUID | None = None
    detail: str = ""
    ref: str = ""


@dataclass(frozen=True)
class TicketState:
    status: Status
    service_id: uuid.UUID | None
    queued_at: dt.datetime
    counter_id: uuid.UUID | None = None
    operator_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    called_at: dt.datetime | None = None
    recalls: int = 0
    return_service_id: uuid.UUID | None = None
    outcome: str = ""


class InvalidTransition(ValueError):
    """An event that does not apply to the ticket's state (a programming error)."""


_ALLOWED: dict[str, frozenset[Status]] = {
    Kind.CALLED: frozenset({Status.WAITING}),
    Kind.RECALLED: frozenset({Status.CALLED}),
    Kind.STARTED: frozenset({Status.CALLED}),
    Kind.PARKED: frozenset({Status.CALLED, Status.SERVING}),
    Kind.RESUMED: frozenset({Status.PARKED}),
    Kind.TRANSFERRED: frozenset({Status.CALLED, Status.SERVING, Status.PARKED}),
    Kind.REQUEUED: frozenset({Status.CALLED, Status.PARKED}),
    Kind.NO_SHOW: frozenset({Status.CALLED, Status.WAITING, Status.PARKED}),
    Kind.FINISHED: frozenset({Status.CALLED, Status.SERVING}),
    Kind.CANCELLED: OPEN,
}


def effective(events: Iterable[Event]) -> list[Event]:
    """The events in order, without undo events and the events they cancelled."""
    ordered = sorted(events, key=lambda e: e.seq)
    undone = {int(e.ref) for e in ordered if e.kind == Kind.UNDO}
    return [e for e in ordered if e.kind != Kind.UNDO and e.seq not in undone]


def apply(state: TicketState | None, event: Event) -> TicketState:
    """One step of the fold; raises InvalidTransition when the event does not fit."""
    kind = event.kind
    if state is None:
        if kind != Kind.ISSUED:
            raise InvalidTransition(f"first event must be issued, not {kind}")
        return TicketState(Status.WAITING, event.service_id, event.at)
    allowed = _ALLOWED.get(kind)
    if allowed is None or state.status not in allowed:
        raise InvalidTransition(f"{kind} on a {state.status} ticket")
    if kind in (Kind.CALLED, Kind.RESUMED):
        return replace(state, status=Status.CALLED, counter_id=event.counter_id,
                       operator_id=event.operator_id, called_at=event.at, recalls=0)
    if kind == Kind.RECALLED:
        return replace(state, recalls=state.recalls + 1, called_at=event.at)
    if kind == Kind.STARTED:
        person = uuid.UUID(event.ref) if event.ref else None
        return replace(state, status=Status.SERVING, person_id=person)
    if kind == Kind.PARKED:
        return replace(state, status=Status.PARKED)
    if kind == Kind.TRANSFERRED:
        back = uuid.UUID(event.ref) if event.ref else None
        return replace(state, status=Status.WAITING, service_id=event.service_id,
                       queued_at=event.at, counter_id=None, called_at=None,
                       return_service_id=back, recalls=0)
    if kind == Kind.REQUEUED:
        return replace(state, status=Status.WAITING, counter_id=None, called_at=None, recalls=0)
    if kind == Kind.NO_SHOW:
        return replace(state, status=Status.NO_SHOW)
    if kind == Kind.FINISHED:
        if event.ref:  # the person served, linked when the counter finished
            state = replace(state, person_id=uuid.UUID(event.ref))
        if state.return_service_id is not None:
            return replace(state, status=Status.WAITING, service_id=state.return_service_id,
                           queued_at=event.at, counter_id=None, called_at=None,
                           return_service_id=None, recalls=0, outcome=event.detail)
        return replace(state, status=Status.FINISHED, outcome=event.detail)
    if kind != Kind.CANCELLED:
        raise BrokenInvariant(f"unexpected {kind}")
    return replace(state, status=Status.CANCELLED, outcome=event.detail)


def derive(events: Iterable[Event]) -> TicketState:
    """The current state of a ticket from its whole log."""
    state: TicketState | None = None
    for event in effective(events):
        state = apply(state, event)
    if state is None:
        raise InvalidTransition("a ticket without events")
    return state


@dataclass(frozen=True)
class Timings:
    """What the statistics need from one ticket's log."""

    issued_at: dt.datetime
    first_called_at: dt.datetime | None
    counter_id: uuid.UUID | None
    operator_id: uuid.UUID | None
    service_id: uuid.UUID | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    no_show: bool

    @property
    def wait_minutes(self) -> float | None:
        if self.first_called_at is None:
            return None
        return (self.first_called_at - self.issued_at).total_seconds() / 60

    @property
    def service_minutes(self) -> float | None:
        begin = self.started_at or self.first_called_at
        if begin is None or self.finished_at is None:
            return None
        return (self.finished_at - begin).total_seconds() / 60

    @property
    def total_minutes(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.issued_at).total_seconds() / 60


def timings(events: Iterable[Event]) -> Timings:
    """Issue, first call, start and last finish of a ticket (undone events excluded)."""
    issued_at: dt.datetime | None = None
    first_call: Event | None = None
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    no_show = False
    service: uuid.UUID | None = None
    for event in effective(events):
        if event.kind == Kind.ISSUED:
            issued_at, service = event.at, event.service_id
        elif event.kind == Kind.CALLED and first_call is None:
            first_call = event
        elif event.kind == Kind.STARTED and started is None:
            started = event.at
        elif event.kind == Kind.FINISHED:
            finished = event.at
        elif event.kind == Kind.NO_SHOW:
            no_show = True
    if issued_at is None:
        raise InvalidTransition("a ticket without an issued event")
    return Timings(
        issued_at, first_call.at if first_call else None,
        first_call.counter_id if first_call else None,
        first_call.operator_id if first_call else None,
        service, started, finished, no_show)
