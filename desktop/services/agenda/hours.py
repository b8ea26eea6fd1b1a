"""When appointments can be booked: the site's opening hours (free text, one line per
rule, as the charter prints them) parsed into spans per weekday, and the operators'
hours from configuration (``agenda_operator_hours``).

A line is "<days> <from>–<to>[, <from>–<to>]"; days are Italian weekday names (or their
first three letters), a range "Lunedì–Venerdì" / "Lun-Ven", or a list "Martedì e
Giovedì" / "Mar, Gio". Lines that say no hours (a note, "chiuso") add nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.agenda import OperatorHours

Span = tuple[dt.time, dt.time]
Week = dict[int, tuple[Span, ...]]

_DAYS = ("lun", "mar", "mer", "gio", "ven", "sab", "dom")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})")
_DASH = re.compile(r"\s*[-–—]\s*")


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _day(word: str) -> int | None:
    word = _plain(word.strip())[:3]
    return _DAYS.index(word) if word in _DAYS else None


def _days(text: str) -> set[int]:
    days: set[int] = set()
    for part in re.split(r",|\se\s|/", _plain(text)):
        ends = [w for w in _DASH.split(part.strip()) if w]
        found = [d for d in (_day(w) for w in ends) if d is not None]
        if len(found) == 2 and len(ends) == 2:
            first, last = found
            days.update(range(first, last + 1) if first <= last else
                        [*range(first, 7), *range(last + 1)])
        else:
            days.update(found)
    return days


def parse_opening_hours(lines: Iterable[str]) -> Week:
    """Spans per weekday (0 = Monday), sorted; a day missing from the result is closed."""
    week: dict[int, list[Span]] = {}
    for line in lines:
        match = _TIME.search(line)
        if match is None:
            continue
        days = _days(line[:match.start()])
        for found in _TIME.finditer(line):
            h1, m1, h2, m2 = (int(g) for g in found.groups())
            if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
                continue
            span = (dt.time(h1, m1), dt.time(h2, m2))
            if span[0] >= span[1]:
                continue
            for day in days:
                week.setdefault(day, []).append(span)
    return {day: tuple(sorted(spans)) for day, spans in week.items()}


def fits(week: Week, start: dt.datetime, end: dt.datetime) -> bool:
    """True when [start, end) (local, same day) lies inside one span of that weekday."""
    if start.date() != end.date() and end.time() != dt.time(0):
        return False
    spans = week.get(start.weekday(), ())
    return any(a <= start.time() and end.time() <= b for a, b in spans)


def operator_week(session: Session, operator_id: uuid.UUID, site_id: uuid.UUID) -> Week | None:
    """The operator's configured hours at the site, or None when none are configured."""
    rows = session.scalars(select(OperatorHours).where(
        OperatorHours.operator_id == operator_id, OperatorHours.site_id == site_id)).all()
    if not rows:
        return None
    week: dict[int, list[Span]] = {}
    for row in rows:
        week.setdefault(row.weekday, []).append((row.start, row.end))
    return {day: tuple(sorted(spans)) for day, spans in week.items()}
