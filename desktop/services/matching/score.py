"""Explainable matching score between one person and one vacancy.

Pure, typed code with no database and no Qt, so it is easy to test and to explain
(the habit of Picard's ``matching.py``). Hard filters decide whether a pair is
considered at all; then the score is the sum of named parts, and every result carries
its parts so the operator sees why ("+0,35 di 0,35 · occupazione: Cuochi (desiderata)").

One sign convention: every part shows the points it adds (never a loss), in hundredths,
and the score is exactly their sum. A part the vacancy does not ask for (no skills
listed, no education level) is *not required*: its weight is shared out among the parts
the vacancy does ask for, so listing fewer requirements neither rewards nor punishes.
A part the vacancy asks for and nothing is known about the person is *not known*: it
adds nothing, and the operator is told which data to record.

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

#: The part is computed: the vacancy asks for it and the person's data allow it.
SCORED = "scored"
#: The vacancy does not ask for it: its weight goes to the other parts (neutral).
NOT_REQUIRED = "not_required"
#: The vacancy asks for it but nothing is known about the person: it earns nothing.
UNKNOWN = "unknown"


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
    #: What the job asks of the body ("night_shifts", "heavy_lifting", …): a person whose
    #: L. 68 work limitations rule one out is not ranked (eligibility "limits").
    demands: frozenset[str] = frozenset()


def cents_of(most: int, credit: float) -> int:
    """The points of a part in hundredths: its most (in hundredths) times the credit,
    rounded down, so a part never shows more than it earned.

    The vectorised indexes repeat exactly these operations in the same order, so both
    give the same hundredths; the score is the sum of these integers, hence exactly the
    sum of the parts shown."""
    return math.floor(most * credit + 1e-6)


@dataclass(frozen=True)
class Part:
    """One named part of a score: the points it adds, out of its share, and why."""

    name: str
    weight: float
    #: Fraction of the share earned, in [0, 1]; None when not required or not known.
    credit: float | None
    detail: str = ""
    status: str = SCORED
    #: The most the part can add for this vacancy, in hundredths (the weights of the
    #: parts the vacancy asks for, scaled to add up to exactly 100).
    most_cents: int = 0
    #: The points added, in hundredths of the score.
    cents: int = 0
    #: The occupation code the part is about (shown by its title).
    code: str = ""

    @property
    def contribution(self) -> float:
        return self.cents / 100

    @property
    def most(self) -> float:
        """The most the part could add for this vacancy."""
        return self.most_cents / 100

    @property
    def missing(self) -> bool:
        """Nothing is known about the person for a part the vacancy asks for."""
        return self.status == UNKNOWN


@dataclass(frozen=True)
class MatchResult:
    person_id: str
    vacancy_id: str
    score: float
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts the vacancy asks for and nothing is known of about the person."""
        return tuple(part.name for part in self.parts if part.missing)

    @property
    def not_required(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts if part.status == NOT_REQUIRED)

    @property
    def cents(self) -> int:
        return sum(part.cents for part in self.parts)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def exclusion_code(person: PersonProfile, vacancy: VacancyProfile, today: dt.date,
                   lifted: frozenset[str] = frozenset()) -> str | None:
    """The code of the first hard filter the pair fails ("closed", "expired", "l68",
    "radius", "licence"), or None. The codes in ``lifted`` are not applied."""
    if vacancy.status != "aperta":
        return "closed"
    if vacancy.closes_on is not None and vacancy.closes_on < today:
        return "expired"
    if vacancy.l68_only and not person.l68_enrolled:
        return "l68"
    if ("radius" not in lifted and person.coords is not None and vacancy.coords is not None
            and distance_km(person.coords, vacancy.coords) > person.mobility_radius_km):
        return "radius"
    if "licence" not in lifted and not vacancy.licences <= person.licences:
        return "licence"
    return None


def exclusion(person: PersonProfile, vacancy: VacancyProfile, today: dt.date) -> str | None:
    """Why the pair fails a hard filter, in words, or None when it passes them all."""
    code = exclusion_code(person, vacancy, today)
    if code is None:
        return None
    if code == "licence":
        lacking = sorted(vacancy.licences - person.licences)
        return _("Licence required: {licences}.").format(licences=", ".join(lacking))
    texts = {
        "closed": _("The vacancy is not open."),
        "expired": _("The vacancy has expired."),
        "l68": _("The vacancy is reserved to collocamento mirato (L. 68/1999)."),
        "radius": _("The workplace is beyond the person's mobility radius."),
    }
    return texts[code]


def _group(code: str) -> str:
    return ".".join(code.split(".")[:3])


# Each rule returns (status, credit, detail, code); credit is 0.0 unless SCORED.
Rule = tuple[str, float, str, str]


