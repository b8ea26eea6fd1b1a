"""The ordering policy: appointments, N:1 priority, arrival, aging, tie-break."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.queue.policy import Candidate, PolicyConfig, Rule, choose

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def ticket(n: int, minute: int, *, priority: str | None = None,
           appointment: dt.datetime | None = None) -> Candidate:
    return Candidate(uuid.UUID(int=n), n, T0 + dt.timedelta(minutes=minute), priority,
                     appointment)


def test_empty_queue_gives_none() -> None:
    assert choose([], T0) is None


def test_arrival_order_first_come_first_served() -> None:
    choice = choose([ticket(2, 5), ticket(1, 1), ticket(3, 3)], T0 + dt.timedelta(minutes=10))
    assert choice is not None
    assert choice.ticket.number == 1
    assert choice.rule is Rule.ARRIVAL
    assert choice.reason == "ordine di arrivo"


def test_priority_goes_before_earlier_normal_ticket() -> None:
    choice = choose([ticket(1, 0), ticket(2, 5, priority="gravidanza")],
                    T0 + dt.timedelta(minutes=10))
    assert choice is not None
    assert choice.ticket.number == 2
    assert choice.reason == "priorità: gravidanza"


def test_ratio_gives_normal_ticket_its_turn() -> None:
    tickets = [ticket(1, 0), ticket(2, 5, priority="disabilità")]
    now = T0 + dt.timedelta(minutes=10)
    config = PolicyConfig(priority_ratio=2)
    assert choose(tickets, now, config, priority_streak=1).ticket.number == 2  # type: ignore[union-attr]
    assert choose(tickets, now, config, priority_streak=2).ticket.number == 1  # type: ignore[union-attr]


def test_priority_alone_is_called_even_after_a_streak() -> None:
    choice = choose([ticket(2, 5, priority="gravidanza")], T0 + dt.timedelta(minutes=6),
                    PolicyConfig(priority_ratio=1), priority_streak=9)
    assert choice is not None and choice.rule is Rule.PRIORITY


def test_appointment_due_in_window_goes_first_with_its_time() -> None:
    slot = dt.datetime(2026, 11, 25, 10, 30).astimezone(dt.UTC)
    now = slot - dt.timedelta(minutes=10)
    tickets = [ticket(1, 0, priority="gravidanza"), ticket(2, 1, appointment=slot)]
    tickets = [Candidate(t.id, t.number, now - dt.timedelta(minutes=20 - t.number),
                         t.priority_label, t.appointment_at) for t in tickets]
    choice = choose(tickets, now)
    assert choice is not None
    assert choice.ticket.number == 2
    assert choice.reason == "appuntamento delle 10:30"


def test_appointment_outside_its_window_waits_like_a_walk_in() -> None:
    slot = T0 + dt.timedelta(hours=2)
    tickets = [ticket(1, 0), ticket(2, 1, appointment=slot)]
    choice = choose(tickets, T0 + dt.timedelta(minutes=5))
    assert choice is not None and choice.ticket.number == 1


def test_aging_limit_overrides_everything() -> None:
    slot = T0 + dt.timedelta(minutes=50)
    tickets = [ticket(1, 0), ticket(2, 40, priority="gravidanza"),
               ticket(3, 45, appointment=slot)]
    choice = choose(tickets, T0 + dt.timedelta(minutes=46))
    assert choice is not None
    assert choice.ticket.number == 1
    assert choice.rule is Rule.AGING
    assert choice.reason == "attesa oltre 45 min"


def test_tie_break_is_deterministic() -> None:
    a, b = ticket(7, 0), ticket(3, 0)
    now = T0 + dt.timedelta(minutes=1)
    assert choose([a, b], now).ticket.number == 3  # type: ignore[union-attr]
    assert choose([b, a], now).ticket.number == 3  # type: ignore[union-attr]


def test_bad_config_is_refused() -> None:
    with pytest.raises(ValueError):
        PolicyConfig(priority_ratio=0)


arrivals = st.lists(
    st.tuples(st.integers(0, 240), st.booleans(), st.one_of(st.none(), st.integers(0, 300))),
    min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(arrivals, st.integers(1, 4), st.integers(1, 9))
def test_no_starvation_every_ticket_is_called_exactly_once(
        spec: list[tuple[int, bool, int | None]], ratio: int, service_minutes: int) -> None:
    """Simulate one counter: tickets arrive over time; all are called, none twice, and no
    ticket waits longer than the aging limit plus the time to serve those ahead of it."""
    tickets = [
        Candidate(uuid.UUID(int=i + 1), i + 1, T0 + dt.timedelta(minutes=m),
                  "gravidanza" if prio else None,
                  T0 + dt.timedelta(minutes=slot) if slot is not None else None)
        for i, (m, prio, slot) in enumerate(spec)]
    config = PolicyConfig(priority_ratio=ratio, aging_limit=dt.timedelta(minutes=45))
    now, streak, called = T0, 0, []
    pending = list(tickets)
    while pending:
        arrived = [t for t in pending if t.queued_at <= now]
        if not arrived:
            now = min(t.queued_at for t in pending)
            continue
        choice = choose(arrived, now, config, streak)
        assert choice is not None and choice.ticket in arrived
        streak = streak + 1 if choice.rule is Rule.PRIORITY else 0
        if choice.rule is Rule.PRIORITY and any(t.priority_label is None for t in arrived):
            assert streak <= ratio
        called.append((choice.ticket, now))
        pending.remove(choice.ticket)
        now += dt.timedelta(minutes=service_minutes)
    assert sorted(c.number for c, _ in called) == [t.number for t in tickets]
    bound = config.aging_limit + dt.timedelta(minutes=service_minutes) * len(tickets)
    for t, at in called:
        assert at - t.queued_at <= bound
