"""The site's opening hours as the charter prints them, read into spans per weekday."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.agenda.hours import fits, parse_opening_hours

T = dt.time


@pytest.mark.parametrize(("lines", "expected"), [
    (["Lunedì–Venerdì 9:00–12:30", "Martedì e Giovedì 14:30–16:30"],
     {0: ((T(9), T(12, 30)),), 1: ((T(9), T(12, 30)), (T(14, 30), T(16, 30))),
      2: ((T(9), T(12, 30)),), 3: ((T(9), T(12, 30)), (T(14, 30), T(16, 30))),
      4: ((T(9), T(12, 30)),)}),
    (["Lun-Mer 8.30-13.00, 14.00-17.00", "Sab 9:00-12:00"],
     {0: ((T(8, 30), T(13)), (T(14), T(17))), 1: ((T(8, 30), T(13)), (T(14), T(17))),
      2: ((T(8, 30), T(13)), (T(14), T(17))), 5: ((T(9), T(12)),)}),
    (["Mar, Gio 9:00-11:00", "Chiuso nei giorni festivi", "Ven 25:00-26:00"],
     {1: ((T(9), T(11)),), 3: ((T(9), T(11)),)}),
    ([""], {}),
])
def test_opening_hours_are_read_per_weekday(lines: list[str], expected: dict[int, object]
                                            ) -> None:
    assert parse_opening_hours(lines) == expected


def test_a_booking_fits_only_inside_one_span() -> None:
    week = parse_opening_hours(["Lunedì–Venerdì 9:00–12:30"])
    monday = dt.date(2026, 11, 23)

    def at(h: int, m: int = 0) -> dt.datetime:
        return dt.datetime.combine(monday, T(h, m))

    assert fits(week, at(9), at(9, 30)) and fits(week, at(12), at(12, 30))
    assert not fits(week, at(8, 45), at(9, 15)) and not fits(week, at(12, 15), at(12, 45))
    saturday = at(10) + dt.timedelta(days=5)
    assert not fits(week, saturday, saturday + dt.timedelta(minutes=30))
