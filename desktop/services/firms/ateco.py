"""ISTAT ATECO codes with their Italian titles (resources/firms/ateco.csv), and a search by
words for the picker.

The list is ATECO 2007, aggiornamento 2022 (see resources/firms/README.md). A firm's code is
a numeric one of any level (division "47" to sub-category "47.11.10"); the section letters
are kept for the titles but are not a firm's activity.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from desktop.models.search_key import search_key
from desktop.paths import resource_path

_NUMERIC = re.compile(r"^[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?$")


@dataclass(frozen=True)
class AtecoEntry:
    code: str
    title: str


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], tuple[tuple[AtecoEntry, str], ...]]:
    with resource_path("firms", "ateco.csv").open(encoding="utf-8", newline="") as handle:
        rows = [AtecoEntry(r["code"], r["title"]) for r in csv.DictReader(handle)]
    numeric = [r for r in rows if _NUMERIC.match(r.code)]
    return ({r.code: r.title for r in numeric},
            tuple((r, search_key(f"{r.code} {r.title}")) for r in numeric))


def normalise_ateco(code: str) -> str:
    return "".join(code.split())


def ateco_title(code: str) -> str:
    """The Italian title of an ATECO code, or "" when the code is unknown."""
    return _table()[0].get(normalise_ateco(code), "")


def is_known_ateco(code: str) -> bool:
    return normalise_ateco(code) in _table()[0]


def find_ateco(words: str, limit: int = 50) -> list[AtecoEntry]:
    """Codes whose code or title holds every word (in any order), deepest level last.

    "ristor" finds 56.10.11 Ristorazione con somministrazione; "47.11" the whole class.
    """
    needles = search_key(words.replace(".", " DOT ")).replace(" DOT ", ".").split()
    if not needles:
        return []
    found: list[AtecoEntry] = []
    for entry, key in _table()[1]:
        haystack = f"{entry.code} {key}"
        if all(any(part.startswith(n) for part in haystack.split()) for n in needles):
            found.append(entry)
            if len(found) >= limit:
                break
    return found
