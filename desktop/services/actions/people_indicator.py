"""People taken in charge, the Osservatorio's first indicator (see
desktop.services.actions.indicators for its definition).

The dashboard shows three margins (by sex, by age band, by citizenship group), never
their cross-table. For all sites they are counted as conditional counts in one pass
over the people, without a GROUP BY: a GROUP BY sorts every row in a temporary b-tree,
which cost twice the pass itself. One site counts each person once among its DIDs, grouped (a
site's rows are few).
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, literal, literal_column, select
from sqlalchemy.orm import Session

from desktop.models.person import Person
from desktop.models.registration import Did
from desktop.services.people.person_form import EU_CITIZENSHIPS
from desktop.values.indicators import (
    AGE_BANDS,
    CITIZENSHIP_GROUPS,
    Count,
    PeopleInCharge,
    Period,
    age_band_label,
    citizenship_label,
    sex_label,
)

#: Where the people are split in two for counting (every id is below it or not).
MIDDLE_ID = uuid.UUID(int=1 << 127)

SEXES = ("F", "M")

_ITALIAN = ("", "italiana")
_OTHER_EU = tuple(sorted(EU_CITIZENSHIPS - {"italiana"}))

#: The counts of a part of the people: the total and one per (margin, key).
PeopleCounts = dict[tuple[str, str], int]


def _folded(session: Session, column: Any) -> Any:
    """``column`` compared regardless of case (the person form stores it trimmed). On
    SQLite a NOCASE comparison: lower() makes a new string a row, which cost more than
    the test itself."""
    if session.get_bind().dialect.name == "sqlite":
        return column.collate("NOCASE")
    return func.lower(func.trim(column))


def _citizenship_group(session: Session, column: Any) -> ColumnElement[str]:
    """The citizenship group of ``column``: "italiana" (or none given), "ue" or
    "extra_ue", compared as :func:`_folded` compares."""
    value = _folded(session, column)
    return case((value.in_(_ITALIAN), literal("italiana")), (value.in_(_OTHER_EU), literal("ue")),
                else_=literal("extra_ue"))


def _years_before(day: dt.date, years: int) -> dt.date:
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _cut_offs(on: dt.date) -> list[dt.date]:
    """The upper end of each age band but the last, as a birth date: younger than
    high + 1 on ``on`` is born after the day high + 1 years before."""
    return [_years_before(on, high + 1) for _key, _low, high in AGE_BANDS if high is not None]


def age_band(birth: Any, on: dt.date) -> ColumnElement[str]:
    """The band of the age on ``on``, as a CASE over birth-date cut-offs (portable SQL)."""
    whens = [(birth > cut, literal(key)) for cut, (key, _lo, _hi)
             in zip(_cut_offs(on), AGE_BANDS, strict=False)]
    return case(*whens, else_=literal(AGE_BANDS[-1][0]))


def people_in_charge(session: Session, period: Period) -> PeopleInCharge:
    return people_from_counts([people_counts(session, period)])


def people_counts(session: Session, period: Period, half: int = 0) -> PeopleCounts:
    """The period's people, counted once each; ``half`` 1 or 2 (all sites only): only
    the people whose id is below the middle, or not (each person is in exactly one half,
    so the halves add up)."""
    in_period = [Did.did_date.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        return _site_counts(session, period, in_period)
    # Every person once: a probe of their DIDs (covering index) instead of a join of
    # every DID of the period followed by a count of distinct people. Each margin is
    # counted with the fewest tests a row: a band is the difference of two counts of
    # people born after a cut-off, and non-EU what is neither Italian nor EU.
    took = select(literal(1)).where(Did.person_id == Person.id, *in_period).exists()
    cuts = _cut_offs(period.date_to)
    citizenship = _folded(session, Person.citizenship)
    query = select(func.count(), *(func.count(case((Person.sex == s, 1))) for s in SEXES),
                   *(func.count(case((Person.birth_date > cut, 1))) for cut in cuts),
                   func.count(case((citizenship.in_(_ITALIAN), 1))),
                   func.count(case((citizenship.in_(_OTHER_EU), 1)))).where(took)
    if half:
        query = query.where(Person.id < MIDDLE_ID if half == 1 else Person.id >= MIDDLE_ID)
    total, *counts = (int(n) for n in session.execute(query).one())
    by_sex, born_after, (italian, other_eu) = (
        counts[:len(SEXES)], counts[len(SEXES):-2], counts[-2:])
    found: PeopleCounts = {("total", ""): total}
    found.update((("sex", s), n) for s, n in zip(SEXES, by_sex, strict=True))
    # born after each cut-off, youngest band first: each band is the step between two
    bounds = [0, *born_after, total]
    found.update((("age", key), bounds[i + 1] - bounds[i])
                 for i, (key, _lo, _hi) in enumerate(AGE_BANDS))
    found.update({("citizenship", "italiana"): italian, ("citizenship", "ue"): other_eu,
                  ("citizenship", "extra_ue"): total - italian - other_eu})
    return found


def _site_counts(session: Session, period: Period, in_period: list[Any]) -> PeopleCounts:
    """One site: its DIDs of the period (an index range), each person counted once.
    SQLite counts distinct integers (the rowid) much faster than 32-character ids."""
    band = age_band(Person.birth_date, period.date_to)
    group = _citizenship_group(session, Person.citizenship)
    key: Any = literal_column("person.rowid") \
        if session.get_bind().dialect.name == "sqlite" else Person.id
    rows = session.execute(
        select(Person.sex, band.label("band"), group.label("grp"), func.count(distinct(key)))
        .join(Did, Did.person_id == Person.id)
        .where(*in_period, Did.site_code == period.site_code)
        .group_by(Person.sex, band, group)).all()
    found: PeopleCounts = defaultdict(int)
    for sex, age, citizenship, count in rows:
        found[("total", "")] += count
        found[("sex", sex)] += count
        found[("age", age)] += count
        found[("citizenship", citizenship)] += count
    return found


def people_from_counts(parts: Iterable[PeopleCounts]) -> PeopleInCharge:
    """The indicator from the counts of every part of the people."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for part in parts:
        for key, n in part.items():
            totals[key] += n
    return PeopleInCharge(
        totals[("total", "")], totals[("sex", "F")],
        tuple(Count(k, sex_label(k), totals[("sex", k)]) for k in SEXES),
        tuple(Count(k, age_band_label(k), totals[("age", k)]) for k, _lo, _hi in AGE_BANDS),
        tuple(Count(k, citizenship_label(k), totals[("citizenship", k)])
              for k in CITIZENSHIP_GROUPS))
