"""The indicators as values (no database table): the period asked for and each indicator's
figures, with the labels of their groups. Computed by ``desktop.services.actions.indicators``,
shown by the Osservatorio, printed by ``desktop.documents.indicators_summary``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.errors import ValidationError
from desktop.i18n import _

#: Age bands: (key, lowest age, highest age or None).
AGE_BANDS = (("0-24", 0, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-54", 45, 54),
             ("55+", 55, None))


CITIZENSHIP_GROUPS = ("italiana", "ue", "extra_ue")


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date
    #: None: every site of the database.
    site_code: str | None = None

    def check(self) -> None:
        if self.date_to < self.date_from:
            raise ValidationError(_("The end date comes before the start date."))

    @classmethod
    def year(cls, year: int, site_code: str | None = None) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), site_code)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class PeopleInCharge:
    total: int
    women: int
    by_sex: tuple[Count, ...]
    by_age: tuple[Count, ...]
    by_citizenship: tuple[Count, ...]

    @property
    def share_women(self) -> float | None:
        return self.women / self.total if self.total else None


@dataclass(frozen=True)
class MeasureCount:
    code: str
    label: str
    actions: int
    hours: float


@dataclass(frozen=True)
class ActionsDelivered:
    total: int
    hours: float
    without_patto: int
    by_measure: tuple[MeasureCount, ...]
    #: Actions per month of the period, "YYYY-MM" -> count (every month listed).
    by_month: tuple[Count, ...]


@dataclass(frozen=True)
class PlacementsIndicator:
    people: int
    people_permanent: int
    placements: int
    by_contract: tuple[Count, ...]
    by_month: tuple[Count, ...]

    @property
    def share_permanent(self) -> float | None:
        return self.people_permanent / self.people if self.people else None


@dataclass(frozen=True)
class FirmsIndicator:
    firms: int
    vacancies: int
    positions: int
    vacancies_with_candidates: int
    candidates_proposed: int


@dataclass(frozen=True)
class QueueIndicator:
    tickets: int
    called: int
    served: int
    mean_wait: float | None
    mean_service: float | None
    within_standard: float | None
    standard_minutes: int


@dataclass(frozen=True)
class PattoDeadline:
    dids: int
    on_time: int
    late: int
    missing: int
    pending: int

    @property
    def due(self) -> int:
        return self.dids - self.pending

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class Indicators:
    period: Period
    people: PeopleInCharge
    actions: ActionsDelivered
    placements: PlacementsIndicator
    firms: FirmsIndicator
    queue: QueueIndicator
    patti: PattoDeadline
    #: Wall-clock time of the queries, for the status line and the benchmark.
    elapsed_ms: float


def age_band_label(key: str) -> str:
    labels = {"0-24": _("up to 24"), "25-34": "25–34", "35-44": "35–44", "45-54": "45–54",
              "55+": _("55 and over")}
    return labels.get(key, key)



def citizenship_label(key: str) -> str:
    return {"italiana": _("Italian"), "ue": _("other EU"), "extra_ue": _("non-EU")}[key]


def sex_label(key: str) -> str:
    return {"F": _("women"), "M": _("men")}.get(key, key)