def _occupation(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Rule:
    code = vacancy.occupation_code
    if not code:
        return NOT_REQUIRED, 0.0, "", ""
    if not (person.desired or person.experience):
        return UNKNOWN, 0.0, "", code
    best, why = 0.0, "none"
    for codes, share, tag in ((person.desired, 1.0, "desired"),
                              (person.experience, w.occupation_experience, "experience")):
        for candidate in codes:
            if candidate == code:
                credit, reason = share, tag
            elif _group(candidate) == _group(code):
                credit, reason = share * w.occupation_same_group, f"{tag}_group"
            else:
                continue
            if credit > best:
                best, why = credit, reason
    return SCORED, best, why, code


def _skills(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Rule:
    if not vacancy.skills:
        return NOT_REQUIRED, 0.0, "", ""
    if not person.skills:
        return UNKNOWN, 0.0, "", ""
    shared = vacancy.skills & person.skills
    lacking = ", ".join(sorted(vacancy.skills - person.skills))
    return SCORED, len(shared) / len(vacancy.skills), f"{len(shared)}/{len(vacancy.skills)}|{lacking}", ""


def education_credit(need: int, have: int) -> float:
    return 1.0 if have >= need else max(0.0, 1.0 - 0.5 * (need - have))


def _education(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Rule:
    if vacancy.education not in EDUCATION_LEVELS:
        return NOT_REQUIRED, 0.0, "", ""
    if person.education not in EDUCATION_LEVELS:
        return UNKNOWN, 0.0, vacancy.education, ""
    credit = education_credit(EDUCATION_LEVELS.index(vacancy.education),
                              EDUCATION_LEVELS.index(person.education))
    return SCORED, credit, f"{person.education}/{vacancy.education}", ""


def language_credit(need: str, have: str | None) -> float:
    if have is None or have not in CEFR_ORDER or need not in CEFR_ORDER:
        return 0.0
    gap = CEFR_ORDER.index(need) - CEFR_ORDER.index(have)
    return 1.0 if gap <= 0 else max(0.0, 1.0 - 0.5 * gap)


def _languages(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Rule:
    if not vacancy.languages:
        return NOT_REQUIRED, 0.0, "", ""
    if not person.languages:
        return UNKNOWN, 0.0, "", ""
    known = dict(person.languages)
    total = 0.0
    for language, level in vacancy.languages:
        total += language_credit(level, known.get(language))
    asked = ", ".join(f"{lang} {level}" for lang, level in vacancy.languages)
    return SCORED, total / len(vacancy.languages), asked, ""


def _distance(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Rule:
    if vacancy.coords is None:
        return NOT_REQUIRED, 0.0, "", ""
    if person.coords is None:
        return UNKNOWN, 0.0, "", ""
    km = distance_km(person.coords, vacancy.coords)
    return SCORED, w.distance_half_km / (w.distance_half_km + km), f"{km:.0f} km", ""


def hours_credit(wants_part_time: bool, part_time_job: bool) -> float:
    """Hours as wished: 1; a full-time seeker offered part-time: half; a part-time seeker
    offered full-time: nothing (they asked not to work those hours)."""
    if wants_part_time == part_time_job:
        return 1.0
    return 0.5 if part_time_job else 0.0


def _contract(person: PersonProfile, vacancy: VacancyProfile, w: Weights) -> Rule:
    if not person.has_curriculum:
        return UNKNOWN, 0.0, "", ""
    detail = "part_time" if vacancy.part_time else "full_time"
    return SCORED, hours_credit(person.part_time, vacancy.part_time), detail, ""


_RULES = (_occupation, _skills, _education, _languages, _distance, _contract)


def asked_parts(vacancy: VacancyProfile) -> tuple[bool, ...]:
    """Which parts the vacancy asks for, in ``PART_NAMES`` order (hours: always)."""
    return (bool(vacancy.occupation_code), bool(vacancy.skills),
            vacancy.education in EDUCATION_LEVELS, bool(vacancy.languages),
            vacancy.coords is not None, True)


def most_cents(asked: tuple[bool, ...], w: Weights) -> tuple[int, ...]:
    """The most each part can add, in hundredths: the weights of the asked parts scaled
    to 100 and rounded by largest remainder (ties to the earlier part), so a person
    meeting every requirement scores exactly 1.00 whatever the vacancy lists."""
    total = 0.0
    for name, on in zip(PART_NAMES, asked, strict=True):
        total += w.of(name) if on else 0.0
    raw = [w.of(name) / total * 100 if on else 0.0
           for name, on in zip(PART_NAMES, asked, strict=True)]
    base = [math.floor(r + 1e-9) for r in raw]
    left = 100 - sum(base)
    order = sorted((i for i in range(len(raw)) if asked[i]),
                   key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    return tuple(base)


def parts_of(person: PersonProfile, vacancy: VacancyProfile,
             weights: Weights | None = None) -> tuple[Part, ...]:
    """Every part of the pair, hard filters aside."""
    w = weights or configured_weights()
    most = most_cents(asked_parts(vacancy), w)
    parts = []
    for name, rule, top in zip(PART_NAMES, _RULES, most, strict=True):
        status, credit, detail, code = rule(person, vacancy, w)
        weight = w.of(name)
        if status == NOT_REQUIRED:
            parts.append(Part(name, weight, None, detail, status, 0, 0, code))
            continue
        cents = cents_of(top, credit) if status == SCORED else 0
        parts.append(Part(name, weight, credit if status == SCORED else None, detail,
                          status, top, cents, code))
    return tuple(parts)


def score(person: PersonProfile, vacancy: VacancyProfile, today: dt.date,
          weights: Weights | None = None,
          lifted: frozenset[str] = frozenset()) -> MatchResult | None:
    """The pair's result with its parts, or None when a hard filter excludes it."""
    if exclusion_code(person, vacancy, today, lifted) is not None:
        return None
    parts = parts_of(person, vacancy, weights)
    return MatchResult(person.person_id, vacancy.vacancy_id,
                       sum(p.cents for p in parts) / 100, parts)


def rank(results: list[MatchResult]) -> list[MatchResult]:
    """Best first; ties broken by the id so the order is stable."""
    return sorted(results, key=lambda r: (-r.score, r.person_id, r.vacancy_id))
