"""The demo's working morning, opened during the morning: the room filled since the doors
opened, never since the small hours, and nothing in the future."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.demo import create_demo
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.queue import Ticket


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone(dt.UTC)


@pytest.mark.parametrize(("hour", "minute", "earliest"), [
    (9, 14, (8, 0)),    # opened at 9:14: tickets from the opening, not from 3 a.m.
    (11, 40, (8, 0)),
    (6, 30, (0, 0)),    # opened at dawn: the morning squeezed after midnight
])
def test_the_demo_morning_happens_between_its_opening_and_now(
        db: Database, hour: int, minute: int, earliest: tuple[int, int]) -> None:
    today = dt.date.today()
    now = _local(today, hour, minute)
    with clock.use(clock.fixed(now)):
        create_demo(db, people=10)
    with db.read() as session:
        issued = [t.issued_at if t.issued_at.tzinfo else t.issued_at.replace(tzinfo=dt.UTC)
                  for t in session.scalars(select(Ticket).where(Ticket.day == today))]
    assert issued
    assert min(issued) >= _local(today, *earliest)
    assert max(issued) < now
    if earliest != (0, 0):
        # the morning fills the time since the opening, not a sliver of it
        assert max(issued) - min(issued) > (now - _local(today, *earliest)) / 2
