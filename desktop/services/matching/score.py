"""Explainable matching score between one person and one vacancy.

Pure, typed code with no database and no Qt, so it is easy to test and to explain
(the habit of Picard's ``matching.py``). Hard filters decide whether a pair is
considered at all; then a score in [0, 1] is the sum of named, weighted parts, and
every result carries its parts so the operator sees why ("+0.35 occupazione
5.1.2.2 (desiderata)", "-0.05 distanza 24 km").

Missing data never fails: a part that cannot be computed (vacancy without an
occupation, a comune without coordinates, a person without a curriculum) is
reported as missing and contributes nothing.

The weights live in ``resources/matching/weights.json`` (configuration, not code).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import dataclass, field

from desktop.i18n import _
from desktop.paths import resource_path
from desktop.services.people.profiling import EDUCATION_LEVELS

CEFR_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2")
PART_NAMES = ("occupation", "skills", "education", "languages", "distance", "contract")


@dataclass(frozen=True)
class Weights:
    """Weight of each part (they sum to 1) and the shape of the partial credits."""

    occupation: float = 0.35
    skills: float = 0.20
    education: float = 0.15
    languages: float = 0.10
    distance: float = 0.10
    contract: float = 0.10
    #: Share of the occupation weight for a code of the same group (first 3 levels).
    occupation_same_group: float = 0.5
    #: Share of the occupation weight when the match is past experience, not desire.
    occupation_experience: float = 0.7
    #: Distance at which the distance part is worth half.
    distance_half_km: float = 15.0

    def of(self, part: str) -> float:
        value: float = getattr(self, part)
        return value


@functools.cache
def configured_weights() -> Weights:
    """The weights of ``resources/matching/weights.json``."""
    with resource_path("matching", "weights.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    return Weights(**{key: float(value) for key, value in data.items()})


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """What matching needs of a person's curriculum."""

    person_id: str
    education: str = ""
    licences: frozenset[str] = frozenset()
    mobility_radius_km: float = 20.0
    part_time: bool = False
    #: Language (lower case) -> CEFR level.
    languages: tuple[tuple[str, str], ...] = ()
    #: Desired occupation codes, most wanted first.
    desired: tuple[str, ...] = ()
    #: Occupation codes of past work experiences.
    experience: tuple[str, ...] = ()
    skills: frozenset[str] = frozenset()
    l68_enrolled: bool = False
    #: (latitude, longitude) of the domicile's comune, or None when unknown.
    coords: tuple[float, float] | None = None
    #: False when nothing was ever recorded in the curriculum.
    has_curriculum: bool = True


@dataclass(frozen=True, slots=True)
class VacancyProfile:
    """What matching needs of a vacancy."""

    vacancy_id: str
    number: str = ""
    status: str = "aperta"
    closes_on: dt.date | None = None
    occupation_code: str = ""
    skills: frozenset[str] = frozenset()
    education: str = ""
    languages: tuple[tuple[str, str], ...] = ()
    licences: frozenset[str] = frozenset()
    part_time: bool = False
    l68_only: bool = False
    coords: tuple[float, float] | None = None


@dataclass(frozen=True)
class Part:
    """One named part of a score: its contribution and the reason in words."""

    name: str
    weight: float
    #: Fraction of the weight earned, in [0, 1]; None when the part is missing.
    credit: float | None
    detail: str = ""

    @property
    def contribution(self) -> float:
        return 0.0 if self.credit is None else self.weight * self.credit

    @property
    def missing(self) -> bool:
        return self.credit is None

    @property
    def loss(self) -> float:
        """What the part could have added and did not (missing parts lose nothing)."""
        return 0.0 if self.credit is None else self.weight - self.contribution

    def explain(self) -> str:
        """One line for the operator, e.g. "+0.35 occupazione 5.1.2.2 (desiderata)".

        A part that earned at least half its weight shows what it added; one that
        earned less shows what it cost ("\u22120.08 distanza 24 km"), which is the
        figure the operator acts on.
        """
        label = part_label(self.name)
        if self.credit is None:
            return _("{part}: data missing").format(part=label)
        sign = "+" if self.credit >= 0.5 else "\u2212"
        value = self.contribution if sign == "+" else self.loss
        text = f"{sign}{value:.2f} {label}"
        return f"{text} {self.detail}" if self.detail else text


@dataclass(frozen=True)
class MatchResult:
    person_id: str
    vacancy_id: str
    score: float
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts if part.missing)

    def explanation(self) -> list[str]:
        return [part.explain() for part in self.parts]


