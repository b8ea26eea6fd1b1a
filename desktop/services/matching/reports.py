"""The values the candidate and vacancy searches hand back: filters, rows, the report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.services.matching.eligibility import Exclusion


@dataclass(frozen=True)
class MatchFilters:
    top: int = 50
    min_score: float = 0.0
    #: Candidates: at most this far from the workplace. Vacancies: replaces the
    #: person's own mobility radius. None keeps the person's radius.
    radius_km: float | None = None
    #: Vacancies: only those with positions still to fill. (Candidates: people without a
    #: DID in force are left out by default; see ``lift``.)
    available_only: bool = False
    #: Candidates: the exclusions the operator lifted for this search
    #: (``eligibility.LIFTABLE``: "no_did", "placed", "radius", "licence").
    lift: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MatchRow:
    person_id: uuid.UUID
    vacancy_id: uuid.UUID
    score: float
    #: The person's name (candidates) or the vacancy's title (vacancies).
    title: str
    #: The codice fiscale (candidates) or the employer (vacancies).
    detail: str
    comune: str
    distance_km: float | None
    #: One line per part; the score is exactly the sum of their points.
    explanation: tuple[str, ...]
    #: The parts the vacancy asks for and nothing is known about the person (labels).
    missing: tuple[str, ...]
    #: Outcome of an existing proposal for this pair ("" when never proposed).
    proposal: str = ""
    #: Position in the ranking (1 = first).
    rank: int = 0
    #: Per explanation line: "gain", "short" or "neutral".
    kinds: tuple[str, ...] = ()
    #: What would change the rank, in one sentence ("" when nothing would).
    change: str = ""


@dataclass(frozen=True)
class MatchReport:
    direction: str  # "candidates" | "vacancies"
    subject_id: uuid.UUID
    subject: str
    rows: tuple[MatchRow, ...]
    #: What the subject lacks, in words ("The vacancy has no occupation code: …").
    notes: tuple[str, ...]
    considered: int
    #: Candidates: who was left out, by reason, and whether the operator lifted it.
    exclusions: tuple[Exclusion, ...] = ()
    #: Candidates: how many people passed every exclusion in force (the eligible pool).
    eligible: int = 0


DEFAULT_FILTERS = MatchFilters()
