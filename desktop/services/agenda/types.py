"""The agenda's values: configuration, what a booking asks for, what a read returns."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass


class Status(enum.StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


#: The statuses that hold a slot (an overlap with them is refused).
HOLDING = (Status.BOOKED.value, Status.CHECKED_IN.value)


@dataclass(frozen=True)
class AgendaConfig:
    """The agenda's rules (docs/agenda.md). The defaults are the centre's usual ones."""

    #: Shortest and longest appointment.
    min_minutes: int = 5
    max_minutes: int = 240
    #: How long before the slot a person may check in at the kiosk.
    checkin_early: dt.timedelta = dt.timedelta(minutes=60)
    #: A checked-in appointment first waits in order of arrival like everyone (checked in
    #: early, it is often called on time that way); it goes ahead of walk-ins only from
    #: this many minutes after its slot, when it would otherwise start late ...
    precedence_after_minutes: int = 3
    #: ... until this long after the slot (the grace window); then it waits as a walk-in.
    #: (tests/agenda/test_day_simulation.py measures both against a working day.)
    grace_minutes: int = 15
    #: Not checked in this long after the slot: the appointment becomes a no-show.
    no_show_after: dt.timedelta = dt.timedelta(minutes=30)
    #: The service a Patto's appointment is booked for, when its place names no counter.
    patto_service_prefix: str = "B"


DEFAULT_AGENDA = AgendaConfig()


@dataclass(frozen=True)
class BookingRequest:
    """What the operator asks for; ``start`` is aware (any zone)."""

    site_id: uuid.UUID
    service_id: uuid.UUID
    person_id: uuid.UUID
    start: dt.datetime
    minutes: int = 30
    purpose: str = ""
    counter_id: uuid.UUID | None = None
    operator_id: uuid.UUID | None = None
    agreement_id: uuid.UUID | None = None
    measure: str = ""


@dataclass(frozen=True)
class AppointmentInfo:
    id: uuid.UUID
    site_id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    start: dt.datetime
    minutes: int
    purpose: str
    booking_code: str
    status: str
    person_id: uuid.UUID | None
    person_name: str
    fiscal_code: str
    counter_id: uuid.UUID | None
    counter_name: str
    operator_id: uuid.UUID | None
    operator_name: str
    measure: str
    ticket_id: uuid.UUID | None

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class FreeSlot:
    start: dt.datetime
    minutes: int
