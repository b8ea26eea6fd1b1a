"""The ticket queue: issuing at the kiosk, calling and serving at the counters, pauses, the
waiting-room display's state, statistics and the day close, all derived from one event log.

Mirrors ``desktop.views.queue`` and the Coda page. Other areas use the names exported here.
"""

from __future__ import annotations

from desktop.services.queue.board import (
    counter_state,
    display_state,
)
from desktop.services.queue.calling import (
    call_specific,
    check_counter_free,
    recall,
)
from desktop.services.queue.counter import (
    end_pause,
    finish,
    park,
    pause,
    recover_counter,
    resume,
    start_service,
    transfer,
    undo_last,
)
from desktop.services.queue.events import QueueError
from desktop.services.queue.issuing import (
    issue_ticket,
    priority_categories,
)
from desktop.services.queue.next_ticket import call_next
from desktop.services.queue.rows import local_day, retry_when_locked
from desktop.services.queue.types import (
    DEFAULT_CONFIG,
    CallResult,
    CounterState,
    DisplayCall,
    DisplayState,
    IssuedTicket,
    PriorityInfo,
    QueueConfig,
    QueueEmpty,
    RecallResult,
    TicketInfo,
)

__all__ = [
    "CallResult",
    "CounterState",
    "DEFAULT_CONFIG",
    "DisplayCall",
    "DisplayState",
    "IssuedTicket",
    "PriorityInfo",
    "QueueConfig",
    "QueueEmpty",
    "QueueError",
    "RecallResult",
    "TicketInfo",
    "call_next",
    "call_specific",
    "check_counter_free",
    "counter_state",
    "display_state",
    "end_pause",
    "finish",
    "issue_ticket",
    "local_day",
    "park",
    "pause",
    "priority_categories",
    "recall",
    "recover_counter",
    "resume",
    "retry_when_locked",
    "start_service",
    "transfer",
    "undo_last",
]
