"""The Carta dei servizi as values (no table): its standards, what was measured for
them over a period, and the edition the centre adopted. Read from the charter texts by
``desktop.documents.charter_texts``, measured by ``desktop.services.charter``, printed by
``desktop.documents.charter``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: The indicators a standard may name, and how a measured value is compared with the
#: promise: "at_least" (a share or a number of hours) or "at_most" (minutes).
INDICATORS: dict[str, str] = {
    # the Osservatorio's queue tile: mean wait from issue to first call, in minutes
    "queue.mean_wait": "at_most",
    # the Osservatorio's queue tile: share of called tickets within ``minutes``
    "queue.within_standard": "at_least",
    # the Osservatorio's patti tile: share of the DIDs due whose patto met the deadline
    "patti.on_time": "at_least",
    # complaints due in the period answered by their deadline (overdue ones count late)
    "complaints.on_time": "at_least",
    # share of "happy" faces among the ratings of the period
    "satisfaction.positive": "at_least",
    # opening hours per week, read from the site's configured opening hours
    "opening.hours_per_week": "at_least",
    # a promise the centre checks itself: printed, never measured by the system
    "manual": "",
}

#: How each indicator's value is printed: a share, minutes or hours.
UNITS: dict[str, str] = {
    "queue.mean_wait": "minutes", "queue.within_standard": "share",
    "patti.on_time": "share", "complaints.on_time": "share",
    "satisfaction.positive": "share", "opening.hours_per_week": "hours", "manual": "",
}


@dataclass(frozen=True)
class StandardSpec:
    """One promise of an edition, as the centre wrote it in its texts."""

    id: str
    factor: str
    indicator_text: str
    promise_text: str
    #: One of INDICATORS.
    indicator: str
    #: The promised value: a share 0..1, minutes or hours (None for "manual").
    target: float | None = None
    #: queue.within_standard: the waiting-time standard; complaints.on_time: the days.
    minutes: int | None = None
    days: int | None = None
    #: opening.hours_per_week: the afternoons promised.
    afternoons: int | None = None
    #: The ticket prefix of the service the standard is about ("" = the whole site).
    service: str = ""

    @property
    def measured(self) -> bool:
        return self.indicator != "manual"


@dataclass(frozen=True)
class MeasuredValue:
    """A standard's measured value over the period, or the sentence saying why there is none."""

    standard_id: str
    #: A share 0..1, minutes or hours; None when there are no data.
    value: float | None
    #: How many cases the value counts (tickets, DIDs, complaints, ratings).
    cases: int = 0
    #: When ``value`` is None: one sentence saying why.
    reason: str = ""
    #: True/False when compared with the promise; None when there is nothing to compare.
    met: bool | None = None


@dataclass(frozen=True)
class CharterMeasures:
    """Every measured standard of an edition for a period (printed beside the promises)."""

    period_start: dt.date
    period_end: dt.date
    values: tuple[MeasuredValue, ...]

    def get(self, standard_id: str) -> MeasuredValue | None:
        return next((v for v in self.values if v.standard_id == standard_id), None)


@dataclass(frozen=True)
class EditionInfo:
    """The version of an edition the centre adopted: its number and effective date."""

    edition: str
    number: int
    effective_from: dt.date
    adopted_on: dt.date


@dataclass(frozen=True)
class Identity:
    """Who runs the centres in the centre's region, as its texts name them."""

    agency: str
    portal: str
