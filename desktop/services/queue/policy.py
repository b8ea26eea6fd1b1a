"""Which ticket a counter calls next: the ordering policy, as one pure function.

The rules, in order (docs/domain.md, Queue):

1. a ticket waiting longer than the aging limit goes first, whatever else waits;
2. an appointment whose check-in window contains "now" (earliest slot first);
3. a priority ticket, unless ``priority_ratio`` priority tickets have just been called
   in a row while normal tickets wait (N:1, so normal tickets are never starved);
4. the other tickets in order of arrival.

Ties are broken by arrival time, then ticket number, then id: the same input always
gives the same answer. The result carries the Italian reason the operator sees.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from desktop import formatting
from desktop.errors import BrokenInvariant
from desktop.i18n import _


class Rule(enum.StrEnum):
    AGING = "aging"
    APPOINTMENT = "appointment"
    PRIORITY = "priority"
    ARRIVAL = "arrival"


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the policy sees it."""

    id: uuid.UUID
    number: int
    queued_at: dt.datetime
    priority_label: str | None = None
    appointment_at: dt.datetime | None = None
    appointment_early: dt.timedelta = dt.timedelta(minutes=15)
    appointment_late: dt.timedelta = dt.timedelta(minutes=15)

    def appointment_due(self, now: dt.datetime) -> bool:
        if self.appointment_at is None:
            return False
        return (self.appointment_at - self.appointment_early <= now
                <= self.appointment_at + self.appointment_late)

    @property
    def sort_key(self) -> tuple[dt.datetime, int, str]:
        return (self.queued_at, self.number, str(self.id))


@dataclass(frozen=True)
class PolicyConfig:
    #: Priority tickets called in a row before a waiting normal ticket gets its turn.
    priority_ratio: int = 3
    #: A ticket waiting longer than this is called next regardless.
    aging_limit: dt.timedelta = dt.timedelta(minutes=45)

    def __post_init__(self) -> None:
        if self.priority_ratio < 1:
            raise ValueError("priority_ratio must be at least 1")
        if self.aging_limit <= dt.timedelta(0):
            raise ValueError("aging_limit must be positive")


@dataclass(frozen=True)
class Choice:
    ticket: Candidate
    rule: Rule
    #: Italian sentence for the operator: "appuntamento delle 10:30", "priorità: gravidanza".
    reason: str


def local_hhmm(moment: dt.datetime) -> str:
    return formatting.time(moment.astimezone())


def choose(
    candidates: Sequence[Candidate],
    now: dt.datetime,
    config: PolicyConfig = PolicyConfig(),
    priority_streak: int = 0,
) -> Choice | None:
    """The ticket to call next among ``candidates`` (all waiting), or None if empty.

    ``priority_streak`` is how many priority tickets were called in a row most recently
    (for the same services); the caller derives it from the event log.
    """
    if not candidates:
        return None
    ordered = sorted(candidates, key=lambda c: c.sort_key)
    aged = [c for c in ordered if now - c.queued_at > config.aging_limit]
    if aged:
        minutes = int(config.aging_limit.total_seconds() // 60)
        return Choice(aged[0], Rule.AGING,
                      _("waiting over {minutes} min").format(minutes=minutes))
    due = [c for c in ordered if c.appointment_due(now)]
    if due:
        first = min(due, key=lambda c: (c.appointment_at, *c.sort_key))
        if first.appointment_at is None:
            raise BrokenInvariant("first.appointment_at is missing")
        return Choice(first, Rule.APPOINTMENT, _("appointment at {time}").format(
            time=local_hhmm(first.appointment_at)))
    priority = [c for c in ordered if c.priority_label is not None]
    normal = [c for c in ordered if c.priority_label is None]
    if priority and (not normal or priority_streak < config.priority_ratio):
        first = priority[0]
        return Choice(first, Rule.PRIORITY, _("priority: {label}").format(
            label=first.priority_label))
    first = normal[0]
    return Choice(first, Rule.ARRIVAL, _("order of arrival"))
