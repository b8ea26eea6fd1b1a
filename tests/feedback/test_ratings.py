"""Satisfaction ratings: tied to service, counter and day, debounced, counted by the
Osservatorio's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select

from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models.feedback import SatisfactionRating
from desktop.services.feedback import ratings
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import get_operator
from desktop.values.indicators import Period

AT = dt.datetime(2026, 11, 19, 10, 0, tzinfo=dt.UTC)


def test_twenty_presses_in_a_second_count_once(demo_db: Database) -> None:
    clerk, manager = get_operator(demo_db, "g.bellini"), get_operator(demo_db, "demo")
    site = site_info(demo_db)
    counter = site.counters[0]
    service = next(s for s in site.services if s.prefix == counter.service_prefixes[0])
    day = Period(AT.date(), AT.date(), site.site_code)
    before = ratings.rating_stats(demo_db, manager, day)
    recorded = [ratings.record_rating(demo_db, clerk, counter.id, service.id, ratings.HAPPY,
                                      AT + dt.timedelta(milliseconds=45 * i))
                for i in range(20)]
    assert recorded.count(True) == 1
    assert ratings.record_rating(demo_db, clerk, counter.id, service.id, ratings.UNHAPPY,
                                 AT + dt.timedelta(seconds=2))
    after = ratings.rating_stats(demo_db, manager, day)
    assert (after.ratings - before.ratings, after.happy - before.happy,
            after.unhappy - before.unhappy) == (2, 1, 1)
    assert {s.prefix for s in after.by_service} >= {service.prefix}


def test_a_rating_keeps_no_ticket_and_no_person() -> None:
    columns = {c.key for c in inspect(SatisfactionRating).columns}
    assert columns == {"id", "site_id", "day", "service_id", "counter_id", "face", "at"}


def test_a_face_that_does_not_exist_is_refused(demo_db: Database) -> None:
    clerk = get_operator(demo_db, "g.bellini")
    site = site_info(demo_db)
    with pytest.raises(ValidationError) as error:
        ratings.record_rating(demo_db, clerk, site.counters[0].id, site.services[0].id, 7, AT)
    assert error.value.user_message == "Scegli una delle tre faccine."
    with demo_db.read() as session:
        assert session.scalars(select(SatisfactionRating).where(
            SatisfactionRating.at == AT)).first() is None
