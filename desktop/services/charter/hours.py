"""The site's opening hours, read from the lines the centre typed
("Lunedì–Venerdì 9:00–12:30", "Martedì e Giovedì 14:30–16:30", "Mon-Fri 9.00-13.00"):
hours per week and afternoons of opening, to check what the Carta promises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Day names and abbreviations, Italian and English, without accents.
_DAYS = {
    0: ("lunedi", "lun", "monday", "mon"), 1: ("martedi", "mar", "tuesday", "tue"),
    2: ("mercoledi", "mer", "wednesday", "wed"), 3: ("giovedi", "gio", "thursday", "thu"),
    4: ("venerdi", "ven", "friday", "fri"), 5: ("sabato", "sab", "saturday", "sat"),
    6: ("domenica", "dom", "sunday", "sun"),
}
_NAME = {name: day for day, names in _DAYS.items() for name in names}
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})")
_WORD = re.compile(r"[a-z]+")
#: A range starting at this hour or later is an afternoon.
AFTERNOON = 13


@dataclass(frozen=True)
class WeeklyHours:
    hours: float
    #: Days with an opening that starts in the afternoon.
    afternoons: int
    #: Lines that could not be read (no day or no time range).
    unreadable: tuple[str, ...]


def _plain(line: str) -> str:
    decomposed = unicodedata.normalize("NFKD", line.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _days(part: str) -> list[int]:
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(part)]
    found = [(_NAME[w], start, end) for w, start, end in words if w in _NAME]
    days: list[int] = []
    for i, (day, start, _end) in enumerate(found):
        if i and re.fullmatch(r"\s*(?:[-–—]|a|al|to|through)\s*", part[found[i - 1][2]:start]):
            days.extend(range(found[i - 1][0] + 1, day + 1))
        else:
            days.append(day)
    return days


def weekly_hours(lines: tuple[str, ...] | list[str]) -> WeeklyHours:
    total = 0.0
    afternoons: set[int] = set()
    unreadable: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        plain = _plain(line)
        ranges = list(_TIME.finditer(plain))
        days = _days(plain[:ranges[0].start()]) if ranges else []
        if not ranges or not days:
            unreadable.append(line)
            continue
        for match in ranges:
            h1, m1, h2, m2 = (int(x) for x in match.groups())
            minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
            if minutes <= 0 or h2 > 24:
                unreadable.append(line)
                break
            total += minutes / 60 * len(set(days))
            if h1 >= AFTERNOON:
                afternoons.update(days)
    return WeeklyHours(round(total, 2), len(afternoons), tuple(unreadable))