def part_label(name: str) -> str:
    labels = {
        "occupation": _("occupation"),
        "skills": _("skills"),
        "education": _("education"),
        "languages": _("languages"),
        "distance": _("distance"),
        "contract": _("working hours"),
    }
    return labels[name]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def exclusion(person: PersonProfile, vacancy: VacancyProfile, today: dt.date) -> str | None:
    """Why the pair fails a hard filter, or None when it passes them all."""
    if vacancy.status != "aperta":
        return _("The vacancy is not open.")
    if vacancy.closes_on is not None and vacancy.closes_on < today:
        return _("The vacancy has expired.")
    if vacancy.l68_only and not person.l68_enrolled:
        return _("The vacancy is reserved to collocamento mirato (L. 68/1999).")
    if (person.coords is not None and vacancy.coords is not None
            and distance_km(person.coords, vacancy.coords) > person.mobility_radius_km):
        return _("The workplace is beyond the person's mobility radius.")
    lacking = sorted(vacancy.licences - person.licences)
    if lacking:
        return _("Licence required: {licences}.").format(licences=", ".join(lacking))
    return None


def _group(code: str) -> str:
    return ".".join(code.split(".")[:3])


def _occupation(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Part:
    code = vacancy.occupation_code
    if not code or not (person.desired or person.experience):
        return Part("occupation", w.occupation, None)
    best = 0.0
    detail = ""
    for codes, share, tag in ((person.desired, 1.0, _("desired")),
                              (person.experience, w.occupation_experience, _("experience"))):
        for candidate in codes:
            if candidate == code:
                credit, why = share, tag
            elif _group(candidate) == _group(code):
                credit = share * w.occupation_same_group
                why = _("{tag}, same group").format(tag=tag)
            else:
                continue
            if credit > best:
                best, detail = credit, f"{code} ({why})"
    return Part("occupation", w.occupation, best, detail or code)


def _skills(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Part:
    if not vacancy.skills:
        return Part("skills", w.skills, None)
    shared = vacancy.skills & person.skills
    credit = len(shared) / len(vacancy.skills)
    return Part("skills", w.skills, credit, f"{len(shared)}/{len(vacancy.skills)}")


def _education(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Part:
    if vacancy.education not in EDUCATION_LEVELS or person.education not in EDUCATION_LEVELS:
        return Part("education", w.education, None)
    need = EDUCATION_LEVELS.index(vacancy.education)
    have = EDUCATION_LEVELS.index(person.education)
    credit = 1.0 if have >= need else max(0.0, 1.0 - 0.5 * (need - have))
    return Part("education", w.education, credit)


def _languages(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Part:
    if not vacancy.languages:
        return Part("languages", w.languages, None)
    known = dict(person.languages)
    total = 0.0
    for language, level in vacancy.languages:
        have = known.get(language)
        if have is None or have not in CEFR_ORDER or level not in CEFR_ORDER:
            continue
        gap = CEFR_ORDER.index(level) - CEFR_ORDER.index(have)
        total += 1.0 if gap <= 0 else max(0.0, 1.0 - 0.5 * gap)
    return Part("languages", w.languages, total / len(vacancy.languages))


def _distance(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Part:
    if person.coords is None or vacancy.coords is None:
        return Part("distance", w.distance, None)
    km = distance_km(person.coords, vacancy.coords)
    credit = w.distance_half_km / (w.distance_half_km + km)
    return Part("distance", w.distance, credit, f"{km:.0f} km")


def _contract(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Part:
    if not person.has_curriculum:
        return Part("contract", w.contract, None)
    fits = person.part_time == vacancy.part_time or not vacancy.part_time
    detail = _("part-time") if vacancy.part_time else _("full-time")
    return Part("contract", w.contract, 1.0 if fits else 0.5, detail)


def score(person: PersonProfile, vacancy: VacancyProfile, today: dt.date,
          weights: Weights | None = None) -> MatchResult | None:
    """The pair's result with its parts, or None when a hard filter excludes it."""
    if exclusion(person, vacancy, today) is not None:
        return None
    w = weights or configured_weights()
    parts = (_occupation(person, vacancy, w), _skills(person, vacancy, w),
             _education(person, vacancy, w), _languages(person, vacancy, w),
             _distance(person, vacancy, w), _contract(person, vacancy, w))
    total = min(1.0, max(0.0, sum(part.contribution for part in parts)))
    return MatchResult(person.person_id, vacancy.vacancy_id, round(total, 6), parts)


def rank(results: list[MatchResult]) -> list[MatchResult]:
    """Best first; ties broken by the id so the order is stable."""
    return sorted(results, key=lambda r: (-r.score, r.person_id, r.vacancy_id))
