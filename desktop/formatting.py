"""Numbers, dates and times as a person reads them, in the application's language.

The one place that turns figures and dates into text for screens and printouts:
Babel does the work with the locale of ``desktop.i18n`` (Italian by default), so
"1.234,5", "12,3%" and "04/12/2026" come out the same way everywhere. Dates keep
the numeric dd/mm/yyyy form in every language (what the forms ask people to type).
No Qt here: the documents use it too. Plurals: ``desktop.i18n.ngettext``.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from desktop.i18n import current_language

__all__ = ["DASH", "date", "date_time", "decimal", "figure", "hours", "integer", "locale",
           "month_abbr", "percent", "time"]

#: Shown where a figure or a date is missing.
DASH = "—"

DATE_PATTERN = "dd/MM/yyyy"
TIME_PATTERN = "HH:mm"


def locale() -> str:
    """The Babel locale of the language in force ("it", "en")."""
    return current_language()


# --- numbers -------------------------------------------------------------------------


def integer(value: int | float) -> str:
    """A whole number with thousands separators: 1234 -> "1.234"."""
    return format_decimal(int(value), "#,##0", locale=locale())


def decimal(value: float, digits: int = 1, *, grouping: bool = True,
            language: str | None = None) -> str:
    """A number with exactly ``digits`` decimals: 1234.5 -> "1.234,5".

    ``language`` formats for a printout's own language instead of the one in force.
    """
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=language or locale())


def plain(value: float | int, digits: int = 2) -> str:
    """For exported tables: no grouping, at most ``digits`` decimals: 1234.5 -> "1234,5"."""
    return format_decimal(value, "0." + "#" * digits if digits else "0", locale=locale())


def hours(value: float) -> str:
    """Hours as few decimals as they need: 2.0 -> "2", 1.5 -> "1,5"."""
    return format_decimal(value, "#,##0.###", locale=locale())


def percent(share: float | None, digits: int = 1) -> str:
    """A share (0..1) as a percentage: 0.123 -> "12,3%"; None -> "—"."""
    if share is None:
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(share, pattern, locale=locale())


def figure(value: float | int | None, unit: str = "") -> str:
    """A count or a measure: whole numbers as integers, others with one decimal."""
    if value is None:
        return DASH
    shown = decimal(value) if isinstance(value, float) and value % 1 else integer(value)
    return f"{shown} {unit}".strip()


# --- dates and times -----------------------------------------------------------------


def date(day: dt.date | None, empty: str = "") -> str:
    """04/12/2026; ``empty`` when there is no date."""
    if day is None:
        return empty
    return format_date(day, DATE_PATTERN, locale=locale())


def date_time(moment: dt.datetime, *, seconds: bool = False) -> str:
    """04/12/2026 09:05 (with ":03" when ``seconds``), in the moment's own time zone."""
    pattern = f"{DATE_PATTERN} {TIME_PATTERN}" + (":ss" if seconds else "")
    return format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=locale())


def time(moment: dt.datetime | dt.time) -> str:
    """09:05, in the moment's own time zone."""
    if isinstance(moment, dt.datetime):
        return format_datetime(moment, TIME_PATTERN, tzinfo=moment.tzinfo, locale=locale())
    return f"{moment.hour:02d}:{moment.minute:02d}"


def month_abbr(month: int) -> str:
    """The month's short name in the language in force: 3 -> "mar"."""
    return format_date(dt.date(2000, month, 1), "MMM", locale=locale())
