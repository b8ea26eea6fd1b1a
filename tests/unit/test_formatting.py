"""desktop.formatting: Italian figures and dates as the screens and printouts showed them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from desktop import formatting
from desktop.i18n import ngettext, set_language


@pytest.fixture(autouse=True)
def italian() -> Iterator[None]:
    set_language("it")
    yield
    set_language("it")


def test_numbers_in_italian() -> None:
    assert formatting.integer(1234) == "1.234"
    assert formatting.integer(1234567.0) == "1.234.567"
    assert formatting.decimal(1234.5) == "1.234,5"
    assert formatting.decimal(0.25, 2) == "0,25"
    assert formatting.hours(1.5) == "1,5" and formatting.hours(2.0) == "2"
    assert formatting.percent(0.1234) == "12,3%" and formatting.percent(None) == "—"
    assert formatting.figure(12.0) == "12" and formatting.figure(7.25, "min") == "7,2 min"
    assert formatting.figure(None) == "—"


def test_dates_and_times() -> None:
    day = dt.date(2026, 12, 4)
    assert formatting.date(day) == "04/12/2026"
    assert formatting.date(None) == "" and formatting.date(None, "—") == "—"
    moment = dt.datetime(2026, 12, 4, 9, 5, 3)
    assert formatting.date_time(moment) == "04/12/2026 09:05"
    assert formatting.date_time(moment, seconds=True) == "04/12/2026 09:05:03"
    aware = dt.datetime(2026, 12, 4, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert formatting.time(aware) == "09:05"  # the moment's own zone, not UTC
    assert [formatting.month_abbr(m) for m in (1, 5, 12)] == ["gen", "mag", "dic"]


def test_english_follows_the_language() -> None:
    set_language("en")
    assert formatting.decimal(1234.5) == "1,234.5"
    assert formatting.date(dt.date(2026, 12, 4)) == "04/12/2026"
    assert formatting.month_abbr(3) == "Mar"


def test_plurals_come_from_the_catalog() -> None:
    assert ngettext("{count} entry.", "{count} entries.", 1).format(count=1) == "1 voce."
    assert ngettext("{count} entry.", "{count} entries.", 2).format(count=2) == "2 voci."
