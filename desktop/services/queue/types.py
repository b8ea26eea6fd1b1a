"""What the queue's use cases take and return: its configuration and frozen records.

A ticket as the views see it carries no name and no codice fiscale (``TicketInfo``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from desktop.i18n import _
from desktop.services.queue.events import QueueError
from desktop.services.queue.policy import PolicyConfig


class QueueEmpty(QueueError):
    def __init__(self) -> None:
        super().__init__(_("No ticket is waiting for the services of this counter."))


@dataclass(frozen=True)
class QueueConfig:
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    #: Seconds between two recalls of the same ticket.
    recall_cooldown: int = 20
    #: Recalls after which the next recall marks the ticket as a no-show.
    max_recalls: int = 3
    #: The charter's standard: share of people called within this wait.
    standard_wait: dt.timedelta = dt.timedelta(minutes=30)
    #: After a crash, a ticket only *called* goes back to the queue ("requeue") or
    #: stays with the counter ("keep"); a ticket being served always stays.
    crash_rule: str = "requeue"
    #: Outcome codes a counter may finish with.
    outcomes: tuple[str, ...] = ("servito", "rinviato", "documenti_mancanti", "non_di_competenza")


DEFAULT_CONFIG = QueueConfig()


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as views show it: no name, no codice fiscale."""

    id: uuid.UUID
    code: str
    number: int
    status: str
    service_id: uuid.UUID
    service_prefix: str
    service_name: str
    issued_at: dt.datetime
    queued_at: dt.datetime
    priority_label: str | None = None
    appointment_at: dt.datetime | None = None
    counter_id: uuid.UUID | None = None
    counter_number: int | None = None
    called_at: dt.datetime | None = None
    recalls: int = 0
    outcome: str = ""
    returning: bool = False
    #: The person served for this ticket, once linked (an id only: never a name here).
    person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketInfo
    ahead: int
    estimate_low: int
    estimate_high: int
    site_name: str


@dataclass(frozen=True)
class CallResult:
    ticket: TicketInfo
    rule: str
    reason: str


@dataclass(frozen=True)
class RecallResult:
    ticket: TicketInfo
    no_show: bool


@dataclass(frozen=True)
class PriorityInfo:
    code: str
    label: str
    kiosk: bool


@dataclass(frozen=True)
class CounterState:
    counter_id: uuid.UUID
    counter_number: int
    counter_name: str
    current: TicketInfo | None
    parked: tuple[TicketInfo, ...]
    waiting: tuple[TicketInfo, ...]
    paused_reason: str | None
    last_reason: str = ""


@dataclass(frozen=True)
class DisplayCall:
    """One line of the waiting-room display: ticket code and counter number only."""

    ticket_code: str
    counter_number: int
    at: dt.datetime
    seq: str


@dataclass(frozen=True)
class DisplayState:
    current: tuple[DisplayCall, ...]
    recent: tuple[DisplayCall, ...]
    #: People waiting now, by the ticket prefix of each active service (the letter only:
    #: the room learns how long the queues are, not who came for what).
    waiting: tuple[tuple[str, int], ...] = ()
